/**
 * What the export dialog lets the user choose, and how a choice becomes the contract's
 * ExportQuery: pure, so the dialog stays a view and the rules (margins only for PDF, one book or
 * one each only for EPUB) live in one place.
 */
import type { ExportQuery } from '../../archive/contract.ts';
import { PDF_MARGIN_LIMITS, PDF_MARGIN_PRESETS, SETTING_LIMITS, type ExportFormat, type PageMarginsMm, type ScriptMode } from '../../archive/model.ts';

/** A named set of margins, or the four numbers the user typed. */
export type MarginPreset = keyof typeof PDF_MARGIN_PRESETS | 'custom';
export const MARGIN_PRESETS: readonly MarginPreset[] = ['normal', 'narrow', 'wide', 'custom'];
export const MARGIN_SIDES = ['top', 'right', 'bottom', 'left'] as const;

/** Everything the dialog asks, whatever the format (fields a format does not use are left out of its query). */
export interface ExportChoice {
  format: ExportFormat;
  script: ScriptMode;
  fontSize: number;
  paper: 'A4' | 'Letter';
  marginPreset: MarginPreset;
  /** The margins typed for `custom` (mm). */
  customMargins: PageMarginsMm;
  highlights: boolean;
  epub: 'one' | 'each';
}

/** The dialog's starting point: PDF, the script and size the reader shows, normal margins, highlights in. */
export function defaultChoice(script: ScriptMode, fontSize: number): ExportChoice {
  return {
    format: 'pdf',
    script,
    fontSize: clamp(fontSize, SETTING_LIMITS.fontSize.min, SETTING_LIMITS.fontSize.max),
    paper: 'A4',
    marginPreset: 'normal',
    customMargins: { ...PDF_MARGIN_PRESETS.normal },
    highlights: true,
    epub: 'one',
  };
}

/** The margins a choice stands for, each side kept within PDF_MARGIN_LIMITS. */
export function marginsOf(choice: Pick<ExportChoice, 'marginPreset' | 'customMargins'>): PageMarginsMm {
  const margins = choice.marginPreset === 'custom' ? choice.customMargins : PDF_MARGIN_PRESETS[choice.marginPreset];
  const side = (mm: number): number => clamp(Number.isFinite(mm) ? mm : 0, PDF_MARGIN_LIMITS.min, PDF_MARGIN_LIMITS.max);
  return { top: side(margins.top), right: side(margins.right), bottom: side(margins.bottom), left: side(margins.left) };
}

/** The contract's query for exporting `ids` as chosen, with the reader's typographic choices. */
export function exportQueryOf(choice: ExportChoice, ids: string[], typography: Partial<ExportQuery> = {}): ExportQuery {
  return {
    ...typography,
    ids,
    format: choice.format,
    script: choice.script,
    fontSize: clamp(Math.round(choice.fontSize), SETTING_LIMITS.fontSize.min, SETTING_LIMITS.fontSize.max),
    highlights: choice.highlights,
    ...(choice.format === 'pdf' ? { paper: choice.paper, margins: marginsOf(choice) } : {}),
    ...(choice.format === 'epub' && ids.length > 1 ? { epub: choice.epub } : {}),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
