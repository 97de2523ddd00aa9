import { scriptOption, UsageError, type CliCommand } from './context.ts';
import { terminalLine } from './terminal.ts';

/** `show <id> [--script S]`: one article, its text with paragraphs separated by a blank line. */
export const showCommand: CliCommand = {
  name: 'show',
  summary: 'print one article',
  usage: '<id> [--script original|hans|hant|tw|hk]',
  options: { script: { type: 'string' } },
  async run(ctx) {
    const [id, ...extra] = ctx.positionals;
    if (!id || extra.length > 0) throw new UsageError('show takes exactly one article id');
    const script = scriptOption(ctx);
    const store = await ctx.openStore({ readOnly: true });
    try {
      const meta = store.get(id);
      if (!meta) {
        ctx.warn(`show: no article with id ${id} in ${ctx.archiveDir}`);
        return 1;
      }
      // The dictionaries are large: load them only when a conversion is asked for.
      const { convertArticleBody, metaInScript } = await import('../convert/index.ts');
      const body = convertArticleBody(await store.getBody(id), script, meta.lang);
      // Title, byline, source and lang in the script, as the window shows them (one function).
      const shown = metaInScript(meta, script);
      const text = body.paragraphs.join('\n\n');
      ctx.printJson({
        id, title: shown.title, byline: shown.byline, source: shown.source, publishedAt: meta.publishedAt, url: meta.url, lang: shown.lang, text, html: body.html,
        editor: meta.editor ?? null, extraction: meta.extraction ?? 'article',
      });
      ctx.say(`${terminalLine(shown.title)}\n${terminalLine([shown.byline, shown.source, meta.publishedAt].filter(Boolean).join(' · '))}\n\n${text}`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
