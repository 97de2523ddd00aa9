/** Where the keyboard focus is, across shadow roots: dialogs and popovers give it back there. */

/** The focused element, looked for inside shadow roots. */
export function deepActiveElement(): Element | null {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element;
}

/** Whether `node` is `container` or inside it, across shadow roots. */
export function within(node: Node, container: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) if (n === container) return true;
  return false;
}
