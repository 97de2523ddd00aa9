/** Small pieces both extraction paths share. */

/** Extraction found nothing to keep; the message is meant for the user's per-file report. */
export class ExtractionError extends Error {
  override name = 'ExtractionError';
}

/** Whitespace collapsed to single spaces, trimmed. */
export function collapse(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/** `url` made absolute against `base`, kept only when it is http(s). */
export function absoluteHttpUrl(url: string | null | undefined, base: string | null): string | null {
  const t = url?.trim();
  if (!t) return null;
  try {
    const abs = base ? new URL(t, base) : new URL(t);
    return abs.protocol === 'http:' || abs.protocol === 'https:' ? abs.href : null;
  } catch {
    return null;
  }
}

const EXCERPT_CHARS = 200;

/** The page's own description when it has one, else the start of the first paragraph. */
export function makeExcerpt(description: string | null, paragraphs: readonly string[]): string | null {
  const source = description ?? paragraphs.find((p) => p.length >= 20) ?? paragraphs[0] ?? null;
  if (!source) return null;
  const chars = [...source];
  return chars.length <= EXCERPT_CHARS ? source : `${chars.slice(0, EXCERPT_CHARS).join('').trimEnd()}…`;
}
