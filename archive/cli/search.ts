import { scriptOption, UsageError, type CliCommand } from './context.ts';
import { terminalLine } from './terminal.ts';

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
    const text = (key: string): string | undefined => (typeof ctx.values[key] === 'string' ? (ctx.values[key] as string) : undefined);
    const store = await ctx.openStore({ readOnly: true });
    const { SearchIndex } = await import('../search/index.ts');
    const index = await SearchIndex.open(store);
    try {
      for (const notice of index.notices) ctx.warn(`notice: ${notice}`);
      const { pending } = index.status();
      if (pending > 0) {
        const bar = ctx.progress(pending);
        const timer = setInterval(() => bar.tick('indexing', pending - index.status().pending), 200);
        try {
          await index.ready();
        } finally {
          clearInterval(timer);
          bar.done();
        }
      }
      // status() can read 0 pending while the first batch is being indexed: always wait.
      await index.ready();
      const options = { script, limit, source: text('source'), tag: text('tag'), lang: text('lang'), from: text('from'), to: text('to') };
      const results = await index.search(query, options);
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
        ({ total } = await index.search(query, { ...options, limit: 1, waitForTotal: true }));
      }
      ctx.say(`${total} matching`);
      return 0;
    } finally {
      await index.close();
      await store.close();
    }
  },
};
