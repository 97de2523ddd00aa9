import type { CliCommand } from './context.ts';

/** `verify [--repair]`: checks every file against the catalog; orphans are removed; --repair also rebuilds the search index. */
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'check the whole archive (missing files, checksums, orphans)',
  usage: '[--repair]',
  options: { repair: { type: 'boolean' } },
  async run(ctx) {
    const store = await ctx.openStore();
    try {
      const bar = ctx.progress(store.size);
      const repair = ctx.values.repair === true;
      const report = await store.verify({ repair, onProgress: (done) => bar.tick('checking files', done) });
      bar.done();
      if (repair) {
        // The search index is derived data: --repair rebuilds it from the articles.
        const { SearchIndex } = await import('../search/index.ts');
        const index = await SearchIndex.open(store);
        await index.rebuild();
        await index.close();
        ctx.say(`search index rebuilt (${index.status().documents} articles)`);
      }
      ctx.printJson(report);
      for (const p of report.problems) ctx.say(`${p.repaired ? 'fixed' : 'problem'}: ${p.kind} ${p.path}: ${p.detail}`);
      ctx.say(report.ok ? `ok: ${store.size} articles checked` : `not ok: ${report.problems.filter((p) => !p.repaired).length} problem(s)`);
      return report.ok ? 0 : 1;
    } finally {
      await store.close();
    }
  },
};
