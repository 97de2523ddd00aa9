/**
 * @summary The window's slim app bar: search, import (files or a folder), export, then the
 * reading settings ("Aa", a popover holding `<reading-settings-panel>`), preferences and the
 * shortcuts sheet. Every button is `[data-action=…]` and has a name; it sends intents up and
 * never calls the API.
 * @event reader-intent - a button was used (`search`, `import`, `export`, `preferences`, `help`)
 *   or a reading setting changed in the Aa panel
 */
import { css, html, LitElement } from 'lit';
import '@awesome.me/webawesome/dist/components/dropdown/dropdown.js';
import '@awesome.me/webawesome/dist/components/dropdown-item/dropdown-item.js';
import '@awesome.me/webawesome/dist/components/popover/popover.js';
import { ChevronDown, CircleQuestionMark, File, FileOutput, Folder, Import, Search, Settings as SettingsIcon } from 'lucide';
import type { Settings } from '../../archive/model.ts';
import { ReaderIntentEvent, type ReaderIntent } from '../app/events.ts';
import type { Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import { icon } from '../ui/icons.ts';
import './reading-settings-panel.ts';

type Popover = HTMLElement & { open: boolean; show(): Promise<void>; hide(): Promise<void> };

export class AppBar extends LitElement {
  static override properties = {
    settings: { attribute: false },
    hasArticle: { type: Boolean },
    canImport: { type: Boolean },
    t: { attribute: false },
  };

  static override styles = [
    controlStyles,
    css`
      :host { display: block; background: var(--pane); border-bottom: 1px solid var(--rule); }
      .bar { display: flex; align-items: center; gap: 4px; padding: 4px 10px; min-height: 36px; box-sizing: border-box; }
      .spacer { flex: 1; }
      .bar button { display: inline-flex; align-items: center; gap: 5px; border-color: transparent; background: transparent; padding: 4px 8px; }
      .bar button:hover:not(:disabled) { background: var(--hover); }
      .bar button[aria-expanded='true'] { background: var(--selected); }
      .aa { font-weight: 600; font-size: 14px; letter-spacing: 0.02em; min-width: 2.4em; justify-content: center; }
      .caret { opacity: 0.7; }
      .sep { width: 1px; align-self: stretch; margin: 6px 4px; background: var(--rule); }
      wa-dropdown-item { font-size: 13px; }
      wa-dropdown::part(menu) { background: var(--bg); border-color: var(--rule); }
      wa-popover { --max-width: min(92vw, 420px); --arrow-size: 6px; }
      /* Readers who ask for less motion get the panel at once, without its fade and scale. */
      @media (prefers-reduced-motion: reduce) { wa-popover { --show-duration: 0s; --hide-duration: 0s; } }
      wa-popover::part(body) { padding: 14px 16px; background: var(--bg); color: var(--fg); border-color: var(--rule); }
    `,
  ];

  settings!: Settings;
  hasArticle = false;
  canImport = true;
  t: Translate = (key) => key;

  #send(intent: ReaderIntent): void {
    this.dispatchEvent(new ReaderIntentEvent(intent));
  }

  get #popover(): Popover | null {
    return this.renderRoot.querySelector<Popover>('wa-popover');
  }

  /** Opens the Aa panel (its shortcut); Esc closes it and gives focus back to the Aa button. */
  openReadingSettings(): void {
    const popover = this.#popover;
    if (popover && !popover.open) void popover.show();
  }

  /** True while the Aa panel is open. */
  get readingSettingsOpen(): boolean {
    return this.#popover?.open ?? false;
  }

  #onImportPick = (event: Event): void => {
    const item = (event as CustomEvent<{ item: HTMLElement & { value: string } }>).detail?.item;
    const kind = item?.value === 'folder' ? 'folder' : 'files';
    this.#send({ kind: 'import', source: kind });
  };

  override render(): unknown {
    const t = this.t;
    return html`<div class="bar" role="toolbar" aria-label=${t('appBar')}>
      <button data-action="search" title=${t('searchPlaceholder')} aria-label=${t('search')} @click=${() => this.#send({ kind: 'search' })}>${icon(Search)}</button>
      <wa-dropdown placement="bottom-start" @wa-select=${this.#onImportPick}>
        <button slot="trigger" data-action="import" ?disabled=${!this.canImport} title=${t('importButton')}>
          ${icon(Import)}<span>${t('importShort')}</span>${icon(ChevronDown, 14)}
        </button>
        <wa-dropdown-item value="files" class="import-files"><span slot="icon">${icon(File, 16)}</span>${t('importFiles')}</wa-dropdown-item>
        <wa-dropdown-item value="folder" class="import-folder"><span slot="icon">${icon(Folder, 16)}</span>${t('importFolder')}</wa-dropdown-item>
      </wa-dropdown>
      <button data-action="export" ?disabled=${!this.hasArticle} title=${t('exportButton')} @click=${() => this.#send({ kind: 'export' })}>
        ${icon(FileOutput)}<span>${t('exportShort')}</span>
      </button>
      <span class="spacer"></span>
      <button id="reading-settings" class="aa" data-action="reading-settings" aria-label=${t('readingSettings')} title=${t('readingSettingsKey')}
        aria-haspopup="dialog">Aa</button>
      <wa-popover for="reading-settings" placement="bottom-end" @wa-show=${this.#syncExpanded} @wa-after-hide=${this.#syncExpanded}>
        <reading-settings-panel .settings=${this.settings} .t=${t}></reading-settings-panel>
      </wa-popover>
      <span class="sep" aria-hidden="true"></span>
      <button data-action="preferences" aria-label=${t('preferences')} title=${t('preferences')} @click=${() => this.#send({ kind: 'preferences' })}>${icon(SettingsIcon)}</button>
      <button data-action="shortcuts" aria-label=${t('shortcutsButton')} title=${t('shortcutsButton')} @click=${() => this.#send({ kind: 'help' })}>${icon(CircleQuestionMark)}</button>
    </div>`;
  }

  #syncExpanded = (): void => {
    const open = this.#popover?.open ?? false;
    this.renderRoot.querySelector('[data-action="reading-settings"]')?.setAttribute('aria-expanded', String(open));
  };
}

customElements.define('app-bar', AppBar);

declare global {
  interface HTMLElementTagNameMap {
    'app-bar': AppBar;
  }
}
