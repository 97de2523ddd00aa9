/**
 * @summary The window: library pane (resizable) and reader pane. Owns the AppController, passes
 * its state down as properties, turns the elements' events and the keyboard into its calls.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { AppController, type LangFilter } from './app-controller.ts';
import { ArticleSelectEvent, ArticleToggleEvent, FrameKeyEvent, ReaderIntentEvent, ReadingProgressEvent, RowsNeededEvent, type ReaderIntent } from './events.ts';
import { controlStyles, themeStyles } from '../styles/controls.ts';
import '../library/library-header.ts';
import '../library/library-list.ts';
import '../library/empty-state.ts';
import '../library/search-results.ts';
import '../library/selection-bar.ts';
import '../dialogs/import-panel.ts';
import '../dialogs/export-dialog.ts';
import '../reader/find-bar.ts';
import '../reader/article-actions.ts';
import type { FindBar } from '../reader/find-bar.ts';
import '../controls/reader-toolbar.ts';
import '../reader/article-frame.ts';
import '../dialogs/shortcuts-dialog.ts';
import type { LibraryHeader } from '../library/library-header.ts';
import type { LibraryList } from '../library/library-list.ts';
import type { ShortcutsDialog } from '../dialogs/shortcuts-dialog.ts';

const EDITABLE = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

export class ReaderApp extends LitElement {
  static override styles = [
    themeStyles,
    controlStyles,
    css`
      :host {
        position: fixed; inset: 0; display: grid; grid-template-columns: var(--pane-width, 360px) 6px minmax(0, 1fr);
        grid-template-rows: minmax(0, 1fr);
        background: var(--bg); color: var(--fg);
        font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
      }
      aside { display: grid; grid-template-columns: minmax(0, 1fr); grid-template-rows: auto auto auto auto minmax(0, 1fr); background: var(--pane); min-width: 0; min-height: 0; }
      /* Dialogs live in the top layer when open; they take no cell of the grid. */
      shortcuts-dialog, export-dialog { position: absolute; width: 0; height: 0; overflow: hidden; }
      /* Files dragged over the window: where they will go. The drop itself is the preload's. */
      .drop-target {
        position: fixed; inset: 10px; z-index: 10; pointer-events: none; display: grid; place-items: center;
        border: 3px dashed var(--accent); border-radius: 12px; background: color-mix(in srgb, var(--bg) 82%, var(--accent));
        font-size: 20px; font-weight: 600; color: var(--fg);
      }
      .splitter { background: var(--rule); cursor: col-resize; outline: none; }
      .splitter:focus-visible { background: var(--accent); outline: 2px solid var(--accent); outline-offset: 1px; }
      main { display: grid; grid-template-rows: auto auto auto auto minmax(0, 1fr); min-width: 0; min-height: 0; }
      reader-toolbar { border-bottom: 1px solid var(--rule); }
      .placeholder { display: grid; place-items: center; color: var(--muted); font-size: 15px; }
      .banner { display: flex; gap: 12px; align-items: center; padding: 8px 12px; background: var(--selected); border-bottom: 1px solid var(--rule); }
      .banner p { margin: 0; flex: 1; }
      .samples { display: flex; gap: 10px; align-items: center; padding: 8px 12px; border-bottom: 1px solid var(--rule); font-size: 13px; }
      .samples p { margin: 0; flex: 1; color: var(--muted); }
      h1.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    `,
  ];

  readonly app = new AppController(this, window.reader);
  /** Stable, so the list re-renders when its rows change (`version`), not on every app update. */
  #rowAt = (index: number) => this.app.list.at(index);
  #findOpen = false;
  #findQuery = '';
  #findIndex = 0;
  #findCount = 0;
  #findRequestsSeen = 0;
  #dragStart: { x: number; width: number } | null = null;
  /** Drag enters minus leaves of files over the window (each element crossed sends both). */
  #fileDrags = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onKeyDown);
    window.addEventListener('dragenter', this.#onDragEnter);
    window.addEventListener('dragleave', this.#onDragLeave);
    window.addEventListener('drop', this.#onDragDone);
    window.addEventListener('dragend', this.#onDragDone);
  }

  #carriesFiles(event: DragEvent): boolean {
    return this.app.canImport && Array.from(event.dataTransfer?.types ?? []).includes('Files');
  }

  #onDragEnter = (event: DragEvent): void => {
    if (!this.#carriesFiles(event)) return;
    if (this.#fileDrags++ === 0) this.requestUpdate();
  };

  #onDragLeave = (event: DragEvent): void => {
    if (!this.#carriesFiles(event) || this.#fileDrags === 0) return;
    if (--this.#fileDrags === 0) this.requestUpdate();
  };

  #onDragDone = (): void => {
    if (this.#fileDrags === 0) return;
    this.#fileDrags = 0;
    this.requestUpdate();
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.#onKeyDown);
    window.removeEventListener('dragenter', this.#onDragEnter);
    window.removeEventListener('dragleave', this.#onDragLeave);
    window.removeEventListener('drop', this.#onDragDone);
    window.removeEventListener('dragend', this.#onDragDone);
  }

  protected override updated(_changed: PropertyValues<this>): void {
    if (this.app.findRequests !== this.#findRequestsSeen) {
      this.#findRequestsSeen = this.app.findRequests;
      this.#openFind();
    }
    this.setAttribute('theme', this.app.theme);
    this.style.setProperty('--pane-width', `${this.app.settings.libraryPaneWidth}px`);
    this.toggleAttribute('ready', this.app.ready);
  }

  get #list(): LibraryList | null {
    return this.renderRoot.querySelector('library-list');
  }

  get #dialog(): ShortcutsDialog | null {
    return this.renderRoot.querySelector('shortcuts-dialog');
  }

  #onIntent = (event: ReaderIntentEvent): void => {
    const intent: ReaderIntent = event.intent;
    const app = this.app;
    switch (intent.kind) {
      case 'font':
        if (intent.step === 0) app.resetFontSize();
        else app.bumpFontSize(intent.step);
        break;
      case 'theme':
        app.setTheme(intent.theme);
        break;
      case 'script':
        void app.setScript(intent.script);
        break;
      case 'ruby':
        app.setShowRuby(intent.show);
        break;
      case 'indent':
        app.setFirstLineIndent(intent.on);
        break;
      case 'lineHeight':
        app.setLineHeight(intent.lineHeight);
        break;
      case 'measure':
        app.setMeasure(intent.measure);
        break;
      case 'uiLanguage':
        app.setUiLanguage(intent.uiLanguage);
        break;
      case 'sort':
        void app.setSort(intent.sort);
        break;
      case 'langFilter':
        void app.setLangFilter(intent.filter as LangFilter);
        break;
      case 'filters':
        void app.setFilters(intent.patch);
        break;
      case 'clearFilters':
        void app.clearFilters();
        break;
      case 'help':
        this.#dialog?.show(this.shadowRoot?.activeElement ?? null);
        break;
      case 'import':
        void app.transfers.importWithDialog('files');
        break;
      case 'export':
        app.transfers.openExport();
        break;
      case 'removeSamples':
        void app.removeSamples();
        break;
    }
  };

  /** True while a modal dialog (shortcuts, export, a removal's confirmation) has the keyboard. */
  #modalOpen(): boolean {
    if (this.#dialog?.open) return true;
    return [...this.renderRoot.querySelectorAll('export-dialog, article-actions, selection-bar')].some((el) => el.shadowRoot?.querySelector('dialog[open]'));
  }

  /** The shortcuts of the whole window; keys typed in a text field stay there. */
  #handleKey(event: KeyboardEvent, target: EventTarget | null): void {
    if (this.#modalOpen()) return;
    const mod = event.ctrlKey || event.metaKey;
    const app = this.app;
    if (mod && !event.altKey) {
      const font: Record<string, () => void> = {
        '=': () => app.bumpFontSize(1),
        '+': () => app.bumpFontSize(1),
        '-': () => app.bumpFontSize(-1),
        '0': () => app.resetFontSize(),
      };
      if (event.key === 'f' || event.key === 'F') {
        event.preventDefault();
        this.#openFind();
        return;
      }
      const action = font[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
      return;
    }
    if (event.altKey) return;
    const element = target instanceof Element ? target : null;
    if (element && EDITABLE.has(element.tagName)) {
      if (event.key === 'Escape') {
        event.preventDefault();
        (element as HTMLElement).blur();
        this.#list?.focus();
      }
      return;
    }
    switch (event.key) {
      case 'j':
        event.preventDefault();
        void app.step(1);
        break;
      case 'k':
        event.preventDefault();
        void app.step(-1);
        break;
      case '/':
        event.preventDefault();
        this.renderRoot.querySelector<LibraryHeader>('library-header')?.focusSearch();
        break;
      case '?':
        event.preventDefault();
        this.#dialog?.show(this.shadowRoot?.activeElement ?? null);
        break;
      case 'Escape':
        this.#list?.focus();
        break;
    }
  }

  #openFind(): void {
    if (!this.app.article) return;
    this.#findOpen = true;
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<FindBar>('find-bar')?.focus());
  }

  #closeFind(): void {
    this.#findOpen = false;
    this.#findQuery = '';
    this.#findIndex = 0;
    this.requestUpdate();
    this.renderRoot.querySelector<HTMLElement>('article-frame')?.focus();
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    const path = event.composedPath();
    this.#handleKey(event, path[0] ?? null);
  };

  #onFrameKey = (event: FrameKeyEvent): void => {
    this.#handleKey(event.original, event.original.target);
  };

  #onSplitterKey = (event: KeyboardEvent): void => {
    const delta = { ArrowLeft: -20, ArrowRight: 20 }[event.key as 'ArrowLeft' | 'ArrowRight'];
    if (delta === undefined) return;
    event.preventDefault();
    this.app.setPaneWidth(this.app.settings.libraryPaneWidth + delta);
  };

  #onSplitterDown = (event: PointerEvent): void => {
    (event.target as HTMLElement).setPointerCapture(event.pointerId);
    this.#dragStart = { x: event.clientX, width: this.app.settings.libraryPaneWidth };
  };

  #onSplitterMove = (event: PointerEvent): void => {
    if (this.#dragStart) this.app.setPaneWidth(this.#dragStart.width + event.clientX - this.#dragStart.x);
  };

  #onSplitterUp = (): void => {
    this.#dragStart = null;
  };

  #banner(): unknown {
    const app = this.app;
    const messages = [...app.notices, ...(app.error ? [app.t('errorPrefix', { message: app.error })] : [])];
    return messages.map(
      (message, i) => html`<div class="banner" role="alert"><p>${message}</p><button @click=${() => app.dismissNotice(i)}>${app.t('dismiss')}</button></div>`,
    );
  }

  #libraryPane(): unknown {
    const app = this.app;
    const list = app.list;
    const empty = app.ready && list.total === 0 && app.activeFilters === 0 && !app.searchResults;
    const transfers = app.transfers;
    return html`<aside aria-label=${app.t('library')}>
      <library-header
        .total=${list.total}
        .sort=${app.sort}
        .langFilter=${app.langFilter}
        .filters=${{ source: app.sourceFilter, tag: app.tagFilter, from: app.dateFrom, to: app.dateTo, extraction: app.extractionFilter }}
        .facets=${app.facets}
        .activeFilters=${app.activeFilters}
        ?canSearch=${app.canSearch}
        .uiLanguage=${app.settings.uiLanguage}
        .t=${app.t}
        @search-input=${(e: CustomEvent<string>) => app.setSearchQuery(e.detail)}
      ></library-header>
      <div>${transfers.importShown
        ? html`<import-panel .progress=${transfers.importProgress} .report=${transfers.importReport} ?running=${transfers.importRunning} .t=${app.t}
            @import-cancel=${() => transfers.cancelImport()} @import-close=${() => transfers.closeImportPanel()}></import-panel>`
        : ''}</div>
      <div>${app.checked.size > 0
        ? html`<selection-bar .count=${app.checked.size} .t=${app.t}
            @selection-tag=${(e: CustomEvent<string>) => void app.tagChecked(e.detail)}
            @selection-export=${() => app.transfers.openExport([...app.checked])}
            @selection-remove=${() => void app.removeChecked()}
            @selection-clear=${() => app.clearChecked()}></selection-bar>`
        : ''}</div>
      <div><index-progress .bridge=${window.reader} .t=${app.t}></index-progress>${app.tagFilter
        ? html`<div class="samples"><p>${app.t('tagFiltered', { tag: app.tagFilter })}</p><button class="clear-tag" @click=${() => void app.setTagFilter('')}>${app.t('tagClear')}</button></div>`
        : ''}${app.sampleCount > 0 && !empty
        ? html`<div class="samples" role="note"><p>${app.t('samplesNote', { n: app.sampleCount })}</p><button class="remove-samples"
            @click=${() => this.dispatchEvent(new ReaderIntentEvent({ kind: 'removeSamples' }))}>${app.t('samplesRemove')}</button></div>`
        : ''}</div>
      ${app.searchResults
        ? html`<search-results .results=${app.searchResults} .selectedIndex=${app.selectedHit} .t=${app.t}
            @article-select=${(e: ArticleSelectEvent) => void app.openHit(e.index)}></search-results>`
        : empty
        ? html`<empty-state ?canImport=${app.canImport} .t=${app.t}></empty-state>`
        : html`<library-list
            .total=${list.total}
            .version=${list.version}
            .selectedIndex=${app.selectedIndex}
            .rowAt=${this.#rowAt}
            .checked=${app.checked}
            @article-toggle=${(e: ArticleToggleEvent) => app.toggleChecked(e.index, e.id, e.range)}
            .locale=${app.locale}
            .t=${app.t}
            @article-select=${(e: ArticleSelectEvent) => void app.openAt(e.index)}
            @rows-needed=${(e: RowsNeededEvent) => void list.ensure(e.from, e.to)}
          ></library-list>`}
    </aside>`;
  }

  #readerPane(): unknown {
    const app = this.app;
    const s = app.settings;
    const article = app.article;
    const hasRuby = (app.displayed?.body.ruby.length ?? 0) > 0;
    return html`<main>
      <reader-toolbar .settings=${s} ?canConvert=${app.canConvert} ?hasRuby=${hasRuby} ?hasArticle=${article !== null} .t=${app.t}></reader-toolbar>
      <div>${article
        ? html`<article-actions .tags=${article.meta.tags} .articleTitle=${app.displayed?.title ?? article.meta.title} .t=${app.t}
            @tags-change=${(e: CustomEvent<string[]>) => void app.setTags(e.detail)}
            @tag-filter=${(e: CustomEvent<string>) => void app.setTagFilter(e.detail)}
            @article-remove=${() => void app.removeCurrent()}></article-actions>`
        : ''}</div>
      <div>${this.#banner()}</div>
      <div>${this.#findOpen && article
        ? html`<find-bar .query=${this.#findQuery} .count=${this.#findCount} .index=${this.#findIndex} .t=${app.t}
            @find-query=${(e: CustomEvent<string>) => {
              this.#findQuery = e.detail;
              this.#findIndex = 0;
              this.requestUpdate();
            }}
            @find-step=${(e: CustomEvent<number>) => {
              if (this.#findCount > 0) this.#findIndex = (this.#findIndex + e.detail + this.#findCount) % this.#findCount;
              this.requestUpdate();
            }}
            @find-close=${() => this.#closeFind()}></find-bar>`
        : ''}</div>
      ${article && app.displayed
        ? html`<article-frame
            .meta=${article.meta}
            .displayed=${app.displayed}
            .progress=${article.reading?.progress ?? 0}
            .fontSize=${s.fontSize}
            .lineHeight=${s.lineHeight}
            .measure=${s.measure}
            .theme=${app.theme}
            ?showRuby=${s.showRuby}
            ?firstLineIndent=${s.firstLineIndent}
            .locale=${app.locale}
            .findQuery=${this.#findOpen ? this.#findQuery : ''}
            .findIndex=${this.#findIndex}
            .t=${app.t}
            @find-result=${(e: CustomEvent<number>) => {
              this.#findCount = e.detail;
              if (this.#findIndex >= e.detail) this.#findIndex = 0;
              this.requestUpdate();
            }}
            @reading-progress=${(e: ReadingProgressEvent) => app.saveProgress(e.id, e.progress)}
            @frame-key=${this.#onFrameKey}
          ></article-frame>`
        : html`<div class="placeholder"><p>${app.ready ? app.t('noArticle') : app.t('loading')}</p></div>`}
    </main>`;
  }

  override render(): unknown {
    const app = this.app;
    return html`
      <h1 class="visually-hidden">${app.t('appTitle')}</h1>
      ${this.#libraryPane()}
      <div
        class="splitter"
        role="separator"
        aria-orientation="vertical"
        aria-label=${app.t('resizePane')}
        aria-valuenow=${app.settings.libraryPaneWidth}
        aria-valuemin="200"
        aria-valuemax="900"
        tabindex="0"
        @keydown=${this.#onSplitterKey}
        @pointerdown=${this.#onSplitterDown}
        @pointermove=${this.#onSplitterMove}
        @pointerup=${this.#onSplitterUp}
      ></div>
      ${this.#readerPane()}
      ${this.#fileDrags > 0 ? html`<div class="drop-target" role="status">${app.t('dropHere')}</div>` : ''}
      <shortcuts-dialog .t=${app.t}></shortcuts-dialog>
      <export-dialog
        ?open=${app.transfers.exportOpen}
        .title=${app.transfers.exportIds ? app.t('exportSelected', { n: app.transfers.exportIds.length }) : (app.displayed?.title ?? '')}
        ?running=${app.transfers.exporting}
        .progress=${app.transfers.exportProgress}
        .result=${app.transfers.exportResult}
        .t=${app.t}
        @export-run=${(e: CustomEvent<'pdf' | 'html' | 'md'>) => void app.transfers.exportCurrent(e.detail)}
        @export-close=${() => app.transfers.closeExport()}
      ></export-dialog>
    `;
  }

  protected override firstUpdated(): void {
    this.addEventListener(ReaderIntentEvent.type, this.#onIntent as EventListener);
    this.app.onShortcutsRequested = () => this.#dialog?.show(this.shadowRoot?.activeElement ?? null);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'reader-app': ReaderApp;
  }
}
