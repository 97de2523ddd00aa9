/**
 * The library's collections besides All, and the excerpt its rows show: pure functions of an
 * article's record, so the store's list, search and the window agree on them.
 */
import type { ArticleMeta } from './model.ts';

/**
 * The library's collections besides All: `recent` is imported in the last RECENT_DAYS days (by
 * the clock, not by import batch: a batch has no record of its own); `needs-review` is pages
 * imported whole (`extraction: 'whole-page'`); `highlighted` has `highlightCount > 0`.
 */
export const LIBRARY_COLLECTIONS = ['recent', 'needs-review', 'highlighted'] as const;
export type LibraryCollection = (typeof LIBRARY_COLLECTIONS)[number];
/** How far back "Recently imported" reaches. */
export const RECENT_DAYS = 7;

/**
 * The `importedAt` from which an article counts as recent at `now` (ISO, compared as text). Rounded
 * down to the minute, so a list filtered by it keeps its cached ids while the user scrolls.
 */
export function recentSince(now: number = Date.now()): string {
  return new Date(Math.floor(now / 60_000) * 60_000 - RECENT_DAYS * 86_400_000).toISOString();
}

/** How wide an excerpt is: Latin characters count one column, CJK and other wide ones two. */
export const EXCERPT_COLUMNS = 120;

/** Characters that take two columns: Hangul Jamo, CJK (with its punctuation, kana, Yi), Hangul, compatibility ideographs, full-width forms, and the supplementary ideographs' lead surrogates. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud840-\ud8bf]/;

/** The start of an article's text, EXCERPT_COLUMNS wide, on one line (the library's rows show it). */
export function excerptOf(paragraphs: readonly string[]): string {
  let out = '';
  let columns = 0;
  for (const paragraph of paragraphs) {
    const text = paragraph.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    for (const ch of out ? ` ${text}` : text) {
      columns += WIDE.test(ch) ? 2 : 1;
      if (columns > EXCERPT_COLUMNS) return `${out.trimEnd()}…`;
      out += ch;
    }
  }
  return out;
}

/** Whether a record is in a collection; `since` is recentSince() of now (callers testing many records compute it once). */
export function inCollection(m: Pick<ArticleMeta, 'importedAt' | 'extraction' | 'highlightCount'>, collection: LibraryCollection, since: string): boolean {
  switch (collection) {
    case 'recent':
      return m.importedAt >= since;
    case 'needs-review':
      return m.extraction === 'whole-page';
    case 'highlighted':
      return (m.highlightCount ?? 0) > 0;
  }
}
