/**
 * @summary The Chinese setting's controls: full-width punctuation, justification, the face (sans
 * 黑體 or serif 明體) and horizontal or vertical (直排) columns. Shows the settings it is given and
 * sends each change up as a `reader-intent`; it never saves anything.
 * @event reader-intent - the user asked for a change (`kind: 'typography'`)
 */
import { css, html, LitElement } from 'lit';
import type { Settings } from '../../archive/model.ts';
import { ReaderIntentEvent } from '../app/events.ts';
import type { Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';

type TypographyPatch = Partial<Pick<Settings, 'cjkPunctuation' | 'justify' | 'fontFamily' | 'writingMode'>>;

export class TypographyControls extends LitElement {
  static override properties = {
    settings: { attribute: false },
    t: { attribute: false },
  };

  static override styles = [
    controlStyles,
    css`
      :host { display: contents; }
      .group { display: flex; align-items: center; gap: 4px; }
    `,
  ];

  settings!: Settings;
  t: Translate = (key) => key;

  #send(patch: TypographyPatch): void {
    this.dispatchEvent(new ReaderIntentEvent({ kind: 'typography', patch }));
  }

  override render(): unknown {
    const s = this.settings;
    const t = this.t;
    return html`<div class="group" role="group" aria-label=${t('typesetting')}>
      <button class="cjk-punctuation" lang="zh" aria-label=${t('cjkPunctuationTitle')} title=${t('cjkPunctuationTitle')}
        aria-pressed=${s.cjkPunctuation ? 'true' : 'false'} @click=${() => this.#send({ cjkPunctuation: !s.cjkPunctuation })}>${t('cjkPunctuation')}</button>
      <button class="justify" title=${t('justifyTitle')} aria-pressed=${s.justify ? 'true' : 'false'}
        @click=${() => this.#send({ justify: !s.justify })}>${t('justify')}</button>
      <select class="font-family" aria-label=${`${t('faceSans')} / ${t('faceSerif')}`}
        @change=${(e: Event) => this.#send({ fontFamily: (e.target as HTMLSelectElement).value as Settings['fontFamily'] })}>
        <option value="sans" ?selected=${s.fontFamily === 'sans'}>${t('faceSans')}</option>
        <option value="serif" ?selected=${s.fontFamily === 'serif'}>${t('faceSerif')}</option>
      </select>
      <select class="writing-mode" aria-label=${`${t('writingHorizontal')} / ${t('writingVertical')}`}
        @change=${(e: Event) => this.#send({ writingMode: (e.target as HTMLSelectElement).value as Settings['writingMode'] })}>
        <option value="horizontal" ?selected=${s.writingMode === 'horizontal'}>${t('writingHorizontal')}</option>
        <option value="vertical" ?selected=${s.writingMode === 'vertical'}>${t('writingVertical')}</option>
      </select>
    </div>`;
  }
}

customElements.define('typography-controls', TypographyControls);

declare global {
  interface HTMLElementTagNameMap {
    'typography-controls': TypographyControls;
  }
}
