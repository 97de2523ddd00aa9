/** Highlights and notes as the archive keeps them (re-exported by model.ts, which every front end reads). */

/** The colours a highlight can have, in the order the window offers them. */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

/**
 * Where a highlight sits: one paragraph of `ArticleBody.paragraphs`, by UTF-16 offsets (start
 * inclusive, end exclusive), with the highlighted text and a little of the text around it so it
 * can be found again. Stored in the article's original script; the service hands it out (and takes
 * it in) in the script the reader shows.
 */
export interface HighlightAnchor {
  paragraph: number;
  start: number;
  end: number;
  /** The highlighted text. */
  quote: string;
  /** Up to HIGHLIGHT_CONTEXT characters before and after it in the paragraph. */
  prefix: string;
  suffix: string;
}

/** A highlight with its note, kept in the catalog as journal lines. */
export interface Highlight {
  id: string;
  articleId: string;
  color: HighlightColor;
  /** The reader's note ('' for none). */
  note: string;
  anchor: HighlightAnchor;
  createdAt: string;
  updatedAt: string;
}
