/**
 * The library's rows, fetched a page at a time by offset: a 100k-article archive is never loaded
 * whole, and the virtual list asks only for the rows it shows.
 */
import type { ArticleSummary, ListPage, ListQuery } from '../../archive/model.ts';

export const PAGE_SIZE = 200;

export class ListCache {
  total = 0;
  /** Bumped whenever rows arrive, so views know to redraw. */
  version = 0;
  #pages = new Map<number, ArticleSummary[]>();
  #pending = new Set<number>();
  #generation = 0;

  constructor(
    private readonly fetchPage: (query: ListQuery) => Promise<ListPage>,
    private readonly onChange: () => void,
  ) {}

  /**
   * Loads the first page of `query` and then forgets every other row. The old rows stay readable
   * until the new ones arrive, so a refresh never blanks the list (or the row under the keyboard).
   */
  async reset(query: ListQuery): Promise<void> {
    this.#generation++;
    this.#pending.clear();
    this.query = query;
    await this.#load(0, true);
  }

  query: ListQuery = {};

  /** The row at `index`, or undefined while its page is being fetched. */
  at(index: number): ArticleSummary | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** The index of a loaded row with this id, or -1. */
  indexOf(id: string): number {
    for (const [page, rows] of this.#pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  }

  /** Makes sure the rows from `from` to `to` (exclusive) are loaded or on their way. */
  ensure(from: number, to: number): Promise<void> {
    const jobs: Promise<void>[] = [];
    const last = Math.min(to, this.total) - 1;
    for (let page = Math.floor(Math.max(0, from) / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
      if (!this.#pages.has(page) && !this.#pending.has(page)) jobs.push(this.#load(page));
    }
    return Promise.all(jobs).then(() => undefined);
  }

  /** The row at `index`, fetching its page when needed. */
  async get(index: number): Promise<ArticleSummary | undefined> {
    await this.ensure(index, index + 1);
    return this.at(index);
  }

  async #load(page: number, replace = false): Promise<void> {
    const generation = this.#generation;
    this.#pending.add(page);
    try {
      const result = await this.fetchPage({ ...this.query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (generation !== this.#generation) return;
      if (replace) this.#pages.clear();
      this.total = result.total;
      this.#pages.set(page, result.items);
      // For the ui bench: when the first rows' data arrived (library-list marks their paint).
      if (page === 0) performance.mark('library:data');
      this.version++;
      this.onChange();
    } finally {
      if (generation === this.#generation) this.#pending.delete(page);
    }
  }
}
