/**
 * A large WARC imported streamed: the bench writes a crawl-shaped `.warc.gz` (gzipped record by
 * record: HTML pages of synthetic articles, each with its request and a few images), by default
 * 2 GiB (`WARC_BENCH_MB` makes it smaller for quick runs), then imports it into a fresh archive in
 * a child process, so the peak resident memory reported is the import's own and not this runner's.
 * The import is the app's: a batch import of the file, pages read and committed on the main thread
 * and extracted on the worker pool (whose threads count in the peak).
 * Figures: `warc.size_mb`, `warc.pages`, `warc.rss_mb` (peak), `warc.mb_per_s` (file size over the
 * import's wall time), `warc.max_stall_ms` (the main thread's longest stall after the workers have
 * started: in the app, how long the window would wait).
 */
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { importPaths } from '../../archive/import/batch.ts';
import { ArchiveStore } from '../../archive/store/store.ts';
import { syntheticArticle } from '../../archive/testing/synthetic.ts';
import { warcRecord, type FixtureRecord } from '../../archive/webarchive/fixtures.ts';
import { round, type BenchSuite, type Figures } from './harness.ts';

const IMAGES_PER_PAGE = 4;

/** Image bodies reused across pages (a crawl holds many images; their bytes do not matter here). */
function imagePool(): Uint8Array[] {
  const pool: Uint8Array[] = [];
  for (let k = 0; k < 16; k++) {
    const bytes = new Uint8Array(90_000 + k * 4_000);
    bytes.set([0xff, 0xd8, 0xff, 0xe0]);
    let x = 0x9e3779b9 ^ k;
    for (let i = 4; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 0xff;
    }
    pool.push(bytes);
  }
  return pool;
}

function pageHtml(index: number): string {
  const article = syntheticArticle(index, 7);
  const images = Array.from({ length: IMAGES_PER_PAGE }, (_, k) => `<figure><img src="/media/${index}/${k}.jpg" alt="圖 ${k}"><figcaption>${k}</figcaption></figure>`);
  const [first = '', ...rest] = article.html.split('\n');
  return `<!doctype html><html lang="${article.lang}"><head><meta charset="utf-8"><title>${article.title}</title><meta name="author" content="${article.byline ?? ''}"></head><body><nav><a href="/">首頁</a></nav><article><h1>${article.title}</h1>${first}${images.join('')}${rest.join('\n')}</article><footer>© ${article.source}</footer></body></html>`;
}

/** Writes a crawl of at least `targetBytes` to `path`; returns its size and page count. */
export async function writeBenchWarc(path: string, targetBytes: number, log: (m: string) => void): Promise<{ bytes: number; pages: number }> {
  const pool = imagePool();
  const handle = await open(path, 'w');
  let bytes = 0;
  let pages = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    let done = 0;
    while (done < chunk.length) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
  };
  const put = async (record: FixtureRecord): Promise<void> => {
    const gz = gzipSync(warcRecord(record), { level: 1 });
    pending.push(gz);
    pendingBytes += gz.length;
    bytes += gz.length;
    if (pendingBytes > 8 << 20) await flush();
  };
  try {
    await put({ type: 'warcinfo', body: 'software: reader-archive bench\r\nformat: WARC File Format 1.1\r\n' });
    let lastLog = 0;
    while (bytes < targetBytes) {
      const url = `https://news.example.org/${pages}.html`;
      const date = new Date(Date.UTC(2024, 0, 1) + pages * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      await put({ type: 'response', url, date, http: { headers: { 'Content-Type': 'text/html; charset=utf-8' } }, body: pageHtml(pages) });
      await put({ type: 'request', url, date });
      for (let k = 0; k < IMAGES_PER_PAGE; k++) {
        const image = pool[(pages * IMAGES_PER_PAGE + k) % pool.length]!;
        await put({ type: 'response', url: `https://news.example.org/media/${pages}/${k}.jpg`, date, http: { headers: { 'Content-Type': 'image/jpeg' } }, body: image });
      }
      pages++;
      if (bytes - lastLog > 256 << 20) {
        lastLog = bytes;
        log(`written ${Math.round(bytes / 2 ** 20)} MB`);
      }
    }
    await flush();
  } finally {
    await handle.close();
  }
  return { bytes, pages };
}

/** The child: imports the WARC and prints one JSON line with its figures. */
async function child(warc: string, archiveDir: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const start = performance.now();
  // Stalls of the main thread, from 5 s on (worker start-up under tsx is not the app's).
  let maxStall = 0;
  let last = performance.now();
  const stalls = setInterval(() => {
    const now = performance.now();
    if (now - start > 5000) maxStall = Math.max(maxStall, now - last - 10);
    last = now;
  }, 10);
  const store = await ArchiveStore.open(archiveDir);
  const result = await importPaths(store, [warc]);
  await store.close();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  clearInterval(stalls);
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  process.stdout.write(`${JSON.stringify({ seconds, peakRss: peak, maxStall, imported: result.imported.length, failed: result.failed.length, skipped: result.skipped.length })}\n`);
}

export const warcBench: BenchSuite = {
  name: 'warc',
  async run(ctx) {
    const mb = Number(process.env.WARC_BENCH_MB ?? 2048);
    if (!Number.isFinite(mb) || mb <= 0) throw new Error(`WARC_BENCH_MB must be a positive number of megabytes, not "${process.env.WARC_BENCH_MB}"`);
    const warc = join(ctx.tmpDir, 'bench.warc.gz');
    ctx.log(`writing a ${mb} MB WARC (set WARC_BENCH_MB for another size)`);
    const genStart = performance.now();
    const written = await writeBenchWarc(warc, mb * 2 ** 20, ctx.log);
    const genSeconds = (performance.now() - genStart) / 1000;
    ctx.log(`importing ${written.pages} pages from ${Math.round(written.bytes / 2 ** 20)} MB`);
    const out = await new Promise<string>((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), warc, join(ctx.tmpDir, 'warc-archive')], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      proc.stdout.on('data', (d: Buffer) => (text += d.toString()));
      proc.on('error', reject);
      proc.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`the import process exited with ${code}`))));
    });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { seconds: number; peakRss: number; maxStall: number; imported: number; failed: number; skipped: number };
    const figures: Figures = {
      'warc.size_mb': round(written.bytes / 2 ** 20),
      'warc.pages': written.pages,
      'warc.imported': r.imported,
      'warc.failed': r.failed,
      'warc.write_s': round(genSeconds),
      'warc.import_s': round(r.seconds),
      'warc.rss_mb': round(r.peakRss / 2 ** 20),
      'warc.mb_per_s': round(written.bytes / 2 ** 20 / r.seconds),
      'warc.max_stall_ms': round(r.maxStall),
    };
    return figures;
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.length >= 4) {
  await child(process.argv[2]!, process.argv[3]!);
}
