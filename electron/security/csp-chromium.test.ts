/**
 * The app's policies (electron/security/csp.ts), enforced by a real Chromium (the system one,
 * through Playwright): the window's policy as Electron's header and as index.html's meta tag, and
 * the article frame's own. The frame's one stylesheet applies; inline script, an inline style,
 * an article's own <style>, remote images and fetches do not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Page } from 'playwright-core';
import { attr, chromiumForTests } from './chromium-probe.ts';
import { ARTICLE_FRAME_CSS } from '../../renderer/reader/frame-css.ts';
import { ARTICLE_FRAME_CSP, contentSecurityPolicy, WINDOW_CSP } from './csp.ts';

const { executablePath, skip } = chromiumForTests();


/** The article frame as the reader writes it: its policy, its stylesheet, then hostile content. */
const FRAME = `<!doctype html><html data-theme="sepia"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(ARTICLE_FRAME_CSP, 'meta')}">
<style>${ARTICLE_FRAME_CSS}</style><style>p { color: rgb(1, 2, 3) !important }</style></head>
<body><article><p id=inner>文章</p><img id=remote src="https://tracker.test/x.png"><script>document.title = 'frame script ran'</script></article></body></html>`;

const page = (meta: string): string => `<!doctype html><html><head><meta charset="utf-8">${meta}<title>app</title>
<style>body { color: rgb(4, 5, 6) }</style>
<script>document.title = 'inline script ran'</script></head><body>
<iframe sandbox="allow-same-origin" srcdoc="${attr(FRAME)}"></iframe>
<img id=top src="https://tracker.test/y.png"></body></html>`;

async function probe(pageHtml: string, header: string | null): Promise<{ page: Page; reached: string[]; console: string[]; close: () => Promise<void> }> {
  const browser = await chromium.launch({ executablePath: executablePath!, headless: true });
  const tab = await browser.newPage();
  const reached: string[] = [];
  const console: string[] = [];
  tab.on('console', (m) => console.push(m.text()));
  await tab.route('**/*', (route) => {
    const url = route.request().url();
    if (url === 'https://app.test/index.html') {
      return route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...(header ? { 'content-security-policy': header } : {}) }, body: pageHtml });
    }
    reached.push(url);
    return route.fulfill({ status: 200, body: 'x' });
  });
  await tab.goto('https://app.test/index.html');
  return { page: tab, reached, console, close: () => browser.close() };
}

async function assertEnforced({ page: tab, reached, console }: Awaited<ReturnType<typeof probe>>): Promise<void> {
  const frame = tab.frames().find((f) => f !== tab.mainFrame());
  assert.ok(frame, 'the srcdoc frame exists');
  assert.equal(await frame.textContent('#inner'), '文章');
  assert.equal(await frame.$eval('html', (e) => getComputedStyle(e).backgroundColor), 'rgb(244, 236, 216)', "the frame's stylesheet applies (sepia)");
  assert.notEqual(await frame.$eval('#inner', (e) => getComputedStyle(e).color), 'rgb(1, 2, 3)', "an article's own <style> does not");
  assert.notEqual(await tab.$eval('body', (e) => getComputedStyle(e).color), 'rgb(4, 5, 6)', 'no inline style in the window');
  assert.equal(await tab.title(), 'app', 'inline script must not run');
  assert.equal(await tab.evaluate(() => fetch('https://tracker.test/z').then(() => 'fetched', () => 'blocked')).catch(() => 'blocked'), 'blocked');
  assert.deepEqual(reached, [], 'no remote request got through');
  assert.ok(console.some((v) => /Content Security Policy/.test(v) && /img-src/.test(v)), console.join('\n'));
}

test('Chromium enforces the window policy as Electron sends it (header) and the frame policy', { skip, timeout: 120_000 }, async () => {
  const run = await probe(page(''), contentSecurityPolicy(WINDOW_CSP, 'header'));
  try {
    await assertEnforced(run);
  } finally {
    await run.close();
  }
});

test("Chromium enforces the same window policy from index.html's meta tag, which names nothing it would ignore", { skip, timeout: 120_000 }, async () => {
  const run = await probe(page(`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(WINDOW_CSP, 'meta')}">`), null);
  try {
    await assertEnforced(run);
    assert.deepEqual(run.console.filter((m) => /ignored/i.test(m)), []);
  } finally {
    await run.close();
  }
});
