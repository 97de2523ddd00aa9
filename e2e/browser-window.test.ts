/**
 * `npm start` without Electron: the browser window as users get it (launcher/browser-window.ts,
 * its own Chromium, profile and flags), headless. It writes the sample archive on first start,
 * shows the library, closes with no process left, and holds the same walls as the app's window.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleArticles, SAMPLE_TAG } from '../archive/sample.ts';
import { ArchiveStore } from '../archive/store/store.ts';
import { APP_ORIGIN } from '../launcher/app-origin.ts';
import { BROWSER_WINDOW_NOTICE, openReaderWindow } from '../launcher/browser-window.ts';
import { PAGE_DIALOGS } from '../launcher/page-dialogs.ts';
import { english, hostile } from './fixtures/articles.ts';
import { ROOT, skipReason, until } from './support/app.ts';
import { springHostileTraps } from './support/reader-page.ts';

/** Pids of live processes whose command line mentions `needle` (Linux: /proc). */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** `pids` and every process below them. */
function withDescendants(pids: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = new Set(pids);
  for (const pid of all) for (const child of children.get(pid) ?? []) all.add(child);
  return [...all];
}

/** Whether `pid` still runs (a zombie waiting for its parent counts as ended). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const skip = skipReason() || (process.platform === 'linux' ? false : 'the process check reads /proc (Linux)');
if (skip) console.log(`# browser window tests skipped: ${skip}`);

describe('the browser window (npm start without Electron)', { skip, timeout: 180_000 }, () => {
  test('first start writes the sample archive, the library lists it, and closing leaves no process behind', async () => {
    const archiveDir = join(await mkdtemp(join(tmpdir(), 'reader-window-test-')), 'archive');
    const lines: string[] = [];
    const app = await openReaderWindow({ archiveDir, headless: true, say: (line) => lines.push(line) });
    let closed = false;
    try {
      assert.ok(existsSync(archiveDir), 'the archive folder was created');
      const samples = sampleArticles().map((a) => a.title);
      assert.equal(app.store.size, samples.length);
      const rows = app.page.locator('library-list .row');
      await until('the library to list the samples', async () => (await rows.count()) === samples.length);
      const shown = await rows.allInnerTexts();
      for (const title of samples) assert.ok(shown.some((row) => row.includes(title)), `the library shows "${title}"`);
      assert.ok(app.store.list({ sort: 'publishedAt', order: 'desc', offset: 0, limit: 10 }).items.every((m) => m.tags.includes(SAMPLE_TAG)));
      assert.deepEqual(lines, [BROWSER_WINDOW_NOTICE], 'one line says this is the browser window');
      assert.ok(app.traffic.served.some((url) => url === `${APP_ORIGIN}/app.js`));
      assert.deepEqual(app.traffic.refused, []);
      const chromium = withDescendants(processesMentioning(`--user-data-dir=${app.profileDir}`));
      assert.ok(chromium.length > 1, `Chromium runs with this window's profile, with its helpers (${chromium.length} processes)`);
      await app.close();
      await app.closed;
      closed = true;
      await until('every Chromium process of the window to end', () => chromium.every((pid) => !running(pid)), 10_000);
      console.log(`# ${chromium.length} Chromium processes started, none left after close`);
      assert.ok(!existsSync(app.profileDir), 'the temporary profile is removed');
      assert.ok(existsSync(join(archiveDir, 'catalog.json')), 'the catalog was written at close');
      const again = await ArchiveStore.open(archiveDir);
      assert.equal(again.size, samples.length, 'the archive was closed and unlocked, samples kept; a second start adds none');
      await again.close();
    } finally {
      if (!closed) await app.close();
      await rm(join(archiveDir, '..'), { recursive: true, force: true });
    }
  });

  test('a hostile article runs no script and sends no request; only the top frame may call the service', async () => {
    const archiveDir = await mkdtemp(join(tmpdir(), 'reader-window-test-'));
    const store = await ArchiveStore.open(archiveDir);
    for (const [i, article] of [hostile, english].entries()) {
      await store.addArticle({ article, original: { bytes: new TextEncoder().encode(`<!-- window ${i} -->${article.html}`), fileName: `page-${i}.html`, ext: 'html' } });
    }
    await store.close();
    const app = await openReaderWindow({ archiveDir, headless: true, say: () => undefined });
    const tripped: string[] = [];
    const attempts: string[] = [];
    try {
      const { page, context } = app;
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(`${APP_ORIGIN}/`) && !url.startsWith('data:') && !url.startsWith('about:')) attempts.push(url);
      });
      await context.exposeBinding('__tripwire', (_source, what: string) => void tripped.push(what));
      await springHostileTraps(page, hostile.title, english.title);
      assert.deepEqual(tripped, [], 'no script of the article ran');
      assert.deepEqual(app.traffic.refused, [], 'no request left the app');
      assert.deepEqual(attempts, [], 'nothing even tried');

      // Calls from anywhere but the top frame's page world are refused before the service sees them.
      const probes = (): string[] => app.bridge.calls.map((c) => (c.arg as { id?: unknown }).id).filter((id): id is string => typeof id === 'string' && id.startsWith('probe-'));
      const articleFrameHandle = page.frames().find((f) => f !== page.mainFrame());
      assert.ok(articleFrameHandle, 'the article frame exists');
      const fromFrame = await articleFrameHandle.evaluate(() => {
        const invoke = (window as unknown as { __readerInvoke?: (payload: string) => void }).__readerInvoke;
        if (!invoke) return 'no binding here';
        invoke(JSON.stringify({ id: 1, method: 'getArticle', arg: { id: 'probe-frame' } }));
        return 'called';
      }).catch((error: Error) => `no script context: ${error.message.split('\n')[0]}`);
      const cdp = await context.newCDPSession(page);
      const frameId = (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
      const world = await cdp.send('Page.createIsolatedWorld', { frameId, worldName: 'another-world' });
      const fromWorld = await cdp.send('Runtime.evaluate', {
        expression: `typeof __readerInvoke === 'function' ? (__readerInvoke(JSON.stringify({ id: 1, method: 'getArticle', arg: { id: 'probe-world' } })), 'called') : 'no binding here'`,
        contextId: world.executionContextId,
        returnByValue: true,
      });
      await cdp.detach();
      // Another page (window.open, a link's new tab) is closed at once and never bound.
      const opened = context.waitForEvent('page');
      await page.evaluate(() => void window.open(location.href));
      const popup = await opened;
      await until('the other page to be closed', () => popup.isClosed());
      assert.equal(context.pages().length, 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      console.log(`# from the article frame: ${fromFrame}; from another world: ${String(fromWorld.result.value)}`);
      assert.deepEqual(probes(), [], 'no call reached the service');
      // The window's own world still reaches it.
      const answer = await page.evaluate(() =>
        (window as unknown as { reader: { getArticle(arg: { id: string }): Promise<unknown> } }).reader.getArticle({ id: 'probe-top' }).then(
          () => 'found',
          (error: Error) => error.message,
        ),
      );
      assert.deepEqual(probes(), ['probe-top'], `the top frame's call arrived (${answer})`);

      // The CSP of the app's window, in the page and as a header (which the page cannot remove).
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.match(csp ?? '', /^default-src 'none'; script-src 'self'; .*connect-src 'none'/);
      const reloaded = await page.reload();
      assert.equal(reloaded?.headers()['content-security-policy'], csp);
      await page.locator('reader-app[ready]').waitFor({ state: 'attached' });

    } finally {
      await app.close();
      await rm(archiveDir, { recursive: true, force: true });
    }
  });

  test('`reader-archive open` starts it on its own and ends cleanly on SIGTERM, exit code 0, no Chromium left', async () => {
    const work = await mkdtemp(join(tmpdir(), 'reader-open-test-'));
    const archiveDir = join(work, 'archive');
    // Its own TMPDIR: the window's Chromium profile lands there, so its processes can be told apart.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'launcher', 'cli.ts'), '--archive', archiveDir, 'open', '--browser', '--headless'], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: work },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until('the window to be ready', () => out.includes(BROWSER_WINDOW_NOTICE) || child.exitCode !== null, 90_000);
      assert.ok(out.includes(BROWSER_WINDOW_NOTICE), `the notice was printed (stdout: ${out}; stderr: ${err})`);
      assert.match(out, /^Opening the reader in .* \(asked for with --browser; for the desktop app, run `ELECTRON_MIRROR=/m);
      const chromium = withDescendants(processesMentioning(`--user-data-dir=${work}`));
      assert.ok(chromium.length > 1, 'its Chromium runs, with its helpers');
      child.kill('SIGTERM');
      assert.equal(await exited, 0, err);
      await until('its Chromium processes to end', () => chromium.every((pid) => !running(pid)), 10_000);
      assert.deepEqual(processesMentioning(work), [], 'nothing of it is left');
      const store = await ArchiveStore.open(archiveDir);
      assert.equal(store.size, sampleArticles().length, 'the samples were written and the archive closed and unlocked');
      await store.close();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(work, { recursive: true, force: true });
    }
  });

  test('file dialogs ask in the page, from a world the page cannot touch, and the typed path imports', async () => {
    const work = await mkdtemp(join(tmpdir(), 'reader-dialog-test-'));
    const saved = join(work, 'saved pages');
    await mkdir(saved);
    await writeFile(join(saved, 'harbour.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour lights return</title></head><body><article><h1>Harbour lights return</h1><p>The old harbour lamps were lit again on Friday after two years of repairs, and the fishing crews came out to watch.</p><p>The lamps, made in 1921, now run on a small solar array on the pier roof.</p></article></body></html>');
    const app = await openReaderWindow({ archiveDir: join(work, 'archive'), headless: true, say: () => undefined });
    try {
      const { page } = app;
      // The page's own world replaces prompt(): the dialog is asked elsewhere, so this changes nothing.
      await page.evaluate(() => {
        window.prompt = () => '/etc';
      });
      const asked: string[] = [];
      page.on('dialog', (dialog) => {
        asked.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.accept(saved);
      });
      const report = await page.evaluate(() =>
        (window as unknown as { reader: { chooseAndImport(arg: { kind: 'folder' }): Promise<{ imported: { title: string }[] } | null> } }).reader.chooseAndImport({ kind: 'folder' }),
      );
      assert.deepEqual(asked, [`prompt: ${PAGE_DIALOGS.importFolder}`]);
      assert.deepEqual(report?.imported.map((a) => a.title), ['Harbour lights return']);
      await page.locator('library-list .row', { hasText: 'Harbour lights return' }).waitFor();
      // Cancel answers null: nothing is imported.
      page.removeAllListeners('dialog');
      page.on('dialog', (dialog) => void dialog.dismiss());
      const cancelled = await page.evaluate(() => (window as unknown as { reader: { chooseAndImport(arg: { kind: 'files' }): Promise<unknown> } }).reader.chooseAndImport({ kind: 'files' }));
      assert.equal(cancelled, null);
    } finally {
      await app.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
