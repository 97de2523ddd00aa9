import type { SearchQuery, SearchResults } from '../contract.ts';
import { callService, scriptOption, UsageError, type CliCommand, type CliContext, type ProgressBar } from './context.ts';
import { terminalLine } from './terminal.ts';
import type { ReaderService } from '../service.ts';

/** `search <query>`: full text in any script, best first; `--json` prints `[{id,title,snippet}]`. */
export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'search the archive (a query in either script finds both; "phrase", -word, a OR b, title: source: by: tag: date:)',
  usage: '[--script S] [--limit N] [--source S] [--tag T] [--lang L] [--from DATE] [--to DATE] [--] <query> (after --, a query may start with -)',
  options: {
    script: { type: 'string' },
    limit: { type: 'string' },
    source: { type: 'string' },
    tag: { type: 'string' },
    lang: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  async run(ctx) {
    const query = ctx.positionals.join(' ').trim();
    if (!query) throw new UsageError('search needs a query');
    const script = scriptOption(ctx);
    const limit = Number(ctx.values.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError(`--limit must be a whole number from 1 to 200, not "${ctx.values.limit}"`);
    for (const key of ['from', 'to'] as const) {
      const value = ctx.values[key];
      if (value !== undefined && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) throw new UsageError(`--${key} takes a date like 2020-11-25`);
    }
    const filters: Partial<SearchQuery> = {};
    for (const key of ['source', 'tag', 'lang', 'from', 'to'] as const) {
      const value = ctx.values[key];
      if (typeof value === 'string') filters[key] = value;
    }
    const service = await ctx.openService({ readOnly: true });
    try {
      const request: SearchQuery = { query, script, limit, ...filters };
      const results = await searchWhenIndexed(ctx, service, request);
      if (results.syntaxError) throw new UsageError(`search: ${results.syntaxError.message}`);
      ctx.printJson(results.hits.map((h) => ({ id: h.id, title: h.title, snippet: h.snippet, marks: h.marks, score: h.score })));
      for (const h of results.hits) ctx.say(`${h.id}  ${terminalLine(h.title)}\n    ${h.snippet.replace(/\s+/g, ' ')}`);
      if (ctx.json || !results.hits.length) {
        if (!ctx.json) ctx.say(`nothing matches "${query}"`);
        return 0;
      }
      let { total } = results;
      if (!results.totalExact) {
        ctx.say(`${total} matching so far, counting…`);
        ({ total } = await callService(service, 'search', { ...request, limit: 1, waitForTotal: true }));
      }
      ctx.say(`${total} matching`);
      return 0;
    } finally {
      await service.close();
    }
  },
};

/**
 * The service's answer once the index has caught up with the archive: a CLI search never answers
 * from a half-built index. The bar follows the service's `indexProgress` event; a service that
 * answers early (`indexing: true`) is asked again.
 */
async function searchWhenIndexed(ctx: CliContext, service: ReaderService, request: SearchQuery): Promise<SearchResults> {
  const view: { bar: ProgressBar | null } = { bar: null };
  const stop = service.on('indexProgress', ({ done, total }) => {
    view.bar ??= ctx.progress(total);
    view.bar.tick('indexing', done);
  });
  try {
    let results = await callService(service, 'search', request);
    while (results.indexing && !results.syntaxError) results = await callService(service, 'search', request);
    return results;
  } finally {
    stop();
    view.bar?.done();
  }
}
