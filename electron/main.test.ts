/**
 * Runs the real main and preload, bundled as for the app, against a recorded stand-in for the
 * `electron` module (testing/fake-electron.ts): the wiring that cannot run here for want of an
 * Electron binary is checked as far as node can take it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { channels, eventChannels, readerMethods } from '../archive/contract.ts';
import { DEFAULT_SETTINGS, SETTING_LIMITS } from '../archive/model.ts';
import { sampleArticles } from '../archive/sample.ts';
import { DROP_CHANNEL } from './bridge.ts';
import { APP_ENTRY_URL } from './security/app-url.ts';
import type { FakeWindow, Recorder } from './testing/fake-electron.ts';
import { loadMain, until, type LoadedMain } from './testing/main-bundle.ts';

let dir: string;
let main: LoadedMain;
let recorder: Recorder;
let window: FakeWindow;
const archiveDir = (): string => join(dir, 'my archive');

describe('main process wiring (real main bundle, recorded Electron)', () => {
  before(async () => {
    main = await loadMain((folder) => join(folder, 'my archive'));
    dir = main.dir;
    recorder = main.recorder;
  });
  after(async () => {
    await main?.close();
  });

  test('before ready: both schemes privileged (secure, no bypassCSP), one instance, userData like the CLI', () => {
    assert.equal(recorder.schemesRegisteredBeforeReady, true);
    assert.deepEqual(recorder.schemes.map((s) => s.scheme).sort(), ['app', 'asset']);
    for (const s of recorder.schemes) {
      assert.equal(s.privileges.secure, true);
      assert.notEqual(s.privileges.bypassCSP, true);
    }
    assert.ok(recorder.calls.includes('requestSingleInstanceLock'));
    assert.equal(recorder.paths.userData, join(dir, 'appData', 'Saved Article Reader'));
    for (const event of ['second-instance', 'open-file', 'web-contents-created', 'will-quit']) assert.ok(recorder.appHandlers.has(event), event);
  });

  test('after ready: the archive from --archive is opened and one hardened window loads the app', async () => {
    recorder.becomeReady();
    window = await until('the window to load', () => recorder.windows.find((w) => w.loadedUrls.length > 0));
    assert.deepEqual(window.loadedUrls, [APP_ENTRY_URL]);
    assert.ok(existsSync(join(archiveDir(), 'catalog.json')) || existsSync(join(archiveDir(), 'articles')));
    const prefs = window.options.webPreferences as Record<string, unknown>;
    assert.equal(prefs.preload, join(dir, 'dist', 'preload.cjs'));
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.webviewTag, false);
    assert.ok(recorder.menu, 'a menu is installed');
  });

  test('the session denies permissions and cancels requests that leave the app', () => {
    let granted: boolean | undefined;
    recorder.permissionHandlers.request!({}, 'media', (g: boolean) => (granted = g));
    assert.equal(granted, false);
    assert.equal(recorder.permissionHandlers.check!(), false);
    assert.ok(recorder.requestFilter?.filter.urls.includes('<all_urls>'));
    let answer: unknown;
    recorder.requestFilter!.listener({ url: 'https://example.com/x.png' }, (a: unknown) => (answer = a));
    assert.deepEqual(answer, { cancel: true });
  });

  test('the app scheme serves the bundle and refuses a way out', async () => {
    const handler = recorder.protocolHandlers.get('app')!;
    const ok = (await handler({ url: APP_ENTRY_URL, method: 'GET' })) as Response;
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const out = (await handler({ url: 'app://bundle/%2e%2e/main.cjs', method: 'GET' })) as Response;
    assert.equal(out.status, 400);
    assert.ok(recorder.protocolHandlers.has('asset'));
  });

  test('every contract channel is bound; the window reaches the service, nothing else does', async () => {
    for (const method of readerMethods) assert.ok(recorder.ipcHandlers.has(channels[method]), method);
    assert.ok(recorder.ipcHandlers.has(DROP_CHANNEL));
    const trusted = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const stats = (await recorder.ipcHandlers.get(channels.getStats)!(trusted, {})) as { articles: number };
    // A first start on an empty folder writes the sample articles.
    assert.equal(stats.articles, sampleArticles().length);
    await assert.rejects(recorder.ipcHandlers.get(channels.getArticle)!(trusted, { id: '../../etc' }), /expected an article id/);
    const stranger = { sender: { id: 999, mainFrame: null }, senderFrame: { url: APP_ENTRY_URL, parent: null } };
    await assert.rejects(recorder.ipcHandlers.get(channels.getStats)!(stranger, {}), /refused/);
    await assert.rejects(recorder.ipcHandlers.get(DROP_CHANNEL)!(stranger, ['/etc/passwd']), /refused/);
  });

  test('every webContents blocks navigation and denies new windows', () => {
    const navigate = window.webContents.handlers.get('will-navigate')?.[0];
    assert.ok(navigate);
    let prevented = false;
    navigate({ preventDefault: () => (prevented = true) }, 'https://example.com/');
    assert.ok(prevented);
    assert.deepEqual(window.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' }), { action: 'deny' });
    assert.ok(window.webContents.handlers.has('will-attach-webview'));
  });

  test('a settings change from the menu reaches the service and the menu, one step of the limits table', async () => {
    const menu = recorder.menu as { template: { label?: string; submenu?: { label?: string; click?: () => void }[] }[] };
    const view = menu.template.find((m) => m.label === '&View')!;
    view.submenu!.find((i) => i.label === 'Larger Text')!.click!();
    const trusted = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const getSettings = async (): Promise<{ fontSize: number }> => (await recorder.ipcHandlers.get(channels.getSettings)!(trusted, {})) as { fontSize: number };
    const end = Date.now() + 20_000;
    const larger = DEFAULT_SETTINGS.fontSize + SETTING_LIMITS.fontSize.step;
    while ((await getSettings()).fontSize === DEFAULT_SETTINGS.fontSize && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.equal((await getSettings()).fontSize, larger);
    // The service announces the change once it is durable, which can be a moment after it reads back.
    await until('the window to hear of it', () => window.webContents.sent.some(([channel, payload]) => channel === eventChannels.settingsChanged && (payload as { fontSize: number }).fontSize === larger));
  });

  test('the preload exposes exactly the contract as window.reader', async () => {
    const listeners: string[] = [];
    main.loadPreload({ addEventListener: (type: string) => listeners.push(type) });
    const reader = recorder.exposed.reader as Record<string, (arg?: unknown) => unknown>;
    assert.deepEqual(Object.keys(reader).sort(), [...readerMethods, 'on'].sort());
    await reader.getStats!({});
    assert.deepEqual(recorder.invoked.at(-1), [channels.getStats, {}]);
    assert.throws(() => (reader.on as (e: string, f: () => void) => void)('not-an-event', () => {}), /no event/);
    assert.deepEqual(listeners.sort(), ['dragover', 'drop']);
  });
});
