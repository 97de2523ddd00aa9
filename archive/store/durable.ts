/**
 * Durable file writes: data goes to a temp file that is fsynced and renamed over its target,
 * then the folder is fsynced so the rename itself survives a power cut. Content-addressed
 * files are written this way before the catalog ever refers to them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, mkdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Hex sha256 of some bytes or text. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Suffix of temp files; `verify` removes leftovers of a crash by it. */
export const TEMP_SUFFIX = '.tmp';

/** fsyncs a folder so that a rename or create inside it is durable (a no-op where unsupported). */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Windows cannot open folders for syncing; NTFS journals the rename itself.
    if (!isCode(error, 'EISDIR', 'EPERM', 'EACCES', 'EINVAL')) throw error;
  } finally {
    await handle?.close();
  }
}

/** Writes `data` to `path` atomically and durably (temp file, fsync, rename, fsync of the folder). */
export async function writeFileDurable(path: string, data: Uint8Array | string, syncFolder = true): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  if (syncFolder) await syncDir(dirname(path));
}

/** True when `error` is a Node system error with one of these codes. */
export function isCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as NodeJS.ErrnoException).code ?? '');
}
