/**
 * @summary Search results in place of the library list: title and snippet in the reader's script
 * with the hits marked. The snippet is built from text and mark ranges, never parsed as HTML.
 * @event article-select - a result was chosen (`index` into the hits)
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import type { QuerySyntaxErrorCode, SearchHit, SearchResults } from '../../archive/model.ts';
import { ArticleSelectEvent } from '../app/events.ts';
// Its companion above the library, while a search waits for the index: defined with the results.
import './index-progress.ts';
import type { StringKey, Translate } from '../i18n/strings.ts';

const SYNTAX_MESSAGES: Record<QuerySyntaxErrorCode, StringKey> = {
  'unclosed-quote': 'syntaxUnclosedQuote',
  'empty-phrase': 'syntaxEmptyPhrase',
  'dangling-minus': 'syntaxDanglingMinus',
  'dangling-or': 'syntaxDanglingOr',
  'exclude-in-or': 'syntaxExcludeInOr',
  'empty-field': 'syntaxEmptyField',
  'bad-date': 'syntaxBadDate',
};

/** `text` with the ranges of `marks` wrapped in `<mark>`. */
function marked(text: string, marks: readonly [number, number][]): unknown[] {
  const parts: unknown[] = [];
  let at = 0;
  for (const [start, end] of [...marks].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start) continue;
    parts.push(text.slice(at, start), html`<mark>${text.slice(start, end)}</mark>`);
    at = end;
  }
  parts.push(text.slice(at));
  return parts;
}

export class SearchResultsList extends LitElement {
  static override properties = {
    results: { attribute: false },
    selectedIndex: { type: Number },
    lang: { type: String },
    t: { attribute: false },
  };

  static override styles = css`
    :host { display: block; overflow-y: auto; min-height: 0; }
    [role='listbox'] { outline: none; min-height: 100%; }
    [role='listbox']:focus-visible { box-shadow: inset 0 0 0 2px var(--accent); }
    .hit { padding: 10px 14px; border-bottom: 1px solid var(--rule); cursor: default; }
    .hit:hover { background: var(--hover); }
    .hit[aria-selected='true'] { background: var(--selected); }
    .title { font-weight: 600; font-size: 14px; }
    .snippet { color: var(--muted); font-size: 13px; margin-top: 3px; line-height: 1.5; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
    mark { background: var(--mark, #ffe27a); color: inherit; border-radius: 2px; }
    .status { padding: 10px 14px; color: var(--muted); font-size: 13px; }
    .status.error { color: var(--danger, #b3261e); }
  `;

  results: SearchResults | null = null;
  selectedIndex = -1;
  t: Translate = (key) => key;

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('selectedIndex')) this.renderRoot.querySelector(`#hit-${this.selectedIndex}`)?.scrollIntoView({ block: 'nearest' });
  }

  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('[role="listbox"]')?.focus();
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    const count = this.results?.hits.length ?? 0;
    const move = { ArrowDown: 1, ArrowUp: -1 }[event.key as 'ArrowDown' | 'ArrowUp'];
    if (!count || (move === undefined && event.key !== 'Enter')) return;
    event.preventDefault();
    const target = move === undefined ? Math.max(0, this.selectedIndex) : Math.min(count - 1, Math.max(0, this.selectedIndex + move));
    this.dispatchEvent(new ArticleSelectEvent(target));
  };

  #hit(hit: SearchHit, index: number): unknown {
    return html`<div class="hit" role="option" id="hit-${index}" data-id=${hit.id} aria-selected=${index === this.selectedIndex ? 'true' : 'false'}
      @click=${() => this.dispatchEvent(new ArticleSelectEvent(index))}>
      <div class="title">${hit.title}</div>
      <div class="snippet">${marked(hit.snippet, hit.marks)}</div>
    </div>`;
  }

  override render(): unknown {
    const results = this.results;
    const t = this.t;
    if (!results) return html``;
    const error = results.syntaxError;
    if (error) return html`<p class="status error" role="alert">${t(SYNTAX_MESSAGES[error.code], { token: error.token })}</p>`;
    const n = results.total.toLocaleString();
    const status =
      results.hits.length === 0 ? t('searchNone')
      : !results.totalExact ? t('searchCounting', { n })
      : results.total === 1 ? t('searchOne')
      : t('searchCount', { n });
    return html`<p class="status" role="status">${status}${results.indexing ? ` ${t('searchIndexing')}` : ''}</p>
      <div role="listbox" tabindex="0" aria-label=${t('searchResults')}
        aria-activedescendant=${this.selectedIndex >= 0 ? `hit-${this.selectedIndex}` : ''} @keydown=${this.#onKeyDown}>
        ${results.hits.map((hit, i) => this.#hit(hit, i))}
      </div>`;
  }
}

customElements.define('search-results', SearchResultsList);

declare global {
  interface HTMLElementTagNameMap {
    'search-results': SearchResultsList;
  }
}
