/**
 * The original frame's policy (ORIGINAL_FRAME_CSP), enforced by a real Chromium under the
 * window's policy as Electron sends it: a saved page's script, remote images, fonts and
 * stylesheets, frames and meta refresh get nothing; inline images load; and the window can still
 * give the page its (cleaned) CSS through the CSSOM, which is how the original view styles it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { attr, chromiumForTests } from './chromium-probe.ts';
import { contentSecurityPolicy, ORIGINAL_FRAME_CSP, parseCsp, WINDOW_CSP } from './csp.ts';

const { executablePath, skip } = chromiumForTests();

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

/** A hostile original with the frame's policy first, as the original frame writes it (before cleaning, to test the policy alone). */
const FRAME = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(ORIGINAL_FRAME_CSP, 'meta')}">
<meta http-equiv="refresh" content="0;url=https://tracker.test/refresh">
<link rel="stylesheet" href="https://tracker.test/style.css">
<style>@font-face { font-family: Spy; src: url(https://tracker.test/font.woff2) } p { font-family: Spy; background: url(https://tracker.test/bg.png) }</style></head>
<body><p id=inner style="color: rgb(1, 2, 3)">原文</p><img id=remote src="https://tracker.test/x.png"><img id=inline src="${PIXEL}">
<iframe src="https://tracker.test/frame"></iframe><script>document.title = 'frame script ran'</script></body></html>`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body>
<iframe sandbox="allow-same-origin" srcdoc="${attr(FRAME)}"></iframe></body></html>`;

test('the original frame policy names no script, no remote host and no font source', () => {
  const csp = parseCsp(contentSecurityPolicy(ORIGINAL_FRAME_CSP, 'meta'));
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), ["'none'"]);
  assert.deepEqual(csp.get('font-src'), ["'none'"]);
  assert.deepEqual(csp.get('img-src'), ['asset:', 'data:']);
  for (const [name, sources] of csp) {
    for (const source of sources) assert.ok(!/^(https?:|wss?:|\*|'self'|'unsafe-eval'|'strict-dynamic')/.test(source), `${name} ${source}`);
  }
});

test('Chromium: a hostile original under the window and frame policies runs nothing and fetches nothing; CSSOM styles still apply', { skip, timeout: 120_000 }, async () => {
  const browser = await chromium.launch({ executablePath: executablePath!, headless: true });
  try {
    const tab = await browser.newPage();
    const reached: string[] = [];
    await tab.route('**/*', (route) => {
      const url = route.request().url();
      if (url === 'https://app.test/index.html') {
        return route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy(WINDOW_CSP, 'header') }, body: PAGE });
      }
      reached.push(url);
      return route.fulfill({ status: 200, body: 'x' });
    });
    await tab.goto('https://app.test/index.html');
    await tab.waitForTimeout(1500);
    const frame = tab.frames().find((f) => f !== tab.mainFrame() && f.url() === 'about:srcdoc');
    assert.ok(frame, 'the srcdoc frame is still its own document (no refresh navigated it)');
    assert.equal(await frame.textContent('#inner'), '原文');
    assert.equal(await tab.title(), 'app');
    assert.equal(await frame.title(), '', 'the frame script did not run');
    assert.equal(await frame.$eval('#inline', (img) => (img as HTMLImageElement).naturalWidth), 1, 'an inline image loads');
    assert.equal(await frame.$eval('#remote', (img) => (img as HTMLImageElement).naturalWidth), 0);
    assert.notEqual(await frame.$eval('#inner', (e) => getComputedStyle(e).color), 'rgb(1, 2, 3)', "markup styles are refused by the window's inherited policy");
    assert.deepEqual(reached, [], 'no remote request got through');
    // The window styles the page through the frame's own CSSOM, which no style-src governs.
    const styled = await tab.evaluate(() => {
      const win = document.querySelector('iframe')!.contentWindow as (Window & typeof globalThis) | null;
      const doc = win!.document;
      const sheet = new win!.CSSStyleSheet();
      sheet.replaceSync('#inner { color: rgb(7, 8, 9) }');
      doc.adoptedStyleSheets = [sheet];
      (doc.querySelector('img') as HTMLElement).style.cssText = 'border: 3px solid rgb(1, 1, 1)';
      return [getComputedStyle(doc.querySelector('#inner')!).color, getComputedStyle(doc.querySelector('img')!).borderTopWidth];
    });
    assert.deepEqual(styled, ['rgb(7, 8, 9)', '3px']);
  } finally {
    await browser.close();
  }
});
