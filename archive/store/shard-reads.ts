/**
 * The background load's reads: each remaining shard's row index read a few files ahead of the
 * one being taken in, and parsed one per turn of the event loop. Read ahead, several files can
 * finish in one pass of the loop; parsed in their reads' callbacks they made one long turn (with
 * a collection's pause landing in it, stalls near 50 ms at a million). A shard whose row index is
 * missing, does not parse or is not its own is read whole.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { CorruptCatalogError, rowsPath, summaryShardFile, type SummaryShard } from './catalog-file.ts';
import { parseRowIndex, readRowIndexText, type RowIndex } from './rows.ts';

/** Shards read from disk ahead of the one being taken in. */
const READ_AHEAD = 4;

/** One shard as read: by its row index or whole (null: no file), or the damage that stopped its reading. */
export type ShardRead = { prefix: string; shard: RowIndex | SummaryShard | null } | { prefix: string; damaged: CorruptCatalogError };

export interface ShardReadOptions {
  /** The summary shard file of a prefix. */
  file: (prefix: string) => ReturnType<typeof summaryShardFile>;
  /** False once a shard need not be read any more (taken in meanwhile by a question that needed it at once). */
  wanted: (prefix: string) => boolean;
  /** True once the load is to stop. */
  stopped: () => boolean;
  /** Told of a shard read whole (written before row indexes, or its index is stale). */
  readWhole: (prefix: string) => void;
}

/** Reads the shards of `prefixes` in order (see the module's comment); ends early when stopped. */
export async function* readShards(prefixes: readonly string[], o: ShardReadOptions): AsyncGenerator<ShardRead> {
  const whole = async (prefix: string): Promise<SummaryShard | null> => {
    const file = o.file(prefix);
    const text = await file.readText();
    if (text === null) return null;
    o.readWhole(prefix);
    await yieldToLoop();
    return file.parse(text);
  };
  const read = (prefix: string): Promise<{ rowsText: string } | SummaryShard | null> => {
    const reading = readRowIndexText(rowsPath(o.file(prefix).path)).then(async (rowsText): Promise<{ rowsText: string } | SummaryShard | null> => (rowsText === null ? whole(prefix) : { rowsText }));
    reading.catch(() => undefined);
    return reading;
  };
  // A file read takes several round trips to the thread pool: one ahead leaves the loop waiting
  // on them. One ahead while the first is taken in, as a writer's open still has files to read
  // and write after this starts and the thread pool has four threads.
  const readings = prefixes.slice(0, 1).map(read);
  let nextRead = readings.length;
  for (const [k, prefix] of prefixes.entries()) {
    const reading = readings.shift()!;
    const ahead = k === 0 ? 1 : READ_AHEAD;
    while (readings.length < ahead && nextRead < prefixes.length) readings.push(read(prefixes[nextRead++]!));
    if (o.stopped()) return;
    if (!o.wanted(prefix)) continue;
    let shard: RowIndex | SummaryShard | null;
    try {
      const got = await reading;
      await yieldToLoop();
      if (got && 'rowsText' in got) {
        if (!o.wanted(prefix)) continue;
        shard = parseRowIndex(got.rowsText, o.file(prefix).path) ?? (await whole(prefix));
      } else {
        shard = got;
      }
    } catch (error) {
      if (!(error instanceof CorruptCatalogError)) throw error;
      yield { prefix, damaged: error };
      continue;
    }
    yield { prefix, shard };
  }
}
