import { callService, type CliCommand } from './context.ts';
import { terminalLine } from './terminal.ts';

/** The largest page the contract's listArticles gives at once. */
const PAGE = 1000;

/** `list`: every article, newest first. */
export const listCommand: CliCommand = {
  name: 'list',
  summary: 'list all articles, newest first',
  usage: '',
  async run(ctx) {
    const service = await ctx.openService({ readOnly: true });
    try {
      const rows = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await callService(service, 'listArticles', { sort: 'publishedAt', order: 'desc', offset, limit: PAGE });
        for (const m of page.items) {
          rows.push({
            id: m.id, title: m.title, byline: m.byline, source: m.source, publishedAt: m.publishedAt, importedAt: m.importedAt, lang: m.lang,
            extraction: m.extraction ?? 'article',
          });
        }
        if (offset + PAGE >= page.total) break;
      }
      ctx.printJson(rows);
      for (const r of rows) ctx.say(`${r.id}  ${(r.publishedAt ?? '').slice(0, 10).padEnd(10)}  ${terminalLine(r.title)}${r.source ? `  (${terminalLine(r.source)})` : ''}`);
      if (!ctx.json && rows.length === 0) ctx.say(`no articles in ${ctx.archiveDir}`);
      return 0;
    } finally {
      await service.close();
    }
  },
};
