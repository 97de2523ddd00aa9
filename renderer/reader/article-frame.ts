/**
 * @summary The article, isolated: a sandboxed frame (no scripts, no plugins, no navigation) whose
 * document carries its own strict policy, styled only by our stylesheet.
 * @event reading-progress - the reader scrolled; `progress` is 0..1, sent at most every 600 ms
 * @event frame-key - a key pressed inside the frame, for the shell's shortcuts
 * @event text-selection - the reader selected text (`detail`: `{ span, x, y }`, the span in the shown paragraphs and where to offer to highlight it) or cleared it (`null`)
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { FrameKeyEvent, ReadingProgressEvent } from '../app/events.ts';
import type { DisplayedText } from '../app/reader-state.ts';
import type { Translate, UiLocale } from '../i18n/strings.ts';
import { articleMarkup, frameDocument } from './frame-document.ts';
import { applyRuby } from './ruby.ts';
import { clearFindMarks, markMatches } from './find.ts';
import { drawHighlights, selectedSpan } from './highlight-marks.ts';
import type { HighlightSpan } from '../../archive/contract.ts';
import { readPosition, restorePosition } from './position.ts';
import { typographyAttributes, type ArticleMeta, type Highlight, type TypographyChoice } from '../../archive/model.ts';
import { applyCjkText, hasNativeAutospace, storedSelectionText } from './typography.ts';

const PROGRESS_DELAY_MS = 600;

export class ArticleFrame extends LitElement {
  static override properties = {
    meta: { attribute: false },
    displayed: { attribute: false },
    progress: { type: Number },
    fontSize: { type: Number },
    lineHeight: { type: Number },
    measure: { type: Number },
    theme: { type: String },
    showRuby: { type: Boolean },
    firstLineIndent: { type: Boolean },
    // A new object with the same choices (the shell builds one per render) is no change.
    typography: { attribute: false, hasChanged: (next: TypographyChoice, last?: TypographyChoice) => !last || (Object.keys(next) as (keyof TypographyChoice)[]).some((k) => next[k] !== last[k]) },
    locale: { type: String },
    findQuery: { type: String },
    findIndex: { type: Number },
    highlights: { attribute: false },
    t: { attribute: false },
  };

  static override styles = css`
    :host { display: block; position: relative; min-height: 0; }
    iframe { border: 0; width: 100%; height: 100%; display: block; background: transparent; }
    /* Unseen while the next article loads, but still focusable: a hidden frame would drop the keyboard focus (j/k typed in it). */
    iframe.loading { opacity: 0; }
  `;

  meta: ArticleMeta | null = null;
  displayed: DisplayedText | null = null;
  /** Where to scroll to when an article opens (0..1). */
  progress = 0;
  fontSize = 18;
  lineHeight = 1.8;
  measure = 38;
  theme = 'light';
  showRuby = false;
  firstLineIndent = false;
  /** The Chinese setting: full-width marks, justification, face, vertical columns. */
  typography: TypographyChoice = { cjkPunctuation: true, justify: true, fontFamily: 'sans', writingMode: 'horizontal' };
  locale: UiLocale = 'en';
  /** Text to mark in the article ('' for none); `findIndex` is the current match. */
  findQuery = '';
  findIndex = 0;
  /** The article's highlights, anchored in the shown paragraphs. */
  highlights: readonly Highlight[] = [];
  t: Translate = (key) => key;
  #marks: HTMLElement[] = [];
  #loadedId: string | null = null;
  #srcdoc = '';
  #progressTimer: ReturnType<typeof setTimeout> | undefined;

  get #frame(): HTMLIFrameElement | null {
    return this.renderRoot.querySelector('iframe');
  }

  /** The frame's document once the article is in it. */
  get frameDocument(): Document | null {
    return this.#loadedId ? (this.#frame?.contentDocument ?? null) : null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.meta || !this.displayed) return;
    const idChanged = this.meta.id !== this.#loadedId && changed.has('meta');
    if (idChanged || !this.frameDocument) {
      this.#loadedId = null;
      this.#srcdoc = frameDocument(this.#content(), this.theme);
    }
  }

  #content(): Parameters<typeof articleMarkup>[0] {
    const displayed = this.displayed!;
    const { title, byline, source, lang } = displayed;
    return { meta: this.meta!, title, byline, source, html: displayed.body.html, lang, locale: this.locale, t: this.t };
  }

  protected override updated(changed: PropertyValues<this>): void {
    const doc = this.frameDocument;
    if (!doc) return;
    // Full-width marks and upright digits are spans in the text: a change of them sets the text again.
    const before = changed.get('typography') as TypographyChoice | undefined;
    const retext = before !== undefined && (before.cjkPunctuation !== this.typography.cjkPunctuation || before.writingMode !== this.typography.writingMode);
    const replaced = changed.has('displayed') || changed.has('locale') || retext;
    if (replaced) this.#replaceText(doc);
    this.#applyLook(doc);
    if (replaced || changed.has('highlights')) this.#drawHighlights(doc);
    if (replaced || changed.has('findQuery')) this.#find(doc);
    if (replaced || changed.has('findQuery') || changed.has('findIndex')) this.#showCurrentMatch();
  }

  /** Marks the query's matches and reports how many there are. */
  #find(doc: Document): void {
    const article = doc.querySelector('article');
    if (!article) return;
    if (this.findQuery) this.#marks = markMatches(article, this.findQuery);
    else {
      clearFindMarks(article);
      this.#marks = [];
    }
    this.dispatchEvent(new CustomEvent('find-result', { detail: this.#marks.length, bubbles: true, composed: true }));
  }

  #showCurrentMatch(): void {
    if (this.#marks.length === 0) return;
    const current = ((this.findIndex % this.#marks.length) + this.#marks.length) % this.#marks.length;
    this.#marks.forEach((mark, i) => mark.classList.toggle('current', i === current));
    this.#marks[current]?.scrollIntoView({ block: 'center' });
  }

  #drawHighlights(doc: Document): void {
    const content = doc.querySelector('.content');
    if (content && this.displayed) drawHighlights(content, this.displayed.body.paragraphs, this.highlights);
  }

  /** The reader's selection as a span of the shown paragraphs, or null. */
  selectedSpan(): HighlightSpan | null {
    const doc = this.frameDocument;
    const content = doc?.querySelector('.content');
    return doc && content && this.displayed ? selectedSpan(doc, content, this.displayed.body.paragraphs) : null;
  }

  /** Clears the reader's selection in the frame. */
  clearSelection(): void {
    this.frameDocument?.getSelection()?.removeAllRanges();
  }

  /** Scrolls the article to a highlight's mark. */
  scrollToHighlight(id: string): void {
    const mark = [...(this.frameDocument?.querySelectorAll<HTMLElement>('mark.hl') ?? [])].find((m) => m.dataset.highlight === id);
    mark?.scrollIntoView({ block: 'center' });
  }

  /** Tells the shell about a selection made (or cleared), with where to show the highlight choices. */
  #onSelectionEnd(): void {
    const span = this.selectedSpan();
    const range = span ? this.frameDocument?.getSelection()?.getRangeAt(0) : null;
    const box = range?.getBoundingClientRect();
    const frame = this.#frame?.getBoundingClientRect();
    const host = this.getBoundingClientRect();
    const detail = span && box && frame ? { span, x: frame.left - host.left + box.left, y: frame.top - host.top + box.bottom + 6 } : null;
    this.dispatchEvent(new CustomEvent('text-selection', { detail, bubbles: true, composed: true }));
  }

  /** Swaps the text in place (another script or UI language), keeping the reader's place. */
  #replaceText(doc: Document): void {
    const position = readPosition(doc);
    const article = doc.querySelector('article');
    if (!article || !this.displayed) return;
    article.innerHTML = articleMarkup(this.#content());
    if (this.displayed.lang) doc.documentElement.lang = this.displayed.lang;
    else doc.documentElement.removeAttribute('lang');
    doc.title = this.displayed.title;
    this.#decorate(doc);
    restorePosition(doc, position);
  }

  /** What our stylesheet reads from the root: sizes as custom properties, modes as attributes. */
  #applyLook(doc: Document): void {
    const root = doc.documentElement;
    root.style.setProperty('--font-size', `${this.fontSize}px`);
    root.style.setProperty('--line-height', String(this.lineHeight));
    root.style.setProperty('--measure', String(this.measure));
    root.dataset.theme = this.theme;
    root.dataset.ruby = this.showRuby ? 'on' : 'off';
    root.dataset.indent = this.firstLineIndent ? 'on' : 'off';
    // Written only when they change: a new value restyles the whole article.
    for (const [name, value] of Object.entries(typographyAttributes(this.typography, this.displayed?.lang ?? null))) {
      if (root.getAttribute(name) !== value) root.setAttribute(name, value);
    }
    if (!root.dataset.autospace && !hasNativeAutospace(doc.defaultView ?? window)) root.dataset.autospace = 'fallback';
  }

  get #vertical(): boolean {
    return this.frameDocument?.documentElement.dataset.writing === 'vertical';
  }

  #decorate(doc: Document): void {
    const content = doc.querySelector('.content');
    if (content && this.displayed) applyRuby(content, this.displayed.body.paragraphs, this.displayed.body.ruby);
    if (content && /^(zh|ja)\b/i.test(this.displayed?.lang ?? '')) {
      const vertical = typographyAttributes(this.typography, this.displayed?.lang ?? null)['data-writing'] === 'vertical';
      applyCjkText(content, { punctuation: this.typography.cjkPunctuation, upright: vertical, autospace: !hasNativeAutospace(doc.defaultView ?? window) });
    }
    // Links in a saved page never navigate the frame; the address stays readable in the title.
    for (const a of doc.querySelectorAll('a[href]')) {
      const href = a.getAttribute('href') ?? '';
      if (!a.getAttribute('title')) a.setAttribute('title', href);
    }
  }

  #onLoad = (): void => {
    const frame = this.#frame;
    const doc = frame?.contentDocument;
    if (!frame || !doc || !this.meta || doc.URL !== 'about:srcdoc') return;
    this.#loadedId = this.meta.id;
    this.#decorate(doc);
    this.#applyLook(doc);
    this.#drawHighlights(doc);
    if (this.findQuery) {
      this.#find(doc);
      this.#showCurrentMatch();
    }
    restorePosition(doc, this.progress);
    doc.addEventListener('click', (event) => {
      if ((event.target as Element | null)?.closest?.('a')) event.preventDefault();
    });
    // A copy gives the stored characters, whatever marks are shown full-width.
    doc.addEventListener('copy', (event) => {
      const text = storedSelectionText(doc);
      if (text === null || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    });
    // Vertical columns scroll sideways: the wheel's vertical turn moves along the columns.
    doc.addEventListener('wheel', (event) => {
      const scroller = doc.scrollingElement;
      if (!this.#vertical || !scroller || event.deltaX !== 0 || event.ctrlKey) return;
      scroller.scrollLeft -= event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      event.preventDefault();
    }, { passive: false });
    doc.addEventListener('keydown', (event) => {
      const forwarded = new FrameKeyEvent(event);
      this.dispatchEvent(forwarded);
    });
    // A selection is read once the mouse or the keys let go of it.
    doc.addEventListener('mouseup', () => setTimeout(() => this.#onSelectionEnd(), 0));
    doc.addEventListener('keyup', (event) => {
      if (event.key.startsWith('Arrow') || event.key === 'Shift' || event.key === 'Home' || event.key === 'End') this.#onSelectionEnd();
    });
    frame.contentWindow?.addEventListener('scroll', () => this.#onScroll(doc), { passive: true });
    frame.classList.remove('loading');
    this.dispatchEvent(new Event('article-shown', { bubbles: true, composed: true }));
  };

  #onScroll(doc: Document): void {
    clearTimeout(this.#progressTimer);
    const id = this.#loadedId;
    this.#progressTimer = setTimeout(() => {
      if (!id || id !== this.#loadedId) return;
      this.dispatchEvent(new ReadingProgressEvent(id, readPosition(doc)));
    }, PROGRESS_DELAY_MS);
  }

  /** Scrolls the article by a page (positive: down). */
  scrollPage(direction: 1 | -1): void {
    const scroller = this.frameDocument?.scrollingElement;
    if (!scroller) return;
    // Columns read right to left: "down" is leftwards.
    if (this.#vertical) scroller.scrollLeft -= direction * scroller.clientWidth * 0.9;
    else scroller.scrollTop += direction * scroller.clientHeight * 0.9;
  }

  override focus(): void {
    this.#frame?.focus();
  }

  override render(): unknown {
    if (!this.meta || !this.displayed) return html``;
    return html`<iframe
      class=${this.#loadedId ? '' : 'loading'}
      sandbox="allow-same-origin"
      referrerpolicy="no-referrer"
      title=${this.t('articleFrame')}
      .srcdoc=${this.#srcdoc}
      @load=${this.#onLoad}
    ></iframe>`;
  }
}

customElements.define('article-frame', ArticleFrame);

declare global {
  interface HTMLElementTagNameMap {
    'article-frame': ArticleFrame;
  }
}
