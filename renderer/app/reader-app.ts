/**
 * @summary The window: the app bar across the top, then the library pane (resizable) and the
 * reader pane. Owns the AppController, passes
 * its state down as properties, turns the elements' events and the keyboard into its calls. The
 * panes' markup is in library-pane.ts and reader-pane.ts, the keys in keyboard.ts.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { AppController } from './app-controller.ts';
import { FrameKeyEvent, ReaderIntentEvent } from './events.ts';
import { FileDrags } from './file-drags.ts';
import { applyIntent } from './intents.ts';
import { KeyboardShortcuts } from './keyboard.ts';
import { libraryPane } from './library-pane.ts';
import { PaneSplitter } from './pane-splitter.ts';
import { FindState, readerPane } from './reader-pane.ts';
import { dismissHighlights, highlightSelection } from './highlights-view.ts';
import { controlStyles, themeStyles } from '../styles/controls.ts';
import '../controls/app-bar.ts';
import '../dialogs/export-dialog.ts';
import '../dialogs/preferences-dialog.ts';
import '../dialogs/shortcuts-dialog.ts';
import type { AppBar } from '../controls/app-bar.ts';
import type { PreferencesDialog } from '../dialogs/preferences-dialog.ts';
import type { FindBar } from '../reader/find-bar.ts';
import type { LibraryHeader } from '../library/library-header.ts';
import type { LibraryList } from '../library/library-list.ts';
import type { ShortcutsDialog } from '../dialogs/shortcuts-dialog.ts';
import type { ExportChoice } from '../dialogs/export-dialog.ts';

export class ReaderApp extends LitElement {
  static override styles = [
    themeStyles,
    controlStyles,
    css`
      :host {
        position: fixed; inset: 0; display: grid; grid-template-columns: auto var(--pane-width, 360px) 6px minmax(0, 1fr);
        grid-template-rows: auto minmax(0, 1fr);
        background: var(--bg); color: var(--fg);
        font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
      }
      library-sidebar { width: 200px; }
      aside { display: grid; grid-template-columns: minmax(0, 1fr); grid-template-rows: auto auto auto auto minmax(0, 1fr); background: var(--pane); min-width: 0; min-height: 0; }
      /* Dialogs live in the top layer when open; they take no cell of the grid. */
      shortcuts-dialog, export-dialog, preferences-dialog { position: absolute; width: 0; height: 0; overflow: hidden; }
      app-bar { grid-column: 1 / -1; }
      .reading-progress { height: 3px; background: var(--rule); overflow: hidden; }
      .reading-progress-fill { height: 100%; background: var(--meter, var(--accent)); transform-origin: left center; transition: transform 0.2s ease-out; }
      /* Files dragged over the window: where they will go. The drop itself is the preload's. */
      .drop-target {
        position: fixed; inset: 10px; z-index: 10; pointer-events: none; display: grid; place-items: center;
        border: 3px dashed var(--accent); border-radius: 12px; background: color-mix(in srgb, var(--bg) 82%, var(--accent));
        font-size: 20px; font-weight: 600; color: var(--fg);
      }
      .splitter { background: var(--rule); cursor: col-resize; outline: none; }
      .splitter:focus-visible { background: var(--accent); outline: 2px solid var(--accent); outline-offset: 1px; }
      main { display: grid; grid-template-rows: auto auto auto auto minmax(0, 1fr); min-width: 0; min-height: 0; }
      .article-area { position: relative; display: grid; grid-template-columns: minmax(0, 1fr) auto; min-height: 0; }
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
  #rowAt = (index: number) => this.app.library.list.at(index);
  #find = new FindState(this);
  #findRequestsSeen = 0;
  #drags = new FileDrags(this, () => this.app.canImport);
  #splitter = new PaneSplitter(this.app.prefs);
  #keys = new KeyboardShortcuts(this, {
    modalOpen: () => this.#modalOpen(),
    bumpFontSize: (delta) => this.app.prefs.bumpFontSize(delta),
    resetFontSize: () => this.app.prefs.resetFontSize(),
    openFind: () => this.#openFind(),
    step: (delta) => void this.app.step(delta),
    focusSearch: () => this.#focusSearch(),
    showShortcuts: () => this.#showShortcuts(),
    focusList: () => this.renderRoot.querySelector<LibraryList>('library-list')?.focus(),
    cycleView: () => void (this.app.reader.article ? this.app.reader.cycleView() : undefined),
    leaveOriginal: () => this.#showArticle(),
    highlightSelection: () => highlightSelection(this.app, this.renderRoot.querySelector('article-frame')),
    dismiss: () => dismissHighlights(this.app, this.renderRoot),
    openReadingSettings: () => this.renderRoot.querySelector<AppBar>('app-bar')?.openReadingSettings(),
    openPreferences: () => this.#showPreferences(),
  });

  #focusSearch(): void {
    this.renderRoot.querySelector<LibraryHeader>('library-header')?.focusSearch();
  }

  #showPreferences(): void {
    this.renderRoot.querySelector<PreferencesDialog>('preferences-dialog')?.show();
  }

  /** Back from the original to the article alone, focus in it; false when the article was all there was. */
  #showArticle(): boolean {
    if (this.app.reader.view === 'article') return false;
    void this.app.reader.setView('article').then(() => this.renderRoot.querySelector<HTMLElement>('article-frame')?.focus());
    return true;
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

  get #dialog(): ShortcutsDialog | null {
    return this.renderRoot.querySelector('shortcuts-dialog');
  }

  #showShortcuts(): void {
    this.#dialog?.show(this.shadowRoot?.activeElement ?? null);
  }

  /** True while a modal dialog (shortcuts, export, a removal's confirmation) has the keyboard. */
  #modalOpen(): boolean {
    if (this.#dialog?.open || this.renderRoot.querySelector<PreferencesDialog>('preferences-dialog')?.open) return true;
    return [...this.renderRoot.querySelectorAll('export-dialog, article-actions, selection-bar')].some((el) => el.shadowRoot?.querySelector('dialog[open]'));
  }

  #openFind(): void {
    if (!this.app.reader.article) return;
    this.#find.open = true;
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<FindBar>('find-bar')?.focus());
  }

  #closeFind(): void {
    this.#find.close();
    this.renderRoot.querySelector<HTMLElement>('article-frame')?.focus();
  }

  #shell = {
    showHelp: () => this.#showShortcuts(),
    showPreferences: () => this.#showPreferences(),
    focusSearch: () => this.#focusSearch(),
  };

  #onIntent = (event: ReaderIntentEvent): void => applyIntent(this.app, event.intent, this.#shell);

  #paneHandlers = {
    closeFind: () => this.#closeFind(),
    frameKey: (event: FrameKeyEvent) => this.#keys.handleFrameKey(event.original),
    showArticle: () => void this.#showArticle(),
  };

  override render(): unknown {
    const app = this.app;
    const transfers = app.transfers;
    return html`
      <h1 class="visually-hidden">${app.t('appTitle')}</h1>
      <app-bar .settings=${app.settings} ?hasArticle=${app.reader.article !== null} ?canImport=${app.canImport} .t=${app.t}></app-bar>
      ${libraryPane(app, this.#rowAt)}
      ${this.#splitter.render()}
      ${readerPane(app, this.#find, this.#paneHandlers)}
      ${this.#drags.active ? html`<div class="drop-target" role="status">${app.t('dropHere')}</div>` : ''}
      <shortcuts-dialog .t=${app.t}></shortcuts-dialog>
      <preferences-dialog .settings=${app.settings} .t=${app.t}></preferences-dialog>
      <export-dialog
        ?open=${transfers.exportOpen}
        .title=${transfers.exportIds ? app.t('exportSelected', { n: transfers.exportIds.length }) : (app.reader.displayed?.title ?? '')}
        .script=${app.settings.script}
        .fontSize=${app.settings.fontSize}
        .count=${transfers.exportIds?.length ?? 1}
        ?running=${transfers.exporting}
        .progress=${transfers.exportProgress}
        .result=${transfers.exportResult}
        .t=${app.t}
        @export-run=${(e: CustomEvent<ExportChoice>) => void transfers.exportCurrent(e.detail)}
        @export-cancel=${() => transfers.cancelExport()}
        @export-close=${() => transfers.closeExport()}
      ></export-dialog>
    `;
  }

  protected override firstUpdated(): void {
    this.addEventListener(ReaderIntentEvent.type, this.#onIntent as EventListener);
    this.app.onShortcutsRequested = () => this.#showShortcuts();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'reader-app': ReaderApp;
  }
}
