/**
 * The one table of setting limits (model.ts's SETTING_LIMITS) is what the contract checks: the
 * settings the window saves and the font size an export asks for. The window's controls and the
 * menu step by the same table (e2e/reader.test.ts, electron/main.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkArgument, InvalidArgument } from './contract.ts';
import { DEFAULT_SETTINGS, SETTING_LIMITS, clampSetting, stepSetting } from './model.ts';

const limited = Object.keys(SETTING_LIMITS) as (keyof typeof SETTING_LIMITS)[];

test('the contract accepts each setting from its minimum to its maximum, and nothing a step outside', () => {
  assert.deepEqual(limited.sort(), ['fontSize', 'libraryPaneWidth', 'lineHeight', 'measure']);
  for (const setting of limited) {
    const { min, max, step } = SETTING_LIMITS[setting];
    assert.ok(min < max && step > 0 && step <= max - min, setting);
    for (const ok of [min, max, DEFAULT_SETTINGS[setting]]) assert.deepEqual(checkArgument('updateSettings', { [setting]: ok }), { [setting]: ok });
    for (const bad of [min - step, max + step]) {
      assert.throws(() => checkArgument('updateSettings', { [setting]: bad }), (e: Error) => e instanceof InvalidArgument && e.message.includes(`from ${min} to ${max}`), `${setting} ${bad}`);
    }
  }
});

test('an export takes the font sizes the reader can set, and no other', () => {
  const { min, max, step } = SETTING_LIMITS.fontSize;
  const query = (fontSize: number) => ({ ids: ['a'.repeat(16)], format: 'html', script: 'original', fontSize });
  for (const ok of [min, max]) assert.equal(checkArgument('exportArticles', query(ok)).fontSize, ok);
  for (const bad of [min - step, max + step]) assert.throws(() => checkArgument('exportArticles', query(bad)), InvalidArgument);
});

test('stepping moves by the table\'s step, stops at the limits, and 0 goes back to the default', () => {
  const { min, max, step } = SETTING_LIMITS.fontSize;
  assert.equal((DEFAULT_SETTINGS.fontSize - min) % step, 0, 'the default font size is on a step from the minimum');
  assert.equal(stepSetting('fontSize', DEFAULT_SETTINGS.fontSize, 1), DEFAULT_SETTINGS.fontSize + step);
  assert.equal(stepSetting('fontSize', DEFAULT_SETTINGS.fontSize, -1), DEFAULT_SETTINGS.fontSize - step);
  assert.equal(stepSetting('fontSize', max, 1), max);
  assert.equal(stepSetting('fontSize', min, -1), min);
  assert.equal(stepSetting('fontSize', 31, 0), DEFAULT_SETTINGS.fontSize);
  const pane = SETTING_LIMITS.libraryPaneWidth;
  assert.equal(stepSetting('libraryPaneWidth', pane.max - 1, 1), pane.max);
  assert.equal(clampSetting('libraryPaneWidth', 5000), pane.max);
  assert.equal(clampSetting('measure', Number.NaN), DEFAULT_SETTINGS.measure);
});
