import { resolve } from 'node:path';
import { restoreBackup } from '../backup/restore.ts';
import { UsageError, type CliCommand } from './context.ts';

/** `restore FILE`: checks the whole backup, then merges it into the archive by id (nothing overwritten). */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'check a backup file, then merge it into the archive (nothing is overwritten)',
  usage: 'FILE',
  async run(ctx) {
    const [file, ...extra] = ctx.positionals;
    if (!file || extra.length > 0) throw new UsageError('restore takes exactly one backup file');
    const bar = ctx.progress(200);
    const result = await restoreBackup(ctx.archiveDir, resolve(file), {
      onProgress: (pass, done, total) => bar.tick(pass === 1 ? 'checking' : 'restoring', (pass - 1) * 100 + (total > 0 ? Math.floor((done / total) * 100) : 100)),
    });
    bar.done();
    ctx.printJson(result);
    for (const c of result.conflicts) ctx.warn(`conflict: ${c.id} "${c.title}": ${c.reason}`);
    ctx.say(`restored ${result.articles} article(s) into ${ctx.archiveDir}; ${result.unchanged} already there; ${result.conflicts.length} conflict(s)${result.settingsRestored ? '; reading preferences restored' : ''}`);
    return result.conflicts.length > 0 ? 1 : 0;
  },
};
