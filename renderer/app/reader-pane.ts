/**
 * The reader pane's markup: the open article's header (script switch, reading time, tools, tags,
 * remove), notices, the find bar, the reading progress bar and the article frame; and the find
 * bar's state (query, matches, current match).
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { AppController } from './app-controller.ts';
import type { FrameKeyEvent, ReadingProgressEvent } from './events.ts';
import { styleProps } from './style-props.ts';
import { readingTime, type ArticleBody } from '../../archive/model.ts';
import '../reader/article-actions.ts';
import '../reader/article-frame.ts';
import '../reader/find-bar.ts';
import { originalPane, type OriginalPaneHandlers } from './original-pane.ts';
import { articleArea } from './highlights-view.ts';

/** Find in the article: whether the bar is open, what it looks for, how many matches, which one is current. */
export class FindState {
  open = false;
  query = '';
  index = 0;
  count = 0;

  constructor(private readonly host: ReactiveControllerHost) {}

  setQuery(query: string): void {
    this.query = query;
    this.index = 0;
    this.host.requestUpdate();
  }

  step(delta: number): void {
    if (this.count > 0) this.index = (this.index + delta + this.count) % this.count;
    this.host.requestUpdate();
  }

  setCount(count: number): void {
    this.count = count;
    if (this.index >= count) this.index = 0;
    this.host.requestUpdate();
  }

  close(): void {
    this.open = false;
    this.query = '';
    this.index = 0;
    this.host.requestUpdate();
  }
}

/** Reading times already counted, per body shown (a new script is a new body). */
const minutesOf = new WeakMap<ArticleBody, number>();

function readingMinutes(body: ArticleBody): number {
  let minutes = minutesOf.get(body);
  if (minutes === undefined) minutesOf.set(body, (minutes = readingTime(body.paragraphs).minutes));
  return minutes;
}

/** How far through the article the reader is (0..1): the reading-progress events, as saved. */
function progressBar(app: AppController, progress: number): TemplateResult {
  const percent = Math.round(progress * 100);
  return html`<div class="reading-progress" role="progressbar" aria-label=${app.t('readingProgress')}
    aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent}><div class="reading-progress-fill" style=${styleProps({ transform: `scaleX(${progress})` })}></div></div>`;
}

export interface ReaderPaneHandlers extends OriginalPaneHandlers {
  closeFind(): void;
  frameKey(event: FrameKeyEvent): void;
}

function banner(app: AppController): TemplateResult[] {
  const messages = [...app.notices, ...(app.error ? [app.t('errorPrefix', { message: app.error })] : [])];
  return messages.map((message, i) => html`<div class="banner" role="alert"><p>${message}</p><button @click=${() => app.dismissNotice(i)}>${app.t('dismiss')}</button></div>`);
}

export function readerPane(app: AppController, find: FindState, on: ReaderPaneHandlers): TemplateResult {
  const s = app.settings;
  const t = app.t;
  const { article, displayed } = app.reader;
  const script = app.reader.shownScript;
  app.highlights.follow(article?.meta.id ?? null, script);
  const progress = article?.reading?.progress ?? 0;
  return html`<main>
    <div>${article
      ? html`<article-actions .tags=${article.meta.tags} .articleTitle=${displayed?.title ?? article.meta.title}
          .script=${s.script} ?canConvert=${app.canConvert} .readingMinutes=${displayed ? readingMinutes(displayed.body) : 0} .t=${t}
          .highlightCount=${app.highlights.shownIn(article.meta.id, script).length} ?highlightsOpen=${app.highlights.panelOpen}
          @highlights-toggle=${() => app.highlights.togglePanel()}
          @tags-change=${(e: CustomEvent<string[]>) => void app.reader.setTags(e.detail)}
          @tag-filter=${(e: CustomEvent<string>) => void app.setFilters({ tag: e.detail })}
          @article-remove=${() => void app.removeCurrent()}
          .view=${app.reader.view} @view-cycle=${() => void app.reader.cycleView()}></article-actions>`
      : ''}</div>
    <div>${banner(app)}</div>
    <div>${find.open && article
      ? html`<find-bar .query=${find.query} .count=${find.count} .index=${find.index} .t=${t}
          @find-query=${(e: CustomEvent<string>) => find.setQuery(e.detail)}
          @find-step=${(e: CustomEvent<number>) => find.step(e.detail)}
          @find-close=${() => on.closeFind()}></find-bar>`
      : ''}</div>
    <div>${article && displayed ? progressBar(app, progress) : ''}</div>
    ${article && displayed
      ? articleArea(app, html`<reading-views view=${app.reader.view}><article-frame slot="article"
          .meta=${article.meta}
          .displayed=${displayed}
          .progress=${article.reading?.progress ?? 0}
          .fontSize=${s.fontSize}
          .lineHeight=${s.lineHeight}
          .measure=${s.measure}
          .theme=${app.theme}
          ?showRuby=${s.showRuby}
          ?firstLineIndent=${s.firstLineIndent}
          .typography=${app.prefs.typography}
          .locale=${app.prefs.locale}
          .findQuery=${find.open ? find.query : ''}
          .findIndex=${find.index}
          .highlights=${app.highlights.shownIn(article.meta.id, script)}
          .t=${t}
          @find-result=${(e: CustomEvent<number>) => find.setCount(e.detail)}
          @reading-progress=${(e: ReadingProgressEvent) => app.reader.saveProgress(e.id, e.progress)}
          @frame-key=${on.frameKey}
        ></article-frame>${originalPane(app, on)}</reading-views>`)
      : html`<div class="placeholder"><p>${app.ready ? t('noArticle') : t('loading')}</p></div>`}
  </main>`;
}
