/**
 * `verify`: every catalog record checked against its files (present, checksums equal), and every
 * file checked against the catalog (an orphan is a leftover of an add that never committed, or of
 * a removal interrupted after its commit; both are safe to delete).
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleMeta, VerifyProblem, VerifyReport } from '../model.ts';
import { isCode, sha256, TEMP_SUFFIX } from './durable.ts';

export interface VerifyInput {
  dir: string;
  articles: ArticleMeta[];
  journalDamage: string[];
  /** Delete orphan files (only with the archive lock held). */
  clean: boolean;
  repair: boolean;
  /** Called after each article is checked. */
  onProgress?: (done: number, total: number) => void;
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
}

async function fileSha(path: string): Promise<string | null> {
  try {
    return sha256(await readFile(path));
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
}

/** Checks the archive in `dir` against its catalog records. */
export async function verifyArchive(input: VerifyInput): Promise<VerifyReport> {
  const { dir, articles } = input;
  const problems: VerifyProblem[] = input.journalDamage.map((detail) => ({ kind: 'bad-journal', path: 'journal', detail }));
  const wantedBodies = new Set<string>();
  const wantedOriginals = new Set<string>();
  const wantedAssets = new Set<string>();

  for (const [index, meta] of articles.entries()) {
    input.onProgress?.(index, articles.length);
    const bodyRel = join('articles', meta.id.slice(0, 2), `${meta.id}.json`);
    wantedBodies.add(bodyRel);
    const bodySha = await fileSha(join(dir, bodyRel));
    if (bodySha === null) problems.push({ kind: 'missing-file', path: bodyRel, id: meta.id, detail: `the body of "${meta.title}" is missing` });
    else if (bodySha !== meta.bodySha256) problems.push({ kind: 'checksum-mismatch', path: bodyRel, id: meta.id, detail: `the body of "${meta.title}" has changed since it was stored` });
    for (const c of meta.captures) {
      const rel = join('originals', `${c.sha256}.${c.ext}`);
      wantedOriginals.add(rel);
      const sha = await fileSha(join(dir, rel));
      if (sha === null) problems.push({ kind: 'missing-file', path: rel, id: meta.id, detail: `the original of "${meta.title}" (${c.fileName}) is missing` });
      else if (sha !== c.sha256) problems.push({ kind: 'checksum-mismatch', path: rel, id: meta.id, detail: `the original of "${meta.title}" (${c.fileName}) does not match its checksum` });
    }
    for (const a of meta.assets) {
      const rel = join('assets', a);
      if (wantedAssets.has(rel)) continue;
      wantedAssets.add(rel);
      const sha = await fileSha(join(dir, rel));
      if (sha === null) problems.push({ kind: 'missing-file', path: rel, id: meta.id, detail: `an image of "${meta.title}" is missing` });
      else if (!a.startsWith(sha)) problems.push({ kind: 'checksum-mismatch', path: rel, id: meta.id, detail: `an image of "${meta.title}" does not match its checksum` });
    }
  }

  const orphans: string[] = [];
  for (const shard of await listFiles(join(dir, 'articles'))) {
    for (const name of await listFiles(join(dir, 'articles', shard))) {
      const rel = join('articles', shard, name);
      if (!wantedBodies.has(rel)) orphans.push(rel);
    }
  }
  for (const name of await listFiles(join(dir, 'originals'))) {
    const rel = join('originals', name);
    if (!wantedOriginals.has(rel)) orphans.push(rel);
  }
  for (const name of await listFiles(join(dir, 'assets'))) {
    const rel = join('assets', name);
    if (!wantedAssets.has(rel)) orphans.push(rel);
  }
  // Temp files of interrupted writes: the manifest's beside it, the shards' in their folders.
  for (const sub of ['', 'catalog', 'provenance']) {
    for (const name of await listFiles(join(dir, sub))) {
      if (name.endsWith(TEMP_SUFFIX)) orphans.push(sub ? join(sub, name) : name);
    }
  }
  for (const rel of orphans) {
    let repaired = false;
    if (input.clean) {
      await unlink(join(dir, rel)).catch(() => undefined);
      repaired = true;
    }
    problems.push({ kind: 'orphan-file', path: rel, detail: rel.endsWith(TEMP_SUFFIX) ? 'a temporary file left by an interrupted write' : 'not referred to by the catalog (left by an interrupted import or removal)', repaired });
  }
  const ok = problems.every((p) => p.kind === 'orphan-file');
  return { ok, problems };
}
