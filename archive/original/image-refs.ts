/**
 * The image URLs of a saved page's markup, found and rewritten in the text itself (no DOM), so
 * the rest of the page stays byte for byte as it was saved.
 */

/** Attributes that hold one image URL (lazy loaders keep the real one in a data- attribute). */
const SINGLE = /(\s(?:src|data-src|data-original|data-lazy-src|poster)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
/** Attributes that hold a list of candidates, `url 2x, url 640w`. */
const SET = /(\s(?:srcset|data-srcset)\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;

function unescapeAttr(value: string): string {
  return value.replace(/&amp;/gi, '&').replace(/&#38;/g, '&').replace(/&quot;/gi, '"').replace(/&#39;/g, "'");
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** Whether a reference can name an image file of the page (not inline data or script). */
function isFileRef(ref: string): boolean {
  return ref.length > 0 && !/^(?:data|javascript|blob|about|asset):/i.test(ref);
}

/** The distinct image references of `html`, as written (entities undone), in document order. */
export function imageRefs(html: string): string[] {
  const refs = new Set<string>();
  for (const m of html.matchAll(SINGLE)) {
    const ref = unescapeAttr((m[2] ?? m[3] ?? m[4] ?? '').trim());
    if (isFileRef(ref)) refs.add(ref);
  }
  for (const m of html.matchAll(SET)) {
    for (const candidate of unescapeAttr(m[2] ?? m[3] ?? '').split(',')) {
      const ref = candidate.trim().split(/\s+/)[0] ?? '';
      if (isFileRef(ref)) refs.add(ref);
    }
  }
  return [...refs];
}

/** `html` with every image reference that `lookup` resolves replaced by what it answers; the rest untouched. */
export function rewriteImageRefs(html: string, lookup: (ref: string) => string | null): string {
  const single = html.replace(SINGLE, (whole, prefix: string, dq?: string, sq?: string, bare?: string) => {
    const ref = unescapeAttr((dq ?? sq ?? bare ?? '').trim());
    const found = isFileRef(ref) ? lookup(ref) : null;
    return found ? `${prefix}"${escapeAttr(found)}"` : whole;
  });
  return single.replace(SET, (whole, prefix: string, dq?: string, sq?: string) => {
    let changed = false;
    const candidates = unescapeAttr(dq ?? sq ?? '').split(',').map((candidate) => {
      const [ref = '', ...descriptor] = candidate.trim().split(/\s+/);
      const found = isFileRef(ref) ? lookup(ref) : null;
      if (!found) return candidate.trim();
      changed = true;
      return [found, ...descriptor].join(' ');
    });
    return changed ? `${prefix}"${escapeAttr(candidates.join(', '))}"` : whole;
  });
}
