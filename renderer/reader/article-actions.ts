/**
 * @summary The open article's header: the script switch (原文 简 繁 台 港), the estimated reading
 * time, the article's tools (Highlights, View original), its tags (add with Enter, remove with ×,
 * a click shows the library filtered by that tag) and Remove, which asks first.
 * @event tags-change - `detail` is the article's new tag list
 * @event tag-filter - `detail` is a tag to filter the library by
 * @event article-remove - the user confirmed removing the article
 * @event view-cycle - View original: article → side by side → original → article
 * @event highlights-toggle - the Highlights button: open or close the highlights panel
 */
import { css, html, LitElement } from 'lit';
import { Clock, Columns2, Highlighter } from 'lucide';
import type { ScriptMode } from '../../archive/model.ts';
import type { Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import { icon } from '../ui/icons.ts';
import '../controls/script-switch.ts';

export class ArticleActions extends LitElement {
  static override properties = {
    tags: { attribute: false },
    articleTitle: { type: String },
    view: { type: String },
    highlightCount: { type: Number },
    highlightsOpen: { type: Boolean },
    script: { type: String },
    canConvert: { type: Boolean },
    readingMinutes: { type: Number },
    t: { attribute: false },
  };

  static override styles = [
    controlStyles,
    css`
      :host { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; padding: 6px 12px; border-bottom: 1px solid var(--rule); font-size: 13px; }
      .reading-time { display: inline-flex; align-items: center; gap: 4px; color: var(--muted); white-space: nowrap; }
      .tools { display: inline-flex; gap: 4px; align-items: center; }
      .tags { display: inline-flex; flex-wrap: wrap; gap: 6px; align-items: center; }
      ul { display: contents; list-style: none; }
      li { display: inline-flex; align-items: center; border: 1px solid var(--control-border); border-radius: 999px; background: var(--control-bg); }
      li button { border: 0; background: transparent; min-height: 24px; padding: 2px 8px; }
      li button.untag { padding: 2px 8px 2px 2px; }
      input { width: 9em; min-height: 24px; padding: 2px 8px; }
      .spacer { flex: 1; }
      dialog { background: var(--bg); color: var(--fg); border: 1px solid var(--rule); border-radius: 10px; padding: 18px 22px; max-width: 420px; }
      dialog::backdrop { background: rgb(0 0 0 / 0.35); }
      dialog h2 { font-size: 16px; margin: 0 0 10px; }
      .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 14px; }
      button.highlights { display: inline-flex; align-items: center; gap: 4px; }
      button.danger { background: var(--danger, #b3261e); border-color: var(--danger, #b3261e); color: #fff; }
    `,
  ];

  tags: string[] = [];
  articleTitle = '';
  /** What the reader shows (ReadingView): the View original button says which. */
  view = 'article';
  highlightCount = 0;
  highlightsOpen = false;
  script: ScriptMode = 'original';
  canConvert = true;
  /** The estimated reading time in minutes (archive/typography/reading-time.ts); 0 shows none. */
  readingMinutes = 0;
  t: Translate = (key) => key;

  #send(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    const input = event.target as HTMLInputElement;
    if (event.key !== 'Enter' || !input.value.trim()) return;
    event.preventDefault();
    const tag = input.value.trim();
    input.value = '';
    if (!this.tags.includes(tag)) this.#send('tags-change', [...this.tags, tag]);
  };

  override render(): unknown {
    const t = this.t;
    return html`<script-switch .script=${this.script} ?disabled=${!this.canConvert} .t=${t}></script-switch>
      ${this.readingMinutes > 0
        ? html`<span class="reading-time">${icon(Clock, 14)}${t('readingTime', { n: this.readingMinutes })}</span>`
        : ''}
      <span class="tools">
        <button data-action="highlights" class="highlights" aria-pressed=${String(this.highlightsOpen)} title=${t('hlToggle', { n: this.highlightCount })}
          @click=${() => this.#send('highlights-toggle')}>${icon(Highlighter, 16)} ${t('hlToggle', { n: this.highlightCount })}</button>
        <button class="view-original" data-action="view-original" aria-pressed=${this.view !== 'article'} @click=${() => this.#send('view-cycle')}>
          ${icon(Columns2, 16)} ${t('viewOriginal')} · ${t(this.view === 'original' ? 'viewNowOriginal' : this.view === 'side-by-side' ? 'viewNowSideBySide' : 'viewNowArticle')}
        </button>
      </span>
      <span class="spacer"></span>
      <span class="tags"><span>${t('tags')}</span>
      <ul aria-label=${t('tags')}>
        ${this.tags.map(
          (tag) => html`<li>
            <button class="tag" title=${t('tagFilter', { tag })} @click=${() => this.#send('tag-filter', tag)}>${tag}</button>
            <button class="untag" aria-label=${t('tagRemove', { tag })} title=${t('tagRemove', { tag })}
              @click=${() => this.#send('tags-change', this.tags.filter((x) => x !== tag))}>×</button>
          </li>`,
        )}
      </ul>
      <input class="add-tag" aria-label=${t('tagAdd')} placeholder=${t('tagAdd')} @keydown=${this.#onKeyDown} /></span>
      <button class="remove" @click=${() => this.renderRoot.querySelector('dialog')?.showModal()}>${t('removeArticle')}</button>
      <dialog aria-labelledby="remove-title">
        <h2 id="remove-title">${t('removeConfirmTitle')}</h2>
        <p>${t('removeConfirmBody', { title: this.articleTitle })}</p>
        <div class="actions">
          <button class="keep" autofocus @click=${() => this.renderRoot.querySelector('dialog')?.close()}>${t('cancel')}</button>
          <button class="confirm danger" @click=${() => {
            this.renderRoot.querySelector('dialog')?.close();
            this.#send('article-remove');
          }}>${t('removeArticle')}</button>
        </div>
      </dialog>`;
  }
}

customElements.define('article-actions', ArticleActions);

declare global {
  interface HTMLElementTagNameMap {
    'article-actions': ArticleActions;
  }
}
