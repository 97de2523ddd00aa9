/**
 * Imports and exports: the state of the import panel and the export dialog, and the events that
 * feed them. Every import, whoever started it (the toolbar, a drop, the menu, the command line of
 * a second launch), shows its progress from `importProgress` and its whole report from
 * `importFinished`: the panel never takes a report from anywhere else, so it shows each once.
 * Files dropped on the window arrive as a token (`filesDropped`) that is imported here through
 * `importFiles`, like any other import.
 */
import type { ReactiveControllerHost } from 'lit';
import type { ExportQuery, ExportResult, ImportProgress, ImportReport, PathToken, ReaderBridge } from '../../archive/contract.ts';
import type { ScriptMode } from '../../archive/model.ts';
import { exportQueryOf, type ExportChoice } from '../dialogs/export-choice.ts';

/** The open article as an export needs it, or null when none is open. */
export type ExportTarget = () => {
  id: string | null;
  script: ScriptMode;
  fontSize: number;
  /** The reader's Chinese setting, so the export reads as the screen does. */
  typography?: Pick<ExportQuery, 'cjkPunctuation' | 'justify' | 'fontFamily' | 'writingMode' | 'showRuby'>;
} | null;

export class TransferController {
  importProgress: ImportProgress | null = null;
  importReport: ImportReport | null = null;
  importing = false;
  exportOpen = false;
  exportProgress: { done: number; total: number; file: string | null } | null = null;
  exportResult: ExportResult | null = null;
  exporting = false;
  /** Articles the export dialog is for: the multi-selection, or null for the open article. */
  exportIds: string[] | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly bridge: ReaderBridge,
    private readonly guard: (work: () => Promise<void>) => Promise<void>,
    private readonly target: ExportTarget,
  ) {}

  /** Subscribes to progress events; returns the unsubscribe functions. */
  listen(): (() => void)[] {
    return [
      this.bridge.on('importProgress', (progress) => {
        // A report on show belongs to an import that ended: progress now is a new one's.
        if (progress.phase !== 'done') this.importReport = null;
        this.importProgress = progress;
        this.host.requestUpdate();
      }),
      this.bridge.on('importFinished', (report) => {
        this.importReport = report;
        this.host.requestUpdate();
      }),
      this.bridge.on('filesDropped', ({ token }) => void this.importDropped(token)),
      this.bridge.on('exportProgress', (progress) => {
        this.exportProgress = progress;
        this.host.requestUpdate();
      }),
    ];
  }

  /** True while an import runs, whoever started it. */
  get importRunning(): boolean {
    return this.importing || (this.importProgress !== null && this.importProgress.phase !== 'done');
  }

  /** True while the import panel has something to show. */
  get importShown(): boolean {
    return this.importing || this.importReport !== null || this.importProgress !== null;
  }

  /** Imports through the app's file dialog; progress and the report arrive as events. */
  importWithDialog(kind: 'files' | 'folder'): Promise<void> {
    return this.#import(() => this.bridge.chooseAndImport({ kind }));
  }

  /** Imports files dropped on the window: main registered their paths and sent this token. */
  importDropped(token: PathToken): Promise<void> {
    // While another import runs, the service refuses this one, and the window says so.
    if (this.importing) return this.guard(() => this.bridge.importFiles({ token }).then(() => undefined));
    return this.#import(() => this.bridge.importFiles({ token }));
  }

  async #import(run: () => Promise<ImportReport | null>): Promise<void> {
    if (this.importing) return;
    this.importing = true;
    this.importReport = null;
    this.importProgress = null;
    this.host.requestUpdate();
    await this.guard(async () => {
      // The report itself comes as `importFinished`; null means the dialog was cancelled.
      if ((await run()) === null) this.importProgress = null;
    });
    this.importing = false;
    this.host.requestUpdate();
  }

  cancelImport(): void {
    void this.guard(() => this.bridge.cancelImport({}).then(() => undefined));
  }

  closeImportPanel(): void {
    this.importProgress = null;
    this.importReport = null;
    this.host.requestUpdate();
  }

  /** Opens the export dialog for `ids`, or for the open article when none are given. */
  openExport(ids: string[] | null = null): void {
    if (!ids?.length && !this.target()?.id) return;
    this.exportIds = ids?.length ? ids : null;
    this.exportOpen = true;
    this.exportResult = null;
    this.exportProgress = null;
    this.host.requestUpdate();
  }

  closeExport(): void {
    this.exportOpen = false;
    this.host.requestUpdate();
  }

  /** Exports the chosen articles (or the open one) as the dialog's choice says, with the reader's typography. */
  async exportCurrent(choice: ExportChoice): Promise<void> {
    const target = this.target();
    const ids = this.exportIds ?? (target?.id ? [target.id] : []);
    if (!target || ids.length === 0 || this.exporting) return;
    this.exporting = true;
    this.exportResult = null;
    this.exportProgress = null;
    this.host.requestUpdate();
    await this.guard(async () => {
      this.exportResult = await this.bridge.exportArticles(exportQueryOf(choice, ids, target.typography));
    });
    this.exporting = false;
    this.host.requestUpdate();
  }

  /** Asks the running export to stop after the file in progress; its result then says it was cancelled. */
  cancelExport(): void {
    void this.guard(() => this.bridge.cancelExport({}).then(() => undefined));
  }
}
