import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { callService, UsageError, type CliCommand } from './context.ts';

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
    const service = await ctx.openService();
    try {
      const bar = ctx.progress(100);
      service.on('backupProgress', ({ bytesDone, bytesTotal }) => bar.tick(`${(bytesDone / 1e6).toFixed(1)} MB`, bytesTotal > 0 ? Math.floor((bytesDone / bytesTotal) * 100) : 100));
      // The CLI plays main's part: the file on its command line becomes a backup token.
      const fileToken = service.pathTokens.issue('backup', [resolve(out)]);
      const result = await callService(service, 'backupArchive', { fileToken });
      bar.done();
      if (!result) throw new Error('backup: the service wrote nothing although it was given the file');
      ctx.printJson({ articles: result.articles, bytes: result.bytes, file: result.file });
      ctx.say(`backed up ${result.articles} article(s) to ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB)`);
      return 0;
    } finally {
      await service.close();
    }
  },
};
