/**
 * Real MHTML captures (Chrome's "Saved by Blink") through the whole import pipeline into a
 * scratch archive: each must become an article whose title is the MIME `Subject:` (RFC 2047
 * decoded) and whose url is `Snapshot-Content-Location:`. The malformed captures must fail
 * with a clear error and leave the archive unchanged. Expectations are read from the files
 * here with code of this script's own, not with the importer's MIME parser.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPaths } from '../../archive/import/batch.ts';
import { ArchiveStore } from '../../archive/store/store.ts';
import { SkipSuite, type ConformanceSuite } from './harness.ts';

const MALFORMED = new Set(['missing_boundary.mhtml', 'missing_boundary_header.mhtml', 'missing_headers.mhtml', 'unexpected_eof.mhtml']);

interface Expected {
  file: string;
  title: string;
  url: string | null;
}

interface CaseResult extends Expected {
  actualTitle: string | null;
  actualUrl: string | null;
  error: string | null;
}

export const mhtmlSuite: ConformanceSuite = {
  name: 'mhtml',
  async run(peerDir, log) {
    const root = join(peerDir, 'archive-formats', 'mhtml');
    if (!existsSync(root)) throw new SkipSuite(`no MHTML captures at ${root}`);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.mhtml') || f.endsWith('.mht'))
      .sort()
      .map((f) => join(root, f));
    const real = files.filter((f) => !MALFORMED.has(baseName(f)));
    const malformed = files.filter((f) => MALFORMED.has(baseName(f)));
    const scratch = mkdtempSync(join(tmpdir(), 'conformance-mhtml-'));
    try {
      const store = await ArchiveStore.open(scratch);
      try {
        log(`importing ${real.length} captures`);
        const report = await importPaths(store, real);
        const results: CaseResult[] = real.map((file) => {
          const expected = expectationOf(file);
          const entry = [...report.imported, ...report.duplicates].find((e) => e.file === file);
          const failure = report.failed.find((e) => e.file === file)?.error ?? report.skipped.find((e) => e.file === file)?.reason ?? null;
          const meta = entry ? store.get(entry.id) : undefined;
          return { ...expected, actualTitle: meta?.title ?? null, actualUrl: meta?.url ?? null, error: failure };
        });

        const before = store.size;
        log(`importing ${malformed.length} malformed captures`);
        const bad = await importPaths(store, malformed);
        const refused = malformed.filter((file) => bad.failed.some((f) => f.file === file && f.error.length > baseName(file).length + 10));
        const unchanged = store.size === before && bad.imported.length === 0;
        const verify = await store.verify();

        const titleOk = results.filter((r) => r.actualTitle === r.title).length;
        const urlOk = results.filter((r) => r.actualUrl === r.url).length;
        const imported = results.filter((r) => r.error === null && r.actualTitle !== null).length;
        return {
          rows: [
            { suite: 'mhtml', metric: 'real captures imported', value: `${imported}/${results.length}`, target: `${results.length}/${results.length}` },
            { suite: 'mhtml', metric: 'title = MIME Subject', value: `${titleOk}/${results.length}`, target: `${results.length}/${results.length}` },
            { suite: 'mhtml', metric: 'url = Snapshot-Content-Location', value: `${urlOk}/${results.length}`, target: `${results.length}/${results.length}` },
            { suite: 'mhtml', metric: 'malformed refused, archive unchanged', value: `${unchanged ? refused.length : 0}/${malformed.length}`, target: `${malformed.length}/${malformed.length}` },
            { suite: 'mhtml', metric: 'verify after all imports', value: verify.ok ? 'ok' : `${verify.problems.length} problem(s)`, target: 'ok' },
          ],
          details: {
            mismatches: results.filter((r) => r.actualTitle !== r.title || r.actualUrl !== r.url || r.error),
            malformed: bad.failed.map((f) => ({ file: baseName(f.file), error: f.error })),
          },
        };
      } finally {
        await store.close();
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Subject and Snapshot-Content-Location from the file's top headers (or the first part's Content-Location). */
function expectationOf(file: string): Expected {
  const text = readFileSync(file).subarray(0, 64 * 1024).toString('latin1');
  const headerEnd = text.search(/\r?\n\r?\n/);
  const unfolded = text.slice(0, headerEnd).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string, block: string): string | null =>
    new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(block)?.[1]?.trim() ?? null;
  const firstPart = text.slice(headerEnd).split(/\r?\n\r?\n/, 3)[1] ?? '';
  const url = header('Snapshot-Content-Location', unfolded) ?? header('Content-Location', firstPart.replace(/\r?\n[ \t]+/g, ' '));
  return { file, title: decodeWords(header('Subject', unfolded) ?? ''), url };
}

/** RFC 2047 for what the captures use: UTF-8 `Q` and `B` words, adjacent words joined. */
function decodeWords(value: string): string {
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(/(?:=\?utf-8\?([QB])\?([^?]*)\?=)+/gi, (run) => {
    const bytes: number[] = [];
    for (const m of run.matchAll(/=\?utf-8\?([QB])\?([^?]*)\?=/gi)) {
      if (m[1]!.toUpperCase() === 'B') bytes.push(...Buffer.from(m[2]!, 'base64'));
      else {
        const q = m[2]!.replace(/_/g, ' ');
        for (let i = 0; i < q.length; i++) {
          if (q[i] === '=' && /^[0-9A-F]{2}$/i.test(q.slice(i + 1, i + 3))) {
            bytes.push(parseInt(q.slice(i + 1, i + 3), 16));
            i += 2;
          } else bytes.push(q.charCodeAt(i));
        }
      }
    }
    return Buffer.from(bytes).toString('utf8');
  });
}
