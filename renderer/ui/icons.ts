/**
 * The window's one icon set: Lucide's icon data (bundled, tree-shaken: only the icons imported
 * anywhere end up in the bundle), drawn as inline SVG so nothing is fetched and CSP is unchanged.
 *
 * Usage: `import { Search } from 'lucide'; … html`<button aria-label=…>${icon(Search)}</button>``.
 * Icons are decorative (aria-hidden): the control that holds one carries the accessible name.
 */
import type { IconNode } from 'lucide';

const SVG = 'http://www.w3.org/2000/svg';

/** A fresh `<svg>` for an icon (a DOM node can sit in one place only, so one per call). */
export function icon(node: IconNode, size = 18): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  const attrs: Record<string, string> = {
    width: String(size),
    height: String(size),
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': '2',
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    'aria-hidden': 'true',
    focusable: 'false',
    class: 'icon',
  };
  for (const [name, value] of Object.entries(attrs)) svg.setAttribute(name, value);
  for (const [tag, props] of node) {
    const child = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(props)) if (value !== undefined) child.setAttribute(name, String(value));
    svg.append(child);
  }
  return svg;
}
