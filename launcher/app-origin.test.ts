import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ORIGIN, appFileFor, cspOfIndexHtml } from './app-origin.ts';
import { typedPaths } from './page-dialogs.ts';
import { homedir } from 'node:os';
import { join } from 'node:path';

test('the app origin answers files of the renderer folder only', () => {
  const root = '/srv/reader/dist/renderer';
  assert.equal(appFileFor(`${APP_ORIGIN}/app.js`, root), `${root}/app.js`);
  assert.equal(appFileFor(`${APP_ORIGIN}/`, root), `${root}/index.html`);
  assert.equal(appFileFor(`${APP_ORIGIN}/../../etc/passwd`, root), `${root}/etc/passwd`, 'the URL parser resolves dot segments inside the origin');
  assert.equal(appFileFor(`${APP_ORIGIN}/%2e%2e/%2e%2e/secret`, root), `${root}/secret`, 'encoded dot segments too');
  assert.equal(appFileFor(`${APP_ORIGIN}/a%2F..%2F..%2F..%2Fsecret`, root), null, 'encoded slashes cannot climb out');
  assert.equal(appFileFor('https://example.org/app.js', root), null);
  assert.equal(appFileFor(`${APP_ORIGIN}.evil.example/app.js`, root), null);
  assert.equal(appFileFor('file:///srv/reader/dist/renderer/app.js', root), null);
});

test('the CSP header is the one of index.html\'s meta tag', () => {
  assert.equal(cspOfIndexHtml('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'), "default-src 'none'");
  assert.equal(cspOfIndexHtml('<title>no policy</title>'), null);
});

test('a typed answer becomes absolute paths: several with ";", quotes dropped, ~ and relative ones from home', () => {
  assert.deepEqual(typedPaths(' "/data/a page.html" ; /data/b.mhtml;'), ['/data/a page.html', '/data/b.mhtml']);
  assert.deepEqual(typedPaths('~/Saved'), [join(homedir(), 'Saved')]);
  assert.deepEqual(typedPaths('Saved/x.html'), [join(homedir(), 'Saved/x.html')]);
  assert.deepEqual(typedPaths('  ;  '), []);
});
