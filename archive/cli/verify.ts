import { callService, type CliCommand, type ProgressBar } from './context.ts';

/** `verify [--repair]`: checks every file against the catalog; orphans are removed; --repair also rebuilds the search index. */
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'check the whole archive (missing files, checksums, orphans)',
  usage: '[--repair]',
  options: { repair: { type: 'boolean' } },
  async run(ctx) {
    const service = await ctx.openService();
    try {
      const view: { bar: ProgressBar | null } = { bar: null };
      service.on('verifyProgress', ({ done, total }) => {
        view.bar ??= ctx.progress(total);
        view.bar.tick('checking files', done);
      });
      const repair = ctx.values.repair === true;
      const report = await callService(service, 'verifyArchive', { repair });
      view.bar?.done();
      const { articles } = await callService(service, 'getStats', {});
      // The search index is derived data: --repair has the service rebuild it from the articles.
      if (repair) ctx.say(`search index rebuilt (${articles} articles)`);
      ctx.printJson(report);
      for (const p of report.problems) ctx.say(`${p.repaired ? 'fixed' : 'problem'}: ${p.kind} ${p.path}: ${p.detail}`);
      ctx.say(report.ok ? `ok: ${articles} articles checked` : `not ok: ${report.problems.filter((p) => !p.repaired).length} problem(s)`);
      return report.ok ? 0 : 1;
    } finally {
      await service.close();
    }
  },
};
