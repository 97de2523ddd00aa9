/**
 * EPUB 3 export of one article or a selection as one book: `mimetype` first and stored, the
 * container pointing at the package document, a navigation document (and an NCX table of
 * contents for older readers), one XHTML chapter per article in the chosen script, and the
 * articles' images. Written through a temp file renamed into place.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { articleInScript } from '../../convert/index.ts';
import { uniqueFileName } from '../file-names.ts';
import { EPUB_CSP } from '../print-html.ts';
import { rasterMime } from '../../raster.ts';
import type { ArticleBody, ArticleMeta, ScriptMode } from '../../model.ts';
import { articleXhtml, escapeXml } from './xhtml.ts';
import { chineseSettingHtml, typographyOf } from '../cjk-html.ts';
import { CJK_CSS, typographyAttributes, type TypographyChoice } from '../../typography/cjk-css.ts';
import { ZipWriter } from './zip-write.ts';
import { exportedHighlights, HIGHLIGHT_EXPORT_CSS, highlightsSectionHtml, markHighlightsHtml, type HighlightSource } from '../highlights-export.ts';

/** What the export needs from the archive (ArchiveStore has all of it). */
export interface EpubSource extends HighlightSource {
  get(id: string): ArticleMeta | undefined;
  getBody(id: string): Promise<ArticleBody>;
  assetPath(name: string): string;
}

export interface EpubOptions {
  script: ScriptMode;
  /** The book's file, or how to name it once its title (in the chosen script) is known. */
  outFile: string | ((title: string) => Promise<string>);
  /** The book's title; by default the article's own, or "N articles" for a selection. */
  title?: string;
  /** The reader's Chinese setting (full-width marks, justification, face, vertical columns); its defaults otherwise. */
  typography?: Partial<TypographyChoice>;
  /** Carry the articles' highlights and notes (default true). */
  highlights?: boolean;
}

export interface EpubResult {
  file: string;
  articles: number;
  bytes: number;
}

/** Image types EPUB 3 reading systems must show. */
const CORE_IMAGES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

const CSS = `body { font-family: serif; line-height: 1.7; margin: 0 0.5em; }
h1.title { font-size: 1.5em; line-height: 1.3; margin: 0.5em 0; }
p.meta, p.source-url { color: #555; font-size: 0.85em; margin: 0.2em 0; word-break: break-all; }
img { max-width: 100%; height: auto; }
figure { margin: 1em 0; }
blockquote { margin: 1em 1.5em; color: #333; }
.image-placeholder { color: #777; font-style: italic; }
:lang(zh) { text-align: justify; }
`;

