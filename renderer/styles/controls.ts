/** Buttons, selects and inputs as every element of the shell draws them, with a visible focus ring. */
import { css } from 'lit';

export const controlStyles = css`
  button, select, input {
    font: inherit; font-size: 13px; color: var(--fg); background: var(--control-bg);
    border: 1px solid var(--control-border); border-radius: 6px; padding: 4px 9px; min-height: 28px;
  }
  button { cursor: pointer; }
  button:hover:not(:disabled), select:hover:not(:disabled) { background: var(--hover); }
  button[aria-pressed='true'], button[aria-pressed='true']:hover:not(:disabled) { background: var(--accent); color: var(--on-accent); border-color: var(--accent); }
  button:disabled, select:disabled, input:disabled { opacity: 0.55; cursor: not-allowed; }
  :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  label { font-size: 13px; color: var(--muted); }
  @media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;

/** The shell's colours per theme, as custom properties on the app element. */
export const themeStyles = css`
  :host {
    --bg: #fdfdfc; --fg: #1d1d1b; --muted: #55554f; --rule: #e2e2dc; --accent: #1f5fa8; --on-accent: #fff;
    --pane: #f5f5f2; --hover: #ebebe6; --selected: #dde7f3; --control-bg: #fff; --control-border: #c9c9c2;
    color-scheme: light;
  }
  :host([theme='dark']) {
    --bg: #1b1c1e; --fg: #e4e2dd; --muted: #aaa79f; --rule: #34363a; --accent: #8ab8f0; --on-accent: #10243b;
    --pane: #222326; --hover: #2d2f33; --selected: #2a3a50; --control-bg: #2a2b2f; --control-border: #4a4c51;
    color-scheme: dark;
  }
  :host([theme='sepia']) {
    --bg: #f4ecd8; --fg: #433422; --muted: #5e4d37; --rule: #dccfb0; --accent: #8a4b12; --on-accent: #fff;
    --pane: #ece2c9; --hover: #e3d6b7; --selected: #e0cfa6; --control-bg: #f8f1e0; --control-border: #c8b58c;
  }
`;
