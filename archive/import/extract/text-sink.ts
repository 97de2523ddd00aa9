/**
 * Plain-text paragraphs built while walking an article: whitespace collapsed as a browser would,
 * and each ruby annotation pinned to the UTF-16 offset of its character in the final paragraph.
 */
import type { RubyAnnotation } from '../../model.ts';

export class TextSink {
  readonly paragraphs: string[] = [];
  readonly ruby: RubyAnnotation[] = [];
  #buf = '';
  #space = false;

  /** The paragraph being built. */
  get current(): string {
    return this.#buf;
  }

  /** Appends text; returns the offset its first visible character landed at, or -1 if it was all space. */
  append(text: string): number {
    const collapsed = text.replace(/\s+/g, ' ');
    if (collapsed === '' ) return -1;
    if (collapsed === ' ') {
      this.#space = true;
      return -1;
    }
    if (collapsed.startsWith(' ')) this.#space = true;
    if (this.#space && this.#buf.length > 0) this.#buf += ' ';
    this.#space = collapsed.endsWith(' ');
    const offset = this.#buf.length;
    this.#buf += collapsed.trim();
    return offset;
  }

  /** Records an annotation on the current paragraph. */
  addRuby(offset: number, base: string, text: string): void {
    this.ruby.push({ paragraph: this.paragraphs.length, offset, base, text });
  }

  /** Ends the current paragraph (a block boundary). */
  flush(): void {
    if (this.#buf.length > 0) this.paragraphs.push(this.#buf);
    this.#buf = '';
    this.#space = false;
  }
}
