/**
 * Placing a highlight's paragraph span on an HTML block: the block's text comes in pieces (its
 * text nodes, in order), and a paragraph is that text with whitespace tidied, so the two are
 * aligned character by character, skipping whitespace either side has and the other lacks. Pure
 * string work, shared by the reader's frame and the exports (each walks its own DOM).
 */

/** Part of one text piece: `piece` is its index, `start`–`end` offsets in it. */
export interface PieceRange {
  piece: number;
  start: number;
  end: number;
}

const SPACE = /\s/;
/** Text compared without whitespace: how a block is matched to its paragraph. */
export const squashSpace = (text: string): string => text.replace(/\s+/g, '');

/** Where each paragraph character is in the joined pieces (-1 for whitespace they lack), up to `end`. */
function alignment(paragraph: string, joined: string, end = paragraph.length): Int32Array {
  const at = new Int32Array(paragraph.length + 1).fill(-1);
  let j = 0;
  for (let i = 0; i < paragraph.length && i < end; i++) {
    const c = paragraph[i]!;
    while (j < joined.length && joined[j] !== c && SPACE.test(joined[j]!)) j++;
    if (j >= joined.length) break;
    // A character shown otherwise (a half-width mark set full-width) still stands for itself.
    if (joined[j] === c || !SPACE.test(c)) at[i] = j++;
  }
  return at;
}

/**
 * The paragraph offset of a position in the pieces' text (`piece`, `offset` in it), as a selection
 * in the shown block gives it: the first paragraph character at or after that position.
 */
export function paragraphOffsetOf(paragraph: string, pieces: readonly string[], piece: number, offset: number): number {
  const position = pieces.slice(0, piece).reduce((n, p) => n + p.length, 0) + offset;
  const at = alignment(paragraph, pieces.join(''));
  for (let i = 0; i < paragraph.length; i++) if (at[i]! >= position) return i;
  return paragraph.length;
}

/**
 * The parts of `pieces` that show `paragraph`'s characters `start`–`end`; empty when the span is
 * empty or the pieces' text does not follow the paragraph that far.
 */
export function spanInPieces(paragraph: string, pieces: readonly string[], start: number, end: number): PieceRange[] {
  if (end <= start) return [];
  const at = alignment(paragraph, pieces.join(''), end);
  let from = -1;
  for (let i = start; i < end && from < 0; i++) from = at[i]!;
  let to = -1;
  for (let i = end - 1; i >= start && to < 0; i--) to = at[i]! >= 0 ? at[i]! + 1 : -1;
  if (from < 0 || to <= from) return [];
  const ranges: PieceRange[] = [];
  let offset = 0;
  pieces.forEach((piece, index) => {
    const s = Math.max(from, offset);
    const e = Math.min(to, offset + piece.length);
    if (e > s) ranges.push({ piece: index, start: s - offset, end: e - offset });
    offset += piece.length;
  });
  return ranges;
}
