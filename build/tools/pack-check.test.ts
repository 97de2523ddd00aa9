import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FORBIDDEN_IN_ASAR, loadBuilderConfig, packAndInspect, projectDir } from './pack-check.ts';

describe('electron-builder configuration', () => {
  const config = loadBuilderConfig();

  test('names the app, packs into asar from build/ resources, targets every platform', () => {
    assert.equal(config.productName, 'Saved Article Reader');
    assert.match(config.appId ?? '', /^[a-z]+(\.[a-z]+){2,}$/);
    assert.equal(config.asar, true);
    assert.equal(config.directories?.buildResources, 'build');
    assert.deepEqual(config.linux?.target, ['AppImage', 'deb']);
    assert.deepEqual(config.win?.target, ['nsis']);
    assert.deepEqual(config.mac?.target, ['dmg']);
  });

  test('sets the fuses: no run-as-node, no NODE_OPTIONS, no inspector, encrypted cookies, asar only and checked', () => {
    const fuses = config.electronFuses;
    assert.ok(fuses);
    assert.equal(fuses.runAsNode, false);
    assert.equal(fuses.enableNodeOptionsEnvironmentVariable, false);
    assert.equal(fuses.enableNodeCliInspectArguments, false);
    assert.equal(fuses.enableCookieEncryption, true);
    assert.equal(fuses.enableEmbeddedAsarIntegrityValidation, true);
    assert.equal(fuses.onlyLoadAppFromAsar, true);
    assert.equal(fuses.grantFileProtocolExtraPrivileges, false);
  });

  test('the icons it names were drawn (from build/icons/icon.svg)', () => {
    for (const file of ['build/icon.png', 'build/icons/icon.svg', 'build/icons/512x512.png', 'build/icons/16x16.png']) {
      assert.ok(existsSync(join(projectDir, file)), file);
    }
  });
});

const distMissing = ['dist/main.cjs', 'dist/preload.cjs', 'dist/renderer/index.html'].find((f) => !existsSync(join(projectDir, f)));

describe('packing --linux dir against a stub Electron', () => {
  test('the forbidden-entry rules catch sources, tests, fixtures, maps and dependencies, not the bundles', () => {
    const caught = (entry: string): boolean => FORBIDDEN_IN_ASAR.some(([re]) => re.test(entry));
    for (const entry of ['/archive/store/store.ts', '/electron/main.ts', '/e2e/smoke.e2e.ts', '/dist/x.test.js', '/archive/export/fixtures/a.html', '/node_modules/lit/index.js', '/dist/main.cjs.map', '/build/icon.png']) {
      assert.ok(caught(entry), entry);
    }
    for (const entry of ['/dist/main.cjs', '/dist/preload.cjs', '/dist/renderer/app.js', '/dist/renderer/index.html', '/package.json']) assert.ok(!caught(entry), entry);
  });

  test('app.asar holds the bundles and package.json, and nothing from sources, tests, fixtures or node_modules', { skip: distMissing ? `${distMissing} is not built: run \`npm run build\` first (npm test does)` : false, timeout: 180_000 }, async () => {
    const report = await packAndInspect();
    assert.deepEqual(report.missing, []);
    assert.deepEqual(report.forbidden, []);
    assert.equal(report.packageJson.main, 'dist/main.cjs');
    console.log(`# packed app.asar (${report.entries.length} entries) in ${report.ms} ms`);
  });
});
