/**
 * Contract methods that other issues add (conversion, search, import). The renderer uses one as
 * soon as the bridge has it, and keeps its control disabled with a tooltip until then; once they
 * are in `archive/contract.ts` these shapes are checked against it here.
 */
import type { ReaderBridge } from '../../archive/contract.ts';
import type { ArticleBody, ArticleMeta, ScriptMode } from '../../archive/model.ts';

/** What the reader shows of an article in one script. */
export interface DisplayedText {
  title: string;
  body: ArticleBody;
  /** BCP 47 tag of the displayed text, for `lang` attributes. */
  lang: string | null;
}

export interface SearchHit {
  id: string;
  title: string;
  snippet: string;
  meta?: ArticleMeta;
}

type Loose = Record<string, unknown>;

function method(bridge: ReaderBridge, name: string): ((arg: unknown) => Promise<unknown>) | null {
  const fn = (bridge as unknown as Loose)[name];
  return typeof fn === 'function' ? (fn as (arg: unknown) => Promise<unknown>).bind(bridge) : null;
}

/** Converts an article for display, or null when the bridge cannot yet. */
export function articleConverter(bridge: ReaderBridge): ((id: string, script: ScriptMode) => Promise<DisplayedText>) | null {
  const convert = method(bridge, 'convertArticle');
  if (!convert) return null;
  return async (id, script) => {
    const result = (await convert({ id, script })) as Loose;
    const meta = result.meta as ArticleMeta | undefined;
    const body = (result.body ?? result) as ArticleBody;
    const title = (result.title as string | undefined) ?? meta?.title ?? '';
    const lang = (result.lang as string | null | undefined) ?? null;
    return { title, body, lang };
  };
}

/** Full-text search, or null when the bridge cannot yet. */
export function searcher(bridge: ReaderBridge): ((query: string, script: ScriptMode) => Promise<SearchHit[]>) | null {
  const search = method(bridge, 'search');
  if (!search) return null;
  return async (query, script) => {
    const result = (await search({ query, script, limit: 200 })) as unknown;
    const hits = Array.isArray(result) ? result : ((result as Loose).hits as unknown[] | undefined) ?? [];
    return hits as SearchHit[];
  };
}

/** Asks main to show its import dialog, or null when the bridge cannot yet. */
export function importer(bridge: ReaderBridge): (() => Promise<unknown>) | null {
  const pick = method(bridge, 'importWithDialog');
  return pick ? () => pick({}) : null;
}
