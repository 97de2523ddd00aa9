/**
 * The CSP string, enforced by a real Chromium (the system one, through Playwright): the
 * renderer's sandboxed srcdoc article frame still renders with its own stylesheet, while inline
 * script, remote images and fetches are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { findChromium } from '../../archive/export/chromium.ts';
import { contentSecurityPolicy } from './csp.ts';

let executablePath: string | null = null;
let skip: string | false = false;
try {
  executablePath = findChromium();
} catch (error) {
  skip = (error as Error).message;
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>app</title>
<script>document.title = 'inline script ran'</script></head><body>
<iframe sandbox="allow-same-origin" srcdoc="<meta charset=utf-8><style>p { color: rgb(1, 2, 3) }</style><p id=inner>文章</p><img id=remote src='https://tracker.test/x.png'>"></iframe>
<img id=top src="https://tracker.test/y.png"></body></html>`;

test('Chromium enforces the CSP: article frame renders, inline script and remote loads do not', { skip, timeout: 120_000 }, async () => {
  const browser = await chromium.launch({ executablePath: executablePath!, headless: true });
  try {
    const page = await browser.newPage();
    const reached: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === 'https://app.test/index.html') {
        return route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy() }, body: PAGE });
      }
      reached.push(url);
      return route.fulfill({ status: 200, body: 'x' });
    });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await page.goto('https://app.test/index.html');
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, 'the srcdoc frame exists');
    assert.equal(await frame.textContent('#inner'), '文章');
    assert.equal(await frame.$eval('#inner', (e) => getComputedStyle(e).color), 'rgb(1, 2, 3)');
    assert.equal(await page.title(), 'app', 'inline script must not run');
    assert.equal(await page.evaluate(() => fetch('https://tracker.test/z').then(() => 'fetched', () => 'blocked')).catch(() => 'blocked'), 'blocked');
    assert.deepEqual(reached, [], 'no remote request got through');
    assert.ok(violations.some((v) => /img-src/.test(v)));
  } finally {
    await browser.close();
  }
});
