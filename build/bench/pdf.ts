/**
 * PDF export against Chromium's own `--print-to-pdf` on the same print HTML, in the same run:
 * one article (about 5,000 CJK characters) through the CLI against one Chromium run, and a batch
 * of 20 through one CLI run (one browser, many pages) against twenty Chromium runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium } from '../../archive/export/chromium.ts';
import { assetReaderOf } from '../../archive/export/export.ts';
import { buildExportDocument } from '../../archive/export/print-html.ts';
import type { ExtractedArticle } from '../../archive/model.ts';
import { ArchiveStore } from '../../archive/store/store.ts';
import { syntheticArticle } from '../../archive/testing/synthetic.ts';
import { median, round, type BenchSuite, type Figures } from './harness.ts';

const BATCH = 20;
const CJK_CHARS = 5000;

/** A Chinese article of at least `chars` CJK characters, built from synthetic ones. */
function longChineseArticle(index: number): ExtractedArticle {
  const paragraphs: string[] = [];
  let first: ExtractedArticle | null = null;
  for (let i = 0, count = 0; count < CJK_CHARS; i++) {
    const part = syntheticArticle(index * 1000 + i, 7);
    if (part.lang === 'en') continue;
    first ??= part;
    for (const p of part.paragraphs) {
      paragraphs.push(p);
      count += (p.match(/\p{Script=Han}/gu) ?? []).length;
    }
  }
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return { ...first!, title: `${first!.title} ${index}`, paragraphs, html: paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n') };
}

function timed(command: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')} … failed: ${result.stderr.split('\n').slice(-3).join(' ')}`);
  return ms;
}

export const pdfBench: BenchSuite = {
  name: 'pdf',
  async run(ctx): Promise<Figures> {
    let chromium: string;
    try {
      chromium = findChromium();
    } catch (error) {
      ctx.log(`pdf: skipped (${(error as Error).message})`);
      return { 'pdf.skipped': (error as Error).message };
    }
    const dir = join(ctx.tmpDir, 'pdf');
    const store = await ArchiveStore.open(join(dir, 'archive'));
    const ids: string[] = [];
    const htmlFiles: string[] = [];
    let chars = 0;
    try {
      for (let i = 0; i < BATCH; i++) {
        const article = longChineseArticle(i);
        const added = await store.addArticle({ article, original: { bytes: Buffer.from(article.html), fileName: `long-${i}.html`, ext: 'html' } });
        ids.push(added.id);
        const doc = await buildExportDocument(store.get(added.id)!, await store.getBody(added.id), { script: 'original', fontSize: 16 }, assetReaderOf(store));
        if (i === 0) chars = (doc.paragraphs.join('').match(/\p{Script=Han}/gu) ?? []).length;
        const file = join(dir, `print-${i}.html`);
        await writeFile(file, doc.html);
        htmlFiles.push(file);
      }
    } finally {
      await store.close();
    }
    // The installed CLI when it is built, else the sources through tsx.
    const root = resolve(import.meta.dirname, '..', '..');
    const builtCli = join(root, 'dist', 'cli.mjs');
    const cli = existsSync(builtCli) ? [builtCli] : ['--import', 'tsx', join(root, 'archive', 'cli.ts')];
    const exportArgs = (some: string[], out: string): string[] => [...cli, '--archive', join(dir, 'archive'), 'export', ...some, '--format', 'pdf', '--out', out];
    // Playwright runs Chromium without its sandbox (and root cannot have one): the same here.
    const chromiumArgs = (html: string, out: string): string[] => ['--headless', '--disable-gpu', '--no-first-run', '--no-sandbox', `--print-to-pdf=${out}`, pathToFileURL(html).href];
    await mkdir(join(dir, 'out'), { recursive: true });

    ctx.log(`pdf: one article (${chars} CJK characters), ${ctx.runs} runs each`);
    const oneChromium: number[] = [];
    const oneCli: number[] = [];
    for (let r = 0; r < ctx.runs; r++) {
      oneChromium.push(timed(chromium, chromiumArgs(htmlFiles[0]!, join(dir, 'out', `chromium-${r}.pdf`))));
      oneCli.push(timed(process.execPath, exportArgs([ids[0]!], join(dir, 'out', `cli-${r}`))));
    }
    ctx.log(`pdf: a batch of ${BATCH}`);
    let twentyChromium = 0;
    for (const [i, html] of htmlFiles.entries()) twentyChromium += timed(chromium, chromiumArgs(html, join(dir, 'out', `batch-chromium-${i}.pdf`)));
    const twentyCli = timed(process.execPath, exportArgs(ids, join(dir, 'out', 'batch-cli')));
    const pdfBytes = (await readFile(join(dir, 'out', 'cli-0', readdirSync(join(dir, 'out', 'cli-0'))[0]!))).byteLength;

    const one = median(oneCli);
    const base = median(oneChromium);
    return {
      'pdf.cjk_chars': chars,
      'pdf.chromium_one_ms': round(base),
      'pdf.cli_one_ms': round(one),
      'pdf.one_ratio': round(one / base),
      'pdf.chromium_twenty_ms': round(twentyChromium),
      'pdf.cli_twenty_ms': round(twentyCli),
      'pdf.twenty_ratio': round(twentyCli / twentyChromium),
      'pdf.one_pdf_kb': round(pdfBytes / 1024),
    };
  },
};
