/**
 * @summary Above the list: the search box (with a short help on its query language), sort and
 * language filter, the other filters (source, tag, publication dates) behind a toggle, and the
 * article count.
 * @event reader-intent - sort or filter changed
 * @event search-input - the search text changed (`detail` is the text)
 */
import { css, html, LitElement } from 'lit';
import type { LibraryFacets, SortKey } from '../../archive/model.ts';
import { ReaderIntentEvent } from '../app/events.ts';
import type { LangFilter } from '../app/library-state.ts';
import type { StringKey, Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';

const SORTS: { sort: SortKey; name: StringKey }[] = [
  { sort: 'publishedAt', name: 'sortPublished' },
  { sort: 'importedAt', name: 'sortImported' },
  { sort: 'title', name: 'sortTitle' },
  { sort: 'source', name: 'sortSource' },
];
const SEARCH_HELP: StringKey[] = ['searchHelpIntro', 'searchHelpPhrase', 'searchHelpExclude', 'searchHelpOr', 'searchHelpFields', 'searchHelpDate'];
const FILTERS: { filter: LangFilter; name: StringKey; lang?: string }[] = [
  { filter: '', name: 'filterAll' },
  { filter: 'zh-Hans', name: 'filterHans', lang: 'zh-Hans' },
  { filter: 'zh-Hant', name: 'filterHant', lang: 'zh-Hant' },
  { filter: 'en', name: 'filterEn', lang: 'en' },
];

export class LibraryHeader extends LitElement {
  static override properties = {
    total: { type: Number },
    sort: { type: String },
    langFilter: { type: String },
    filters: { attribute: false },
    facets: { attribute: false },
    activeFilters: { type: Number },
    _filtersOpen: { state: true },
    _helpOpen: { state: true },
    canSearch: { type: Boolean },
    t: { attribute: false },
  };

  static override styles = [
    controlStyles,
    css`
      :host { display: block; padding: 10px 12px 8px; border-bottom: 1px solid var(--rule); }
      .search-row { display: flex; gap: 6px; align-items: center; }
      input[type='search'] { flex: 1; min-width: 0; box-sizing: border-box; }
      .search-help { margin: 6px 0 0; padding: 6px 10px; list-style: none; font-size: 12px; color: var(--muted); border: 1px solid var(--rule); border-radius: 4px; }
      .search-help li { margin: 2px 0; }
      .row { display: flex; gap: 8px; align-items: center; margin-top: 8px; flex-wrap: wrap; }
      .count { margin-left: auto; color: var(--muted); font-size: 12px; }
      .filters { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 6px 8px; align-items: center; margin-top: 8px; }
      .filters select { min-width: 0; width: 100%; box-sizing: border-box; }
      .filters input[type='date'] { min-width: 0; width: 100%; box-sizing: border-box; }
      .filters .clear { grid-column: 2; justify-self: start; }
    `,
  ];

  total = 0;
  sort: SortKey = 'publishedAt';
  langFilter: LangFilter = '';
  /** The source, tag and date filters now applied ('' for none). */
  filters: { source: string; tag: string; from: string; to: string; extraction: '' | 'article' | 'whole-page' } = { source: '', tag: '', from: '', to: '', extraction: '' };
  facets: LibraryFacets | null = null;
  /** How many filters narrow the list, the language one included. */
  activeFilters = 0;
  _filtersOpen = false;
  _helpOpen = false;
  canSearch = false;
  t: Translate = (key) => key;

  /** Puts the caret in the search box (`/`). */
  focusSearch(): void {
    this.renderRoot.querySelector('input')?.focus();
  }

  override render(): unknown {
    const t = this.t;
    return html`
      <div class="search-row">
        <input
          type="search"
          aria-label=${t('search')}
          aria-describedby=${this._helpOpen ? 'search-help' : ''}
          placeholder=${t('searchPlaceholder')}
          title=${this.canSearch ? t('search') : t('searchUnavailable')}
          ?disabled=${!this.canSearch}
          @input=${(e: Event) => this.dispatchEvent(new CustomEvent('search-input', { detail: (e.target as HTMLInputElement).value, bubbles: true, composed: true }))}
        />
        <button class="search-help-toggle" aria-label=${t('searchHelp')} title=${t('searchHelp')} aria-expanded=${this._helpOpen ? 'true' : 'false'}
          aria-controls="search-help" @click=${() => (this._helpOpen = !this._helpOpen)}>?</button>
      </div>
      ${this._helpOpen ? html`<ul class="search-help" id="search-help">${SEARCH_HELP.map((key) => html`<li>${t(key)}</li>`)}</ul>` : ''}
      <div class="row">
        <label>${t('sort')}
          <select class="sort" @change=${(e: Event) => this.dispatchEvent(new ReaderIntentEvent({ kind: 'sort', sort: (e.target as HTMLSelectElement).value as SortKey }))}>
            ${SORTS.map(({ sort, name }) => html`<option value=${sort} ?selected=${sort === this.sort}>${t(name)}</option>`)}
          </select>
        </label>
        <label>${t('filterScript')}
          <select class="lang-filter" @change=${(e: Event) => this.dispatchEvent(new ReaderIntentEvent({ kind: 'langFilter', filter: (e.target as HTMLSelectElement).value as LangFilter }))}>
            ${FILTERS.map(({ filter, name, lang }) => html`<option value=${filter} lang=${lang ?? ''} ?selected=${filter === this.langFilter}>${t(name)}</option>`)}
          </select>
        </label>
        <button class="filters-toggle" aria-expanded=${this._filtersOpen ? 'true' : 'false'} aria-controls="filters"
          @click=${() => (this._filtersOpen = !this._filtersOpen)}>${this.activeFilters > 0 ? t('filtersActive', { n: this.activeFilters }) : t('filters')}</button>
        <span class="count" role="status">${this.total === 1 ? t('articleCountOne') : t('articleCount', { n: this.total.toLocaleString() })}</span>
      </div>
      ${this._filtersOpen ? this.#filterPanel() : ''}
    `;
  }

  #patch(patch: { source?: string; tag?: string; from?: string; to?: string; extraction?: '' | 'article' | 'whole-page' }): void {
    this.dispatchEvent(new ReaderIntentEvent({ kind: 'filters', patch }));
  }

  #filterPanel(): unknown {
    const t = this.t;
    const { source, tag, from, to, extraction } = this.filters;
    const facets = this.facets;
    // The chosen value stays offered even when no article has it any more.
    const options = (values: { value: string; count: number }[], chosen: string) => [
      ...(chosen && !values.some((v) => v.value === chosen) ? [{ value: chosen, count: 0 }] : []),
      ...values,
    ];
    return html`<div class="filters" id="filters" role="group" aria-label=${t('filters')}>
      <label for="filter-source">${t('filterSource')}</label>
      <select id="filter-source" class="source-filter" @change=${(e: Event) => this.#patch({ source: (e.target as HTMLSelectElement).value })}>
        <option value="" ?selected=${!source}>${t('filterAnySource')}</option>
        ${options(facets?.sources ?? [], source).map(
          (f) => html`<option value=${f.value} ?selected=${f.value === source}>${t('facetCount', { value: f.value, n: f.count })}</option>`,
        )}
      </select>
      <label for="filter-tag">${t('filterTag')}</label>
      <select id="filter-tag" class="tag-filter" @change=${(e: Event) => this.#patch({ tag: (e.target as HTMLSelectElement).value })}>
        <option value="" ?selected=${!tag}>${t('filterAnyTag')}</option>
        ${options(facets?.tags ?? [], tag).map((f) => html`<option value=${f.value} ?selected=${f.value === tag}>${t('facetCount', { value: f.value, n: f.count })}</option>`)}
      </select>
      <label for="filter-from" title=${t('filterFrom')}>${t('filterDateFrom')}</label>
      <input type="date" id="filter-from" class="date-from" title=${t('filterFrom')} .value=${from} min=${facets?.firstDate ?? ''} max=${facets?.lastDate ?? ''}
        @change=${(e: Event) => this.#patch({ from: (e.target as HTMLInputElement).value })} />
      <label for="filter-to" title=${t('filterTo')}>${t('filterDateTo')}</label>
      <input type="date" id="filter-to" class="date-to" title=${t('filterTo')} .value=${to} min=${facets?.firstDate ?? ''} max=${facets?.lastDate ?? ''}
        @change=${(e: Event) => this.#patch({ to: (e.target as HTMLInputElement).value })} />
      <label for="filter-extraction">${t('filterExtraction')}</label>
      <select id="filter-extraction" class="extraction-filter"
        @change=${(e: Event) => this.#patch({ extraction: (e.target as HTMLSelectElement).value as '' | 'article' | 'whole-page' })}>
        <option value="" ?selected=${!extraction}>${t('filterAnyExtraction')}</option>
        <option value="article" ?selected=${extraction === 'article'}>${t('filterArticleOnly')}</option>
        <option value="whole-page" ?selected=${extraction === 'whole-page'}>${t('wholePage')}</option>
      </select>
      <button class="clear" ?disabled=${this.activeFilters === 0} @click=${() => this.dispatchEvent(new ReaderIntentEvent({ kind: 'clearFilters' }))}>${t('filtersClear')}</button>
    </div>`;
  }
}

customElements.define('library-header', LibraryHeader);

declare global {
  interface HTMLElementTagNameMap {
    'library-header': LibraryHeader;
  }
}
