/**
 * The window's design tokens: one set of colours per theme (light, dark, sepia), from which both
 * the shell's own custom properties (`--bg --fg --muted --rule --accent --on-accent --pane --hover
 * --selected --control-bg --control-border`) and Web Awesome's `--wa-*` tokens are set, so a
 * native control and a Web Awesome component side by side always agree. The reader app's host
 * carries them (`theme` attribute); everything inside, top-layer dialogs and popovers included,
 * inherits them.
 */
import { css, unsafeCSS, type CSSResult } from 'lit';

export type ThemeName = 'light' | 'dark' | 'sepia';

/** The shell's colour names, as its stylesheets use them (`var(--bg)` …). */
export interface ThemeColors {
  bg: string;
  fg: string;
  muted: string;
  rule: string;
  accent: string;
  onAccent: string;
  pane: string;
  hover: string;
  selected: string;
  controlBg: string;
  controlBorder: string;
  /** A progress bar's or a meter's fill: quieter than the accent. */
  meter: string;
}

/** The one table of colours per theme. Text colours keep a contrast of 4.5:1 on their backgrounds. */
export const THEME_COLORS: Readonly<Record<ThemeName, ThemeColors>> = {
  light: {
    bg: '#fdfdfc', fg: '#1d1d1b', muted: '#55554f', rule: '#e2e2dc', accent: '#1f5fa8', onAccent: '#fff',
    pane: '#f5f5f2', hover: '#ebebe6', selected: '#dde7f3', controlBg: '#fff', controlBorder: '#c9c9c2', meter: '#1f5fa8',
  },
  dark: {
    bg: '#1b1c1e', fg: '#e4e2dd', muted: '#aaa79f', rule: '#34363a', accent: '#8ab8f0', onAccent: '#10243b',
    pane: '#222326', hover: '#2d2f33', selected: '#2a3a50', controlBg: '#2a2b2f', controlBorder: '#4a4c51', meter: '#8ab8f0',
  },
  sepia: {
    bg: '#f4ecd8', fg: '#433422', muted: '#5e4d37', rule: '#dccfb0', accent: '#8a4b12', onAccent: '#fff',
    pane: '#ece2c9', hover: '#e3d6b7', selected: '#e0cfa6', controlBg: '#f8f1e0', controlBorder: '#c8b58c', meter: '#8a4b12',
  },
};

const SHELL_NAMES: Record<keyof ThemeColors, string> = {
  bg: '--bg', fg: '--fg', muted: '--muted', rule: '--rule', accent: '--accent', onAccent: '--on-accent', pane: '--pane',
  hover: '--hover', selected: '--selected', controlBg: '--control-bg', controlBorder: '--control-border', meter: '--meter',
};

/**
 * Web Awesome's tokens, each from a shell colour: the same in every theme, since the shell's
 * colours change underneath them. Sizes and radii follow the shell's controls (13px text, 6px corners).
 */
const WA_TOKENS: Record<string, string> = {
  '--wa-color-surface-default': 'var(--bg)',
  '--wa-color-surface-raised': 'var(--bg)',
  '--wa-color-surface-lowered': 'var(--pane)',
  '--wa-color-surface-border': 'var(--rule)',
  '--wa-color-text-normal': 'var(--fg)',
  '--wa-color-text-quiet': 'var(--muted)',
  '--wa-color-text-link': 'var(--accent)',
  '--wa-color-focus': 'var(--accent)',
  '--wa-color-overlay-modal': 'rgb(0 0 0 / 0.35)',
  '--wa-color-shadow': 'rgb(0 0 0 / 0.18)',
  '--wa-color-brand-fill-loud': 'var(--accent)',
  '--wa-color-brand-on-loud': 'var(--on-accent)',
  '--wa-color-brand-fill-normal': 'var(--selected)',
  '--wa-color-brand-on-normal': 'var(--fg)',
  '--wa-color-brand-fill-quiet': 'var(--selected)',
  '--wa-color-brand-on-quiet': 'var(--fg)',
  '--wa-color-brand-border-loud': 'var(--accent)',
  '--wa-color-brand-border-normal': 'var(--accent)',
  '--wa-color-brand-border-quiet': 'var(--selected)',
  '--wa-color-neutral-fill-loud': 'var(--fg)',
  '--wa-color-neutral-on-loud': 'var(--bg)',
  '--wa-color-neutral-fill-normal': 'var(--hover)',
  '--wa-color-neutral-on-normal': 'var(--fg)',
  '--wa-color-neutral-fill-quiet': 'var(--control-bg)',
  '--wa-color-neutral-on-quiet': 'var(--fg)',
  '--wa-color-neutral-border-loud': 'var(--muted)',
  '--wa-color-neutral-border-normal': 'var(--control-border)',
  '--wa-color-neutral-border-quiet': 'var(--rule)',
  '--wa-form-control-background-color': 'var(--control-bg)',
  '--wa-form-control-border-color': 'var(--control-border)',
  '--wa-form-control-value-color': 'var(--fg)',
  '--wa-form-control-label-color': 'var(--fg)',
  '--wa-form-control-hint-color': 'var(--muted)',
  '--wa-form-control-placeholder-color': 'var(--muted)',
  '--wa-form-control-activated-color': 'var(--accent)',
  '--wa-form-control-value-font-size': '13px',
  '--wa-form-control-label-font-size': '13px',
  '--wa-border-radius-m': '6px',
  '--wa-font-family-body': 'inherit',
};

const declarations = (entries: [string, string][]): string => entries.map(([name, value]) => `${name}: ${value};`).join(' ');

function themeBlock(theme: ThemeName): string {
  const colors = THEME_COLORS[theme];
  const scheme = theme === 'dark' ? 'dark' : 'light';
  return `${declarations(Object.entries(colors).map(([key, value]) => [SHELL_NAMES[key as keyof ThemeColors], value]))} color-scheme: ${scheme};`;
}

/** The tokens on a host element: light by default, `theme="dark"` and `theme="sepia"` switch the set. */
export const themeTokens: CSSResult = css`
  :host { ${unsafeCSS(themeBlock('light'))} ${unsafeCSS(declarations(Object.entries(WA_TOKENS)))} }
  :host([theme='dark']) { ${unsafeCSS(themeBlock('dark'))} }
  :host([theme='sepia']) { ${unsafeCSS(themeBlock('sepia'))} }
`;
