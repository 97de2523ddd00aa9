/**
 * What a backup holds, checked against the schema the store writes (store/schema.ts) before
 * restore changes anything: every record and its reading state, every body file against its
 * record, and every asset by its bytes (a raster image of the type its name says; an `.svg` or
 * `.html` asset could run when exported). Checksums are restore.ts's; this is the content.
 */
import { sniffRasterExt, rasterExtOfName } from '../raster.ts';
import { articleRecordProblem, bodyFileProblem, highlightsProblem, readingStateProblem } from '../store/schema.ts';
import type { ArticleMeta } from '../model.ts';
import { assetEntryPath, bodyEntryPath, originalEntryPath, RECORDS_NAME, type BackupRecord } from './manifest.ts';
import type { TarEntrySink } from './tar.ts';

/** Reports the first thing wrong with the backup and stops the check (throws). */
export type Fail = (detail: string) => never;

/** Largest body file a backup may carry: far above what the store writes (RECORD_LIMITS.bodyText). */
const MAX_BODY_BYTES = 512 * 1024 * 1024;
/** Bytes of an asset needed to tell its image type. */
const IMAGE_HEAD = 32;

/** Parses `records.jsonl`, checking each line against the record schema; ids must be unique. */
export function parseRecords(bytes: Uint8Array, fail: Fail): BackupRecord[] {
  const records: BackupRecord[] = [];
  const ids = new Set<string>();
  const lines = new TextDecoder().decode(bytes).split('\n');
  lines.forEach((line, i) => {
    if (!line) return;
    const where = `${RECORDS_NAME} line ${i + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return fail(`${where} is not JSON`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return fail(`${where} is not an article record`);
    const extra = Object.keys(record).find((k) => k !== 'meta' && k !== 'reading' && k !== 'highlights');
    if (extra !== undefined) return fail(`${where}: ${extra} is not a field this app writes`);
    const { meta, reading = null, highlights } = record as { meta?: unknown; reading?: unknown; highlights?: unknown };
    const problem = articleRecordProblem(meta, 'meta') ?? readingStateProblem(reading, 'reading') ?? highlightsProblem(highlights, (meta as ArticleMeta).id, 'highlights');
    if (problem) return fail(`${where}: ${problem}`);
    const id = (meta as ArticleMeta).id;
    if (ids.has(id)) return fail(`${RECORDS_NAME} lists ${id} twice`);
    ids.add(id);
    records.push({ meta: meta as ArticleMeta, reading: reading as BackupRecord['reading'], ...(highlights ? { highlights: highlights as BackupRecord['highlights'] } : {}) });
  });
  return records;
}

/** Every archive file the records refer to, each with the record that needs it. */
export function referencedFiles(records: BackupRecord[]): Map<string, ArticleMeta> {
  const files = new Map<string, ArticleMeta>();
  for (const { meta } of records) {
    files.set(bodyEntryPath(meta.id), meta);
    for (const c of meta.captures) files.set(originalEntryPath(c.sha256, c.ext), meta);
    for (const a of meta.assets) files.set(assetEntryPath(a), meta);
  }
  return files;
}

/**
 * A sink that checks one archive file's content as it streams past: a body is parsed and checked
 * against its record, an asset's first bytes must be the raster image its name says; originals
 * are the imported bytes, kept as they came. Null when there is nothing to check.
 */
export function contentCheck(name: string, owner: ArticleMeta, fail: Fail): TarEntrySink | null {
  if (name.startsWith('articles/')) {
    const parts: Uint8Array[] = [];
    let size = 0;
    return {
      write(chunk) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) fail(`${name} is larger than any body this app writes`);
        parts.push(Uint8Array.from(chunk));
      },
      end() {
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.concat(parts).toString('utf8'));
        } catch {
          fail(`${name} is not JSON`);
        }
        const problem = bodyFileProblem(parsed, owner, name);
        if (problem) fail(problem);
      },
    };
  }
  if (name.startsWith('assets/')) {
    const head = new Uint8Array(IMAGE_HEAD);
    let filled = 0;
    return {
      write(chunk) {
        const take = Math.min(IMAGE_HEAD - filled, chunk.length);
        head.set(chunk.subarray(0, take), filled);
        filled += take;
      },
      end() {
        const named = rasterExtOfName(name);
        const actual = sniffRasterExt(head.subarray(0, filled));
        if (named === null || actual !== named) {
          fail(`${name} is not the image its name says (its bytes are ${actual ? `a ${actual.toUpperCase()} image` : 'not a PNG, JPEG, GIF, WebP, AVIF or BMP image'})`);
        }
      },
    };
  }
  return null;
}
