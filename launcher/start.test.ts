import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseWindow, electronBinary } from './start.ts';

/** A project folder with an electron package; `binary` writes the executable path.txt names. */
async function project(withBinary: boolean): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reader-start-'));
  await writeFile(join(dir, 'package.json'), '{"name":"stub-project","private":true}');
  const electron = join(dir, 'node_modules', 'electron');
  await mkdir(join(electron, 'dist'), { recursive: true });
  await writeFile(join(electron, 'package.json'), '{"name":"electron","version":"41.7.1","main":"index.js"}');
  if (withBinary) {
    await writeFile(join(electron, 'path.txt'), 'electron');
    await writeFile(join(electron, 'dist', 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  }
  return dir;
}

test('with Electron\'s binary installed, npm start chooses the desktop app', async () => {
  const dir = await project(true);
  try {
    const choice = chooseWindow({ projectDir: dir, env: {} });
    assert.deepEqual(choice, { kind: 'electron', binary: join(dir, 'node_modules', 'electron', 'dist', 'electron') });
    assert.equal(chooseWindow({ projectDir: dir, env: {}, browser: true }).kind === 'electron', false, '--browser asks for Chromium anyway');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('without the binary (the package installed, its download failed), npm start chooses Chromium', async () => {
  const dir = await project(false);
  const fakeChromium = join(dir, 'chromium');
  await writeFile(fakeChromium, '');
  try {
    assert.equal(electronBinary(dir, {}), null);
    assert.deepEqual(chooseWindow({ projectDir: dir, env: { CHROMIUM_PATH: fakeChromium } }), { kind: 'chromium', executablePath: fakeChromium, why: "Electron's binary is not installed" });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a path.txt whose binary is gone, or no electron package at all, is no Electron', async () => {
  const dir = await project(true);
  try {
    await rm(join(dir, 'node_modules', 'electron', 'dist', 'electron'));
    assert.equal(electronBinary(dir, {}), null);
    await rm(join(dir, 'node_modules'), { recursive: true });
    assert.equal(electronBinary(dir, {}), null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('ELECTRON_OVERRIDE_DIST_PATH is honoured as Electron\'s own launcher does', async () => {
  const dir = await project(true);
  const elsewhere = await mkdtemp(join(tmpdir(), 'reader-electron-dist-'));
  try {
    assert.equal(electronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere }), null);
    await writeFile(join(elsewhere, 'electron'), '');
    assert.equal(electronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere }), join(elsewhere, 'electron'));
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  }
});

test('with neither Electron nor a Chromium, the answer says what to install', async () => {
  const dir = await project(false);
  try {
    const choice = chooseWindow({ projectDir: dir, env: { CHROMIUM_PATH: join(dir, 'no-such-browser') } });
    assert.equal(choice.kind, 'none');
    assert.match(choice.kind === 'none' ? choice.reason : '', /apt-get install chromium.*ELECTRON_MIRROR/s);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
