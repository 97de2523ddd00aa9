/** The start of a file as the formats' sniffs see it: raw bytes, text, or the start of a gzip stream unpacked. */
import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { looksLikeUtf16 } from '../decode/index.ts';
import type { FileHead } from './types.ts';

/** Bytes read for a sniff: enough for a WARC record's first line, even gzipped. */
const HEAD_BYTES = 64 * 1024;

/** The head of bytes already in memory. */
export function headOf(bytes: Uint8Array): FileHead {
  const head = bytes.subarray(0, HEAD_BYTES);
  return { bytes: head, text: headText(head) };
}

/** Reads the head of the file at `path`. */
export async function readHead(path: string): Promise<FileHead> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return headOf(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The first line of the head, through gzip when it is gzipped; '' when it does not inflate. */
export function firstLine(head: FileHead): string {
  let bytes = head.bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return '';
    }
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString('latin1').split(/\r?\n/)[0] ?? '';
}

/** The first 8 KB as text for pattern checks, or null when it is binary. */
function headText(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, 8192);
  const utf16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : looksLikeUtf16(head);
  if (utf16) return new TextDecoder(utf16).decode(head);
  let control = 0;
  for (const b of head) {
    if (b === 0) return null;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  if (control > head.length * 0.05) return null;
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1').replace(/^\xef\xbb\xbf/, '');
}

/** Whether the head's text starts as an HTML page does (after blank space). */
export function looksLikeHtml(head: FileHead): boolean {
  const text = head.text;
  if (text === null || !text.replace(/^\s+/, '').startsWith('<')) return false;
  return /<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]/i.test(text);
}
