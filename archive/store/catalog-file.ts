/**
 * The catalog's lowdb adapter. Reads parse the whole file; writes stream the data out in slices,
 * yielding to the event loop between them so that a 100k-article catalog never stalls the app,
 * then fsync and rename it into place: the rename is the commit.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Adapter } from 'lowdb';
import { isCode, syncDir, TEMP_SUFFIX } from './durable.ts';
import type { CatalogData } from './schema.ts';

/** Thrown when catalog.json exists but is not a catalog; the store then opens a backup. */
export class CorruptCatalogError extends Error {}

const SLICE = 500;

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Serializes the catalog in slices of articles, so each slice costs a few milliseconds. */
async function* serialize(data: CatalogData, order: Iterable<string>): AsyncGenerator<string> {
  const { articles, ...rest } = data;
  const head = JSON.stringify(rest);
  yield `${head.slice(0, -1)},"articles":{`;
  let first = true;
  let inSlice = 0;
  let chunk = '';
  for (const id of order) {
    const meta = articles[id];
    if (!meta) continue;
    chunk += `${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(meta)}`;
    first = false;
    if (++inSlice === SLICE) {
      yield chunk;
      chunk = '';
      inSlice = 0;
      await yieldToLoop();
    }
  }
  yield `${chunk}}}`;
}

export class CatalogFile implements Adapter<CatalogData> {
  /**
   * The order to write articles in (ids; those missing are skipped). The store passes the
   * library's default sort, so the next open finds them already sorted and its sort is linear.
   */
  order: (() => Iterable<string>) | null = null;

  constructor(readonly path: string) {}

  async read(): Promise<CatalogData | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT')) return null;
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CorruptCatalogError(`${(error as Error).message} (${text.length} characters)`);
    }
    if (!isCatalogShape(data)) throw new CorruptCatalogError('it parses, but is not a catalog (no schemaVersion/articles)');
    return data;
  }

  async write(data: CatalogData): Promise<void> {
    const temp = `${this.path}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
    const handle = await open(temp, 'wx');
    try {
      let buffered = '';
      const order = this.order?.() ?? Object.keys(data.articles);
      for await (const piece of serialize(data, order)) {
        buffered += piece;
        if (buffered.length > 1 << 20) {
          await handle.write(buffered);
          buffered = '';
        }
      }
      await handle.write(buffered);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
    await syncDir(dirname(this.path));
  }
}

function isCatalogShape(data: unknown): data is CatalogData {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.schemaVersion === 'number' && typeof d.articles === 'object' && d.articles !== null;
}
