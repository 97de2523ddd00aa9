/**
 * The search box's state: the query, run as the user types (debounced), its results in place of
 * the library list while the box is not empty, the selected hit, and the exact total counted
 * after the first page ("counting…" until then).
 */
import type { SearchQuery } from '../../archive/contract.ts';
import type { SearchResults } from '../../archive/model.ts';
import type { AppContext } from './app-context.ts';

const SEARCH_DELAY_MS = 120;
export const SEARCH_LIMIT = 200;

/** The library's filters and the script the results are shown in, as the search needs them now. */
export type SearchScope = () => Omit<SearchQuery, 'query' | 'limit' | 'offset' | 'waitForTotal'>;

export class SearchState {
  /** The box's text; results replace the library list while it is not empty. */
  query = '';
  results: SearchResults | null = null;
  /** Selected row of the results. */
  selectedHit = -1;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly scope: SearchScope,
  ) {}

  get active(): boolean {
    return this.query.trim() !== '';
  }

  /** The box changed: searches shortly; an empty box brings the library back. */
  setQuery(query: string): void {
    this.query = query;
    clearTimeout(this.#timer);
    if (!this.active) {
      this.#seq++;
      this.results = null;
      this.selectedHit = -1;
      this.ctx.update();
      return;
    }
    this.#timer = setTimeout(() => void this.run(), SEARCH_DELAY_MS);
  }

  /** Runs the query now (the filters or the script changed). */
  async run(): Promise<void> {
    if (!this.active) return;
    const seq = ++this.#seq;
    await this.ctx.guard(async () => {
      const request: SearchQuery = { ...this.scope(), query: this.query.trim(), limit: SEARCH_LIMIT };
      const results = await this.ctx.bridge.search(request);
      if (seq !== this.#seq) return;
      this.results = results;
      this.selectedHit = -1;
      if (!results.totalExact) void this.#countTotal(seq, request);
    });
    this.ctx.update();
  }

  /** Asks for the exact total of a search whose first page is shown. */
  async #countTotal(seq: number, request: SearchQuery): Promise<void> {
    await this.ctx.guard(async () => {
      const counted = await this.ctx.bridge.search({ ...request, limit: 1, waitForTotal: true });
      if (seq !== this.#seq || !this.results || !counted.totalExact) return;
      this.results = { ...this.results, total: counted.total, exact: true, totalExact: true };
    });
    this.ctx.update();
  }

  /** Selects the hit at `index`; returns its article id (undefined when there is none). */
  select(index: number): string | undefined {
    const hit = this.results?.hits[index];
    if (!hit) return undefined;
    this.selectedHit = index;
    this.ctx.update();
    return hit.id;
  }
}
