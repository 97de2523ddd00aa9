/**
 * Bytes to text, the way a careful browser would: a byte order mark wins; then a declared
 * charset (MIME header, `<meta>`, XML declaration), checked against the bytes because
 * declarations lie (GB2312 declared over UTF-8 is common); then a guess when nothing is
 * declared. Broken sequences never fail: they become U+FFFD, with a warning that says where.
 */
import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import { charset, charsetForLabel, type Charset } from './labels.ts';
import { scoreAs, sniffCharset } from './sniff.ts';
import { scanBytes, scanUtf8 } from './validate.ts';

export interface DecodeHints {
  /** A charset given outside the bytes: a MIME part's or HTTP header's `charset=`. */
  transportCharset?: string | null;
  /** What the bytes are: HTML (and XHTML) can declare a charset inside; text cannot. */
  kind?: 'html' | 'text';
}

export interface DecodedText {
  text: string;
  /** The charset used, lower-case WHATWG name (`utf-8`, `gbk`, `big5`, `shift_jis` …). */
  charset: string;
  warnings: string[];
}

/**
 * Decodes `bytes` with the charset an import recorded for them (a capture's `charset`), so a page
 * reads now as it read then; a byte order mark still wins, and an unknown or absent name falls
 * back to choosing as decodeBytes does.
 */
export function decodeRecorded(bytes: Uint8Array, recorded: string | null, kind: 'html' | 'text'): DecodedText {
  const bom = byteOrderMark(bytes);
  if (bom) return finish(bytes.subarray(bom.length), bom.charset, []);
  const cs = recorded ? charsetForLabel(recorded) : null;
  return cs ? finish(bytes, cs, []) : decodeBytes(bytes, { kind });
}

/** How far into an HTML file a `<meta charset>` is looked for (Chinese pages put it late). */
const PRESCAN_BYTES = 16 * 1024;

/** Decodes `bytes` to text, choosing the charset as described above; never throws on bad bytes. */
export function decodeBytes(bytes: Uint8Array, hints: DecodeHints = {}): DecodedText {
  const warnings: string[] = [];
  const bom = byteOrderMark(bytes);
  if (bom) return finish(bytes.subarray(bom.length), bom.charset, warnings);

  let declared: { charset: Charset; label: string; where: string } | null = null;
  const found = hints.transportCharset
    ? { label: hints.transportCharset, where: 'the MIME header' }
    : hints.kind === 'html'
      ? findDeclaredCharset(bytes)
      : null;
  if (found) {
    const cs = charsetForLabel(found.label);
    if (!cs) warnings.push(`unknown charset "${found.label}" declared in ${found.where}; guessed from the bytes instead`);
    // A document that declares UTF-16 in ASCII-compatible bytes is not UTF-16 (WHATWG).
    else if (cs.family.startsWith('utf-16') && found.where !== 'the MIME header') declared = { charset: charset('utf-8'), ...found };
    else declared = { charset: cs, ...found };
  }

  const utf8 = isUtf8(bytes);
  if (declared) {
    const cs = declared.charset;
    if (cs.name === 'utf-8' && (utf8 || mostlyUtf8(bytes))) return finish(bytes, cs, warnings, utf8);
    if (utf8 && hasNonAscii(bytes) && utf8Wins(bytes, cs)) {
      warnings.push(`declared ${declared.label} in ${declared.where}, but the bytes are UTF-8: decoded as UTF-8`);
      return finish(bytes, charset('utf-8'), warnings, true);
    }
    if (!hasNonAscii(bytes)) return finish(bytes, cs, warnings);
    const broken = scanBytes(bytes, cs.family).invalid;
    // A declaration that the bytes contradict: take a candidate that decodes them much better.
    if (broken > 0 || cs.family === 'single-byte') {
      const declaredScore = scoreAs(bytes, cs.name);
      const best = sniffCharset(bytes)[0];
      const margin = cs.family === 'single-byte' ? 0.4 : 0.25;
      if (best && best.charset.name !== cs.name && best.score >= 0.5 && best.score > declaredScore + margin &&
          scanBytes(bytes, best.charset.family).invalid === 0) {
        warnings.push(`declared ${declared.label} in ${declared.where}, but the bytes read as ${best.charset.name}: decoded as ${best.charset.name}`);
        return finish(bytes, best.charset, warnings);
      }
    }
    return finish(bytes, cs, warnings);
  }

  if (utf8) return finish(bytes, charset('utf-8'), warnings, true);
  const utf16 = looksLikeUtf16(bytes);
  if (utf16) return finish(bytes, charset(utf16), warnings);
  if (!hasNonAscii(bytes) || mostlyUtf8(bytes)) return finish(bytes, charset('utf-8'), warnings);
  const best = sniffCharset(bytes)[0]!;
  if (best.score < 0.3) {
    warnings.push(`no charset declared and none fits well: guessed ${best.charset.name} (confidence ${best.score.toFixed(2)})`);
  }
  return finish(bytes, best.charset, warnings);
}

