/**
 * Sets style properties through the CSSOM only. The page's CSP has no 'unsafe-inline' for
 * styles, which blocks `style="…"` attributes (and Lit's styleMap writes one on first render).
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

class StyleProps extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== 'style') throw new Error('styleProps belongs in a style attribute');
  }

  render(_props: Record<string, string>): unknown {
    return noChange;
  }

  override update(part: AttributePart, [props]: [Record<string, string>]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(props)) style.setProperty(name, value);
    return noChange;
  }
}

/** `style=${styleProps({ transform: 'translateY(10px)' })}` without a style attribute. */
export const styleProps = directive(StyleProps);
