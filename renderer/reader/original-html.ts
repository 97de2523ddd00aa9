/**
 * A saved page made harmless before the original frame shows it, without changing how it reads:
 * parsed inert (DOMParser: nothing loads or runs), every script, handler, base URL, refresh,
 * frame, plugin and remote resource taken out, forms and controls disabled, links kept as text
 * that goes nowhere. Its CSS is taken out of the markup (the window's policy, which the frame
 * inherits, refuses it there) and given back through the CSSOM once every url() in it is local:
 * see applySavedStyles. The frame's sandbox and ORIGINAL_FRAME_CSP are the walls behind this.
 */

// A <template> goes too: the frame's parser would turn a declarative shadow root's content, which
// this pass does not see, into a live part of the page.
const REMOVE = 'script, template, base, meta, link, iframe, frame, frameset, object, embed, applet, portal, param, noembed, track';
const URL_ATTRIBUTES = new Set(['src', 'srcset', 'imagesrcset', 'poster', 'data', 'background', 'lowsrc', 'dynsrc', 'action', 'formaction', 'ping', 'cite', 'longdesc', 'manifest', 'codebase', 'archive', 'usemap', 'href', 'xlink:href']);
/** Images that may load: the archive's own assets and inline raster images. */
const LOCAL_IMAGE = /^(?:asset:[0-9a-f]{64}\.[a-z0-9]{1,10}$|data:image\/(?:png|jpe?g|gif|webp|avif|bmp)[;,])/i;
/** Where lazy-loading pages keep the real image address. */
const LAZY_SOURCES = ['data-src', 'data-original', 'data-lazy-src'];
const CONTROLS = 'input, button, select, textarea, fieldset';
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Our own defaults, under the page's styles: a text dump wraps, links look like links. */
const BASE_CSS = `
  pre.saved-text { white-space: pre-wrap; overflow-wrap: anywhere; font: 15px/1.7 ui-monospace, "Noto Sans Mono CJK SC", monospace; margin: 16px; }
  a[data-original-href] { color: LinkText; text-decoration: underline; cursor: default; }
`;

/** A page ready for the original frame: its srcdoc, and the CSS the window applies after it loads. */
export interface NeutralizedOriginal {
  srcdoc: string;
  css: string;
}

/** A start tag with its attributes (quoted values may hold `>`); each attribute after white space, so the match stays linear. */
const START_TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)(\s*\/?)>/g;
const ATTRIBUTE = /(\s*)([^\s"'>/=]+)((?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)/g;
const STYLE_ELEMENT = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;

/**
 * Before the page is parsed at all: its `<style>` blocks taken out, its style and handler
 * attributes renamed, `<base>` dropped. Even an inert parse asks the window's policy about those (and
 * reports each refusal on the console); this way there is nothing to ask. Whatever this misses,
 * the DOM pass below removes, the frame's sandbox and policy refuse.
 */
function renameInlineCode(html: string, styles: string[]): string {
  const withoutStyles = html.replace(STYLE_ELEMENT, (_whole, css: string) => {
    styles.push(css);
    return '';
  });
  return withoutStyles.replace(START_TAG, (_whole, name: string, attributes: string, end: string) => {
    const renamed = attributes.replace(ATTRIBUTE, (_attr, space: string, attr: string, value: string) => {
      const lower = attr.toLowerCase();
      if (lower === 'style') return `${space}data-saved-style${value}`;
      if (lower.startsWith('on')) return `${space}data-removed-${lower}${value}`;
      return `${space}${attr}${value}`;
    });
    // <base> is void: dropping its tag drops it whole.
    return name.toLowerCase() === 'base' ? '' : `<${name}${renamed}${end}>`;
  });
}

/** The saved page `html` as the original frame's document, under `policy` (ORIGINAL_FRAME_CSP). */
export function neutralizeOriginal(html: string, policy: string): NeutralizedOriginal {
  const styles: string[] = [];
  const doc = new DOMParser().parseFromString(renameInlineCode(html, styles), 'text/html');
  for (const element of doc.querySelectorAll(REMOVE)) element.remove();
  // SVG animation could turn a link's address into anything after the fact.
  for (const element of doc.querySelectorAll('animate, set, animateMotion, animateTransform')) element.remove();
  for (const style of doc.querySelectorAll('style')) {
    styles.push(style.textContent ?? '');
    style.remove();
  }
  for (const form of doc.querySelectorAll('form')) form.replaceWith(...form.childNodes);
  for (const control of doc.querySelectorAll(CONTROLS)) control.setAttribute('disabled', '');
  for (const element of doc.querySelectorAll('*')) neutralizeElement(element);
  const meta = doc.createElement('meta');
  meta.setAttribute('http-equiv', 'Content-Security-Policy');
  meta.setAttribute('content', policy);
  const referrer = doc.createElement('meta');
  referrer.setAttribute('name', 'referrer');
  referrer.setAttribute('content', 'no-referrer');
  const charset = doc.createElement('meta');
  charset.setAttribute('charset', 'utf-8');
  doc.head.prepend(charset, meta, referrer);
  // The page's own doctype (or none), so it renders in the mode it was made for.
  const doctype = doc.doctype ? new XMLSerializer().serializeToString(doc.doctype) : '';
  return { srcdoc: `${doctype}${doc.documentElement.outerHTML}`, css: styles.join('\n') };
}

function neutralizeElement(element: Element): void {
  const lazy = LAZY_SOURCES.map((name) => element.getAttribute(name)?.trim() ?? '').find((value) => LOCAL_IMAGE.test(value));
  for (const { name, value } of [...element.attributes]) {
    const lower = name.toLowerCase();
    if (lower.startsWith('on') || lower.startsWith('data-removed-') || lower === 'autofocus' || lower === 'target' || lower === 'download' || lower === 'http-equiv' || lower === 'srcdoc') {
      element.removeAttribute(name);
    } else if (lower === 'style') {
      // Given back through the CSSOM (applySavedStyles), once its url()s are checked.
      element.removeAttribute(name);
      element.setAttribute('data-saved-style', value);
    } else if (LAZY_SOURCES.includes(lower)) {
      element.removeAttribute(name);
    } else if (URL_ATTRIBUTES.has(lower)) {
      if (lower === 'src' && LOCAL_IMAGE.test(value.trim())) continue;
      if ((lower === 'srcset' || lower === 'imagesrcset') && localSrcset(value)) continue;
      // An SVG <use> of a shape in the same document loads nothing.
      if ((lower === 'href' || lower === 'xlink:href') && element.namespaceURI === SVG_NS && element.localName === 'use' && value.trim().startsWith('#')) continue;
      element.removeAttribute(name);
      if (lower === 'href' || lower === 'xlink:href') {
        element.setAttribute('data-original-href', value);
        // The address stays readable where it would have gone.
        if (!element.getAttribute('title')) element.setAttribute('title', value);
      } else if (lower === 'src') element.setAttribute('data-original-src', value);
    }
  }
  if (lazy && !LOCAL_IMAGE.test(element.getAttribute('src') ?? '')) element.setAttribute('src', lazy);
}

function localSrcset(value: string): boolean {
  // data: URIs carry commas of their own; only asset: candidates are taken apart here.
  const candidates = value.split(/,\s+/).map((c) => c.trim().split(/\s+/)[0] ?? '');
  return candidates.length > 0 && candidates.every((c) => /^asset:[0-9a-f]{64}\.[a-z0-9]{1,10}$/i.test(c));
}

/** Every url() (and image-set string) in a CSS value, as the CSSOM serializes it. */
function urlsIn(value: string): string[] {
  const urls = [...value.matchAll(/url\(\s*"((?:[^"\\]|\\.)*)"\s*\)|url\(\s*'((?:[^'\\]|\\.)*)'\s*\)|url\(\s*([^)\s]*)\s*\)/gi)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  if (/image-set\(/i.test(value)) for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"/g)) urls.push(m[1] ?? '');
  return urls;
}

