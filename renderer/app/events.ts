/**
 * The intents elements send up to the shell: typed, bubbling and composed, so they cross shadow
 * roots. Leaf elements never call the API; the shell hands these to the controller.
 */
import type { LibraryCollection, ScriptMode, Settings, SortKey } from '../../archive/model.ts';

export class ArticleSelectEvent extends Event {
  static readonly type = 'article-select';
  constructor(readonly index: number) {
    super(ArticleSelectEvent.type, { bubbles: true, composed: true });
  }
}

/** A row was added to or taken from the multi-selection (Ctrl/Cmd+click, Shift+click, Space). */
export class ArticleToggleEvent extends Event {
  static readonly type = 'article-toggle';
  constructor(
    readonly index: number,
    readonly id: string,
    /** Shift: select the range from the last toggled row. */
    readonly range: boolean,
  ) {
    super(ArticleToggleEvent.type, { bubbles: true, composed: true });
  }
}

export class RowsNeededEvent extends Event {
  static readonly type = 'rows-needed';
  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    super(RowsNeededEvent.type, { bubbles: true, composed: true });
  }
}

export class ReadingProgressEvent extends Event {
  static readonly type = 'reading-progress';
  constructor(
    readonly id: string,
    readonly progress: number,
  ) {
    super(ReadingProgressEvent.type, { bubbles: true, composed: true });
  }
}

/** A reader control changed: which setting and its new value. */
export type ReaderIntent =
  | { kind: 'font'; step: -1 | 1 | 0 }
  | { kind: 'fontSizeSet'; px: number }
  | { kind: 'theme'; theme: Settings['theme'] }
  | { kind: 'script'; script: ScriptMode }
  | { kind: 'ruby'; show: boolean }
  | { kind: 'indent'; on: boolean }
  | { kind: 'lineHeight'; lineHeight: number }
  | { kind: 'measure'; measure: number }
  | { kind: 'uiLanguage'; uiLanguage: Settings['uiLanguage'] }
  | { kind: 'typography'; patch: Partial<Pick<Settings, 'cjkPunctuation' | 'justify' | 'fontFamily' | 'writingMode'>> }
  | { kind: 'sort'; sort: SortKey }
  | { kind: 'langFilter'; filter: '' | 'zh-Hans' | 'zh-Hant' | 'en' }
  | { kind: 'filters'; patch: { source?: string; tag?: string; from?: string; to?: string; extraction?: '' | 'article' | 'whole-page'; collection?: '' | LibraryCollection } }
  | { kind: 'clearFilters' }
  | { kind: 'help' }
  | { kind: 'import'; source?: 'files' | 'folder' }
  | { kind: 'search' }
  | { kind: 'preferences' }
  | { kind: 'export' }
  | { kind: 'removeSamples' };

export class ReaderIntentEvent extends Event {
  static readonly type = 'reader-intent';
  constructor(readonly intent: ReaderIntent) {
    super(ReaderIntentEvent.type, { bubbles: true, composed: true });
  }
}

/** A key pressed inside the article frame, forwarded so shortcuts work wherever focus is. */
export class FrameKeyEvent extends Event {
  static readonly type = 'frame-key';
  constructor(readonly original: KeyboardEvent) {
    super(FrameKeyEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'article-select': ArticleSelectEvent;
    'article-toggle': ArticleToggleEvent;
    'rows-needed': RowsNeededEvent;
    'reading-progress': ReadingProgressEvent;
    'reader-intent': ReaderIntentEvent;
    'frame-key': FrameKeyEvent;
  }
}
