import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { parseLaunchArgs } from './launch-args.ts';
import { buildMenuTemplate, type MenuActions } from './menu.ts';
import { DEFAULT_SIZE, loadWindowState, placeWindow, saveWindowState } from './window-state.ts';

describe('launch arguments', () => {
  test('packaged: files after the executable, --archive in both spellings, Chromium switches skipped', () => {
    const got = parseLaunchArgs(['/opt/Reader/reader', '--no-sandbox', '--archive', 'arch', 'a.html', '--enable-logging', '/tmp/b.mhtml'], { defaultApp: false, cwd: '/home/u' });
    assert.deepEqual(got, { archive: '/home/u/arch', files: ['/home/u/a.html', '/tmp/b.mhtml'] });
    assert.equal(parseLaunchArgs(['reader', '--archive=/x'], { defaultApp: false, cwd: '/' }).archive, '/x');
  });

  test('`electron .`: the app path is not a file to import', () => {
    assert.deepEqual(parseLaunchArgs(['/usr/bin/electron', '.', 'page.html'], { defaultApp: true, cwd: '/w' }), { archive: null, files: ['/w/page.html'] });
  });

  test('everything after -- is a file, even if it looks like a switch', () => {
    assert.deepEqual(parseLaunchArgs(['reader', '--', '-odd.html'], { defaultApp: false, cwd: '/w' }).files, ['/w/-odd.html']);
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];

  test('saved bounds on a connected display are used', () => {
    assert.deepEqual(placeWindow({ x: 100, y: 50, width: 1000, height: 700 }, screen), { x: 100, y: 50, width: 1000, height: 700 });
  });

  test('a window left on an unplugged monitor comes back at the default size', () => {
    assert.deepEqual(placeWindow({ x: 3000, y: 50, width: 1000, height: 700 }, screen), { width: 1000, height: 700 });
    assert.deepEqual(placeWindow(null, screen), { ...DEFAULT_SIZE });
  });

  test('a window larger than the display is shrunk into it', () => {
    const placed = placeWindow({ x: 10, y: 10, width: 4000, height: 3000 }, screen);
    assert.deepEqual(placed, { x: 0, y: 0, width: 1920, height: 1040 });
  });

  test('state round-trips through its file, and a damaged file gives the default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wstate-'));
    try {
      const file = join(dir, 'window-state.json');
      assert.deepEqual(await loadWindowState(file), { bounds: null, maximized: false, fullScreen: false });
      const state = { bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: true, fullScreen: false };
      await saveWindowState(file, state);
      assert.deepEqual(await loadWindowState(file), state);
      await writeFile(file, '{"bounds": {"x": "a"}, "maximized": 1');
      assert.deepEqual(await loadWindowState(file), { bounds: null, maximized: false, fullScreen: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('menu', () => {
  const calls: string[] = [];
  const actions: MenuActions = {
    importFiles: () => calls.push('importFiles'),
    importFolder: () => calls.push('importFolder'),
    exportArticles: () => calls.push('export'),
    backup: () => calls.push('backup'),
    restore: () => calls.push('restore'),
    find: () => calls.push('find'),
    changeFontSize: (s) => calls.push(`font${s}`),
    setScript: (s) => calls.push(`script:${s}`),
    setTheme: (t) => calls.push(`theme:${t}`),
    showShortcuts: () => calls.push('shortcuts'),
    openArchiveFolder: () => calls.push('folder'),
    about: () => calls.push('about'),
  };
  const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
  const find = (items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions => {
    const item = flatten(items).find((i) => i.label === label);
    assert.ok(item, label);
    return item;
  };
  const click = (item: MenuItemConstructorOptions): void => (item.click as () => void)();

  test('has the items the issue asks for, with the usual shortcuts, wired to their actions', () => {
    const menu = buildMenuTemplate(actions, { script: 'hant', theme: 'dark' }, 'linux', 'Saved Article Reader', true);
    assert.equal(find(menu, 'Import Files…').accelerator, 'CmdOrCtrl+O');
    assert.equal(find(menu, 'Import Folder…').accelerator, 'CmdOrCtrl+Shift+O');
    assert.equal(find(menu, 'Export…').accelerator, 'CmdOrCtrl+E');
    assert.equal(find(menu, 'Smaller Text').accelerator, 'CmdOrCtrl+-');
    assert.equal(find(menu, 'Default Text Size').accelerator, 'CmdOrCtrl+0');
    assert.ok(flatten(menu).some((i) => i.role === 'togglefullscreen'));
    assert.ok(flatten(menu).some((i) => i.role === 'help'));
    assert.ok(!flatten(menu).some((i) => i.role === 'toggleDevTools'), 'no devtools item when packaged');
    for (const label of ['Import Files…', 'Import Folder…', 'Export…', 'Back Up Archive…', 'Restore from Backup…', 'Larger Text', 'Smaller Text', 'Default Text Size', 'Simplified (简体)', 'Sepia', 'Keyboard Shortcuts']) {
      click(find(menu, label));
    }
    assert.deepEqual(calls, ['importFiles', 'importFolder', 'export', 'backup', 'restore', 'font1', 'font-1', 'font0', 'script:hans', 'theme:sepia', 'shortcuts']);
  });

  test('script and theme radios show the current settings', () => {
    const menu = buildMenuTemplate(actions, { script: 'hant', theme: 'dark' }, 'win32', 'R', false);
    assert.equal(find(menu, 'Traditional (繁體)').checked, true);
    assert.equal(find(menu, 'Simplified (简体)').checked, false);
    assert.equal(find(menu, 'Dark').checked, true);
  });

  test('macOS gets the application menu first', () => {
    const menu = buildMenuTemplate(actions, { script: 'original', theme: 'system' }, 'darwin', 'Saved Article Reader', true);
    assert.equal(menu[0]?.label, 'Saved Article Reader');
  });
});
