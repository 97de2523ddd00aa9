/**
 * The real app in a real Electron, driven by Playwright: starts it on a fresh archive, checks the
 * window is sandboxed and offline, imports a saved page (chosen in main's dialog: a path from the
 * window is refused), reads it in another script, exports a PDF into the folder main's dialog gives. Runs wherever an Electron binary exists (a normal `npm install`); elsewhere it reports
 * itself skipped with the reason (this repository's CI cannot download Electron's binary).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReaderBridge } from '../archive/contract.ts';
import { electronBinary as installedElectron, ELECTRON_HINT } from '../launcher/start.ts';

const projectDir = join(import.meta.dirname, '..');

/** The Electron executable (found as `npm start` finds it), or why there is none. */
function electronBinary(): { path: string } | { reason: string } {
  const explicit = process.env.ELECTRON_PATH;
  if (explicit) return existsSync(explicit) ? { path: explicit } : { reason: `ELECTRON_PATH is ${explicit}, but there is no file there` };
  const path = installedElectron(projectDir);
  return path ? { path } : { reason: `no Electron binary (its download failed or was skipped at install); ${ELECTRON_HINT}` };
}

const found = electronBinary();
const missingBuild = ['dist/main.cjs', 'dist/preload.cjs', 'dist/renderer/index.html'].find((f) => !existsSync(join(projectDir, f)));
const skip = 'reason' in found ? found.reason : missingBuild ? `${missingBuild} is not built: run \`npm run build\`` : false;

const PAGE = `<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>打贏教育脫貧攻堅戰 - 示例新聞網</title></head>
<body><article><h1>打贏教育脫貧攻堅戰</h1><p>記者 王小明 2020年11月25日</p>
<p>近年來，全市教育系統堅持把發展教育作為脫貧攻堅的治本之策，努力讓每一個鄉村孩子都能上好學，累計改善農村學校辦學條件三百餘所。</p>
<p>市教育局負責人介紹，全市資助家庭經濟困難學生十二萬人次，把優秀教師派到最需要的地方去。</p>
<script>document.title = 'ran'</script></article></body></html>`;

test('the packaged-style app: hardened window, import, read in another script, export a PDF', { skip, timeout: 180_000 }, async () => {
  const { _electron } = await import('playwright-core');
  const dir = await mkdtemp(join(tmpdir(), 'electron-e2e-'));
  const app = await _electron.launch({
    executablePath: (found as { path: string }).path,
    args: [projectDir, '--archive', join(dir, 'archive')],
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  });
  try {
    const page = await app.firstWindow();
    await page.waitForFunction(() => 'reader' in window);
    assert.equal(page.url(), 'app://bundle/index.html');

    const isolation = await page.evaluate(async () => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      frozen: Object.isFrozen((window as unknown as { reader: unknown }).reader),
      fetchBlocked: await fetch('https://example.com/').then(() => false, () => true),
    }));
    assert.deepEqual(isolation, { require: 'undefined', process: 'undefined', frozen: true, fetchBlocked: true });
    const urls = await app.evaluate(({ webContents }) => webContents.getAllWebContents().map((w) => w.getURL()));
    assert.deepEqual(urls, ['app://bundle/index.html']);

    const file = join(dir, 'saved-page.html');
    await writeFile(file, PAGE);
    const out = join(dir, 'pdf');
    // Files come from main's dialogs, never from the window: the dialogs answer with these, in turn.
    await app.evaluate(({ dialog }, answers) => {
      const queue = [...answers];
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [queue.shift() ?? ''] })) as unknown as typeof dialog.showOpenDialog;
    }, [file, out]);
    const refused = await page.evaluate(
      (path) => (window as unknown as { reader: ReaderBridge }).reader.importFiles({ paths: [path] } as never).then(() => 'accepted', (error: Error) => error.message),
      file,
    );
    assert.match(refused, /importFiles\.paths: the window cannot name files/);
    const report = await page.evaluate(() => (window as unknown as { reader: ReaderBridge }).reader.chooseAndImport({ kind: 'files' }));
    assert.ok(report);
    assert.equal(report.imported.length, 1, JSON.stringify(report));
    const id = report.imported[0]!.id;

    const view = await page.evaluate((articleId) => (window as unknown as { reader: ReaderBridge }).reader.getArticle({ id: articleId, script: 'hans' }), id);
    assert.ok(view);
    assert.match(view.body.html, /脱贫攻坚/);
    assert.doesNotMatch(view.body.html, /<script/);
    await page.evaluate(() => (window as unknown as { reader: ReaderBridge }).reader.updateSettings({ script: 'hans' }));
    await page.getByText('打赢教育脱贫攻坚战').first().waitFor({ timeout: 20_000 });

    const exported = await page.evaluate(
      (articleId) => (window as unknown as { reader: ReaderBridge }).reader.exportArticles({ ids: [articleId], format: 'pdf', script: 'hans', fontSize: 18 }),
      id,
    );
    assert.ok(exported);
    const pdf = exported.files[0]!;
    assert.equal((await readFile(pdf)).subarray(0, 5).toString(), '%PDF-');
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    if (text.status === 0) assert.ok(text.stdout.replace(/\s+/g, '').includes('打赢教育脱贫攻坚战'), text.stdout.slice(0, 300));
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
});
