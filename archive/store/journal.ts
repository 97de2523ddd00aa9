/**
 * The catalog's journal: every change is one JSON line appended and fsynced, so an add or a
 * saved reading position is durable without rewriting the whole catalog. Journals are numbered;
 * compaction folds them into catalog.json and starts the next one.
 */
import { open, readFile, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { HighlightOp } from '../highlights/catalog.ts';
import type { ArticleMeta, ReadingState, Settings } from '../model.ts';
import { isCode, syncDir } from './durable.ts';

/** One change to the catalog. Replaying an op twice gives the same catalog as once. */
export type JournalOp =
  | { op: 'put'; meta: ArticleMeta }
  | { op: 'del'; id: string }
  | { op: 'state'; id: string; state: ReadingState }
  | { op: 'settings'; settings: Settings }
  | HighlightOp;

const NAME = /^journal-(\d+)\.jsonl$/;

export function journalPath(dir: string, gen: number): string {
  return join(dir, `journal-${String(gen).padStart(6, '0')}.jsonl`);
}

/** The generations of the journals present in `dir`, ascending. */
export async function journalGens(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  return names
    .map((n) => NAME.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** What a journal held: its ops, and whether its tail was torn by a crash mid-append. */
export interface JournalRead {
  ops: JournalOp[];
  tornTail: boolean;
  /** A line that is not the last and does not parse: real damage, reported by verify. */
  damagedLines: number;
}

/** Reads one journal; a torn last line (an append that never returned) is dropped. */
export async function readJournal(path: string): Promise<JournalRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return { ops: [], tornTail: false, damagedLines: 0 };
    throw error;
  }
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  const last = lines.pop() ?? '';
  const result: JournalRead = { ops: [], tornTail: !complete && last.length > 0, damagedLines: 0 };
  for (const line of lines) {
    if (!line) continue;
    try {
      result.ops.push(JSON.parse(line) as JournalOp);
    } catch {
      result.damagedLines++;
    }
  }
  return result;
}

/** The journal being appended to. Appends are queued so lines never interleave. */
export class JournalWriter {
  #handle: FileHandle;
  #queue: Promise<void> = Promise.resolve();
  entries = 0;

  private constructor(
    readonly gen: number,
    handle: FileHandle,
  ) {
    this.#handle = handle;
  }

  static async open(dir: string, gen: number): Promise<JournalWriter> {
    const path = journalPath(dir, gen);
    const handle = await open(path, 'a');
    await syncDir(dir);
    return new JournalWriter(gen, handle);
  }

  /** Appends ops as lines; resolves once they are on disk (fsync) when `durable`. */
  append(ops: JournalOp[], durable = true): Promise<void> {
    const text = ops.map((op) => `${JSON.stringify(op)}\n`).join('');
    const run = this.#queue.then(async () => {
      await this.#handle.write(text);
      if (durable) await this.#handle.datasync();
      this.entries += ops.length;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#handle.datasync().catch(() => undefined);
    await this.#handle.close();
  }
}

/** Removes journals older than `gen` (they are folded into catalog.json). */
export async function dropJournalsBefore(dir: string, gen: number): Promise<void> {
  for (const g of await journalGens(dir)) {
    if (g < gen) await unlink(journalPath(dir, g)).catch(() => undefined);
  }
}
