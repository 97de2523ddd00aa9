import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeBackup } from '../backup/backup.ts';
import { UsageError, type CliCommand } from './context.ts';

/** `backup --out FILE`: the whole archive in one self-checking file (a tar with a sha256 manifest). */
export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'write the whole archive to one self-checking file',
  usage: '--out FILE',
  options: { out: { type: 'string' } },
  async run(ctx) {
    const out = ctx.values.out;
    if (typeof out !== 'string' || !out || ctx.positionals.length > 1) throw new UsageError('backup takes --out FILE and nothing else');
    if ((await stat(out).catch(() => null))?.isDirectory()) throw new UsageError(`--out ${out} is a folder; give the name of the backup file to write (for example ${join(out, 'archive-backup.tar')})`);
    const store = await ctx.openStore();
    try {
      const bar = ctx.progress(100);
      const result = await writeBackup(store, resolve(out), {
        onProgress: (done, total) => bar.tick(`${(done / 1e6).toFixed(1)} MB`, total > 0 ? Math.floor((done / total) * 100) : 100),
      });
      bar.done();
      ctx.printJson({ articles: result.articles, bytes: result.bytes, file: result.file });
      ctx.say(`backed up ${result.articles} article(s) to ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB)`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
