/**
 * The library pane's state: the rows (fetched a page at a time), their sort and filters, the
 * facets the filters offer, the row under the keyboard, the multi-selection and what is done to it
 * (tag, remove), and the sample articles of a first start.
 */
import type { Extraction, LibraryCollection, LibraryFacets, ListQuery, ScriptMode, SortKey } from '../../archive/model.ts';
import { ListCache } from '../library/list-cache.ts';
import type { AppContext } from './app-context.ts';

/** The tag of the sample articles written on first start (`SAMPLE_TAG` in archive/sample.ts). */
export const SAMPLE_TAG = 'sample';

export type LangFilter = '' | 'zh-Hans' | 'zh-Hant' | 'en';

/** Filters to change ('' clears one). */
export interface LibraryFilterPatch {
  lang?: LangFilter;
  source?: string;
  tag?: string;
  from?: string;
  to?: string;
  extraction?: '' | Extraction;
  collection?: '' | LibraryCollection;
}

export class LibraryState {
  readonly list: ListCache;
  sort: SortKey = 'publishedAt';
  langFilter: LangFilter = '';
  /** Show only articles with this tag ('' for all). */
  tagFilter = '';
  /** Show only articles from this source ('' for all). */
  sourceFilter = '';
  /** Publication dates to show, inclusive (YYYY-MM-DD, '' for open-ended). */
  dateFrom = '';
  dateTo = '';
  /** Show only extracted articles, or only whole-page fallbacks ('' for both). */
  extractionFilter: '' | Extraction = '';
  /** The sidebar's collection ('' for all articles). */
  collection: '' | LibraryCollection = '';
  /** The sources, tags and date span the filters offer (null until loaded). */
  facets: LibraryFacets | null = null;
  selectedIndex = -1;
  /** Ids in the multi-selection (export, tag, remove together). */
  checked = new Set<string>();
  #lastToggled = -1;
  /** How many sample articles the library holds (they can be removed in one step). */
  sampleCount = 0;

  constructor(private readonly ctx: AppContext) {
    this.list = new ListCache((q) => ctx.bridge.listArticles(q), () => ctx.update());
  }

  /** The list's query: sort, filters, and titles shown in `script`. */
  query(script: ScriptMode): ListQuery {
    const query: ListQuery = { sort: this.sort };
    if (script !== 'original') query.script = script;
    if (this.langFilter) query.lang = this.langFilter;
    if (this.tagFilter) query.tag = this.tagFilter;
    if (this.sourceFilter) query.source = this.sourceFilter;
    if (this.dateFrom) query.from = this.dateFrom;
    if (this.dateTo) query.to = this.dateTo;
    if (this.extractionFilter) query.extraction = this.extractionFilter;
    if (this.collection) query.collection = this.collection;
    return query;
  }

  /** How many of the filters (language, source, tag, dates, extraction) narrow the list now. */
  get activeFilters(): number {
    return [this.langFilter, this.sourceFilter, this.tagFilter, this.dateFrom || this.dateTo, this.extractionFilter].filter(Boolean).length;
  }

  /** Changes some filters (the caller reloads). */
  applyFilters(patch: LibraryFilterPatch): void {
    if (patch.lang !== undefined) this.langFilter = patch.lang;
    if (patch.source !== undefined) this.sourceFilter = patch.source;
    if (patch.tag !== undefined) this.tagFilter = patch.tag;
    if (patch.from !== undefined) this.dateFrom = patch.from;
    if (patch.to !== undefined) this.dateTo = patch.to;
    if (patch.extraction !== undefined) this.extractionFilter = patch.extraction;
    if (patch.collection !== undefined) this.collection = patch.collection;
    // A range given backwards means the same days.
    if (this.dateFrom && this.dateTo && this.dateFrom > this.dateTo) [this.dateFrom, this.dateTo] = [this.dateTo, this.dateFrom];
  }

  /**
   * Loads the first rows of the list again. `contentChanged` is false when only the view changed
   * (sort, filters, script): then the counts and facets stand.
   */
  async reload(script: ScriptMode, contentChanged: boolean): Promise<void> {
    await this.list.reset(this.query(script));
    if (!contentChanged) return;
    this.sampleCount = (await this.ctx.bridge.listArticles({ tag: SAMPLE_TAG, limit: 0 })).total;
    this.facets = await this.ctx.bridge.getFacets({});
  }

  /** Adds or removes a row from the multi-selection; with `range`, every loaded row since the last one. */
  toggleChecked(index: number, id: string, range: boolean): void {
    const next = new Set(this.checked);
    if (range && this.#lastToggled >= 0) {
      const [from, to] = index < this.#lastToggled ? [index, this.#lastToggled] : [this.#lastToggled, index];
      for (let i = from; i <= to; i++) {
        const row = this.list.at(i);
        if (row) next.add(row.id);
      }
    } else if (next.has(id)) next.delete(id);
    else next.add(id);
    this.#lastToggled = index;
    this.checked = next;
    this.ctx.update();
  }

  clearChecked(): void {
    this.checked = new Set();
    this.#lastToggled = -1;
    this.ctx.update();
  }

  /** Adds a tag to every selected article. */
  tagChecked(tag: string): Promise<void> {
    return this.ctx.guard(async () => {
      for (const id of this.checked) {
        const view = await this.ctx.bridge.getArticle({ id });
        if (view && !view.meta.tags.includes(tag)) await this.ctx.bridge.updateArticle({ id, tags: [...view.meta.tags, tag] });
      }
    });
  }

  /** Removes every selected article (the window asked the user first); returns their ids. */
  async removeChecked(): Promise<string[]> {
    const ids = [...this.checked];
    await this.ctx.guard(async () => {
      await this.ctx.bridge.removeArticles({ ids });
    });
    this.clearChecked();
    return ids;
  }

  /** Removes every sample article (the user's own are never tagged so). */
  removeSamples(): Promise<void> {
    return this.ctx.guard(async () => {
      const page = await this.ctx.bridge.listArticles({ tag: SAMPLE_TAG, limit: 1000 });
      await this.ctx.bridge.removeArticles({ ids: page.items.map((m) => m.id) });
    });
  }
}
