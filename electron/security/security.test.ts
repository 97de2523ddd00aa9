import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appResponseHeaders, appSchemePrivileges, assetSchemePrivileges, handleAppRequest, resolveAppUrl, type SchemeRoots } from './app-scheme.ts';
import { APP_ENTRY_URL, assetUrl } from './app-url.ts';
import { ARTICLE_FRAME_CSP, contentSecurityPolicy, parseCsp, WINDOW_CSP } from './csp.ts';
import { rendererIndexHtml } from '../../build/tools/renderer-page.ts';
import { cspOfIndexHtml } from '../../launcher/app-origin.ts';
import { senderProblem, type SenderEvent } from './ipc-sender.ts';
import { blockNavigation, isExternalWebUrl, makeWindowOpenHandler, openAfterConfirm } from './navigation.ts';
import { denyAllPermissions, denyDevicePermission, denyPermissionCheck, denyPermissionRequest } from './permissions.ts';
import { mustCancelRequest, requestFilter } from './requests.ts';
import { hardenedWebPreferences, mainWindowOptions, printWindowOptions } from './window-options.ts';

describe('window options', () => {
  const checkHardened = (prefs: Record<string, unknown> | undefined): void => {
    assert.ok(prefs);
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.spellcheck, false);
    assert.equal(prefs.navigateOnDragDrop, false);
    assert.ok(!('enableRemoteModule' in prefs));
    assert.ok(!prefs.enableBlinkFeatures);
    assert.equal(prefs.disableBlinkFeatures, 'Auxclick');
  };

  test('the main window is sandboxed, isolated, without Node or webview, with our preload only', () => {
    const options = mainWindowOptions('/app/dist/preload.cjs', { width: 1200, height: 800 }, 'Reader');
    checkHardened(options.webPreferences as Record<string, unknown>);
    assert.equal(options.webPreferences?.preload, '/app/dist/preload.cjs');
    assert.equal(options.show, false);
  });

  test('the print window is hardened too, with no preload and no JavaScript', () => {
    const options = printWindowOptions();
    checkHardened(options.webPreferences as Record<string, unknown>);
    assert.equal(options.webPreferences?.preload, undefined);
    assert.equal(options.webPreferences?.javascript, false);
    assert.equal(options.show, false);
  });

  test('hardened preferences cannot be built with a null preload that sneaks a key in', () => {
    assert.ok(!('preload' in hardenedWebPreferences(null)));
  });
});

describe('content security policy', () => {
  const csp = parseCsp(contentSecurityPolicy());

  test('denies everything by default and names only the app itself for scripts', () => {
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'self'"]);
  });

  test('allows no network connection, plugin, base URL, form target or framing of the app', () => {
    for (const name of ['connect-src', 'object-src', 'base-uri', 'form-action', 'frame-ancestors', 'worker-src']) {
      assert.deepEqual(csp.get(name), ["'none'"], name);
    }
  });

  test('no directive of the window or the article frame allows remote hosts, inline script or style, eval, or a wildcard', () => {
    for (const policy of [csp, parseCsp(contentSecurityPolicy(ARTICLE_FRAME_CSP))]) {
      for (const [name, sources] of policy) {
        for (const source of sources) assert.ok(!/^(https?:|wss?:|\*|'unsafe-inline'|'unsafe-eval'|'wasm-unsafe-eval'|'strict-dynamic')/.test(source), `${name} ${source}`);
      }
    }
    assert.deepEqual(parseCsp(contentSecurityPolicy(ARTICLE_FRAME_CSP)).get('default-src'), ["'none'"], 'no script in the frame');
  });

  test("index.html's meta tag (which the browser window also sends as a header) is the same policy, less the header-only frame-ancestors", () => {
    const meta = cspOfIndexHtml(rendererIndexHtml());
    assert.equal(meta, contentSecurityPolicy(WINDOW_CSP, 'meta'));
    const header = new Map(csp);
    header.delete('frame-ancestors');
    assert.deepEqual(parseCsp(meta!), header);
  });

  test('is sent as a header on every app: response', () => {
    assert.equal(appResponseHeaders('text/html')['content-security-policy'], contentSecurityPolicy());
    assert.equal(appResponseHeaders('text/html')['x-content-type-options'], 'nosniff');
  });
});

