/**
 * MHTML (`.mhtml`, `.mht`; Chrome's "Saved by Blink" and IE's web archives): a MIME
 * multipart/related message whose first HTML part is the page and whose other parts are its
 * resources. Truncated or boundary-less files are refused with what is wrong, never half-read.
 */
import type { DecodedPage, PageResource } from '../types.ts';
import { decodeBytes } from '../decode/index.ts';
import { BadSavedPage } from './errors.ts';
import {
  decodeBase64, decodeEncodedWords, decodeQuotedPrintable, headerBlockEnd, parseContentType, parseHeaders, type MimeHeaders,
} from './mime.ts';

interface MimePart {
  headers: MimeHeaders;
  body: Uint8Array;
}

/** Reads an MHTML file's bytes into a page (the first HTML part) and its resources. */
export function readMhtml(bytes: Uint8Array): DecodedPage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const top = headerBlockEnd(buf, 0);
  if (!top) throw new BadSavedPage('MIME headers missing or not terminated by a blank line');
  const headers = parseHeaders(buf.subarray(0, top.headersEnd));
  const contentType = headers.get('content-type');
  if (!contentType) throw new BadSavedPage('MIME headers missing: no Content-Type');
  const { type, params } = parseContentType(contentType);

  let parts: MimePart[];
  if (type.startsWith('multipart/')) {
    const boundary = params.get('boundary');
    if (!boundary) throw new BadSavedPage('multipart boundary missing: Content-Type has no boundary parameter');
    parts = splitMultipart(buf, top.bodyStart, boundary);
  } else if (type === 'text/html') {
    parts = [{ headers, body: buf.subarray(top.bodyStart) }];
  } else {
    throw new BadSavedPage(`not a web page archive: Content-Type is ${type || 'empty'}`);
  }

  const mainIndex = parts.findIndex((p) => parseContentType(p.headers.get('content-type')).type === 'text/html');
  const main = parts[mainIndex];
  if (!main) throw new BadSavedPage('no HTML part in the archive');
  const mainType = parseContentType(main.headers.get('content-type'));
  const decoded = decodeBytes(transferDecode(main), { kind: 'html', transportCharset: mainType.params.get('charset') ?? null });

  const resources: PageResource[] = [];
  for (const part of parts) {
    if (part === main) continue;
    const partType = parseContentType(part.headers.get('content-type')).type;
    if (!partType.startsWith('image/')) continue;
    const body = transferDecode(part);
    const location = part.headers.get('content-location');
    const id = part.headers.get('content-id')?.replace(/^<|>$/g, '');
    if (location) resources.push({ url: location, contentType: partType, bytes: body });
    if (id) resources.push({ url: `cid:${id}`, contentType: partType, bytes: body });
  }

  const subject = headers.get('subject');
  return {
    format: 'mhtml',
    content: decoded.text,
    charset: decoded.charset,
    url: headers.get('snapshot-content-location') ?? main.headers.get('content-location') ?? null,
    savedAt: isoDate(headers.get('date')),
    containerTitle: subject ? decodeEncodedWords(subject).trim() || null : null,
    resources,
    warnings: decoded.warnings,
  };
}

/** Splits the body at `--boundary` lines; a missing boundary or closing line is an error. */
function splitMultipart(buf: Buffer, start: number, boundary: string): MimePart[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const starts: number[] = [];
  let closed = false;
  for (let at = buf.indexOf(delimiter, start); at >= 0; at = buf.indexOf(delimiter, at + delimiter.length)) {
    if (at !== start && buf[at - 1] !== 0x0a) continue;
    const after = at + delimiter.length;
    if (buf[after] === 0x2d && buf[after + 1] === 0x2d) {
      starts.push(at);
      closed = true;
      break;
    }
    // The rest of a delimiter line may only be blanks (transport padding).
    let eol = after;
    while (buf[eol] === 0x20 || buf[eol] === 0x09) eol++;
    if (buf[eol] === 0x0d) eol++;
    if (eol < buf.length && buf[eol] !== 0x0a) continue;
    starts.push(at);
  }
  if (starts.length === 0) throw new BadSavedPage(`multipart boundary missing: the declared boundary "${boundary}" never occurs`);
  if (!closed) {
    throw new BadSavedPage(`truncated: the file ends inside part ${starts.length} without the closing multipart boundary`);
  }
  const parts: MimePart[] = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    const lineEnd = buf.indexOf(0x0a, starts[k]!);
    const partStart = lineEnd + 1;
    // The line break before the next delimiter belongs to the delimiter.
    let partEnd = starts[k + 1]! - 1;
    if (buf[partEnd - 1] === 0x0d) partEnd--;
    const part = buf.subarray(partStart, Math.max(partStart, partEnd));
    const block = headerBlockEnd(part, 0);
    if (!block) throw new BadSavedPage(`part ${k + 1} has no blank line after its headers`);
    parts.push({ headers: parseHeaders(part.subarray(0, block.headersEnd)), body: part.subarray(block.bodyStart) });
  }
  return parts;
}

function transferDecode(part: MimePart): Uint8Array {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  if (encoding === 'base64') return decodeBase64(part.body);
  return part.body;
}

function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
