/**
 * The registry of export formats: each format of model.ts's EXPORT_FORMATS (id, label,
 * extension, one file per article or one for the lot) with the function that writes it. The
 * service, the CLI and the tests all export through `exportArticles` here, so there is one path
 * for every format; adding a format is one entry in EXPORT_FORMATS and one here.
 */
import { EXPORT_FORMATS, type ExportFormat, type ExportFormatInfo, type ExportResult } from '../model.ts';
import { ARTICLE_WRITERS, exportEachArticle, type ArticleWriter, type ExportDeps, type ExportRequest, type ExportSource } from './export.ts';

/** A format and the function that exports a batch in it. */
export interface Exporter extends ExportFormatInfo {
  id: ExportFormat;
  run(source: ExportSource, request: ExportRequest, deps: ExportDeps): Promise<ExportResult>;
}

const eachArticle =
  (writer: ArticleWriter) =>
  ({ extension }: ExportFormatInfo): Exporter['run'] =>
  (source, request, deps) =>
    exportEachArticle(source, request, extension, writer, deps);

/**
 * EPUB: one book of every article that exists (`request.epub` 'one', the default), or one book
 * per article ('each', cancellable between books like the other formats). An id that does not
 * exist is reported as failed, like a file-per-article format reports it; the books hold the rest.
 */
const epubBooks = ({ extension }: ExportFormatInfo): Exporter['run'] => async (source, request, deps) => {
  const failed = request.ids.filter((id) => !source.get(id)).map((id) => ({ id, error: `no article with id ${id}` }));
  const ids = request.ids.filter((id) => source.get(id));
  if (ids.length === 0) return { files: [], failed };
  // The zip writer and the XHTML serializer load only when a book is asked for.
  const { exportEpubToDir } = await import('./epub/epub.ts');
  const options = { script: request.script, outDir: request.outDir, extension, highlights: request.highlights !== false, ...(request.typography ? { typography: request.typography } : {}) };
  if (request.epub !== 'each') {
    if (deps.cancelled?.()) return { files: [], failed, cancelled: true };
    const { files } = await exportEpubToDir(source, ids, options);
    deps.onProgress?.({ done: request.ids.length, total: request.ids.length, id: ids.at(-1)!, file: files[0] ?? null });
    return { files, failed };
  }
  const result: ExportResult = { files: [], failed };
  let done = failed.length;
  for (const id of ids) {
    if (deps.cancelled?.()) {
      result.cancelled = true;
      break;
    }
    let file: string | null = null;
    try {
      file = (await exportEpubToDir(source, [id], options)).files[0] ?? null;
      if (file) result.files.push(file);
    } catch (error) {
      result.failed.push({ id, error: (error as Error).message });
    }
    deps.onProgress?.({ done: ++done, total: request.ids.length, id, file });
  }
  return result;
};

/** How each format runs, given its entry in EXPORT_FORMATS. */
const RUN: { readonly [F in ExportFormat]: (info: ExportFormatInfo) => Exporter['run'] } = {
  pdf: eachArticle(ARTICLE_WRITERS.pdf),
  html: eachArticle(ARTICLE_WRITERS.html),
  md: eachArticle(ARTICLE_WRITERS.md),
  epub: epubBooks,
};

/** Every export format with its function, in the order EXPORT_FORMATS offers them. */
export const EXPORTERS: readonly Exporter[] = EXPORT_FORMATS.map((info) => ({ ...info, run: RUN[info.id](info) }));

/** The exporter of `format`; throws on a format no front end should have let through. */
export function exporterOf(format: ExportFormat): Exporter {
  const exporter = EXPORTERS.find((e) => e.id === format);
  if (!exporter) throw new Error(`no export format ${String(format)}: one of ${EXPORTERS.map((e) => e.id).join(', ')}`);
  return exporter;
}

/** Exports `request.ids` in `request.format` into `request.outDir`: the one path of every format. */
export function exportArticles(source: ExportSource, request: ExportRequest, deps: ExportDeps = {}): Promise<ExportResult> {
  return exporterOf(request.format).run(source, request, deps);
}