describe('navigation and new windows', () => {
  test('every navigation is prevented', () => {
    for (const url of ['https://example.com/', 'app://bundle/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      let prevented = false;
      blockNavigation({ preventDefault: () => (prevented = true) }, url);
      assert.ok(prevented, url);
    }
  });

  test('window.open is always denied; http(s) goes to the system browser only after the reader agrees', async () => {
    const opened: string[] = [];
    const asked: string[] = [];
    let answer = true;
    const deps = {
      confirm: async (url: string) => (asked.push(url), answer),
      openExternal: async (url: string) => void opened.push(url),
    };
    const handler = makeWindowOpenHandler(deps);
    assert.deepEqual(handler({ url: 'https://example.com/a' }), { action: 'deny' });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(asked, ['https://example.com/a']);
    assert.deepEqual(opened, ['https://example.com/a']);
    answer = false;
    assert.equal(await openAfterConfirm('http://example.org/', deps), false);
    assert.deepEqual(opened, ['https://example.com/a']);
  });

  test('non-web URLs are never offered to the system browser', async () => {
    const opened: string[] = [];
    const deps = { confirm: async () => true, openExternal: async (url: string) => void opened.push(url) };
    const handler = makeWindowOpenHandler(deps);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://bundle/index.html', 'data:text/html,<script>1</script>', 'smb://host/share', 'https://user:pw@example.com/', 'not a url']) {
      assert.deepEqual(handler({ url }), { action: 'deny' });
      assert.equal(isExternalWebUrl(url), false, url);
      assert.equal(await openAfterConfirm(url, deps), false);
    }
    assert.deepEqual(opened, []);
  });
});

describe('permissions', () => {
  test('every request and check is denied', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb']) {
      let granted: boolean | undefined;
      denyPermissionRequest({}, permission, (g) => (granted = g));
      assert.equal(granted, false, permission);
    }
    assert.equal(denyPermissionCheck(), false);
    assert.equal(denyDevicePermission(), false);
  });

  test('the three handlers are installed on the session', () => {
    const installed: string[] = [];
    denyAllPermissions({
      setPermissionRequestHandler: (h) => void installed.push(`request:${h === denyPermissionRequest}`),
      setPermissionCheckHandler: (h) => void installed.push(`check:${h === denyPermissionCheck}`),
      setDevicePermissionHandler: (h) => void installed.push(`device:${h === denyDevicePermission}`),
    });
    assert.deepEqual(installed, ['request:true', 'check:true', 'device:true']);
  });
});

describe('session request filter', () => {
  test('cancels every request that leaves the app', () => {
    for (const url of ['http://example.com/', 'https://example.com/x.png', 'ws://localhost:1/', 'wss://x/', 'ftp://x/', 'file:///etc/passwd', 'chrome://settings', 'gopher://x', 'HTTPS://EXAMPLE.COM', 'garbage']) {
      let answer: { cancel: boolean } | undefined;
      requestFilter({ url }, (r) => (answer = r));
      assert.deepEqual(answer, { cancel: true }, url);
    }
  });

  test('lets the app scheme and page-made data/blob URLs through', () => {
    for (const url of [APP_ENTRY_URL, assetUrl(`${'a'.repeat(64)}.png`), 'data:image/png;base64,AA==', 'blob:app://bundle/1234']) {
      assert.equal(mustCancelRequest(url), false, url);
    }
  });
});

