/**
 * What adds look up before writing: which article has these original bytes, which articles have
 * this normalized text, and how many articles use each asset. Kept small so that a writer at a
 * million articles need not hold every record's provenance: an original or a text is known by the
 * first 28 bits of its sha256 (a small integer, not a 64-character string), each with the ids that
 * have it; a hit is confirmed against the candidate's record (`record(id)`, which reads the
 * provenance of that one shard), so two hashes sharing a prefix never mix.
 */
import type { ArticleMeta, ExtractedArticle } from '../model.ts';
import { isSameArticle, isSubstantialText } from './same-article.ts';

/** The part of a record the lookups count. */
export type LookupFields = Pick<ArticleMeta, 'id' | 'captures' | 'textSha256' | 'assets'>;

/** One id, or several when hashes share their first 28 bits. */
type Ids = string | string[];

/** A sha256's first 28 bits (seven hex digits): an integer V8 keeps unboxed. */
function keyOf(sha: string): number {
  return parseInt(sha.slice(0, 7), 16);
}

function add(map: Map<number, Ids>, sha: string, id: string): void {
  const key = keyOf(sha);
  const ids = map.get(key);
  if (ids === undefined) map.set(key, id);
  else if (typeof ids === 'string') {
    if (ids !== id) map.set(key, [ids, id]);
  } else if (!ids.includes(id)) ids.push(id);
}

function drop(map: Map<number, Ids>, sha: string, id: string): void {
  const key = keyOf(sha);
  const ids = map.get(key);
  if (ids === undefined) return;
  if (typeof ids === 'string') {
    if (ids === id) map.delete(key);
    return;
  }
  const left = ids.filter((other) => other !== id);
  if (left.length === 0) map.delete(key);
  else map.set(key, left.length === 1 ? left[0]! : left);
}

function idsOf(map: Map<number, Ids>, sha: string): readonly string[] {
  const ids = map.get(keyOf(sha));
  return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
}

export class WriteLookups {
  readonly #byOriginal = new Map<number, Ids>();
  /** Articles by their normalized text (several articles may share one text). */
  readonly #byText = new Map<number, Ids>();
  readonly assetRefs = new Map<string, number>();
  readonly #record: (id: string) => ArticleMeta | undefined;

  /** `record` gives a candidate's whole record (with provenance) to confirm a hit. */
  constructor(record: (id: string) => ArticleMeta | undefined) {
    this.#record = record;
  }

  /** Adds (+1) or drops (-1) an article's entries. */
  count(meta: LookupFields, delta: 1 | -1): void {
    for (const c of meta.captures) {
      if (delta > 0) add(this.#byOriginal, c.sha256, meta.id);
      else drop(this.#byOriginal, c.sha256, meta.id);
    }
    if (meta.textSha256) {
      if (delta > 0) add(this.#byText, meta.textSha256, meta.id);
      else drop(this.#byText, meta.textSha256, meta.id);
    }
    for (const a of meta.assets) {
      const n = (this.assetRefs.get(a) ?? 0) + delta;
      if (n > 0) this.assetRefs.set(a, n);
      else this.assetRefs.delete(a);
    }
  }

  /** Notes that article `id` now has a capture with these original bytes. */
  addOriginal(sha: string, id: string): void {
    add(this.#byOriginal, sha, id);
  }

  /** The article with a capture of these original bytes. */
  ownerOf(sha: string): string | undefined {
    return idsOf(this.#byOriginal, sha).find((id) => this.#record(id)?.captures.some((c) => c.sha256 === sha));
  }

  /** The article `article` is another capture of, by the rule of same-article.ts. */
  earlierCapture(article: ExtractedArticle, text: string, textSha: string): ArticleMeta | undefined {
    const candidates = idsOf(this.#byText, textSha);
    if (candidates.length === 0) return undefined;
    const substantial = isSubstantialText(text.split('\n'));
    for (const id of candidates) {
      const earlier = this.#record(id);
      if (earlier && earlier.textSha256 === textSha && isSameArticle(earlier, article, substantial)) return earlier;
    }
    return undefined;
  }
}