/**
 * Whether CSS text loads nothing from outside the page: only inline images, the archive's, or
 * in-document references. An address built at computed-value time (var(), attr(), env() inside
 * url() or image-set()) cannot be checked here, so it counts as remote.
 */
function localValue(value: string): boolean {
  if (!/url\(|image-set\(/i.test(value)) return true;
  if (/\b(?:var|attr|env)\(/i.test(value)) return false;
  return urlsIn(value).every((url) => url.startsWith('#') || LOCAL_IMAGE.test(url));
}

/** Removes from a declaration block every property whose value would load from outside. */
function cleanDeclarations(style: CSSStyleDeclaration): void {
  for (const name of [...style]) {
    if (!localValue(style.getPropertyValue(name))) style.removeProperty(name);
  }
}

/** Cleans a list of rules in place, nested ones (media, supports, layers, nesting, keyframes) too. */
function cleanRules(rules: CSSRuleList, remove: (index: number) => void): void {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    // Fonts never load in the original frame (its policy has no font source): a face is all url()s.
    if (rule.type === CSSRule.FONT_FACE_RULE || rule.type === CSSRule.IMPORT_RULE) {
      remove(i);
      continue;
    }
    // The rules come from the frame's realm: checked by shape, not by instanceof.
    const style = (rule as { style?: unknown }).style;
    if (typeof style === 'object' && style !== null) cleanDeclarations(style as CSSStyleDeclaration);
    const inner = (rule as { cssRules?: CSSRuleList }).cssRules;
    if (inner && rule.type === CSSRule.KEYFRAMES_RULE) {
      const keyframes = rule as CSSKeyframesRule;
      cleanRules(inner, (index) => keyframes.deleteRule((keyframes.cssRules[index] as CSSKeyframeRule).keyText));
    } else if (inner) cleanRules(inner, (index) => (rule as CSSGroupingRule).deleteRule(index));
    // Whatever is left that would still fetch (an @property's initial url(), a counter style's image …) goes whole.
    if (!localValue(rule.cssText)) remove(i);
  }
}

/**
 * Gives the frame's page its own CSS back, cleaned: a stylesheet built in the frame's realm (our
 * defaults first, then the page's `<style>`s, @import and fonts dropped, every property that
 * would fetch removed), and each element's style attribute through `style.cssText`.
 */
export function applySavedStyles(doc: Document, css: string): void {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  if (!win) return;
  const base = new win.CSSStyleSheet();
  base.replaceSync(BASE_CSS);
  const page = new win.CSSStyleSheet();
  // replaceSync leaves @import out by itself; the rest is checked rule by rule before it is adopted.
  page.replaceSync(css.replace(/@import\b[^;]*;?/gi, ''));
  cleanRules(page.cssRules, (index) => page.deleteRule(index));
  doc.adoptedStyleSheets = [base, page];
  for (const element of doc.querySelectorAll<HTMLElement | SVGElement>('[data-saved-style]')) {
    const probe = new win.CSSStyleSheet();
    probe.replaceSync(`x{${element.getAttribute('data-saved-style') ?? ''}}`);
    const rule = probe.cssRules[0] as CSSStyleRule | undefined;
    if (!rule) continue;
    cleanDeclarations(rule.style);
    element.style.cssText = rule.style.cssText;
  }
}
