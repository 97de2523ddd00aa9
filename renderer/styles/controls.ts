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

/** The shell's colours per theme, as custom properties on the app element (the tokens of renderer/ui/tokens.ts). */
export { themeTokens as themeStyles } from '../ui/tokens.ts';
