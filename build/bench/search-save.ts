/**
 * `search.save_bytes_after_1000`: the bytes one `save()` writes after 1,000 articles were added
 * with the index open. Read from `SearchIndex.bytesWritten` (after minus before) where the index
 * counts them; else estimated from the files under `search/` (a file that is new or was replaced
 * counts whole, one that grew in place counts its growth), and the figure says which.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleBody, ArticleMeta } from '../../archive/model.ts';
import { SearchIndex } from '../../archive/search/index.ts';
import { SyntheticStore } from '../../archive/testing/search-corpus.ts';
import { syntheticArticle } from '../../archive/testing/synthetic.ts';

type Change = { type: 'added' | 'updated' | 'removed'; id: string; highlights?: true };

/** The synthetic search store, to which articles can be added (its listeners hear of each). */
export class GrowingStore extends SyntheticStore {
  readonly #added = new Map<string, { meta: ArticleMeta; seed: number }>();
  readonly #listeners = new Set<(change: Change) => void>();

  constructor(dir: string, readonly base: number) {
    super(dir, base, { archiveIds: true });
  }

  /** Adds `count` new synthetic articles, one change each; returns their ids. */
  add(count: number): string[] {
    const ids: string[] = [];
    for (let k = 0; k < count; k++) {
      const seed = this.base + 1_000_000 + this.#added.size;
      const a = syntheticArticle(seed);
      const id = `new${seed.toString(16).padStart(8, '0')}`;
      const meta: ArticleMeta = {
        id, title: a.title, byline: a.byline, source: a.source, publishedAt: a.publishedAt, importedAt: '2026-06-01T00:00:00Z',
        url: a.url, lang: a.lang, tags: [], length: a.paragraphs.join('\n').length, bodySha256: '', textSha256: '', assets: [], captures: [],
      };
      this.#added.set(id, { meta, seed });
      ids.push(id);
      for (const listener of this.#listeners) listener({ type: 'added', id });
    }
    return ids;
  }

  override *summaries(): IterableIterator<ArticleMeta> {
    yield* super.summaries();
    for (const { meta } of this.#added.values()) yield meta;
  }

  override all(): IterableIterator<ArticleMeta> {
    return this.summaries();
  }

  override summary(id: string): ArticleMeta | undefined {
    return super.summary(id) ?? this.#added.get(id)?.meta;
  }

  override get(id: string): ArticleMeta | undefined {
    return this.summary(id);
  }

  override async getBody(id: string): Promise<ArticleBody> {
    const added = this.#added.get(id);
    if (!added) return super.getBody(id);
    const a = syntheticArticle(added.seed);
    return { id, html: a.html, paragraphs: a.paragraphs, ruby: [], excerpt: a.excerpt, assets: [] };
  }

  // Optional as in the base class (whose articles never change); the index always passes one.
  override onChange(listener?: (change: Change) => void): () => void {
    if (!listener) return () => undefined;
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

interface FileState {
  size: number;
  ino: number;
}

async function filesUnder(dir: string): Promise<Map<string, FileState>> {
  const files = new Map<string, FileState>();
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const name of names) {
    const s = await stat(join(dir, name)).catch(() => null);
    if (s?.isFile()) files.set(name, { size: s.size, ino: s.ino });
  }
  return files;
}

/** Bytes written to the files under `dir` between two listings, as far as the listings tell. */
function writtenBetween(before: Map<string, FileState>, after: Map<string, FileState>): number {
  let bytes = 0;
  for (const [name, now] of after) {
    const was = before.get(name);
    if (!was || was.ino !== now.ino) bytes += now.size;
    else if (now.size > was.size) bytes += now.size - was.size;
  }
  return bytes;
}

/** Opens the index on `store`, adds `count` articles, waits for them to be indexed, saves once. */
export async function saveBytes(store: GrowingStore, count: number): Promise<{ bytes: number | string; source: string; ms: number }> {
  const index = await SearchIndex.open(store);
  try {
    await index.ready();
    const counted = (): number | undefined => (index as unknown as { bytesWritten?: number }).bytesWritten;
    const searchDir = join(store.dir, 'search');
    const before = counted();
    const filesBefore = await filesUnder(searchDir);
    const documents = index.status().documents;
    store.add(count);
    await index.ready();
    const indexed = index.status().documents - documents;
    const start = performance.now();
    await index.save();
    const ms = performance.now() - start;
    const after = counted();
    if (indexed !== count) throw new Error(`the index took ${indexed} of the ${count} articles added`);
    if (typeof before === 'number' && typeof after === 'number') return { bytes: after - before, source: 'SearchIndex.bytesWritten', ms };
    const bytes = writtenBetween(filesBefore, await filesUnder(searchDir));
    const source = 'files under search/ (no SearchIndex.bytesWritten yet): new or replaced files counted whole, grown ones by their growth';
    // Nothing written is no figure: the added articles were not saved at all.
    if (bytes === 0) return { bytes: `n/a (save() wrote no file: this index does not save what it learnt from the store's changes)`, source, ms };
    return { bytes, source, ms };
  } finally {
    await index.close();
  }
}
