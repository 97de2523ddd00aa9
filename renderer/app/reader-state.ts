/**
 * The reader pane's state: the open article and how it reads in the chosen script. An article is
 * asked of the service once per open or script switch, already in that script (the service
 * converts title, byline, source and body together; the stored text never changes).
 */
import { displayLang, type ArticleBody, type ArticleView, type ScriptMode } from '../../archive/model.ts';
import type { OriginalView } from '../../archive/contract.ts';
import type { AppContext } from './app-context.ts';

/** What the reader shows: the extracted article, the saved original beside it, or the original instead of it. */
export type ReadingView = 'article' | 'side-by-side' | 'original';
const NEXT_VIEW: Record<ReadingView, ReadingView> = { article: 'side-by-side', 'side-by-side': 'original', original: 'article' };

/** What the reader shows of an article in one script. */
export interface DisplayedText {
  title: string;
  byline: string | null;
  source: string | null;
  body: ArticleBody;
  /** BCP 47 tag of the displayed text, for `lang` attributes. */
  lang: string | null;
}

/** The displayed part of a view the service gave in `script`. */
function displayedText(view: ArticleView, script: ScriptMode): DisplayedText {
  const { title, byline, source, lang } = view.meta;
  return { title, byline, source, body: view.body, lang: script === 'original' ? lang : (lang ?? displayLang(script, null)) };
}

export class ReaderState {
  /** The open article, as the service gave it in the script shown (tags, reading state, dates …). */
  article: ArticleView | null = null;
  displayed: DisplayedText | null = null;
  /** Kept from article to article, so pages can be checked one after another against their originals. */
  view: ReadingView = 'article';
  /** The open article's original (the capture chosen) while the view shows it; null while it loads. */
  original: OriginalView | null = null;
  /** The service found no such capture (or article) when the original was last asked for. */
  originalMissing = false;
  /** The script `displayed` is in. */
  shownScript: ScriptMode = 'original';
  #seq = 0;
  #originalSeq = 0;

  constructor(private readonly ctx: AppContext) {}

  get openId(): string | null {
    return this.article?.meta.id ?? null;
  }

  /**
   * Opens an article in `script`: one call, which brings the text already converted. Resolves
   * false when the article is gone, true when it is shown (or a later open overtook this one).
   */
  async open(id: string, script: ScriptMode): Promise<boolean> {
    const seq = ++this.#seq;
    let found = true;
    await this.ctx.guard(async () => {
      const view = await this.ctx.bridge.getArticle({ id, script });
      if (seq !== this.#seq) return;
      if (!view) {
        found = false;
        this.close();
        return;
      }
      if (this.article?.meta.id !== id) this.original = null;
      this.article = view;
      this.displayed = displayedText(view, script);
      this.shownScript = script;
    });
    this.ctx.update();
    if (found && this.view !== 'article' && this.original === null) await this.#loadOriginal(id);
    return found;
  }

  /** Shows the open article in another script: one call for the converted view. */
  async showIn(script: ScriptMode): Promise<void> {
    const article = this.article;
    if (!article) return;
    const seq = ++this.#seq;
    await this.ctx.guard(async () => {
      const view = await this.ctx.bridge.getArticle({ id: article.meta.id, script });
      if (seq !== this.#seq || this.article !== article) return;
      if (!view) {
        this.close();
        return;
      }
      this.article = view;
      this.displayed = displayedText(view, script);
      this.shownScript = script;
      // For the ui bench: the converted text has arrived; what follows is rendering.
      performance.mark('reader:script-data');
    });
    this.ctx.update();
  }

  close(): void {
    this.#seq++;
    this.article = null;
    this.displayed = null;
    this.original = null;
  }

  /** Shows the article, the original beside it, or the original instead; loads the original when first needed. */
  async setView(view: ReadingView): Promise<void> {
    this.view = view;
    this.ctx.update();
    const id = this.openId;
    if (view !== 'article' && id && this.original === null) await this.#loadOriginal(id);
  }

  /** Article → side by side → original → article. */
  cycleView(): Promise<void> {
    return this.setView(NEXT_VIEW[this.view]);
  }

  /** Shows another capture of the open article in the original view. */
  async chooseCapture(capture: number): Promise<void> {
    const id = this.openId;
    if (id) await this.#loadOriginal(id, capture);
  }

  async #loadOriginal(id: string, capture?: number): Promise<void> {
    const seq = ++this.#originalSeq;
    this.originalMissing = false;
    await this.ctx.guard(async () => {
      const original = await this.ctx.bridge.getOriginal({ id, ...(capture === undefined ? {} : { capture }) });
      if (seq !== this.#originalSeq || this.openId !== id) return;
      this.original = original;
      this.originalMissing = original === null;
    });
    this.ctx.update();
  }

  /** Replaces the open article's tags. */
  async setTags(tags: string[]): Promise<void> {
    const article = this.article;
    if (!article) return;
    await this.ctx.guard(async () => {
      const meta = await this.ctx.bridge.updateArticle({ id: article.meta.id, tags });
      if (this.article?.meta.id === meta.id) this.article = { ...this.article, meta: { ...this.article.meta, tags: meta.tags } };
    });
    this.ctx.update();
  }

  /** Removes the open article (the window asked the user first). */
  async removeOpen(): Promise<void> {
    const article = this.article;
    if (!article) return;
    await this.ctx.guard(async () => {
      await this.ctx.bridge.removeArticles({ ids: [article.meta.id] });
    });
    this.close();
  }

  /** Saves how far the open article has been read. */
  saveProgress(id: string, progress: number): void {
    void this.ctx.guard(async () => {
      const state = await this.ctx.bridge.saveReadingState({ id, progress: Math.min(1, Math.max(0, progress)) });
      if (this.article?.meta.id !== id) return;
      this.article = { ...this.article, reading: state };
      // The progress bar shows what was saved.
      this.ctx.update();
    });
  }
}
