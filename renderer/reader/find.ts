/**
 * Find in the article: marks every match of a query in the frame's text (what is shown, so in the
 * chosen script), case-insensitively, and unmarks them again. Matches do not span elements.
 */

const MARK_CLASS = 'find';

/** Removes every find mark under `root`, leaving the text as it was. */
export function clearFindMarks(root: Element): void {
  for (const mark of root.querySelectorAll(`mark.${MARK_CLASS}`)) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent?.normalize();
  }
}

/** Marks each match of `query` under `root`; returns the marks in document order. */
export function markMatches(root: Element, query: string): HTMLElement[] {
  clearFindMarks(root);
  const needle = query.toLocaleLowerCase();
  if (!needle) return [];
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('rt') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  const marks: HTMLElement[] = [];
  for (const text of texts) {
    let node: Text = text;
    let at = node.data.toLocaleLowerCase().indexOf(needle);
    while (at >= 0) {
      const match = node.splitText(at);
      const rest = match.splitText(needle.length);
      const mark = doc.createElement('mark');
      mark.className = MARK_CLASS;
      match.replaceWith(mark);
      mark.append(match);
      marks.push(mark);
      node = rest;
      at = node.data.toLocaleLowerCase().indexOf(needle);
    }
  }
  return marks;
}
