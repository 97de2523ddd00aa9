import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ImportProgress, ImportReport } from '../contract.ts';
import { callService, UsageError, type CliCommand, type ProgressBar } from './context.ts';

/** `import <path...>`: saved pages and folders of them (recursive) into the archive, through the service's importFiles. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import saved pages and web archives and folders of them (import --help: the formats)',
  async helpSummary() {
    // The registry loads the formats' decoders: only the help, never a command, pays for them here.
    const { formatNames } = await import('../import/formats/index.ts');
    return `import saved pages and web archives (${formatNames()}) and folders of them`;
  },
  usage: '<path...>',
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new UsageError('name at least one file or folder to import');
    const service = await ctx.openService();
    // The first Ctrl-C stops the import cleanly (what is committed stays); a second one kills.
    const onInterrupt = (): void => {
      ctx.warn('\nstopping the import (Ctrl-C again to quit at once)…');
      void service.cancelImport();
      process.off('SIGINT', onInterrupt);
    };
    process.on('SIGINT', onInterrupt);
    // The bar appears once the folders are counted and the total is known.
    const view: { bar: ProgressBar | null } = { bar: null };
    service.on('importProgress', (p: ImportProgress) => {
      if (p.phase !== 'importing') return;
      view.bar ??= ctx.progress(p.total);
      view.bar.tick(p.file ? shortName(p.file) : '', p.done);
    });
    try {
      // The CLI plays main's part: the paths on its command line become one import token.
      const token = service.pathTokens.issue('import', ctx.positionals.map((p) => resolve(p)));
      const report = asGiven(await callService(service, 'importFiles', { token }), ctx.positionals);
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
      await service.close();
    }
  },
};

/**
 * The report with its files named as the command line named them: the token carries absolute
 * paths, but a script that passed `pages/` expects `pages/a.html` back, as before.
 */
function asGiven(report: ImportReport, given: string[]): ImportReport {
  const pairs = given.filter((g) => !isAbsolute(g)).map((g) => ({ abs: resolve(g), given: g })).sort((a, b) => b.abs.length - a.abs.length);
  if (pairs.length === 0) return report;
  const file = (path: string): string => {
    for (const p of pairs) {
      if (path === p.abs) return p.given;
      const rest = relative(p.abs, path);
      if (rest && !rest.startsWith('..') && !isAbsolute(rest)) return join(p.given, rest);
    }
    return path;
  };
  const text = (message: string): string => pairs.reduce((m, p) => m.split(p.abs).join(p.given), message);
  return {
    ...report,
    imported: report.imported.map((e) => ({ ...e, file: file(e.file) })),
    duplicates: report.duplicates.map((e) => ({ ...e, file: file(e.file) })),
    failed: report.failed.map((e) => ({ ...e, file: file(e.file), error: text(e.error) })),
    skipped: report.skipped.map((e) => ({ ...e, file: file(e.file), reason: text(e.reason) })),
    warnings: report.warnings.map((e) => ({ ...e, file: file(e.file), warning: text(e.warning) })),
  };
}

function shortName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
