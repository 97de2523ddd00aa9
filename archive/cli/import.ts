import { relative, resolve } from 'node:path';
import type { ImportProgress } from '../import/types.ts';
import { ReaderService } from '../service.ts';
import { UsageError, type CliCommand, type ProgressBar } from './context.ts';

/** `import <path...>`: saved pages and folders of them (recursive) into the archive. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import saved pages (HTML, SingleFile, MHTML, text dumps) and folders of them',
  usage: '<path...>',
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new UsageError('name at least one file or folder to import');
    const store = await ctx.openStore();
    // Through the service, like the window: its import also keeps the search index current.
    const service = new ReaderService(store);
    // The first Ctrl-C stops the import cleanly (what is committed stays); a second one kills.
    const onInterrupt = (): void => {
      ctx.warn('\nstopping the import (Ctrl-C again to quit at once)…');
      void service.cancelImport();
      process.off('SIGINT', onInterrupt);
    };
    process.on('SIGINT', onInterrupt);
    // The bar appears once the folders are counted and the total is known.
    const view: { bar: ProgressBar | null } = { bar: null };
    service.on('importProgress', (p: ImportProgress): void => {
      if (p.phase !== 'importing') return;
      view.bar ??= ctx.progress(p.total);
      view.bar.tick(p.file ? shortName(p.file) : '', p.done);
    });
    try {
      const report = await service.importFiles({ token: service.pathTokens.issue('import', ctx.positionals.map((p) => resolve(p))) });
      view.bar?.done();
      ctx.printJson(report);
      for (const f of report.failed) ctx.say(`failed:   ${f.error}`);
      for (const s of report.skipped) ctx.say(`skipped:  ${s.reason}`);
      for (const w of report.warnings) ctx.say(`warning:  ${shortName(w.file)}: ${w.warning}`);
      const captures = report.imported.filter((i) => i.capture).length;
      ctx.say(
        `${report.cancelled ? 'cancelled: ' : ''}imported ${report.imported.length - captures}` +
        `${captures ? `, ${captures} new capture(s) of existing articles` : ''}` +
        `, ${report.duplicates.length} duplicate(s), ${report.failed.length} failed, ${report.skipped.length} skipped`,
      );
      return report.failed.length > 0 || report.cancelled ? 1 : 0;
    } finally {
      process.off('SIGINT', onInterrupt);
      await service.dispose();
      await store.close();
    }
  },
};

function shortName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
