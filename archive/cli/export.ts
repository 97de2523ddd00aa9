import { stat } from 'node:fs/promises';
import { BrowserNotFound, openChromiumPdfRenderer } from '../export/chromium.ts';
import { EXPORT_FORMATS } from '../model.ts';
import { exportArticles } from '../export/formats.ts';
import type { PaperSize } from '../export/pdf-renderer.ts';
import { EXIT, scriptOption, UsageError, type CliCommand } from './context.ts';

/** `export <id...> --format pdf|html|md|epub --out DIR [--script S] [--font-size PX] [--paper A4|Letter]` */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export articles to PDF, HTML or Markdown files named after their titles, or one EPUB book',
  usage: '<id...> --format pdf|html|md|epub --out DIR [--script original|hans|hant|tw|hk] [--font-size PX] [--paper A4|Letter]',
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    script: { type: 'string' },
    'font-size': { type: 'string' },
    paper: { type: 'string' },
  },
  async run(ctx) {
    const ids = ctx.positionals;
    if (ids.length === 0) throw new UsageError('export takes at least one article id');
    const format = EXPORT_FORMATS.find((f) => f.id === ctx.values.format)?.id;
    if (!format) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}`);
    const outDir = ctx.values.out;
    if (typeof outDir !== 'string' || outDir.length === 0) throw new UsageError('--out DIR is required');
    const outInfo = await stat(outDir).catch(() => null);
    if (outInfo && !outInfo.isDirectory()) throw new UsageError(`--out ${outDir} is a file; give a folder (it is created if missing)`);
    const script = scriptOption(ctx);
    const fontSize = ctx.values['font-size'] === undefined ? 16 : Number(ctx.values['font-size']);
    if (!Number.isFinite(fontSize) || fontSize < 8 || fontSize > 72) throw new UsageError('--font-size must be a number of pixels from 8 to 72');
    const paperArg = String(ctx.values.paper ?? 'A4').toLowerCase();
    if (paperArg !== 'a4' && paperArg !== 'letter') throw new UsageError('--paper must be A4 or Letter');
    const paper: PaperSize = paperArg === 'a4' ? 'A4' : 'Letter';

    const store = await ctx.openStore({ readOnly: true });
    const bar = ctx.progress(ids.length);
    try {
      const result = await exportArticles(
        store,
        { ids, format, outDir, script, fontSize, paper },
        {
          openPdfRenderer: () => openChromiumPdfRenderer(),
          onProgress: (p) => bar.tick(p.file ?? p.id, p.done),
        },
      );
      bar.done();
      ctx.printJson({ files: result.files, failed: result.failed });
      for (const file of result.files) ctx.say(file);
      for (const f of result.failed) ctx.warn(`export: ${f.id}: ${f.error}`);
      return result.failed.length > 0 ? EXIT.someFailed : EXIT.ok;
    } catch (error) {
      bar.done();
      if (error instanceof BrowserNotFound) {
        ctx.warn(`export: ${error.message}`);
        return EXIT.usage;
      }
      throw error;
    } finally {
      await store.close();
    }
  },
};
