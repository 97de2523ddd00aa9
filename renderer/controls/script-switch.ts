/**
 * @summary The script the article is shown in (原文 简 繁 台 港), as one segmented control in the
 * article header: a Web Awesome radio group whose segments are `[data-script=…]`, the current
 * one `aria-checked="true"`. Arrow keys move between segments, as in any radio group.
 * @event reader-intent - the user chose a script (`kind: 'script'`)
 */
import { css, html, LitElement } from 'lit';
import '@awesome.me/webawesome/dist/components/radio-group/radio-group.js';
import '@awesome.me/webawesome/dist/components/radio/radio.js';
import type { ScriptMode } from '../../archive/model.ts';
import { ReaderIntentEvent } from '../app/events.ts';
import type { StringKey, Translate } from '../i18n/strings.ts';
import { segmentStyles } from '../styles/segments.ts';

/** The scripts in the order they are offered, each with its one-character label and its lang tag. */
export const SCRIPTS: readonly { mode: ScriptMode; label: string; lang: string; name: StringKey }[] = [
  { mode: 'original', label: '原文', lang: 'zh', name: 'scriptOriginal' },
  { mode: 'hans', label: '简', lang: 'zh-Hans', name: 'scriptHans' },
  { mode: 'hant', label: '繁', lang: 'zh-Hant', name: 'scriptHant' },
  { mode: 'tw', label: '台', lang: 'zh-TW', name: 'scriptTw' },
  { mode: 'hk', label: '港', lang: 'zh-HK', name: 'scriptHk' },
];

export class ScriptSwitch extends LitElement {
  static override properties = { script: { type: String }, disabled: { type: Boolean }, t: { attribute: false } };

  static override styles = [segmentStyles, css`:host { display: inline-block; }`];

  script: ScriptMode = 'original';
  disabled = false;
  t: Translate = (key) => key;

  #onChange = (event: Event): void => {
    event.stopPropagation();
    const script = (event.currentTarget as HTMLElement & { value: string }).value as ScriptMode;
    if (script && script !== this.script) this.dispatchEvent(new ReaderIntentEvent({ kind: 'script', script }));
  };

  override render(): unknown {
    const t = this.t;
    return html`<wa-radio-group class="segments" orientation="horizontal" label=${t('script')} .value=${this.script}
      ?disabled=${this.disabled} title=${this.disabled ? t('scriptUnavailable') : ''} @change=${this.#onChange}>
      ${SCRIPTS.map(
        ({ mode, label, lang, name }) => html`<wa-radio appearance="button" value=${mode} data-script=${mode} lang=${lang}
          aria-label=${t(name) === label ? label : `${label} ${t(name)}`} title=${t(name)}>${label}</wa-radio>`,
      )}
    </wa-radio-group>`;
  }
}

customElements.define('script-switch', ScriptSwitch);

declare global {
  interface HTMLElementTagNameMap {
    'script-switch': ScriptSwitch;
  }
}
