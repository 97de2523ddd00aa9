/**
 * @summary The keyboard shortcuts sheet (`?`): a modal dialog that Esc closes and that gives
 * focus back to where it was.
 */
import { css, html, LitElement } from 'lit';
import type { StringKey, Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import { deepActiveElement, within } from '../ui/focus.ts';

const KEYS: [string, StringKey][] = [
  ['j', 'keyNext'],
  ['k', 'keyPrev'],
  ['/', 'keySearch'],
  ['Esc', 'keyEscape'],
  ['o', 'keyOriginal'],
  ['?', 'keyHelp'],
  ['a', 'keyReadingSettings'],
  ['Ctrl/⌘ ,', 'keyPreferences'],
  ['Ctrl/⌘ +', 'keyFontLarger'],
  ['Ctrl/⌘ −', 'keyFontSmaller'],
  ['Ctrl/⌘ 0', 'keyFontReset'],
  ['Ctrl/⌘ F', 'keyFind'],
  ['h', 'keyHighlight'],
];


export class ShortcutsDialog extends LitElement {
  static override properties = { t: { attribute: false } };

  static override styles = [
    controlStyles,
    css`
      dialog { background: var(--bg); color: var(--fg); border: 1px solid var(--rule); border-radius: 10px; padding: 20px 24px; min-width: 320px; }
      dialog::backdrop { background: rgb(0 0 0 / 0.35); }
      h2 { margin: 0 0 12px; font-size: 17px; }
      dl { display: grid; grid-template-columns: auto 1fr; gap: 8px 16px; margin: 0 0 16px; font-size: 14px; }
      dt { font-family: ui-monospace, monospace; }
      kbd { border: 1px solid var(--control-border); border-radius: 4px; padding: 1px 6px; background: var(--control-bg); }
      dd { margin: 0; }
    `,
  ];

  t: Translate = (key) => key;
  #returnFocus: Element | null = null;

  get open(): boolean {
    return this.renderRoot.querySelector('dialog')?.open ?? false;
  }

  show(returnFocus: Element | null): void {
    this.#returnFocus = returnFocus;
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  /**
   * Gives focus back, unless it has already gone somewhere on purpose: `close` comes a task after
   * the dialog shut, and a quick second Esc (which sends focus to the list) must not be undone.
   */
  #onClose = (): void => {
    const target = this.#returnFocus as HTMLElement | null;
    this.#returnFocus = null;
    if (!target) return;
    const now = deepActiveElement();
    if (!now || now === document.body || within(now, this) || within(now, target)) target.focus?.();
  };

  override render(): unknown {
    const t = this.t;
    return html`<dialog aria-labelledby="shortcuts-title" @close=${this.#onClose}>
      <h2 id="shortcuts-title">${t('shortcuts')}</h2>
      <dl>${KEYS.map(([key, name]) => html`<dt><kbd>${key}</kbd></dt><dd>${t(name)}</dd>`)}</dl>
      <button class="close" @click=${() => this.close()} autofocus>${t('close')}</button>
    </dialog>`;
  }
}

customElements.define('shortcuts-dialog', ShortcutsDialog);

declare global {
  interface HTMLElementTagNameMap {
    'shortcuts-dialog': ShortcutsDialog;
  }
}
