/**
 * The little of jsdom the bench uses (Readability's own DOM, the baseline to beat). Declared here
 * instead of installing @types/jsdom, which pulls the DOM library into archive/'s typecheck and
 * would let DOM globals slip into code that must run under plain Node.
 */
declare module 'jsdom' {
  export class VirtualConsole {}
  export class JSDOM {
    constructor(html: string, options?: { url?: string; virtualConsole?: VirtualConsole });
    readonly window: { readonly document: unknown; close(): void };
  }
}
