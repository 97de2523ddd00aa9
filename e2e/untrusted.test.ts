/**
 * A hostile saved page, stored without sanitizing, rendered by the real window: nothing in it
 * runs, nothing leaves the app, and its own styles never apply. The sanitizer is the first wall;
 * this proves the renderer is a second one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp, until } from './support/app.ts';
import { frameStyle, springHostileTraps } from './support/reader-page.ts';
import { english, hostile } from './fixtures/articles.ts';

describeApp('untrusted article content', 180_000, (harness) => {

  test('a hostile page renders its text with no script run and zero network requests', async () => {
    const app = await harness.open({ articles: [hostile, english] });
    const tripped: string[] = [];
    try {
      const { page } = app;
      await app.context.exposeBinding('__tripwire', (_source, what: string) => void tripped.push(what));
      await springHostileTraps(page, hostile.title, english.title);
      await until('the window to settle', () => page.evaluate(() => new Promise<boolean>((resolve) => requestAnimationFrame(() => resolve(true)))) as Promise<boolean>);
      assert.deepEqual(tripped, [], 'no script of the page ran');
      assert.ok(app.served.some((url) => url.endsWith('/app.js')), 'interception saw the app load');
      assert.deepEqual(app.leaks, [], 'no request left the app');
      assert.deepEqual(app.attempts, [], 'nothing even tried: remote media was taken out before the frame saw it');
      assert.equal(await page.title(), 'Reader');
      // The frame never navigated away from its document, and nested frames got nothing.
      const frameUrls = page.frames().map((f) => f.url());
      for (const url of frameUrls.slice(1)) assert.equal(url, 'about:srcdoc', 'only the article frame exists');
      // The page's own styles do not apply: no background image, no remote font, our colours.
      assert.equal(await frameStyle(page, 'body', 'background-image'), 'none');
      assert.equal(await frameStyle(page, '.content p:nth-of-type(2)', 'background-image'), 'none');
      const sandbox = await page.locator('article-frame iframe').getAttribute('sandbox');
      assert.equal(sandbox, 'allow-same-origin', 'scripts, forms, popups, top navigation all forbidden');
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('the window itself runs under a strict CSP: no inline script, no eval, no remote anything', async () => {
    const app = await harness.open({ articles: [english] });
    try {
      const csp = await app.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.ok(csp);
      for (const directive of ["default-src 'none'", "script-src 'self'", "connect-src 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
        assert.ok(csp.includes(directive), `CSP has ${directive}`);
      }
      assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), csp);
      assert.deepEqual(app.cspReports, [], 'the app itself never trips its own policy');
      const ran = await app.page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            document.addEventListener('securitypolicyviolation', (event) => resolve(`refused by ${event.violatedDirective}`));
            const script = document.createElement('script');
            script.textContent = 'window.__inlineRan = true';
            document.head.append(script);
            setTimeout(() => resolve((window as unknown as { __inlineRan?: boolean }).__inlineRan ? 'ran' : 'not run'), 2000);
          }),
      );
      assert.match(ran, /^refused by script-src/);
    } finally {
      await app.close();
    }
  });
});
