/**
 * A parsed query answered from the postings alone: the exact set of matching documents, with a
 * weight per document for ranking. CJK runs of three or more characters are matched through the
 * positions of their character pairs, so no candidate is left unchecked; only a quoted phrase of
 * several parts (words, or words and CJK) leaves some documents `unsure`, to be checked against
 * their text (see match.ts), all of them, however many.
 */
import type { ArticleSummary } from '../model.ts';
import { PositionCursor, decodePostings } from './postings.ts';
import { NO_LEASE, type Allocator } from './lease.ts';
import { atomMatches, countText, inDateRange } from './match.ts';
import type { QueryPart } from './query.ts';
import type { ParsedQuery, QueryAtom, TextAtom } from './syntax.ts';

/** What evaluation needs from the index. */
export interface PostingSource {
  /** 1 for documents that exist, by number. */
  alive: Uint8Array;
  /** Document numbers run from 0 to size - 1. */
  size: number;
  /** The byte chunks of a CJK key's list (a character, or a pair: first * 0x10000 + second). */
  cjk(key: number): Uint8Array[];
  /** The lists of the words equal to `word` or, with `prefix`, starting with it. */
  terms(word: string, prefix: boolean): Uint8Array[][];
  /** Longest word the index keeps whole; longer words are indexed by their start. */
  maxWord: number;
  /** Folded title of document n. */
  title(n: number): string;
  meta(n: number): ArticleSummary | undefined;
}

/** Sorted document numbers and a weight for each. */
export interface DocSet {
  docs: Int32Array;
  weights: Float64Array;
}

/** The answer: documents (a superset only where `unsure` marks them), weights, what to check. */
export interface Evaluation extends DocSet {
  /** By document number: 1 where the text must be checked; null when every document is certain. */
  unsure: Uint8Array | null;
  /** Text parts the query asks for (not excluded), for ranking and snippets. */
  positiveParts: QueryPart[];
}

/** Where the arrays of the evaluation under way come from (see evaluateQuery). */
let alloc: Allocator = NO_LEASE;

const EMPTY: DocSet = { docs: new Int32Array(0), weights: new Float64Array(0) };

interface AtomSet extends DocSet {
  /** True when the set may hold documents that do not match (checked later against the text). */
  verify: boolean;
}

/** Evaluates `query` over the index; `keep` applies the library's own filters. */
export function evaluateQuery(query: ParsedQuery, src: PostingSource, keep: ((n: number) => boolean) | null, lease: Allocator = NO_LEASE): Evaluation {
  // Evaluation runs to its end without waiting: the allocator of this query is the module's meanwhile.
  alloc = lease;
  try {
    return evaluate(query, src, keep);
  } finally {
    alloc = NO_LEASE;
  }
}

function evaluate(query: ParsedQuery, src: PostingSource, keep: ((n: number) => boolean) | null): Evaluation {
  const positive: DocSet[] = [];
  const negative: DocSet[] = [];
  const predicates: ((n: number) => boolean)[] = [];
  const verifySets: DocSet[] = [];
  const positiveParts: QueryPart[] = [];
  for (const clause of query.clauses) {
    const onlyMeta = clause.anyOf.every(isMetaAtom);
    if (!clause.negated) for (const atom of clause.anyOf) positiveParts.push(...textParts(atom));
    if (onlyMeta) {
      const any = (n: number): boolean => {
        const meta = src.meta(n);
        return meta !== undefined && clause.anyOf.some((a) => atomMatches(a, { folded: '', raw: '', meta }));
      };
      predicates.push(clause.negated ? (n) => !any(n) : any);
      continue;
    }
    const sets = clause.anyOf.map((atom) => atomSet(atom, src));
    for (const s of sets) if (s.verify) verifySets.push(s);
    if (clause.negated) {
      const exact = sets.filter((s) => !s.verify);
      if (exact.length) negative.push(union(exact));
    } else {
      positive.push(union(sets));
    }
  }
  let result: DocSet;
  if (positive.length === 0) {
    result = allDocs(src);
  } else {
    positive.sort((a, b) => a.docs.length - b.docs.length);
    result = positive[0]!;
    for (let i = 1; i < positive.length && result.docs.length > 0; i++) result = intersect(result, positive[i]!);
  }
  for (const set of negative) result = subtract(result, set);
  if (predicates.length || keep) {
    const tests = keep ? [keep, ...predicates] : predicates;
    result = filterSet(result, (n) => tests.every((t) => t(n)));
  }
  let unsure: Uint8Array | null = null;
  if (verifySets.length) {
    unsure = new Uint8Array(src.size); // kept past the query (page.ts checks against it)
    for (const set of verifySets) for (const n of set.docs) unsure[n] = 1;
  }
  return { ...result, unsure, positiveParts };
}

function isMetaAtom(atom: QueryAtom): boolean {
  return atom.kind === 'source' || atom.kind === 'by' || atom.kind === 'tag' || atom.kind === 'date';
}

