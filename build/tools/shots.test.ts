import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MissingHook, takeScreens, type Screen, type ScreenReport } from './shots.ts';

test('a screen whose hook is missing is listed as skipped with the hook, a failing one as failed; the rest are still taken', async () => {
  const taken: string[] = [];
  let resets = 0;
  const screens: Screen<string[]>[] = [
    { name: 'library', take: async (log) => void log.push('library') },
    { name: 'reading-settings', take: async () => { throw new MissingHook('[data-action="reading-settings"]'); } },
    { name: 'export-dialog', take: async () => { throw new Error('timed out waiting for export-dialog [open]\n  at …'); } },
    { name: 'shortcuts', take: async (log) => void log.push('shortcuts') },
  ];
  const report: ScreenReport = { written: [], skipped: [], failed: [] };
  await takeScreens(screens, taken, report, async () => void resets++);
  assert.deepEqual(taken, ['library', 'shortcuts']);
  assert.deepEqual(report.skipped, [{ name: 'reading-settings', reason: '[data-action="reading-settings"] not present' }]);
  assert.deepEqual(report.failed, [{ name: 'export-dialog', error: 'timed out waiting for export-dialog [open]' }]);
  assert.equal(resets, 2, 'the window is reset after each screen that did not finish');
});
