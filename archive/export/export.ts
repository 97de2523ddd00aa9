/**
 * The formats that write one file per article (PDF, HTML, Markdown): the batch loop they share,
 * and how each writes its file, named after the article's title. A batch shares one PDF renderer
 * (one browser or one hidden window); one article that fails does not stop the others. The
 * registry of all formats, EPUB included, is formats.ts.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleBody, ArticleMeta, ExportFormat, ExportResult, ScriptMode } from '../model.ts';
import type { TypographyChoice } from '../typography/cjk-css.ts';
import { uniqueFileName } from './file-names.ts';
import { exportedHighlights, highlightsMarkdown, type HighlightSource } from './highlights-export.ts';
import { frontMatter, htmlToMarkdown, markdownDestination, markdownLine } from './markdown.ts';
import type { MarginsMm, PaperSize, PdfRenderer } from './pdf-renderer.ts';
import { buildExportDocument, printPageOf, type AssetReader, type ExportDocument } from './print-html.ts';
import { rasterMime } from '../raster.ts';

export interface ExportRequest {
  ids: string[];
  format: ExportFormat;
  outDir: string;
  script: ScriptMode;
  fontSize: number;
  paper?: PaperSize;
  /** Print pinyin ruby above its characters (default: hidden, as in the reader). */
  showRuby?: boolean;
  /** The reader's Chinese setting; each choice left out takes the reader's default. */
  typography?: Partial<TypographyChoice>;
  /** PDF page margins in mm (default: DEFAULT_MARGINS). */
  margins?: MarginsMm;
  /** The article's highlights and notes go into the export (default true). */
  highlights?: boolean;
  /** EPUB of several articles: one book for the lot (default) or one book each. */
  epub?: 'each' | 'one';
}

export type { ExportResult };

export interface ExportProgress {
  done: number;
  total: number;
  id: string;
  file: string | null;
}

/** What export needs from the archive (ArchiveStore has all of it). */
export interface ExportSource extends HighlightSource {
  get(id: string): ArticleMeta | undefined;
  getBody(id: string): Promise<ArticleBody>;
  assetPath(name: string): string;
}

export interface ExportDeps {
  /** Opens the PDF renderer, once per batch and only when the format is pdf. */
  openPdfRenderer?: () => Promise<PdfRenderer>;
  onProgress?: (progress: ExportProgress) => void;
  /** Checked between articles; true stops the batch (files written so far stay, the result says `cancelled`). */
  cancelled?: () => boolean;
}

/** Writes a file whole or not at all. */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.partial`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

export function assetReaderOf(source: ExportSource): AssetReader {
  return async (name) => {
    try {
      return await readFile(source.assetPath(name));
    } catch {
      return null;
    }
  };
}

/** The article's assets that are raster images by their bytes (and named so), read once. */
async function rasterAssets(names: string[], readAsset: AssetReader): Promise<Map<string, Uint8Array>> {
  const images = new Map<string, Uint8Array>();
  for (const name of new Set(names)) {
    const bytes = await readAsset(name);
    if (bytes && rasterMime(name, bytes)) images.set(name, bytes);
  }
  return images;
}

/** Everything one article's writer gets: its document, where to write it, and the batch's tools. */
export interface ArticleFile {
  doc: ExportDocument;
  meta: ArticleMeta;
  body: ArticleBody;
  /** The file to write, and its name inside `request.outDir`. */
  file: string;
  name: string;
  request: ExportRequest;
  readAsset: AssetReader;
  /** The batch's PDF renderer, for a writer that asked for one. */
  renderer: PdfRenderer | null;
}

/** How a format that makes one file per article writes each of them. */
export interface ArticleWriter {
  /** True when the batch needs a PDF renderer (opened once, closed at the end). */
  usesPdfRenderer: boolean;
  write(article: ArticleFile): Promise<void>;
}

/** The writers of the one-file-per-article formats. */
export const ARTICLE_WRITERS = {
  pdf: { usesPdfRenderer: true, write: async ({ doc, file, request, renderer }) => writeAtomic(file, await renderer!.render(printPageOf(doc, request.paper ?? 'A4', request.margins))) },
  html: { usesPdfRenderer: false, write: async ({ doc, file }) => writeAtomic(file, doc.html) },
  md: { usesPdfRenderer: false, write: writeMarkdown },
} as const satisfies Partial<Record<ExportFormat, ArticleWriter>>;

/** Markdown: front matter, the text, and the article's raster images copied into `<name>.assets/`. */
async function writeMarkdown({ doc, meta, body, file, name, request, readAsset }: ArticleFile): Promise<void> {
  const assetDir = `${name.slice(0, -'.md'.length)}.assets`;
  // Only assets whose bytes are the raster image their name says become files: an SVG or
  // HTML asset (from a tampered backup, say) would run when the file is opened.
  const images = await rasterAssets([...meta.assets, ...body.assets], readAsset);
  const used = new Set<string>();
  const markdown = htmlToMarkdown(doc.articleHtml, (src, alt) => {
    const asset = /^asset:([0-9a-f]{64}\.[a-z0-9]{1,10})$/.exec(src)?.[1];
    if (!asset || !images.has(asset)) return alt ? `\\[${markdownLine(alt)}\\]` : '';
    used.add(asset);
    return `![${markdownLine(alt)}](${markdownDestination(`${assetDir}/${asset}`)})`;
  });
  for (const asset of used) {
    await mkdir(join(request.outDir, assetDir), { recursive: true });
    await writeAtomic(join(request.outDir, assetDir, asset), images.get(asset)!);
  }
  const heading = `# ${markdownLine(doc.title)}\n\n`;
  await writeAtomic(file, `${frontMatter(meta, doc, request.script)}\n${heading}${markdown}${highlightsMarkdown(doc.highlights)}`);
}

/**
 * Exports `request.ids` in order, one `<title>.<extension>` file each, written by `writer`;
 * resolves to the files written and the articles that failed.
 */
export async function exportEachArticle(source: ExportSource, request: ExportRequest, extension: string, writer: ArticleWriter, deps: ExportDeps = {}): Promise<ExportResult> {
  await mkdir(request.outDir, { recursive: true });
  const readAsset = assetReaderOf(source);
  const taken = new Set<string>();
  const result: ExportResult = { files: [], failed: [] };
  let renderer: PdfRenderer | null = null;
  try {
    if (writer.usesPdfRenderer) {
      if (!deps.openPdfRenderer) throw new Error('PDF export needs a PDF renderer');
      renderer = await deps.openPdfRenderer();
    }
    let done = 0;
    for (const id of request.ids) {
      if (deps.cancelled?.()) {
        result.cancelled = true;
        break;
      }
      let file: string | null = null;
      try {
        const meta = source.get(id);
        if (!meta) throw new Error(`no article with id ${id}`);
        const body = await source.getBody(id);
        const highlights = exportedHighlights(source, meta, body, request.script, request.highlights !== false);
        const doc = await buildExportDocument(meta, body, { script: request.script, fontSize: request.fontSize, showRuby: request.showRuby ?? false, highlights, ...(request.typography ? { typography: request.typography } : {}) }, readAsset);
        const name = uniqueFileName(doc.title, extension, taken, id);
        file = join(request.outDir, name);
        await writer.write({ doc, meta, body, file, name, request, readAsset, renderer });
        result.files.push(file);
      } catch (error) {
        result.failed.push({ id, error: (error as Error).message });
        file = null;
      }
      done++;
      deps.onProgress?.({ done, total: request.ids.length, id, file });
    }
  } finally {
    await renderer?.close();
  }
  return result;
}
