/**
 * @summary The library as a virtual list: only the rows in view exist in the DOM, so 100k
 * articles scroll like 100. Rows are fixed-height; data arrives by page through `rowAt`.
 * @event article-select - a row was chosen (click, Enter, arrows)
 * @event rows-needed - rows in view are not loaded yet
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { Layers } from 'lucide';
import { styleProps } from '../app/style-props.ts';
import type { ArticleSummary } from '../../archive/model.ts';
import { ArticleSelectEvent, ArticleToggleEvent, RowsNeededEvent } from '../app/events.ts';
import type { Translate, UiLocale } from '../i18n/strings.ts';
import { formatDate } from '../reader/frame-document.ts';
import { icon } from '../ui/icons.ts';
import { langBadge } from './lang-badge.ts';

/** Three lines: title, then source · date · badges, then the excerpt. */
export const ROW_HEIGHT = 80;
const OVERSCAN = 8;

export class LibraryList extends LitElement {
  static override properties = {
    total: { type: Number },
    version: { type: Number },
    selectedIndex: { type: Number },
    rowAt: { attribute: false },
    checked: { attribute: false },
    locale: { type: String },
    t: { attribute: false },
    _scrollTop: { state: true },
    _height: { state: true },
  };

  static override styles = css`
    :host { display: block; min-height: 0; position: relative; }
    .viewport { position: absolute; inset: 0; overflow-y: auto; overscroll-behavior: contain; outline: none; }
    .viewport:focus-visible { box-shadow: inset 0 0 0 2px var(--accent); }
    .spacer { position: relative; width: 100%; }
    .row {
      position: absolute; left: 0; right: 0; height: ${ROW_HEIGHT}px; box-sizing: border-box;
      padding: 8px 14px; border-bottom: 1px solid var(--rule); cursor: default; contain: strict;
      display: flex; flex-direction: column; justify-content: center; gap: 2px;
    }
    .row:hover { background: var(--hover); }
    .row[aria-selected='true'] { background: var(--selected); }
    .row[aria-checked='true'] { box-shadow: inset 4px 0 0 var(--accent); }
    .row[aria-checked='true'] .title::before { content: '✓ '; color: var(--accent); }
    .viewport:focus-visible .row[aria-selected='true'] { box-shadow: inset 3px 0 0 var(--accent); }
    .title { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 14px; }
    .sub { color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .sub { display: flex; align-items: center; gap: 6px; }
    .sub > span:not(.source) { flex: none; }
    .sub .source { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
    .sub > span + span::before { content: '·'; margin-right: 6px; }
    .badge {
      flex: none; font-size: 11px; font-weight: 600; line-height: 16px; min-width: 16px; padding: 0 3px; box-sizing: border-box;
      text-align: center; border: 1px solid var(--control-border); border-radius: 3px; color: var(--fg);
    }
    .captures { display: inline-flex; align-items: center; gap: 2px; font-variant-numeric: tabular-nums; }
    .excerpt { color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .placeholder .title { color: var(--muted); font-weight: 400; }
    .whole-page { font-style: italic; }
  `;

