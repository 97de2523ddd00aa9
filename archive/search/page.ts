/**
 * One page of results from an evaluation: documents ranked by score, the page cut from the top,
 * and the documents that still need their text checked (quoted phrases of several parts) checked
 * in rank order, a batch at a time, until the page is full. The rest are checked only when the
 * caller waits for the exact total; until then the total counts what is certain.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ArticleBody, ArticleSummary } from '../model.ts';
import { Ranking } from './rank.ts';
import type { Allocator } from './lease.ts';
import type { Evaluation } from './evaluate.ts';
import { matchable, matchesQuery } from './match.ts';
import type { ParsedQuery } from './syntax.ts';

/** What building a page needs from the index and the store. */
export interface PageSource {
  /** Where the page's large arrays come from (given back by the caller once the page is made). */
  lease?: Allocator;
  evaluation: Evaluation;
  query: ParsedQuery;
  /** A document's score without its title (below TITLE_BOOST). */
  base(n: number, weight: number): number;
  /** Whether a document's title holds the query (null: no title boost). */
  inTitle: ((n: number) => boolean) | null;
  meta(n: number): ArticleSummary | undefined;
  body(id: string): Promise<ArticleBody | null>;
  offset: number;
  limit: number;
  /** Check every unsure document before answering, so the total is exact. */
  waitForTotal: boolean;
  /** True once a newer search makes finishing this count pointless. */
  superseded(): boolean;
}

export interface PageEntry {
  n: number;
  score: number;
  meta: ArticleSummary;
  body: ArticleBody | null;
}

export interface Page {
  entries: PageEntry[];
  total: number;
  totalExact: boolean;
}

/** Bodies read at once while checking phrases. */
const CHECK_BATCH = 16;

/** Ranks the evaluation, checks unsure documents as far as needed, and returns the page. */
export async function collectPage(src: PageSource): Promise<Page> {
  const { docs, weights, unsure } = src.evaluation;
  const m = docs.length;
  // The weights are not needed past this point: the bases take their place.
  const bases = weights;
  for (let k = 0; k < m; k++) bases[k] = src.base(docs[k]!, weights[k]!);
  const inTitle = src.inTitle;
  const ranking = new Ranking(bases, inTitle ? (k) => inTitle(docs[k]!) : null, src.lease);
  const want = src.offset + src.limit;
  /** 1 confirmed, 2 rejected, 0 not checked (only unsure documents are checked). */
  const checked = new Uint8Array(unsure ? m : 0);
  let unsureLeft = 0;
  if (unsure) for (let k = 0; k < m; k++) if (unsure[docs[k]!]) unsureLeft++;
  let rejected = 0;
  const bodies = new Map<number, ArticleBody | null>();
  const check = async (ks: number[]): Promise<void> => {
    const metas = ks.map((k) => src.meta(docs[k]!));
    const read = await Promise.all(metas.map((meta) => (meta ? src.body(meta.id) : Promise.resolve(null))));
    ks.forEach((k, i) => {
      const meta = metas[i];
      const body = read[i];
      const ok = meta !== undefined && body !== null && body !== undefined && matchesQuery(src.query, matchable(meta, body.paragraphs));
      checked[k] = ok ? 1 : 2;
      if (!ok) rejected++;
      unsureLeft--;
      bodies.set(k, body ?? null);
    });
  };
  const order: number[] = [];
  let ranked = ranking.top(Math.min(m, want + 32));
  let consumed = 0;
  while (order.length < want) {
    if (consumed >= ranked.length) {
      if (ranked.length >= m) break;
      ranked = ranking.top(Math.min(m, ranked.length * 4));
      continue;
    }
    const batch: number[] = [];
    const start = consumed;
    while (consumed < ranked.length && batch.length < CHECK_BATCH && (batch.length === 0 || order.length + (consumed - start) < want)) {
      const k = ranked[consumed++]!;
      if (unsure && unsure[docs[k]!]) batch.push(k);
    }
    if (batch.length) await check(batch);
    for (let c = start; c < consumed; c++) {
      const k = ranked[c]!;
      if (checked[k] !== 2 && order.length < want) order.push(k);
    }
  }
  if (src.waitForTotal && unsureLeft > 0) {
    const pending: number[] = [];
    for (let k = 0; k < m; k++) if (unsure![docs[k]!] && checked[k] === 0) pending.push(k);
    for (let i = 0; i < pending.length && !src.superseded(); i += CHECK_BATCH) {
      await check(pending.slice(i, i + CHECK_BATCH));
      if ((i / CHECK_BATCH) % 8 === 7) await yieldToLoop();
    }
  }
  const entries: PageEntry[] = [];
  for (const k of order.slice(src.offset)) {
    const n = docs[k]!;
    const meta = src.meta(n);
    if (!meta) continue;
    entries.push({ n, score: ranking.score(k), meta, body: bodies.get(k) ?? (await src.body(meta.id)) });
  }
  const certain = m - rejected - unsureLeft;
  return { entries, total: unsureLeft > 0 ? confirmedSoFar(m, checked, unsure, docs) : certain, totalExact: unsureLeft === 0 };
}

/** Documents certain to match: never unsure, or checked and confirmed. */
function confirmedSoFar(m: number, checked: Uint8Array, unsure: Uint8Array | null, docs: Int32Array): number {
  let n = 0;
  for (let k = 0; k < m; k++) if (checked[k] === 1 || !unsure?.[docs[k]!]) n++;
  return n;
}

/** Every matching document of an evaluation, unsure ones checked against their text. */
export async function allMatches(src: Pick<PageSource, 'evaluation' | 'query' | 'meta' | 'body'>): Promise<number[]> {
  const { docs, unsure } = src.evaluation;
  const out: number[] = [];
  for (let i = 0; i < docs.length; i += CHECK_BATCH) {
    const batch = Array.from(docs.subarray(i, i + CHECK_BATCH));
    const ok = await Promise.all(
      batch.map(async (n) => {
        if (!unsure?.[n]) return true;
        const meta = src.meta(n);
        const body = meta ? await src.body(meta.id) : null;
        return meta !== undefined && body !== null && matchesQuery(src.query, matchable(meta, body.paragraphs));
      }),
    );
    batch.forEach((n, k) => ok[k] && out.push(n));
  }
  return out;
}
