/**
 * What each intent an element sends up (a toolbar button, a filter, a menu in the library) does:
 * one call on the app's state.
 */
import type { AppController } from './app-controller.ts';
import type { ReaderIntent } from './events.ts';

/** What the shell itself does for an intent: the dialogs and the focus are its own. */
export interface ShellActions {
  showHelp(): void;
  showPreferences(): void;
  focusSearch(): void;
}

/** Carries out `intent`; the shell opens its dialogs and moves focus. */
export function applyIntent(app: AppController, intent: ReaderIntent, shell: ShellActions): void {
  const prefs = app.prefs;
  switch (intent.kind) {
    case 'font':
      if (intent.step === 0) prefs.resetFontSize();
      else prefs.bumpFontSize(intent.step);
      break;
    case 'fontSizeSet':
      prefs.setFontSize(intent.px);
      break;
    case 'theme':
      prefs.setTheme(intent.theme);
      break;
    case 'script':
      void app.setScript(intent.script);
      break;
    case 'ruby':
      prefs.setShowRuby(intent.show);
      break;
    case 'indent':
      prefs.setFirstLineIndent(intent.on);
      break;
    case 'lineHeight':
      prefs.setLineHeight(intent.lineHeight);
      break;
    case 'measure':
      prefs.setMeasure(intent.measure);
      break;
    case 'uiLanguage':
      prefs.setUiLanguage(intent.uiLanguage);
      break;
    case 'typography':
      prefs.setTypography(intent.patch);
      break;
    case 'sort':
      void app.setSort(intent.sort);
      break;
    case 'langFilter':
      void app.setFilters({ lang: intent.filter });
      break;
    case 'filters':
      void app.setFilters(intent.patch);
      break;
    case 'clearFilters':
      void app.clearFilters();
      break;
    case 'help':
      shell.showHelp();
      break;
    case 'preferences':
      shell.showPreferences();
      break;
    case 'search':
      shell.focusSearch();
      break;
    case 'import':
      void app.transfers.importWithDialog(intent.source ?? 'files');
      break;
    case 'export':
      app.transfers.openExport();
      break;
    case 'removeSamples':
      void app.removeSamples();
      break;
  }
}
