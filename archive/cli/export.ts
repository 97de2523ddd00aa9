import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ExportFormat, ExportResult } from '../contract.ts';
import { EXPORT_FORMATS } from '../model.ts';
import { callService, checkOptions, EXIT, isArticleId, scriptOption, UsageError, type CliCommand } from './context.ts';
import { runBulkExport } from './export-bulk.ts';

/** The formats `--format` names (the model's one list); the service decides how each is written. */
const FORMATS: readonly ExportFormat[] = EXPORT_FORMATS.map((f) => f.id);

/** `export <id...> --format pdf|html|md|epub --out DIR [--script S] [--font-size PX] [--paper A4|Letter]`, or `export --all --format ndjson …` (export-bulk.ts). */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export articles to PDF, HTML or Markdown files named after their titles, or one EPUB book; or the whole archive for OpenSearch',
  usage: '<id...> --format pdf|html|md|epub --out DIR [--script original|hans|hant|tw|hk] [--font-size PX] [--paper A4|Letter]\n  | --all --format ndjson --out FILE [--since DATE] [--index NAME] (OpenSearch _bulk lines)',
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    script: { type: 'string' },
    'font-size': { type: 'string' },
    paper: { type: 'string' },
    all: { type: 'boolean' },
    since: { type: 'string' },
    index: { type: 'string' },
  },
  async run(ctx) {
    if (ctx.values.all === true || ctx.values.format === 'ndjson') return runBulkExport(ctx);
    if (ctx.values.since !== undefined || ctx.values.index !== undefined) throw new UsageError('--since and --index go with --all --format ndjson');
    const ids = ctx.positionals;
    if (ids.length === 0) throw new UsageError('export takes at least one article id');
    const format = ctx.values.format as ExportFormat | undefined;
    if (!format || !FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const outDir = ctx.values.out;
    if (typeof outDir !== 'string' || outDir.length === 0) throw new UsageError('--out DIR is required');
    const outInfo = await stat(outDir).catch(() => null);
    if (outInfo && !outInfo.isDirectory()) throw new UsageError(`--out ${outDir} is a file; give a folder (it is created if missing)`);
    const script = scriptOption(ctx);
    // The font size's limits are the contract's (its argument check refuses the rest, as a usage error).
    const fontSize = ctx.values['font-size'] === undefined ? 16 : Number(ctx.values['font-size']);
    const paperArg = String(ctx.values.paper ?? 'A4').toLowerCase();
    if (paperArg !== 'a4' && paperArg !== 'letter') throw new UsageError('--paper must be A4 or Letter');
    const paper = paperArg === 'a4' ? 'A4' : 'Letter';
    checkOptions('exportArticles', { ids: [], format, script, fontSize, paper });

    // An id of the wrong shape names no article: it fails like a missing one (exit 1), the rest go on.
    const unknown = ids.filter((id) => !isArticleId(id));
    const wanted = ids.filter(isArticleId);

    const service = await ctx.openService({ readOnly: true });
    const bar = ctx.progress(wanted.length);
    service.on('exportProgress', ({ done, file }) => bar.tick(file ?? '', done));
    try {
      let result: ExportResult = { files: [], failed: [] };
      if (wanted.length > 0) {
        // The CLI plays main's part: the folder on its command line becomes an export token.
        const folder = resolve(outDir);
        const folderToken = service.pathTokens.issue('export', [folder]);
        result = (await callService(service, 'exportArticles', { ids: wanted, format, script, fontSize, paper, folderToken })) ?? result;
        // Files named under the folder as the command line named it (relative stays relative).
        if (!isAbsolute(outDir)) result = { ...result, files: result.files.map((f) => join(outDir, relative(folder, f))) };
      }
      bar.done();
      const failed = [...unknown.map((id) => ({ id, error: `no article with id ${id}` })), ...result.failed];
      ctx.printJson({ files: result.files, failed });
      for (const file of result.files) ctx.say(file);
      for (const f of failed) ctx.warn(`export: ${f.id}: ${f.error}`);
      return failed.length > 0 ? EXIT.someFailed : EXIT.ok;
    } catch (error) {
      bar.done();
      throw error;
    } finally {
      await service.close();
    }
  },
};