describe('app scheme', () => {
  let dir: string;
  let roots: SchemeRoots;
  const asset = `${'ab'.repeat(32)}.png`;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scheme-'));
    roots = { bundle: join(dir, 'bundle'), assets: join(dir, 'archive', 'assets') };
    await mkdir(join(roots.bundle, 'fonts'), { recursive: true });
    await mkdir(roots.assets!, { recursive: true });
    await writeFile(join(roots.bundle, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(join(roots.bundle, 'app.js'), 'void 0');
    await writeFile(join(roots.bundle, 'fonts', 'a b.woff2'), 'font');
    await writeFile(join(roots.assets!, asset), 'png');
    await writeFile(join(dir, 'secret.txt'), 'secret');
    await writeFile(join(dir, 'archive', 'catalog.json'), '{}');
    await symlink(join(dir, 'secret.txt'), join(roots.bundle, 'leak.txt'));
    await symlink(dir, join(roots.bundle, 'up'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('both schemes are registered secure, never bypassing CSP', () => {
    assert.equal(appSchemePrivileges.privileges.standard, true);
    assert.equal(appSchemePrivileges.privileges.secure, true);
    assert.equal(appSchemePrivileges.privileges.bypassCSP, false);
    assert.equal(assetSchemePrivileges.privileges.bypassCSP, false);
    assert.equal(assetSchemePrivileges.privileges.secure, true);
  });

  test('serves files of the bundle and the archive assets', async () => {
    const index = await resolveAppUrl('app://bundle/index.html', roots);
    assert.ok(index.ok && index.path.endsWith('index.html') && index.mimeType.startsWith('text/html'));
    const root = await resolveAppUrl('app://bundle/', roots);
    assert.ok(root.ok && root.path.endsWith('index.html'));
    const font = await resolveAppUrl('app://bundle/fonts/a%20b.woff2?x=1#y', roots);
    assert.ok(font.ok && font.mimeType === 'font/woff2');
    const image = await resolveAppUrl(assetUrl(asset), roots);
    assert.ok(image.ok && image.mimeType === 'image/png');
  });

  const hostile = [
    'app://bundle/../secret.txt',
    'app://bundle/fonts/../../secret.txt',
    'app://bundle/%2e%2e/secret.txt',
    'app://bundle/%2E%2E/secret.txt',
    'app://bundle/.%2e/secret.txt',
    'app://bundle/..%2fsecret.txt',
    'app://bundle/..%5csecret.txt',
    'app://bundle/..\\secret.txt',
    'app://bundle/%252e%252e/secret.txt',
    'app://bundle/index.html%00.png',
    'app://bundle/index.html\u0000',
    'app://bundle//etc/passwd',
    'app://bundle/C:%5cWindows',
    'app://bundle/leak.txt',
    'app://bundle/up/secret.txt',
    'asset:../catalog.json',
    'asset:%2e%2e/catalog.json',
    'asset:catalog.json',
    `asset:${asset}/x`,
    `asset:/${asset}`,
    `asset://assets/${asset}`,
    `app://assets/${asset}`,
    'app://archive/catalog.json',
    'app://evil.example/index.html',
    'app://user:pw@bundle/index.html',
    'file:///etc/passwd',
    'https://bundle/index.html',
    'app://bundle/missing.js',
  ];
  for (const url of hostile) {
    test(`refuses ${JSON.stringify(url)}`, async () => {
      const found = await resolveAppUrl(url, roots);
      assert.equal(found.ok, false);
    });
  }

  test('refuses assets when no archive is open', async () => {
    const found = await resolveAppUrl(assetUrl(asset), { bundle: roots.bundle, assets: null });
    assert.equal(found.ok, false);
  });

  test('answers with the file, its type and the CSP, or an error without the file', async () => {
    const ok = await handleAppRequest({ url: 'app://bundle/app.js', method: 'GET' }, roots);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'void 0');
    assert.match(ok.headers.get('content-type') ?? '', /javascript/);
    assert.equal(ok.headers.get('content-security-policy'), contentSecurityPolicy());
    const bad = await handleAppRequest({ url: 'app://bundle/%2e%2e/secret.txt', method: 'GET' }, roots);
    assert.equal(bad.status, 400);
    assert.doesNotMatch(await bad.text(), /secret/);
    const post = await handleAppRequest({ url: 'app://bundle/index.html', method: 'POST' }, roots);
    assert.equal(post.status, 405);
  });
});

describe('IPC sender check', () => {
  const frame = (url: string, parent: unknown = null): { url: string; parent: unknown } => ({ url, parent });
  const event = (id: number, senderFrame: SenderEvent['senderFrame'], mainFrame: unknown = senderFrame): SenderEvent => ({ sender: { id, mainFrame }, senderFrame });
  const trusted = new Set([7]);

  test('accepts the app window top frame on the app origin', () => {
    assert.equal(senderProblem(event(7, frame(APP_ENTRY_URL)), trusted), null);
  });

  test('refuses other windows, subframes, vanished frames and foreign origins', () => {
    assert.match(senderProblem(event(8, frame(APP_ENTRY_URL)), trusted) ?? '', /not an app window/);
    const top = frame(APP_ENTRY_URL);
    assert.match(senderProblem(event(7, frame(APP_ENTRY_URL, top), top), trusted) ?? '', /top frame/);
    assert.match(senderProblem(event(7, null, top), trusted) ?? '', /gone/);
    for (const url of ['https://example.com/', 'file:///app/index.html', 'asset:x.png', 'about:srcdoc', 'data:text/html,x', 'app://bundle.evil/index.html']) {
      assert.ok(senderProblem(event(7, frame(url)), trusted), url);
    }
  });
});
