import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { callService, checkOptions, UsageError, type CliContext, type ProgressBar } from './context.ts';

/**
 * `export --all --format ndjson --out FILE [--since DATE] [--index NAME]`: every article (or those
 * imported or given a new capture since DATE) as OpenSearch `_bulk` lines in one file, through the
 * service's exportBulk; `--json` prints `{articles, bytes}`.
 */
export async function runBulkExport(ctx: CliContext): Promise<number> {
  if (ctx.values.format !== 'ndjson') throw new UsageError('--all goes with --format ndjson (other formats take article ids)');
  if (ctx.positionals.length > 0) throw new UsageError('--format ndjson exports the whole archive (--all), not chosen ids');
  if (ctx.values.all !== true) throw new UsageError('--format ndjson needs --all');
  const out = ctx.values.out;
  if (typeof out !== 'string' || out.length === 0) throw new UsageError('--out FILE is required');
  if ((await stat(out).catch(() => null))?.isDirectory()) throw new UsageError(`--out ${out} is a folder; give the file to write`);
  const since = ctx.values.since as string | undefined;
  const index = ctx.values.index as string | undefined;
  const options = { ...(since !== undefined ? { since } : {}), ...(index !== undefined ? { index } : {}) };
  // A date or index name the contract refuses is a usage error naming the flag, before the archive is opened.
  checkOptions('exportBulk', { fileToken: `pt-${'0'.repeat(32)}`, ...options });

  const service = await ctx.openService({ readOnly: true });
  const view: { bar: ProgressBar | null } = { bar: null };
  service.on('exportProgress', ({ done, total }) => {
    view.bar ??= ctx.progress(total);
    view.bar.tick('', done);
  });
  try {
    // The CLI plays main's part: the file on its command line becomes an export token.
    const fileToken = service.pathTokens.issue('export', [resolve(out)]);
    const { articles, bytes } = await callService(service, 'exportBulk', { fileToken, ...options });
    view.bar?.done();
    ctx.printJson({ articles, bytes });
    ctx.say(`${articles} article${articles === 1 ? '' : 's'} (${bytes} bytes) in ${out}`);
    return 0;
  } catch (error) {
    view.bar?.done();
    throw error;
  } finally {
    await service.close();
  }
}
