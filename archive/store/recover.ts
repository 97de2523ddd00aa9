/**
 * Recovering a summary shard that does not parse: a writer keeps it aside, the newest backup's
 * copy is read (an older one if that is damaged too), and a writer re-adopts the shard's
 * articles whose body files are there. Says what happened in one notice.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { summaryShardFile, type SummaryShard } from './catalog-file.ts';
import { readdirSyncSafe, readoptShardSync } from './records.ts';

export function recoverShard(dir: string, prefix: string, reason: string, readOnly: boolean): { shard: SummaryShard; notice: string } {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, 'catalog', `${prefix}.json`);
  let aside = '';
  if (!readOnly) {
    aside = `catalog-${prefix}.damaged-${stamp}.json`;
    renameSync(path, join(dir, aside));
  }
  const backups = readdirSyncSafe(join(dir, 'backups')).filter((n) => /^catalog-[^.]*$/.test(n)).sort().reverse();
  let shard: SummaryShard | null = null;
  let used = '';
  for (const name of backups) {
    try {
      shard = summaryShardFile(join(dir, 'backups', `${name}.json`), prefix).readSync();
      if (shard) {
        used = name;
        break;
      }
    } catch {
      // A damaged backup: try the next older one.
    }
  }
  shard ??= { version: 1, records: {} };
  const adopted = readOnly ? 0 : readoptShardSync(dir, prefix, shard.records);
  const notice =
    `catalog/${prefix}.json could not be read (${reason})` +
    (aside ? `; it was kept as ${aside}` : '') +
    (used ? `; its articles were taken from backups/${used}/${prefix}.json` : '; no usable backup of it was found') +
    (adopted > 0 ? `, and ${adopted} article(s) were recovered from their files` : '');
  return { shard, notice };
}
