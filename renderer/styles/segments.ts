/**
 * Web Awesome radio groups drawn as segmented controls (the script switch, the theme and the
 * font in the Aa panel): the group's label kept for screen readers but not shown, the buttons
 * joined, the chosen one filled with the accent.
 */
import { css } from 'lit';

export const segmentStyles = css`
  wa-radio-group.segments::part(form-control-label) {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
  }
  wa-radio-group.segments::part(form-control-input) { display: inline-flex; gap: 0; flex-wrap: nowrap; }
  wa-radio-group.segments { --gap: 0; }
  wa-radio[appearance='button'] {
    --wa-form-control-height: 28px;
    font-size: 13px;
  }
  wa-radio[appearance='button']::part(base) { padding-inline: 10px; }
`;
