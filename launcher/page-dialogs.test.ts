import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importFormats } from '../archive/import/formats/index.ts';
import { PAGE_DIALOGS } from './page-dialogs.ts';

test("the browser window's import prompt names every format the importer reads", () => {
  for (const format of importFormats()) assert.ok(PAGE_DIALOGS.importFiles.includes(format.label), format.label);
});
