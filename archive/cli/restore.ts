import { rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ReaderService } from '../service.ts';
import { callService, UsageError, type CliCommand, type CliContext, type ProgressBar } from './context.ts';

/**
 * `restore FILE`: checks the whole backup, then merges it into the archive by id (nothing
 * overwritten). A backup that fails the check leaves the archive exactly as it was: it is checked
 * with the archive open read-only (opening it for writing already keeps a copy of its catalog),
 * and a new archive made for it is taken away again.
 */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'check a backup file, then merge it into the archive (nothing is overwritten)',
  usage: 'FILE',
  async run(ctx) {
    const [file, ...extra] = ctx.positionals;
    if (!file || extra.length > 0) throw new UsageError('restore takes exactly one backup file');
    const path = resolve(file);
    const fresh = !(await stat(ctx.archiveDir).catch(() => null));
    const bar = ctx.progress(fresh ? 200 : 300);
    if (!fresh) {
      const reader = await ctx.openService({ readOnly: true });
      try {
        followBackup(reader, bar, 0);
        await callService(reader, 'checkBackup', { fileToken: reader.pathTokens.issue('restore', [path]) });
      } catch (error) {
        bar.done();
        throw error;
      } finally {
        await reader.close();
      }
    }
    const service = await ctx.openService();
    let restored = false;
    try {
      followBackup(service, bar, fresh ? 0 : 100);
      // The CLI plays main's part: the file on its command line becomes a restore token.
      const result = await callService(service, 'restoreArchive', { fileToken: service.pathTokens.issue('restore', [path]) });
      bar.done();
      if (!result) throw new Error('restore: the service restored nothing although it was given the file');
      restored = true;
      report(ctx, result);
      return result.conflicts.length > 0 ? 1 : 0;
    } finally {
      bar.done();
      await service.close();
      // A refused restore into a new archive leaves none behind: the folder was made by this process.
      if (fresh && !restored) await rm(ctx.archiveDir, { recursive: true, force: true });
    }
  },
};

/** Draws the service's passes over the file (check, then write) on one bar, a hundred steps each, from `start`. */
function followBackup(service: ReaderService, bar: ProgressBar, start: number): void {
  service.on('backupProgress', ({ task, bytesDone, bytesTotal }) => {
    const pass = task === 'restore-write' ? 100 : 0;
    bar.tick(task === 'restore-write' ? 'restoring' : 'checking', start + pass + (bytesTotal > 0 ? Math.floor((bytesDone / bytesTotal) * 100) : 100));
  });
}

function report(ctx: CliContext, result: NonNullable<Awaited<ReturnType<ReaderService['restoreArchive']>>>): void {
  ctx.printJson(result);
  for (const c of result.conflicts) ctx.warn(`conflict: ${c.id} "${c.title}": ${c.reason}`);
  ctx.say(`restored ${result.articles} article(s) into ${ctx.archiveDir}; ${result.unchanged} already there; ${result.conflicts.length} conflict(s)${result.settingsRestored ? '; reading preferences restored' : ''}`);
}
