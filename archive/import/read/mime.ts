/**
 * The MIME pieces MHTML needs: header blocks (with folding), Content-Type parameters, RFC 2047
 * encoded words, and the quoted-printable and base64 transfer encodings, all over bytes.
 */
import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import { charsetForLabel } from '../decode/labels.ts';

/** Header names (lower-case) to unfolded values; the first occurrence wins. */
export type MimeHeaders = Map<string, string>;

/** Where the header block starting at `start` ends: the blank line's end, or -1 if none. */
export function headerBlockEnd(bytes: Buffer, start: number): { headersEnd: number; bodyStart: number } | null {
  for (let i = start; i < bytes.length; ) {
    const nl = bytes.indexOf(0x0a, i);
    if (nl < 0) return null;
    const next = bytes[nl + 1];
    if (next === 0x0a) return { headersEnd: nl + 1, bodyStart: nl + 2 };
    if (next === 0x0d && bytes[nl + 2] === 0x0a) return { headersEnd: nl + 1, bodyStart: nl + 3 };
    // A block that starts with the blank line has no headers.
    if (nl === start || (nl === start + 1 && bytes[start] === 0x0d)) return { headersEnd: start, bodyStart: nl + 1 };
    i = nl + 1;
  }
  return null;
}

/** Parses `Name: value` lines, joining folded continuation lines. */
export function parseHeaders(bytes: Buffer): MimeHeaders {
  const text = isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
  const headers: MimeHeaders = new Map();
  let name = '';
  let value = '';
  const commit = (): void => {
    if (name && !headers.has(name)) headers.set(name, value.trim());
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && name) {
      value += ` ${line.trim()}`;
      continue;
    }
    commit();
    const colon = line.indexOf(':');
    if (colon > 0 && /^[\x21-\x39\x3b-\x7e]+$/.test(line.slice(0, colon))) {
      name = line.slice(0, colon).toLowerCase();
      value = line.slice(colon + 1);
    } else {
      name = '';
      value = '';
    }
  }
  commit();
  return headers;
}

/**
 * Whether a header block looks like MIME: it starts with a header, nearly every line is a
 * header or a continuation (real captures have the odd broken line, e.g. an unfolded encoded
 * title), and MIME-Version or Content-Type is among them.
 */
export function looksLikeMimeHeaders(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  if (lines.length === 0 || !/^[\w-]+:/.test(lines[0]!)) return false;
  const names = new Set<string>();
  let other = 0;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) continue;
    const m = /^([\w-]+):/.exec(line);
    if (m) names.add(m[1]!.toLowerCase());
    else other++;
  }
  return other <= lines.length / 5 && (names.has('mime-version') || names.has('content-type'));
}

/** `multipart/related; boundary="x"` → type and lower-cased parameter names. */
export function parseContentType(value: string | undefined): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  if (!value) return { type: '', params };
  const [type = '', ...rest] = value.split(';');
  const paramText = rest.join(';');
  const re = /([\w.*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (let m = re.exec(paramText); m; m = re.exec(paramText)) {
    params.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Decodes RFC 2047 encoded words; adjacent words are joined as bytes first (a character may straddle two). */
export function decodeEncodedWords(value: string): string {
  const re = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
  const parts: (string | { charset: string; bytes: Buffer })[] = [];
  let last = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const between = value.slice(last, m.index);
    // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
    if (!(last > 0 && parts.length > 0 && typeof parts[parts.length - 1] !== 'string' && /^\s*$/.test(between))) parts.push(between);
    const [, charset = '', encoding = '', data = ''] = m;
    const bytes = encoding.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64')
      : Buffer.from(decodeQuotedPrintable(Buffer.from(data.replace(/_/g, ' '), 'latin1')));
    parts.push({ charset: charset.replace(/\*.*$/, '').toLowerCase(), bytes });
    last = m.index + m[0].length;
  }
  parts.push(value.slice(last));
  let out = '';
  let run: { charset: string; bytes: Buffer[] } | null = null;
  const decodeRun = (r: { charset: string; bytes: Buffer[] }): string => {
    const cs = charsetForLabel(r.charset);
    const joined = Buffer.concat(r.bytes);
    return cs ? iconv.decode(joined, cs.codec) : joined.toString('latin1');
  };
  for (const part of parts) {
    if (typeof part === 'string') {
      if (run) out += decodeRun(run);
      run = null;
      out += part;
    } else if (run && run.charset === part.charset) {
      run.bytes.push(part.bytes);
    } else {
      if (run) out += decodeRun(run);
      run = { charset: part.charset, bytes: [part.bytes] };
    }
  }
  if (run) out += decodeRun(run);
  return out;
}

const hexValue = (b: number): number =>
  b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 0x37 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1;

/** Quoted-printable to bytes: `=XX` escapes and `=` soft line breaks; anything else kept as is. */
export function decodeQuotedPrintable(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  let o = 0;
  const n = input.length;
  for (let i = 0; i < n; i++) {
    const b = input[i]!;
    if (b !== 0x3d) {
      out[o++] = b;
      continue;
    }
    const h = hexValue(input[i + 1] ?? -1);
    const l = hexValue(input[i + 2] ?? -1);
    if (h >= 0 && l >= 0) {
      out[o++] = (h << 4) | l;
      i += 2;
      continue;
    }
    // Soft line break, possibly after trailing blanks: `=  \r\n`.
    let j = i + 1;
    while (input[j] === 0x20 || input[j] === 0x09) j++;
    if (input[j] === 0x0d && input[j + 1] === 0x0a) i = j + 1;
    else if (input[j] === 0x0a) i = j;
    else if (j >= n) i = n;
    else out[o++] = b;
  }
  return out.subarray(0, o);
}

/** Base64 to bytes, ignoring line breaks. */
export function decodeBase64(input: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.from(Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1'), 'base64'));
}