  total = 0;
  /** Bumped by the owner when rows arrive. */
  version = 0;
  selectedIndex = -1;
  rowAt: (index: number) => ArticleSummary | undefined = () => undefined;
  /** Ids in the multi-selection. */
  checked: ReadonlySet<string> = new Set();
  locale: UiLocale = 'en';
  t: Translate = (key) => key;
  _scrollTop = 0;
  _height = 600;
  #resize = new ResizeObserver((entries) => {
    for (const entry of entries) this._height = entry.contentRect.height;
  });

  get #viewport(): HTMLElement | null {
    return this.renderRoot.querySelector('.viewport');
  }

  protected override firstUpdated(): void {
    const viewport = this.#viewport;
    if (viewport) this.#resize.observe(viewport);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  #paintMarked = false;

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.#paintMarked && this.rowAt(0)) {
      // For the ui bench: the frame after the first real rows are in the DOM is their paint.
      this.#paintMarked = true;
      requestAnimationFrame(() => setTimeout(() => performance.mark('library:painted')));
    }
    if (changed.has('selectedIndex') && this.selectedIndex >= 0) this.#reveal(this.selectedIndex);
    const [from, to] = this.#range();
    for (let i = from; i < to; i++) {
      if (!this.rowAt(i)) {
        this.dispatchEvent(new RowsNeededEvent(from, to));
        break;
      }
    }
  }

  #range(): [number, number] {
    const from = Math.max(0, Math.floor(this._scrollTop / ROW_HEIGHT) - OVERSCAN);
    const to = Math.min(this.total, Math.ceil((this._scrollTop + this._height) / ROW_HEIGHT) + OVERSCAN);
    return [from, to];
  }

  /** Scrolls just enough to show row `index`. */
  #reveal(index: number): void {
    const viewport = this.#viewport;
    if (!viewport) return;
    const top = index * ROW_HEIGHT;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
  }

  #onScroll = (event: Event): void => {
    this._scrollTop = (event.target as HTMLElement).scrollTop;
  };

  #onKeyDown = (event: KeyboardEvent): void => {
    const page = Math.max(1, Math.floor(this._height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    let target: number | null = null;
    if (event.key in moves) target = Math.max(0, this.selectedIndex) + moves[event.key]!;
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = this.total - 1;
    else if (event.key === 'Enter' && this.selectedIndex >= 0) target = this.selectedIndex;
    else if (event.key === ' ' && this.selectedIndex >= 0) {
      const meta = this.rowAt(this.selectedIndex);
      if (meta) {
        event.preventDefault();
        this.dispatchEvent(new ArticleToggleEvent(this.selectedIndex, meta.id, event.shiftKey));
      }
      return;
    }
    if (target === null || this.total === 0) return;
    event.preventDefault();
    this.dispatchEvent(new ArticleSelectEvent(Math.min(this.total - 1, Math.max(0, target))));
  };

  /** Moves keyboard focus to the list. */
  override focus(): void {
    this.#viewport?.focus();
  }

  #row(index: number): unknown {
    const meta = this.rowAt(index);
    const position = styleProps({ transform: `translateY(${index * ROW_HEIGHT}px)` });
    const selected = index === this.selectedIndex;
    if (!meta) {
      return html`<div class="row placeholder" role="option" id="row-${index}" aria-selected=${selected ? 'true' : 'false'}
        aria-posinset=${index + 1} aria-setsize=${this.total} style=${position}><span class="title">${this.t('loading')}</span></div>`;
    }
    const date = formatDate(meta.publishedAt, this.locale) ?? this.t('unknownDate');
    const badge = langBadge(meta.lang, this.locale);
    const captures = meta.captureCount === undefined ? '' : meta.captureCount === 1 ? this.t('captureCountOne') : this.t('captureCount', { n: meta.captureCount });
    return html`<div
      class="row"
      role="option"
      id="row-${index}"
      data-id=${meta.id}
      aria-selected=${selected ? 'true' : 'false'}
      aria-posinset=${index + 1}
      aria-setsize=${this.total}
      style=${position}
      aria-checked=${this.checked.has(meta.id) ? 'true' : 'false'}
      @click=${(event: MouseEvent) =>
        this.dispatchEvent(
          event.ctrlKey || event.metaKey || event.shiftKey ? new ArticleToggleEvent(index, meta.id, event.shiftKey) : new ArticleSelectEvent(index),
        )}
    >
      <span class="title" lang=${meta.lang ?? nothing}>${meta.title || this.t('untitled')}</span>
      <span class="sub">${
        badge
          ? html`<b class="badge" title=${badge.label}><span aria-hidden="true" lang=${badge.textLang ?? nothing}>${badge.text}</span><span class="visually-hidden">${badge.label}</span></b>`
          : nothing
      }<span class="source">${meta.source ?? this.t('unknownSource')}</span><span class="date">${date}</span>${
        meta.extraction === 'whole-page' ? html`<span class="whole-page" title=${this.t('wholePageHint')}>${this.t('wholePage')}</span>` : nothing
      }${
        captures
          ? html`<span class="captures" title=${captures}>${icon(Layers, 12)}<span aria-hidden="true">${meta.captureCount}</span><span class="visually-hidden">${captures}</span></span>`
          : nothing
      }</span>
      ${meta.excerpt ? html`<span class="excerpt" lang=${meta.lang ?? nothing}>${meta.excerpt}</span>` : nothing}
    </div>`;
  }

  override render(): unknown {
    const [from, to] = this.#range();
    const rows: unknown[] = [];
    for (let i = from; i < to; i++) rows.push(this.#row(i));
    return html`<div
      class="viewport"
      role="listbox"
      tabindex="0"
      aria-label=${this.t('libraryList')}
      aria-activedescendant=${this.selectedIndex >= from && this.selectedIndex < to ? `row-${this.selectedIndex}` : nothing}
      @scroll=${this.#onScroll}
      @keydown=${this.#onKeyDown}
    >
      <div class="spacer" style=${styleProps({ height: `${this.total * ROW_HEIGHT}px` })}>${rows}</div>
    </div>`;
  }
}

customElements.define('library-list', LibraryList);

declare global {
  interface HTMLElementTagNameMap {
    'library-list': LibraryList;
  }
}
