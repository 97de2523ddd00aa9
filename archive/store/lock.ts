/**
 * One writer per archive: a lock file created exclusively, naming the process that holds it.
 * A lock whose process is gone (a crash) is taken over, and the takeover is reported.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isCode } from './durable.ts';
import { ArchiveError } from './errors.ts';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  app: string;
}

/** A held lock; `release()` removes it. */
export interface ArchiveLock {
  release(): Promise<void>;
  /** Set when a stale lock left by a crashed process was taken over. */
  staleNotice: string | null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}

/** Takes the archive's lock or throws an ArchiveError that says who holds it. */
export async function acquireLock(dir: string, app: string): Promise<ArchiveLock> {
  const path = join(dir, 'lock');
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), app };
  let staleNotice: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(me));
      await handle.sync();
      await handle.close();
      return {
        staleNotice,
        release: async () => {
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
    let owner: LockOwner | null = null;
    try {
      owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    } catch {
      // An empty or torn lock file: its writer died while creating it.
    }
    if (owner && owner.host === me.host && isAlive(owner.pid)) {
      throw new ArchiveError(
        'locked',
        `${dir} is in use by ${owner.app} (process ${owner.pid}, since ${owner.startedAt}); close it and try again`,
      );
    }
    if (owner && owner.host !== me.host) {
      throw new ArchiveError(
        'locked',
        `${dir} is in use by ${owner.app} on ${owner.host} (process ${owner.pid}); if that machine crashed, delete ${path}`,
      );
    }
    staleNotice = owner
      ? `a lock left by ${owner.app} (process ${owner.pid}, which is no longer running) was cleared`
      : 'an unreadable lock file left by a crashed process was cleared';
    await unlink(path).catch(() => undefined);
  }
  throw new ArchiveError('locked', `${dir}: could not take the archive lock at ${path}`);
}