function textParts(atom: QueryAtom): QueryPart[] {
  if (atom.kind === 'text' || atom.kind === 'phrase') return atom.parts;
  if (atom.kind === 'title') return atom.inner.parts;
  return [];
}

function atomSet(atom: QueryAtom, src: PostingSource): AtomSet {
  switch (atom.kind) {
    case 'text':
    case 'phrase':
      return textSet(atom, src);
    case 'title': {
      // Titles are in memory: the inner text is checked against them exactly.
      const inner = textSet(atom.inner, src);
      return { ...filterSet(inner, (n) => countText(atom.inner, src.title(n), src.title(n)) > 0), verify: false };
    }
    default: {
      const matches = (n: number): boolean => {
        const meta = src.meta(n);
        return meta !== undefined && atomMatches(atom, { folded: '', raw: '', meta });
      };
      return { ...filterSet(allDocs(src), matches), verify: false };
    }
  }
}

/** Every part's documents, intersected; a phrase of several parts still needs its order checked. */
function textSet(atom: TextAtom, src: PostingSource): AtomSet {
  let verify = atom.kind === 'phrase' && atom.parts.length > 1;
  const sets: DocSet[] = [];
  for (const part of atom.parts) {
    if (part.kind === 'cjk') {
      sets.push(cjkSet(part.text, src));
    } else {
      const long = part.text.length > src.maxWord;
      if (long) verify = true;
      const word = long ? part.text.slice(0, src.maxWord) : part.text;
      const prefix = long || (part.whole !== true && word.length >= 2);
      const lists = src.terms(word, prefix).map((chunks) => decodePostings(chunks, src.alive, false, part.text.length, alloc));
      sets.push(union(lists));
    }
  }
  sets.sort((a, b) => a.docs.length - b.docs.length);
  let result = sets[0] ?? EMPTY;
  for (let i = 1; i < sets.length && result.docs.length > 0; i++) result = intersect(result, sets[i]!);
  return { ...result, verify };
}

/** Documents holding the CJK run `t` (folded), exactly: one character, a pair, or pairs in place. */
function cjkSet(t: string, src: PostingSource): DocSet {
  if (t.length === 1) return decodePostings(src.cjk(t.charCodeAt(0)), src.alive, false, 1, alloc);
  const pair = (j: number): number => t.charCodeAt(j) * 0x10000 + t.charCodeAt(j + 1);
  if (t.length === 2) return decodePostings(src.cjk(pair(0)), src.alive, true, 2, alloc);
  const lists: Uint8Array[][] = [];
  const sizes: number[] = [];
  for (let j = 0; j + 1 < t.length; j++) {
    const chunks = src.cjk(pair(j));
    let bytes = 0;
    for (const c of chunks) bytes += c.length;
    if (bytes === 0) return EMPTY;
    lists.push(chunks);
    sizes.push(bytes);
  }
  const offsets = pairsToCheck(sizes);
  return runInPlace(
    offsets.map((j) => new PositionCursor(lists[j]!, src.alive)),
    offsets,
    t.length,
  );
}

/**
 * Which pairs of a run to check (by offset in the run), smallest list first. Every character
 * must be covered by a pair checked in place; of the sets that cover it, the one with the fewest
 * bytes of lists is taken (a common pair is walked whole, a rare one is nearly free). The two
 * smallest lists of the run lead the walk even when the cover does not need them: a pair that
 * straddles two common words (市发 in 城市发展) is often rare, and leaves few documents to check.
 */
export function pairsToCheck(sizes: readonly number[]): number[] {
  // best[j]: the fewest bytes covering characters 0..j+1 with pair j checked (pair j-1 or j-2 before it).
  const best: number[] = [];
  const from: number[] = [];
  for (let j = 0; j < sizes.length; j++) {
    if (j === 0) {
      best.push(sizes[0]!);
      from.push(-1);
      continue;
    }
    const k = j >= 2 && best[j - 2]! < best[j - 1]! ? j - 2 : j - 1;
    best.push(sizes[j]! + best[k]!);
    from.push(k);
  }
  const chosen = new Set<number>();
  for (let j = sizes.length - 1; j >= 0; j = from[j]!) chosen.add(j);
  const bySize = sizes.map((_, j) => j).sort((a, b) => sizes[a]! - sizes[b]! || a - b);
  chosen.add(bySize[0]!).add(bySize[1]!);
  return [...chosen].sort((a, b) => sizes[a]! - sizes[b]! || a - b);
}

/**
 * Writes to `out` the positions p among from[0..n) (ascending) for which `other[0..m)` (ascending)
 * holds p + shift; returns how many. `out` may be `from`: a position is written no later than read.
 */
