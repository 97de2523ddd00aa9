/**
 * The article area with highlights: the article frame, the popover offered on a selection, and
 * the highlights side panel, wired to the HighlightsState. Kept here so the reader pane only
 * places the area.
 */
import { html, type TemplateResult } from 'lit';
import type { HighlightColor } from '../../archive/model.ts';
import type { AppController } from './app-controller.ts';
import type { ArticleFrame } from '../reader/article-frame.ts';
import '../reader/highlight-popover.ts';
import '../reader/highlights-panel.ts';

/** The frame inside the area an event came from. */
const frameOf = (event: Event): ArticleFrame | null => (event.currentTarget as HTMLElement).querySelector('article-frame');

/** Highlights what is selected in the frame (`span` when the popover already read it); false when nothing is. */
export function highlightSelection(app: AppController, frame: ArticleFrame | null, color: HighlightColor = 'yellow', withNote = false): boolean {
  const article = app.reader.article;
  const span = app.highlights.offer?.span ?? frame?.selectedSpan() ?? null;
  if (!article || !frame || !span) return false;
  app.highlights.setOffer(null);
  frame.clearSelection();
  void app.highlights.add(article.meta.id, app.reader.shownScript, span, color, withNote);
  return true;
}

/** Closes the popover or, failing that, the panel (Esc); false when neither was open. */
export function dismissHighlights(app: AppController, root: ParentNode): boolean {
  if (app.highlights.offer) {
    app.highlights.setOffer(null);
    root.querySelector<HTMLElement>('article-frame')?.focus();
    return true;
  }
  if (!app.highlights.panelOpen) return false;
  closePanel(app, root);
  return true;
}

/** Closes the panel and gives the focus back to the button that opens it. */
function closePanel(app: AppController, root: ParentNode): void {
  app.highlights.togglePanel(false);
  const actions = root.querySelector('article-actions');
  actions?.shadowRoot?.querySelector<HTMLElement>('[data-action="highlights"]')?.focus();
}

/** The article area: `frame` (the article-frame element's template), the popover and the panel. */
export function articleArea(app: AppController, frame: TemplateResult): TemplateResult {
  const h = app.highlights;
  const root = (event: Event): ParentNode => ((event.currentTarget as HTMLElement).getRootNode() as ParentNode);
  return html`<div class="article-area"
    @text-selection=${(e: CustomEvent<typeof h.offer>) => h.setOffer(e.detail)}
    @highlight-pick=${(e: CustomEvent<{ color: HighlightColor; note: boolean }>) => highlightSelection(app, frameOf(e), e.detail.color, e.detail.note)}
    @popover-close=${(e: Event) => dismissHighlights(app, root(e))}
    @highlight-update=${(e: CustomEvent<{ id: string; color?: HighlightColor; note?: string }>) => {
      const { id, ...patch } = e.detail;
      void h.update(id, patch);
    }}
    @highlight-remove=${(e: CustomEvent<string>) => void h.remove(e.detail)}
    @highlight-show=${(e: CustomEvent<string>) => frameOf(e)?.scrollToHighlight(e.detail)}
    @highlights-close=${(e: Event) => closePanel(app, root(e))}
  >
    ${frame}
    ${h.offer ? html`<highlight-popover .x=${h.offer.x} .y=${h.offer.y} .t=${app.t}></highlight-popover>` : ''}
    ${h.panelOpen ? html`<highlights-panel .highlights=${h.list} .editing=${h.editing} .t=${app.t}></highlights-panel>` : ''}
  </div>`;
}