function displayDate(iso: string | null): string | null {
  if (!iso) return null;
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

interface Chapter {
  file: string;
  title: string;
  byline: string | null;
  lang: string | null;
  xhtml: string;
}


function chapterDocument(title: string, lang: string | null, headerHtml: string, bodyHtml: string, typography: TypographyChoice): string {
  const setting = Object.entries(typographyAttributes(typography, lang)).map(([name, value]) => ` ${name}="${value}"`).join('');
  const langAttrs = `${lang ? ` xml:lang="${escapeXml(lang)}" lang="${escapeXml(lang)}"` : ''}${setting}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"${langAttrs}>
<head>
<meta charset="UTF-8"/>
<meta http-equiv="Content-Security-Policy" content="${EPUB_CSP}"/>
<title>${escapeXml(title)}</title>
<link rel="stylesheet" type="text/css" href="../style.css"/>
</head>
<body>
<section epub:type="chapter">
${headerHtml}
${bodyHtml}
</section>
</body>
</html>
`;
}

/** Builds one chapter, noting the images it uses. */
async function buildChapter(source: EpubSource, meta: ArticleMeta, index: number, script: ScriptMode, images: Map<string, string>, available: Set<string>, typography: TypographyChoice, withHighlights = true): Promise<Chapter> {
  const body = await source.getBody(meta.id);
  const shown = articleInScript(meta, body, script);
  const { title, lang } = shown.meta;
  const highlights = exportedHighlights(source, meta, body, script, withHighlights);
  const marked = markHighlightsHtml(shown.body.html, shown.body.paragraphs, highlights, false);
  const content = articleXhtml(chineseSettingHtml(marked, typography, lang), {
    text: shown.convert,
    image: (name) => {
      const ext = name.slice(name.lastIndexOf('.') + 1);
      if (!CORE_IMAGES[ext] || !available.has(name)) return null;
      images.set(name, `images/${name}`);
      return `../images/${name}`;
    },
  });
  const metaLine = [shown.meta.byline, shown.meta.source].filter((s): s is string => Boolean(s));
  const date = displayDate(meta.publishedAt);
  if (date) metaLine.push(date);
  const header = [
    `<h1 class="title">${escapeXml(title)}</h1>`,
    metaLine.length ? `<p class="meta">${escapeXml(metaLine.join(' · '))}</p>` : '',
    meta.url ? `<p class="source-url">${escapeXml(meta.url)}</p>` : '',
  ].join('\n');
  const file = `text/article-${String(index + 1).padStart(4, '0')}.xhtml`;
  return { file, title, byline: shown.meta.byline, lang, xhtml: chapterDocument(title, lang, header, content + highlightsSectionHtml(highlights, escapeXml), typography) };
}

function packageDocument(id: string, title: string, lang: string, creator: string | null, chapters: Chapter[], images: string[], rtl = false): string {
  const modified = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const manifest = [
    '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
    '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
    '<item id="css" href="style.css" media-type="text/css"/>',
    ...chapters.map((c, i) => `<item id="c${i + 1}" href="${c.file}" media-type="application/xhtml+xml"/>`),
    ...images.map((name, i) => `<item id="img${i + 1}" href="images/${name}" media-type="${CORE_IMAGES[name.slice(name.lastIndexOf('.') + 1)]}"/>`),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${escapeXml(lang)}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">${escapeXml(id)}</dc:identifier>
<dc:title>${escapeXml(title)}</dc:title>
<dc:language>${escapeXml(lang)}</dc:language>
${creator ? `<dc:creator>${escapeXml(creator)}</dc:creator>\n` : ''}<meta property="dcterms:modified">${modified}</meta>
</metadata>
<manifest>
${manifest.join('\n')}
</manifest>
<spine toc="ncx"${rtl ? ' page-progression-direction="rtl"' : ''}>
${chapters.map((_, i) => `<itemref idref="c${i + 1}"/>`).join('\n')}
</spine>
</package>
`;
}

function navDocument(title: string, lang: string, chapters: Chapter[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${escapeXml(lang)}" lang="${escapeXml(lang)}">
<head>
<meta charset="UTF-8"/>
<title>${escapeXml(title)}</title>
</head>
<body>
<nav epub:type="toc" id="toc">
<h1>${escapeXml(title)}</h1>
<ol>
${chapters.map((c) => `<li><a href="${c.file}"${c.lang ? ` xml:lang="${escapeXml(c.lang)}" lang="${escapeXml(c.lang)}"` : ''}>${escapeXml(c.title)}</a></li>`).join('\n')}
</ol>
</nav>
</body>
</html>
`;
}

function ncxDocument(id: string, title: string, chapters: Chapter[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head><meta name="dtb:uid" content="${escapeXml(id)}"/></head>
<docTitle><text>${escapeXml(title)}</text></docTitle>
<navMap>
${chapters.map((c, i) => `<navPoint id="n${i + 1}" playOrder="${i + 1}"><navLabel><text>${escapeXml(c.title)}</text></navLabel><content src="${c.file}"/></navPoint>`).join('\n')}
</navMap>
</ncx>
`;
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;

/** Writes the articles `ids`, in order, as one EPUB 3 book at `options.outFile`. */
export async function exportEpub(source: EpubSource, ids: string[], options: EpubOptions): Promise<EpubResult> {
  const metas = ids.map((id) => {
    const meta = source.get(id);
    if (!meta) throw new Error(`no article with id ${id}`);
    return meta;
  });
  if (metas.length === 0) throw new Error('an EPUB needs at least one article');
  // An image whose file is missing from the archive, or whose bytes are not the raster image its
  // name says (an SVG can script), shows as its alt text instead.
  const available = new Set<string>();
  for (const name of new Set(metas.flatMap((m) => m.assets))) {
    const bytes = await readFile(source.assetPath(name)).catch(() => null);
    if (bytes && rasterMime(name, bytes)) available.add(name);
  }
  const images = new Map<string, string>();
  const chapters: Chapter[] = [];
  const typography = typographyOf(options.typography);
  for (const [i, meta] of metas.entries()) chapters.push(await buildChapter(source, meta, i, options.script, images, available, typography, options.highlights !== false));
  const single = metas.length === 1;
  const title = options.title ?? (single ? chapters[0]!.title : `${chapters[0]!.title} (+${metas.length - 1})`);
  const outFile = typeof options.outFile === 'string' ? options.outFile : await options.outFile(title);
  const lang = chapters[0]!.lang ?? 'und';
  const bookId = `urn:sha256:${createHash('sha256').update(`${options.script}\n${ids.join('\n')}`).digest('hex')}`;

  const temp = `${outFile}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx');
  try {
    const zip = new ZipWriter(handle);
    await zip.add('mimetype', 'application/epub+zip', false);
    await zip.add('META-INF/container.xml', CONTAINER);
    const carried: string[] = [];
    for (const name of images.keys()) {
      await zip.add(`OEBPS/images/${name}`, await readFile(source.assetPath(name)), false);
      carried.push(name);
    }
    for (const c of chapters) await zip.add(`OEBPS/${c.file}`, c.xhtml);
    await zip.add('OEBPS/style.css', `${CSS}${CJK_CSS}${HIGHLIGHT_EXPORT_CSS}`);
    await zip.add('OEBPS/nav.xhtml', navDocument(title, lang, chapters));
    await zip.add('OEBPS/toc.ncx', ncxDocument(bookId, title, chapters));
    // Vertical columns read right to left, and so do the pages of a book set in them.
    const rtl = chapters.some((c) => typographyAttributes(typography, c.lang)['data-writing'] === 'vertical');
    await zip.add('OEBPS/content.opf', packageDocument(bookId, title, lang, single ? chapters[0]!.byline : null, chapters, carried, rtl));
    await zip.finish();
    await handle.sync();
    await handle.close();
    await rename(temp, outFile);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return { file: outFile, articles: metas.length, bytes: (await stat(outFile)).size };
}

/**
 * `export --format epub --out DIR`: one book of all `ids`, named after its title in `outDir`
 * (an existing file of that name is not overwritten: ` (2)` is added).
 */
export async function exportEpubToDir(source: EpubSource, ids: string[], options: { script: ScriptMode; outDir: string; title?: string; extension?: string; typography?: Partial<TypographyChoice>; highlights?: boolean }): Promise<{ files: string[] }> {
  await mkdir(options.outDir, { recursive: true });
  const outFile = async (title: string): Promise<string> => {
    const taken = new Set((await readdir(options.outDir)).map((n) => n.normalize('NFC').toLowerCase()));
    return join(options.outDir, uniqueFileName(title, options.extension ?? 'epub', taken, 'articles'));
  };
  const result = await exportEpub(source, ids, { script: options.script, outFile, highlights: options.highlights !== false, ...(options.title ? { title: options.title } : {}), ...(options.typography ? { typography: options.typography } : {}) });
  return { files: [result.file] };
}