/** The charset a document declares in its first bytes (`<meta>` or `<?xml encoding>`). */
export function findDeclaredCharset(bytes: Uint8Array): { label: string; where: string } | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PRESCAN_BYTES)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:+-]+)["']/i.exec(head);
  if (xml) return { label: xml[1]!, where: 'the XML declaration' };
  // Both `<meta charset=x>` and `<meta http-equiv=Content-Type content="text/html; charset=x">`,
  // skipping comments where old pages keep dead declarations.
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, '');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:+-]+)/i.exec(withoutComments);
  return meta ? { label: meta[1]!, where: 'a <meta> tag' } : null;
}

/** Whether valid UTF-8 bytes should be read as UTF-8 despite a legacy declaration. */
function utf8Wins(bytes: Uint8Array, declared: Charset): boolean {
  // A few multibyte sequences can be valid UTF-8 by chance in legacy bytes; many cannot.
  if (declared.family === 'single-byte' || scanUtf8(bytes).multibyte >= 4) return true;
  const declaredBroken = scanBytes(bytes, declared.family).invalid;
  return declaredBroken > 0 || scoreAs(bytes, declared.name) < 0.5;
}

/** Mostly UTF-8 with a few broken sequences (a truncated file, a stray byte): still UTF-8. */
function mostlyUtf8(bytes: Uint8Array): boolean {
  const scan = scanUtf8(bytes);
  return scan.multibyte >= 2 * scan.invalid && scan.invalid <= Math.max(2, scan.multibyte / 100);
}

function finish(bytes: Uint8Array, cs: Charset, warnings: string[], knownValid = false): DecodedText {
  const text = decodeWith(bytes, cs);
  if (knownValid) return { text, charset: cs.name, warnings };
  const scan = scanBytes(bytes, cs.family);
  const replaced = countReplacements(text);
  if (scan.invalid > 0) {
    warnings.push(`invalid ${cs.name} byte sequence at byte ${scan.firstInvalid}` +
      (scan.invalid > 1 ? ` (${scan.invalid} sequences replaced with U+FFFD)` : ' (replaced with U+FFFD)'));
  } else if (replaced > 0 && cs.name !== 'utf-8') {
    warnings.push(`${replaced} character(s) have no ${cs.name} mapping and were replaced with U+FFFD`);
  }
  return { text, charset: cs.name, warnings };
}

function decodeWith(bytes: Uint8Array, cs: Charset): string {
  if (cs.name === 'utf-8') return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  if (iconv.encodingExists(cs.codec)) return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), cs.codec, { stripBOM: false });
  return new TextDecoder(cs.codec).decode(bytes);
}

function byteOrderMark(bytes: Uint8Array): { charset: Charset; length: number } | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { charset: charset('utf-8'), length: 3 };
  if (a === 0xff && b === 0xfe) return { charset: charset('utf-16le'), length: 2 };
  if (a === 0xfe && b === 0xff) return { charset: charset('utf-16be'), length: 2 };
  return null;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** UTF-16 without a BOM: ASCII text leaves every other byte zero. */
export function looksLikeUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

function countReplacements(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) count++;
  return count;
}
