/**
 * A parsed query checked against one article's text and metadata, without the index: what
 * verifies quoted phrases of several words, and what the truth tests compare the index with.
 * The text is the one the index reads: title, byline, source and paragraphs, one per line.
 */
import type { ArticleMeta } from '../model.ts';
import { SEPARATOR, WORD, foldTables, foldText } from './fold.ts';
import { findPart, type QueryPart } from './query.ts';
import type { ParsedQuery, QueryAtom, TextAtom } from './syntax.ts';

/** An article as the matcher sees it. */
export interface MatchableArticle {
  /** The indexed text, folded, and as written (same length). */
  folded: string;
  raw: string;
  meta: Pick<ArticleMeta, 'title' | 'byline' | 'source' | 'tags' | 'publishedAt'>;
}

/** The text the index reads for an article. */
export function indexedText(meta: Pick<ArticleMeta, 'title' | 'byline' | 'source'>, paragraphs: readonly string[]): string {
  return [meta.title, meta.byline ?? '', meta.source ?? '', ...paragraphs].join('\n');
}

/** The article ready for matching. */
export function matchable(meta: MatchableArticle['meta'], paragraphs: readonly string[]): MatchableArticle {
  const raw = indexedText(meta, paragraphs);
  return { raw, folded: foldText(raw), meta };
}

/** True when the article matches every clause of the query. */
export function matchesQuery(query: ParsedQuery, article: MatchableArticle): boolean {
  return query.clauses.every((c) => c.anyOf.some((atom) => atomMatches(atom, article)) !== c.negated);
}

/** True when one atom of a query holds for the article. */
export function atomMatches(atom: QueryAtom, article: MatchableArticle): boolean {
  const { meta } = article;
  switch (atom.kind) {
    case 'text':
    case 'phrase':
      return countText(atom, article.folded, article.raw) > 0;
    case 'title': {
      const folded = foldText(meta.title);
      return countText(atom.inner, folded, meta.title) > 0;
    }
    case 'source':
      return meta.source !== null && foldText(meta.source).includes(atom.value);
    case 'by':
      return meta.byline !== null && foldText(meta.byline).includes(atom.value);
    case 'tag':
      return meta.tags.some((t) => foldText(t) === atom.value);
    case 'date':
      return inDateRange(meta.publishedAt, atom.from, atom.to);
  }
}

/** `publishedAt` within a range of date prefixes (`2019`..`2021-06`); open ends are ''. */
export function inDateRange(publishedAt: string | null, from: string, to: string): boolean {
  if (!publishedAt) return false;
  return (from === '' || publishedAt.slice(0, from.length) >= from) && (to === '' || publishedAt.slice(0, to.length) <= to);
}

/**
 * How strongly `atom` occurs: for text, the sum of its parts' occurrences times their length
 * (0 when a part is missing); for a phrase, its occurrences times its length.
 */
export function countText(atom: TextAtom, folded: string, raw: string): number {
  if (atom.kind === 'text' || atom.parts.length === 1) {
    let weight = 0;
    for (const part of atom.parts) {
      let n = 0;
      for (let at = findPart(folded, raw, part); at >= 0; at = findPart(folded, raw, part, at + part.text.length)) n++;
      if (n === 0) return 0;
      weight += n * part.text.length;
    }
    return weight;
  }
  let n = 0;
  const first = atom.parts[0]!;
  for (let at = findPart(folded, raw, first); at >= 0; at = findPart(folded, raw, first, at + 1)) {
    if (phraseAt(atom.parts, folded, raw, at)) n++;
  }
  return n * atom.parts.reduce((sum, p) => sum + p.text.length, 0);
}

/** True when the parts follow one another from `at`, with only separators between them. */
function phraseAt(parts: readonly QueryPart[], folded: string, raw: string, at: number): boolean {
  const { kind } = foldTables();
  let pos = at + parts[0]!.text.length;
  for (let k = 1; k < parts.length; k++) {
    while (pos < folded.length && kind[folded.charCodeAt(pos)] === SEPARATOR) pos++;
    const part = parts[k]!;
    if (!partAt(folded, raw, part, pos)) return false;
    pos += part.text.length;
  }
  return true;
}

/** True when `part` occurs right at `pos` (as findPart would find it there). */
function partAt(folded: string, raw: string, part: QueryPart, pos: number): boolean {
  if (!folded.startsWith(part.text, pos)) return false;
  if (part.kind === 'cjk') return true;
  const { kind } = foldTables();
  if (pos > 0 && kind[raw.charCodeAt(pos - 1)] === WORD) return false;
  const whole = part.whole === true || part.text.length < 2;
  return !whole || kind[raw.charCodeAt(pos + part.text.length)] !== WORD;
}
