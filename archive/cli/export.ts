import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ExportFormat, ExportQuery, ExportResult } from '../contract.ts';
import { EXPORT_FORMATS, PDF_MARGIN_PRESETS, type PageMarginsMm } from '../model.ts';
import { callService, checkOptions, EXIT, isArticleId, scriptOption, UsageError, type CliCommand } from './context.ts';
import { runBulkExport } from './export-bulk.ts';

/** The formats `--format` names (the model's one list); the service decides how each is written. */
const FORMATS: readonly ExportFormat[] = EXPORT_FORMATS.map((f) => f.id);

/**
 * `--margins`: a preset name (normal, narrow, wide), one number for every side, or four
 * (top,right,bottom,left), in mm; the contract checks the bounds.
 */
export function parseMargins(value: string): PageMarginsMm {
  const preset = PDF_MARGIN_PRESETS[value.trim().toLowerCase() as keyof typeof PDF_MARGIN_PRESETS];
  if (preset) return { ...preset };
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (!parts.every((part) => /^\d+(\.\d+)?$/.test(part)) || (numbers.length !== 1 && numbers.length !== 4)) {
    throw new UsageError(`--margins takes one number of mm for every side, four (top,right,bottom,left), or ${Object.keys(PDF_MARGIN_PRESETS).join(', ')}; not "${value}"`);
  }
  const [top, right = top, bottom = top, left = top] = numbers as [number, number?, number?, number?];
  return { top, right, bottom, left };
}

/** `export <id...> --format pdf|html|md|epub --out DIR [--script S] [--font-size PX] [--paper A4|Letter] [--margins MM] [--epub one|each]`, or `export --all --format ndjson …` (export-bulk.ts). */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export articles to PDF, HTML or Markdown files named after their titles, or EPUB books; or the whole archive for OpenSearch',
  usage: '<id...> --format pdf|html|md|epub --out DIR [--script original|hans|hant|tw|hk] [--font-size PX] [--paper A4|Letter] [--margins MM|T,R,B,L|normal|narrow|wide] [--epub one|each]\n  | --all --format ndjson --out FILE [--since DATE] [--index NAME] (OpenSearch _bulk lines)',
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    script: { type: 'string' },
    'font-size': { type: 'string' },
    paper: { type: 'string' },
    all: { type: 'boolean' },
    since: { type: 'string' },
    index: { type: 'string' },
    margins: { type: 'string' },
    epub: { type: 'string' },
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
    const margins = typeof ctx.values.margins === 'string' ? parseMargins(ctx.values.margins) : undefined;
    const epubArg = ctx.values.epub as string | undefined;
    if (epubArg !== undefined && epubArg !== 'one' && epubArg !== 'each') throw new UsageError('--epub must be one (one book for all the articles) or each (one book per article)');
    const epub: 'one' | 'each' | undefined = epubArg;
    const options: Pick<ExportQuery, 'paper' | 'margins' | 'epub'> = { paper, ...(margins ? { margins } : {}), ...(epub ? { epub } : {}) };
    checkOptions('exportArticles', { ids: [], format, script, fontSize, ...options });

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
        result = (await callService(service, 'exportArticles', { ids: wanted, format, script, fontSize, ...options, folderToken })) ?? result;
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
