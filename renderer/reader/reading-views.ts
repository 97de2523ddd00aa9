/**
 * @summary Lays out what the reader shows (`view`, a ReadingView): the article alone, the
 * article and its original side by side, or the original instead. Both stay in the page while
 * the view changes, so the article keeps its place.
 * @slot article - the `<article-frame>`
 * @slot original - the `<original-frame>`, present while the original is shown
 */
import { css, html, LitElement } from 'lit';

export class ReadingViews extends LitElement {
  static override properties = { view: { type: String, reflect: true } };

  static override styles = css`
    :host { display: grid; grid-template-columns: minmax(0, 1fr); grid-template-rows: minmax(0, 1fr); min-width: 0; min-height: 0; }
    :host([view='side-by-side']) { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
    ::slotted(*) { min-width: 0; min-height: 0; }
    :host([view='side-by-side']) ::slotted([slot='original']) { border-left: 1px solid var(--rule); }
    :host([view='original']) ::slotted([slot='article']), :host([view='article']) ::slotted([slot='original']) { display: none; }
  `;

  view = 'article';

  override render(): unknown {
    return html`<slot name="article"></slot><slot name="original"></slot>`;
  }
}

customElements.define('reading-views', ReadingViews);

declare global {
  interface HTMLElementTagNameMap {
    'reading-views': ReadingViews;
  }
}
