/** The original frame as the reader pane shows it beside (or instead of) the article: View original. */
import { html, type TemplateResult } from 'lit';
import type { AppController } from './app-controller.ts';
import type { FrameKeyEvent } from './events.ts';
import '../reader/original-frame.ts';
import '../reader/reading-views.ts';

export interface OriginalPaneHandlers {
  frameKey(event: FrameKeyEvent): void;
  /** Back to the article alone, focus in it. */
  showArticle(): void;
}

/** `<original-frame>` for the open article while the view shows the original; nothing otherwise. */
export function originalPane(app: AppController, on: OriginalPaneHandlers): TemplateResult | string {
  const reader = app.reader;
  if (reader.view === 'article' || !reader.article) return '';
  return html`<original-frame slot="original"
    .original=${reader.original}
    ?missing=${reader.originalMissing}
    ?wholePage=${reader.article.meta.extraction === 'whole-page'}
    .locale=${app.prefs.locale}
    .t=${app.t}
    @capture-change=${(e: CustomEvent<number>) => void reader.chooseCapture(e.detail)}
    @view-article=${() => on.showArticle()}
    @frame-key=${on.frameKey}
  ></original-frame>`;
}
