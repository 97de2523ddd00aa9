import { MAX_ARTICLES_AT_ONCE } from '../contract.ts';
import { callService, EXIT, isArticleId, scriptOption, UsageError, type CliCommand } from './context.ts';
import { terminalLine } from './terminal.ts';

/** The ids on stdin (any whitespace between them), for `show -`. */
async function idsFromStdin(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\s+/).filter(Boolean);
}

/**
 * `show <id...> [--script S]`: articles as the window shows them, title, byline, source and body in
 * the script (the service converts them all); `--json` prints one line per article, in order. Any
 * number of ids, asked of the service MAX_ARTICLES_AT_ONCE at a time, so a script shows a whole
 * list in one process; `-` stands for the ids read from stdin (`list --json | jq -r '.[].id' | show -`).
 */
export const showCommand: CliCommand = {
  name: 'show',
  summary: 'print one article, or several',
  usage: '<id...>|- [--script original|hans|hant|tw|hk]',
  options: { script: { type: 'string' } },
  async run(ctx) {
    const fromStdin = ctx.positionals.includes('-') ? await idsFromStdin() : [];
    const ids = ctx.positionals.flatMap((id) => (id === '-' ? fromStdin : [id]));
    if (ids.length === 0) throw new UsageError(ctx.positionals.includes('-') ? 'show -: no article ids on stdin' : 'show takes at least one article id');
    const script = scriptOption(ctx);
    const service = await ctx.openService({ readOnly: true });
    let missing = 0;
    let shown = 0;
    try {
      for (let start = 0; start < ids.length; start += MAX_ARTICLES_AT_ONCE) {
        const batch = ids.slice(start, start + MAX_ARTICLES_AT_ONCE);
        // An id of the wrong shape names no article: reported like a missing one, not a usage error.
        const wellFormed = batch.filter(isArticleId);
        const views = wellFormed.length > 0 ? await callService(service, 'getArticles', { ids: wellFormed, script }) : [];
        const byId = new Map(wellFormed.map((id, k) => [id, views[k] ?? null]));
        for (const id of batch) {
          const view = byId.get(id);
          if (!view) {
            ctx.warn(`show: no article with id ${id} in ${ctx.archiveDir}`);
            missing++;
            continue;
          }
          const { meta, body } = view;
          const text = body.paragraphs.join('\n\n');
          ctx.printJson({
            id: meta.id, title: meta.title, byline: meta.byline, source: meta.source, publishedAt: meta.publishedAt, url: meta.url, lang: meta.lang, text, html: body.html,
            editor: meta.editor ?? null, extraction: meta.extraction ?? 'article',
          });
          ctx.say(`${shown++ > 0 ? '\n' : ''}${terminalLine(meta.title)}\n${terminalLine([meta.byline, meta.source, meta.publishedAt].filter(Boolean).join(' · '))}\n\n${text}`);
        }
      }
      return missing > 0 ? EXIT.someFailed : EXIT.ok;
    } finally {
      await service.close();
    }
  },
};
