/**
 * The open article's highlights, anchored in the script the article is shown in, and the side
 * panel's state. Loaded when the shown article or its script changes (the service converts the
 * anchors); each change goes to the service and the list is read back in the shown script.
 */
import type { HighlightSpan } from '../../archive/contract.ts';
import type { Highlight, HighlightColor, ScriptMode } from '../../archive/model.ts';
import type { AppContext } from './app-context.ts';

/** One empty list, so the article frame sees no change (and redraws no marks) on each render while none is loaded. */
const NONE: readonly Highlight[] = Object.freeze([]);

export class HighlightsState {
  /** The highlights of the article shown, in the script of `follow`. */
  list: Highlight[] = [];
  /** The selection the popover offers to highlight, and where (in the article area's coordinates). */
  offer: { span: HighlightSpan; x: number; y: number } | null = null;
  /** Whether the side panel is open. */
  panelOpen = false;
  /** A highlight whose note the panel should put the focus on (a new "add note"). */
  editing: string | null = null;
  #key = '';
  /** The key `list` was loaded for. */
  #listKey = '';
  #seq = 0;

  constructor(private readonly ctx: AppContext) {}

  /** Loads the highlights of `articleId` as shown in `script`, unless they are loaded already. */
  follow(articleId: string | null, script: ScriptMode): void {
    const key = articleId ? `${articleId}|${script}` : '';
    if (key === this.#key) return;
    this.#key = key;
    this.offer = null;
    if (articleId) void this.#load(articleId, script);
    else this.list = [];
  }

  /** The list when it is anchored in `script` for `articleId` (else none: marks never land on another script's text). */
  shownIn(articleId: string, script: ScriptMode): readonly Highlight[] {
    return this.#listKey === `${articleId}|${script}` ? this.list : NONE;
  }

  async #load(articleId: string, script: ScriptMode): Promise<void> {
    const seq = ++this.#seq;
    await this.ctx.guard(async () => {
      const list = await this.ctx.bridge.listHighlights({ articleId, script });
      if (seq !== this.#seq) return;
      this.list = list;
      this.#listKey = `${articleId}|${script}`;
    });
    this.ctx.update();
  }

  #reload(): Promise<void> {
    const [articleId, script] = this.#key.split('|') as [string, ScriptMode];
    return articleId ? this.#load(articleId, script) : Promise.resolve();
  }

  /** Highlights a span of the shown text; with `withNote`, opens the panel on its note. */
  async add(articleId: string, script: ScriptMode, anchor: HighlightSpan, color: HighlightColor, withNote = false): Promise<void> {
    await this.ctx.guard(async () => {
      const made = await this.ctx.bridge.addHighlight({ articleId, script, anchor, color });
      if (withNote) {
        this.panelOpen = true;
        this.editing = made.id;
      }
    });
    await this.#reload();
  }

  async update(id: string, patch: { color?: HighlightColor; note?: string }): Promise<void> {
    await this.ctx.guard(async () => {
      await this.ctx.bridge.updateHighlight({ id, ...patch });
    });
    await this.#reload();
  }

  async remove(id: string): Promise<void> {
    await this.ctx.guard(async () => {
      await this.ctx.bridge.removeHighlight({ id });
    });
    await this.#reload();
  }

  /** Offers (or withdraws, with null) to highlight a selection. */
  setOffer(offer: HighlightsState['offer']): void {
    this.offer = offer;
    this.ctx.update();
  }

  togglePanel(open = !this.panelOpen): void {
    this.panelOpen = open;
    if (!open) this.editing = null;
    this.ctx.update();
  }
}
