import { stat, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { callService, UsageError, type CliCommand } from './context.ts';

/** `restore FILE`: checks the whole backup, then merges it into the archive by id (nothing overwritten). */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'check a backup file, then merge it into the archive (nothing is overwritten)',
  usage: 'FILE',
  async run(ctx) {
    const [file, ...extra] = ctx.positionals;
    if (!file || extra.length > 0) throw new UsageError('restore takes exactly one backup file');
    const fresh = !(await stat(ctx.archiveDir).catch(() => null));
    const service = await ctx.openService();
    let restored = false;
    try {
      const bar = ctx.progress(200);
      // Two passes over the file: the whole check, then the writing (each half of the bar).
      service.on('backupProgress', ({ task, bytesDone, bytesTotal }) =>
        bar.tick(task === 'restore-check' ? 'checking' : 'restoring', (task === 'restore-check' ? 0 : 100) + (bytesTotal > 0 ? Math.floor((bytesDone / bytesTotal) * 100) : 100)),
      );
      // The CLI plays main's part: the file on its command line becomes a restore token.
      const fileToken = service.pathTokens.issue('restore', [resolve(file)]);
      const result = await callService(service, 'restoreArchive', { fileToken });
      bar.done();
      if (!result) throw new Error('restore: the service restored nothing although it was given the file');
      restored = true;
      ctx.printJson(result);
      for (const c of result.conflicts) ctx.warn(`conflict: ${c.id} "${c.title}": ${c.reason}`);
      ctx.say(`restored ${result.articles} article(s) into ${ctx.archiveDir}; ${result.unchanged} already there; ${result.conflicts.length} conflict(s)${result.settingsRestored ? '; reading preferences restored' : ''}`);
      return result.conflicts.length > 0 ? 1 : 0;
    } finally {
      await service.close();
      // A refused restore into a new archive leaves none behind: the folder was made by this process.
      if (fresh && !restored) await rm(ctx.archiveDir, { recursive: true, force: true });
    }
  },
};
