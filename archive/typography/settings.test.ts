import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkArgument } from '../contract.ts';
import { DEFAULT_SETTINGS } from '../model.ts';
import { ReaderService } from '../service.ts';
import { ArchiveStore } from '../store/store.ts';
import { CJK_CSS, CJK_FONT_STACKS, pickTypography, typographyAttributes } from './cjk-css.ts';

test('the Chinese setting is remembered like every other preference, and bad values are refused at the boundary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'typography-settings-'));
  const store = await ArchiveStore.open(dir);
  const service = new ReaderService(store);
  try {
    assert.deepEqual(
      [DEFAULT_SETTINGS.cjkPunctuation, DEFAULT_SETTINGS.justify, DEFAULT_SETTINGS.fontFamily, DEFAULT_SETTINGS.writingMode],
      [true, true, 'sans', 'horizontal'],
    );
    const saved = await service.dispatch('updateSettings', { cjkPunctuation: false, justify: false, fontFamily: 'serif', writingMode: 'vertical' });
    assert.deepEqual([saved.cjkPunctuation, saved.justify, saved.fontFamily, saved.writingMode], [false, false, 'serif', 'vertical']);
    await service.dispose();
    await store.close();
    const reopened = await ArchiveStore.open(dir);
    assert.equal(reopened.getSettings().writingMode, 'vertical');
    assert.equal(reopened.getSettings().fontFamily, 'serif');
    await reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => checkArgument('updateSettings', { writingMode: 'diagonal' }), /updateSettings\.writingMode: expected one of horizontal, vertical/);
  assert.throws(() => checkArgument('updateSettings', { fontFamily: 'comic' }), /updateSettings\.fontFamily/);
  assert.throws(() => checkArgument('updateSettings', { cjkPunctuation: 'yes' }), /updateSettings\.cjkPunctuation: expected true or false/);
  const exportQuery = { ids: ['0123456789abcdef'], format: 'pdf', script: 'original', fontSize: 18 };
  assert.equal(checkArgument('exportArticles', { ...exportQuery, writingMode: 'vertical', fontFamily: 'serif', justify: false, cjkPunctuation: true, showRuby: true }).writingMode, 'vertical');
  assert.throws(() => checkArgument('exportArticles', { ...exportQuery, writingMode: 'sideways' }), /exportArticles\.writingMode/);
});

test('the root attributes select the choices; only Chinese and Japanese text is set in columns', () => {
  const vertical = { cjkPunctuation: true, justify: false, fontFamily: 'serif', writingMode: 'vertical' } as const;
  assert.deepEqual(typographyAttributes(vertical, 'zh-Hant'), { 'data-cjk-face': 'serif', 'data-justify': 'off', 'data-writing': 'vertical' });
  assert.equal(typographyAttributes(vertical, 'en')['data-writing'], 'horizontal');
  assert.equal(typographyAttributes(vertical, null)['data-writing'], 'horizontal');
  assert.deepEqual(pickTypography({ writingMode: 'vertical', fontFamily: undefined }), { writingMode: 'vertical' });
});

test('each script has a sans and a serif face, system faces first and Noto CJK as the shipped fallback', () => {
  for (const face of ['sans', 'serif'] as const) {
    for (const [region, stack] of Object.entries(CJK_FONT_STACKS[face])) {
      const names = stack.split(', ');
      const noto = names.findIndex((n) => n.startsWith(`"Noto ${face === 'sans' ? 'Sans' : 'Serif'} CJK`));
      assert.ok(noto > 0, `${face} ${region}: Noto CJK after a system face`);
      assert.equal(names.at(-1), face === 'sans' ? 'sans-serif' : 'serif');
      assert.ok(CJK_CSS.includes(stack), `${face} ${region} is in the stylesheet`);
    }
  }
  assert.match(CJK_FONT_STACKS.serif.hk, /Noto Serif CJK HK/);
  assert.match(CJK_FONT_STACKS.sans.hans, /Noto Sans CJK SC/);
  assert.doesNotMatch(CJK_CSS, /url\(|@import|@font-face/, 'nothing is loaded from anywhere');
});
