/**
 * Markdown export: a YAML front-matter block of the article's metadata, then the article's HTML
 * (already in the chosen script) as CommonMark. Images point at files written next to the
 * Markdown (`<name>.assets/`), so the text stays readable.
 */
import { parseHTML } from 'linkedom';
import type { ArticleMeta } from '../model.ts';

/**
 * A YAML scalar that survives any text: double-quoted, with controls, line separators and the
 * characters that start Markdown or HTML (`<`, `[`, backtick …) as escapes, so that a viewer that
 * shows front matter as Markdown text (many do) sees only text.
 */
function yamlString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/[\x00-\x1f\x7f<>[\]`]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

/** The front-matter block for an article as `shown` (title, byline, source and lang in the chosen script). */
export function frontMatter(meta: ArticleMeta, shown: Pick<ArticleMeta, 'title' | 'byline' | 'source' | 'lang'>, script: string): string {
  const { title, lang } = shown;
  const lines = ['---', `title: ${yamlString(title)}`];
  if (title !== meta.title) lines.push(`original_title: ${yamlString(meta.title)}`);
  const optional: [string, string | null][] = [
    ['byline', shown.byline],
    ['source', shown.source],
    ['published', meta.publishedAt],
    ['url', meta.url],
    ['lang', lang],
  ];
  for (const [key, value] of optional) if (value) lines.push(`${key}: ${yamlString(value)}`);
  lines.push(`script: ${yamlString(script)}`, `id: ${yamlString(meta.id)}`, `imported: ${yamlString(meta.importedAt)}`);
  if (meta.tags.length) lines.push(`tags: [${meta.tags.map(yamlString).join(', ')}]`);
  lines.push('---', '');
  return lines.join('\n');
}

/**
 * Text as Markdown that shows exactly that text: every character that could start syntax (emphasis,
 * code, links, images, raw HTML, entities, tables, strikethrough) is backslash-escaped, and so is
 * anything at the start of a line that would make a heading, quote, list or fence.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]<>|&~!])/g, '\\$1')
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/gm, '$1\\$2');
}

/** One line of text for a heading or a list item: line breaks become spaces, then escapeMarkdown. */
export function markdownLine(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim());
}

/** A link destination in `<…>` form that cannot end early: `<`, `>`, `\\` and controls percent-encoded. */
export function markdownDestination(url: string): string {
  return `<${url.trim().replace(/[<>\\\x00-\x1f\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}>`;
}

const escapeText = escapeMarkdown;

/** Elements whose content is never text of the article. */
const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'frame', 'object', 'embed', 'applet', 'form', 'button', 'select', 'textarea', 'input', 'head', 'title', 'meta', 'link', 'base', 'svg', 'math']);

interface Walk {
  images: (src: string, alt: string) => string;
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
  querySelectorAll?(selector: string): ArrayLike<DomNode>;
}

function inline(node: DomNode, walk: Walk): string {
  if (node.nodeType === 3) return escapeText((node.textContent ?? '').replace(/\s+/g, ' '));
  if (node.nodeType !== 1) return '';
  const tag = node.nodeName.toLowerCase();
  if (SKIPPED.has(tag)) return '';
  const children = (): string => Array.from(node.childNodes).map((c) => inline(c, walk)).join('');
  switch (tag) {
    case 'br':
      return '  \n';
    case 'strong':
    case 'b': {
      const t = children().trim();
      return t ? `**${t}**` : '';
    }
    case 'em':
    case 'i': {
      const t = children().trim();
      return t ? `*${t}*` : '';
    }
    case 'code': {
      // One line, no backticks: a code span cannot be broken out of by a blank line or a fence.
      const t = (node.textContent ?? '').replace(/`/g, 'ˋ').replace(/\s+/g, ' ').trim();
      return t ? `\`${t}\`` : '';
    }
    case 'a': {
      const href = node.getAttribute?.('href') ?? '';
      const t = children().trim();
      return /^(https?:|mailto:)/i.test(href.trim()) && t ? `[${t}](${markdownDestination(href)})` : t;
    }
    case 'img': {
      const src = node.getAttribute?.('src') ?? '';
      return walk.images(src, node.getAttribute?.('alt') ?? '');
    }
    case 'rt':
    case 'rp':
      return '';
    default:
      return children();
  }
}

