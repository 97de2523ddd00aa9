import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLayers } from './check-layers.ts';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('the layering check flags electron in archive/, Node and Electron values in renderer/, DOM globals in archive/', () => {
  const root = tree({
    'archive/a.ts': "import { app } from 'electron';\nexport const w = window.innerWidth;\n",
    'archive/ok.ts': "import type { BrowserWindow } from 'electron';\nimport { readFile } from 'node:fs/promises';\nconst { document } = parse();\ndocument.querySelector('p');\nconst window = parseHTML('');\nwindow.document;\n",
    'renderer/b.ts': "import { readFileSync } from 'node:fs';\nimport { ipcRenderer } from 'electron';\nimport { ArchiveStore } from '../archive/store/store.ts';\n",
    'renderer/ok.ts': "import type { ReaderBridge } from '../archive/contract.ts';\nimport { DEFAULT_SETTINGS } from '../archive/model.ts';\nimport { LitElement } from 'lit';\n",
  });
  const found = checkLayers(root).map((v) => `${v.file}:${v.line}`);
  assert.deepEqual(found.sort(), ['archive/a.ts:1', 'archive/a.ts:2', 'renderer/b.ts:1', 'renderer/b.ts:2', 'renderer/b.ts:3'].sort());
});

test('launcher/ takes no Electron, renderer or e2e code, and may use archive/ (the CLI\'s open command lives in launcher/)', () => {
  const root = tree({
    'launcher/cli-open.ts': "import type { CliCommand } from '../archive/cli/context.ts';\nexport async function run() {\n  const { startReader } = await import('./start.ts');\n}\n",
    'archive/cli/list.ts': "const launcher = await import('../../launcher/start.ts');\n",
    'archive/service.ts': "import { startReader } from '../launcher/start.ts';\n",
    'launcher/a.ts': "import { app } from 'electron';\nimport { ReaderApp } from '../renderer/app/reader-app.ts';\nimport { until } from '../e2e/support/app.ts';\n",
    'renderer/ok.ts': "export {};\n",
    'launcher/ok.ts': "import type { ReaderBridge } from '../renderer/global.d.ts';\nimport { ReaderService } from '../archive/service.ts';\nimport { chromium } from 'playwright-core';\n",
  });
  const found = checkLayers(root).map((v) => `${v.file}:${v.line}`);
  assert.deepEqual(found.sort(), ['archive/cli/list.ts:1', 'archive/service.ts:1', 'launcher/a.ts:1', 'launcher/a.ts:2', 'launcher/a.ts:3'].sort());
});

for (const layer of ['e2e', 'build', 'electron', 'renderer', 'launcher']) {
  test(`archive/ importing anything from ${layer}/ is caught, type-only and dynamic imports included`, () => {
    const root = tree({
      'archive/bench/suites.ts': `import { uiBench } from '../../${layer}/bench-ui.ts';\n`,
      'archive/model.ts': `import type { Thing } from '../${layer}/thing.ts';\n`,
      'archive/cli/x.ts': `const m = await import('../../${layer}/x.ts');\n`,
      'archive/ok.ts': `import { parse } from './${layer}/local.ts';\nimport { a } from '${layer}-package';\n`,
      'renderer/ok.ts': 'export {};\n',
    });
    const found = checkLayers(root);
    assert.deepEqual(found.map((v) => `${v.file}:${v.line}`).sort(), ['archive/bench/suites.ts:1', 'archive/cli/x.ts:1', 'archive/model.ts:1']);
    for (const v of found) assert.equal(v.rule, `archive/ must not import from ${layer}/`);
  });
}

test('the repository itself keeps to its layers', () => {
  assert.deepEqual(checkLayers(join(import.meta.dirname, '..', '..')), []);
});
