/**
 * Text bound for a terminal. Titles, bylines, bodies and file names come from hostile pages: an
 * ESC or a C1 CSI in them could retitle, clear or rewrite the user's terminal, a carriage return
 * could overwrite a line, and a bidi override could make a line read other than it is. Every
 * human line the CLI prints goes through `terminalText`; JSON goes through `terminalJson`, which
 * escapes what JSON.stringify leaves raw (C1 controls, bidi controls, line separators).
 */

/**
 * C0 controls but tab, newline and the CR of a CRLF, DEL, C1 controls, and the bidi and
 * line-separator controls (ALM, LRM, RLM, LRE…RLO, LRI…PDI, U+2028/2029) that reorder or break
 * what is shown. A lone CR goes: it returns to the start of the line and lets text overwrite it.
 */
const UNSAFE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;
/** The same in JSON text, where tab and newline inside strings are already escaped by JSON.stringify. */
const UNSAFE_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What an unsafe character becomes: its Control Picture (␛ for ESC, ␇ for BEL) when it has one, else U+FFFD. */
function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

/** `text` with every control character a terminal could act on replaced by a visible stand-in (tab, newline and CRLF kept). */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** One line of `text`: as terminalText, and line breaks and tabs shown as spaces (for a title in a row). */
export function terminalLine(text: string): string {
  return terminalText(text.replace(/[\t\n]+/g, ' '));
}

/** `value` as one line of JSON whose every character is safe on a terminal (same value when parsed). */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Prints human output on stdout, made safe for a terminal. */
export function writeOut(text: string): void {
  process.stdout.write(terminalText(text));
}

/**
 * Text a command passes through from its input (`convert`): unchanged into a pipe or a file, where
 * it is data, made safe when stdout is a terminal.
 */
export function passThrough(text: string): string {
  return process.stdout.isTTY ? terminalText(text) : text;
}

/** Prints a message on stderr, made safe for a terminal. */
export function writeErr(text: string): void {
  process.stderr.write(terminalText(text));
}