function block(node: DomNode, walk: Walk, depth = 0): string[] {
  if (node.nodeType === 3) {
    const t = escapeText((node.textContent ?? '').replace(/\s+/g, ' ').trim());
    return t ? [t] : [];
  }
  if (node.nodeType !== 1) return [];
  const tag = node.nodeName.toLowerCase();
  if (SKIPPED.has(tag)) return [];
  const kids = Array.from(node.childNodes);
  const blocks = (): string[] => kids.flatMap((c) => block(c, walk, depth));
  const text = (): string => kids.map((c) => inline(c, walk)).join('').replace(/[ \t]+\n/g, '  \n').trim();
  const heading = /^h([1-6])$/.exec(tag);
  if (heading) return [`${'#'.repeat(Math.min(6, Number(heading[1]) + 1))} ${text()}`];
  switch (tag) {
    case 'p':
    case 'figcaption':
    case 'caption': {
      const t = text();
      return t ? [t] : [];
    }
    case 'blockquote':
      return [blocks().join('\n\n').split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n')];
    case 'pre':
      return [`\`\`\`\n${(node.textContent ?? '').replace(/```/g, 'ˋˋˋ').replace(/\n$/, '')}\n\`\`\``];
    case 'hr':
      return ['---'];
    case 'ul':
    case 'ol': {
      let n = 0;
      const items = kids
        .filter((c) => c.nodeType === 1 && c.nodeName.toLowerCase() === 'li')
        .map((li) => {
          n++;
          const marker = tag === 'ol' ? `${n}.` : '-';
          const inner = block(li, walk, depth + 1).join('\n\n') || text();
          return `${marker} ${inner.split('\n').join(`\n${' '.repeat(marker.length + 1)}`)}`;
        });
      return [items.join('\n')];
    }
    case 'li': {
      const hasBlocks = kids.some((c) => c.nodeType === 1 && /^(p|ul|ol|blockquote|pre|div|h[1-6])$/i.test(c.nodeName));
      return hasBlocks ? blocks() : [text()].filter(Boolean);
    }
    case 'table': {
      const rows = Array.from(node.querySelectorAll?.('tr') ?? []).map((tr) =>
        Array.from(tr.querySelectorAll?.('th, td') ?? []).map((cell) => inline(cell, walk).replace(/\n/g, ' ').trim()),
      );
      if (rows.length === 0) return [];
      const width = Math.max(...rows.map((r) => r.length));
      const line = (cells: string[]): string => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
      return [[line(rows[0]!), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n')];
    }
    case 'img':
      return [inline(node, walk)];
    case 'div':
    case 'section':
    case 'article':
    case 'figure':
    case 'main':
    case 'header':
    case 'footer':
    case 'aside':
    case 'body':
    case 'span':
    default: {
      // A container: its block children become blocks; runs of inline content become paragraphs.
      const out: string[] = [];
      let run = '';
      const flush = (): void => {
        const t = run.trim();
        if (t) out.push(t);
        run = '';
      };
      for (const child of kids) {
        const isBlock = child.nodeType === 1 && /^(p|div|section|article|figure|figcaption|blockquote|pre|hr|ul|ol|li|table|h[1-6]|header|footer|aside|main)$/i.test(child.nodeName);
        if (isBlock) {
          flush();
          out.push(...block(child, walk, depth));
        } else {
          run += inline(child, walk);
        }
      }
      flush();
      return out;
    }
  }
}

/**
 * Converts article HTML to Markdown. `image(src, alt)` decides what an image becomes (a relative
 * file link, or its alt text); the default keeps only the alt text.
 */
export function htmlToMarkdown(html: string, image: (src: string, alt: string) => string = (_s, alt) => (alt ? `\\[${markdownLine(alt)}\\]` : '')): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const walk: Walk = { images: image };
  return `${block(document.body as unknown as DomNode, walk).filter((b) => b.trim()).join('\n\n')}\n`;
}