function keepShifted(from: Int32Array, n: number, shift: number, other: Int32Array, m: number, out: Int32Array): number {
  let kept = 0;
  for (let i = 0, j = 0; i < n && j < m; ) {
    const x = from[i]! + shift;
    const y = other[j]!;
    if (x === y) {
      out[kept++] = from[i]!;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return kept;
}

/**
 * Documents where, for some start p, cursor k has a position p + offsets[k] for every k, with the
 * count of such p. The first two cursors (the smallest lists) are walked together and their
 * positions merged; the others are read only in documents where those two left a candidate
 * start, so a long run of common characters costs little more than its rarest pairs.
 */
function runInPlace(cursors: PositionCursor[], offsets: number[], length: number): DocSet {
  let docs = alloc.int32(1024);
  let weights = alloc.float64(1024);
  let found = 0;
  const a = cursors[0]!;
  const b = cursors[1]!;
  const lead = offsets[0]!;
  let starts = new Int32Array(64);
  let target = 0;
  scan: while (a.seek(target) && b.seek(a.doc)) {
    const doc = a.doc;
    if (b.doc !== doc) {
      target = b.doc;
      continue;
    }
    target = doc + 1;
    const na = a.readPositions();
    const nb = b.readPositions();
    const pa = a.positions;
    if (starts.length < na) starts = new Int32Array(Math.max(na, starts.length * 2));
    // Candidate starts of the run: the lead pair's positions less its offset (none below 0).
    let n = 0;
    for (let i = 0; i < na; i++) if (pa[i]! >= lead) starts[n++] = pa[i]! - lead;
    let count = keepShifted(starts, n, offsets[1]!, b.positions, nb, starts);
    for (let k = 2; k < cursors.length && count > 0; k++) {
      const c = cursors[k]!;
      if (!c.seek(doc)) break scan;
      if (c.doc !== doc) {
        count = 0;
        break;
      }
      const nc = c.readPositions();
      count = keepShifted(starts, count, offsets[k]!, c.positions, nc, starts);
    }
    if (count > 0) {
      if (found === docs.length) {
        const more = alloc.int32(found * 2);
        more.set(docs);
        docs = more;
        const heavier = alloc.float64(found * 2);
        heavier.set(weights);
        weights = heavier;
      }
      docs[found] = doc;
      weights[found++] = count * length;
    }
  }
  return { docs: docs.subarray(0, found), weights: weights.subarray(0, found) };
}

function allDocs(src: PostingSource): DocSet {
  let n = 0;
  for (let d = 0; d < src.size; d++) if (src.alive[d] === 1) n++;
  const docs = alloc.int32(n);
  n = 0;
  for (let d = 0; d < src.size; d++) if (src.alive[d] === 1) docs[n++] = d;
  return { docs, weights: alloc.float64(docs.length).fill(0) };
}

function filterSet(set: DocSet, keep: (n: number) => boolean): DocSet {
  const docs = alloc.int32(set.docs.length);
  const weights = alloc.float64(set.docs.length);
  let out = 0;
  for (let i = 0; i < set.docs.length; i++) {
    if (!keep(set.docs[i]!)) continue;
    docs[out] = set.docs[i]!;
    weights[out++] = set.weights[i]!;
  }
  return { docs: docs.subarray(0, out), weights: weights.subarray(0, out) };
}

/** Documents in both, weights added. */
export function intersect(a: DocSet, b: DocSet): DocSet {
  const n = Math.min(a.docs.length, b.docs.length);
  const docs = alloc.int32(n);
  const weights = alloc.float64(n);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.docs.length && j < b.docs.length) {
    const x = a.docs[i]!;
    const y = b.docs[j]!;
    if (x === y) {
      docs[k] = x;
      weights[k++] = a.weights[i++]! + b.weights[j++]!;
    } else if (x < y) i++;
    else j++;
  }
  return { docs: docs.subarray(0, k), weights: weights.subarray(0, k) };
}

/** Documents of `a` not in `b`. */
export function subtract(a: DocSet, b: DocSet): DocSet {
  let j = 0;
  return filterSet(a, (n) => {
    while (j < b.docs.length && b.docs[j]! < n) j++;
    return j >= b.docs.length || b.docs[j] !== n;
  });
}

/** Documents in any, weights added. */
export function union(sets: readonly DocSet[]): DocSet {
  if (sets.length === 0) return EMPTY;
  if (sets.length === 1) return sets[0]!;
  let top = -1;
  for (const s of sets) if (s.docs.length) top = Math.max(top, s.docs[s.docs.length - 1]!);
  const sums = alloc.float64(top + 1).fill(0);
  const seen = alloc.uint8(top + 1);
  let total = 0;
  for (const s of sets) {
    for (let i = 0; i < s.docs.length; i++) {
      const d = s.docs[i]!;
      if (!seen[d]) {
        seen[d] = 1;
        total++;
      }
      sums[d]! += s.weights[i]!;
    }
  }
  const docs = alloc.int32(total);
  const weights = alloc.float64(total);
  let n = 0;
  for (let d = 0; d <= top; d++) {
    if (seen[d]) {
      docs[n] = d;
      weights[n++] = sums[d]!;
    }
  }
  return { docs, weights };
}
