/**
 * Walking the paths given to an import: files as they are, folders recursively, streamed so
 * a folder of a million files costs no more memory than a folder of ten. A `<name>_files/`
 * folder next to `<name>.html` belongs to that page and is not walked; hidden entries
 * (`.git`, `.DS_Store`) inside folders are left alone.
 */
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type WalkItem = { kind: 'file'; path: string } | { kind: 'error'; path: string; error: string };

/** Yields every candidate file under `paths`, and an error item for a path that cannot be read. */
export async function* walkPaths(paths: readonly string[], signal?: AbortSignal): AsyncGenerator<WalkItem> {
  for (const path of paths) {
    if (signal?.aborted) return;
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      yield { kind: 'error', path, error: `${path}: ${fsReason(error)}` };
      continue;
    }
    if (info.isDirectory()) yield* walkFolder(path, signal);
    else yield { kind: 'file', path };
  }
}

/** Counts what `walkPaths` would yield, without keeping the names. */
export async function countFiles(paths: readonly string[], signal?: AbortSignal, onCount?: (n: number) => void): Promise<number> {
  let count = 0;
  for await (const _ of walkPaths(paths, signal)) {
    count++;
    if (onCount && count % 500 === 0) onCount(count);
  }
  return count;
}

async function* walkFolder(dir: string, signal?: AbortSignal): AsyncGenerator<WalkItem> {
  let handle;
  try {
    handle = await opendir(dir, { bufferSize: 64 });
  } catch (error) {
    yield { kind: 'error', path: dir, error: `${dir}: cannot read folder: ${fsReason(error)}` };
    return;
  }
  // Sub-folders are walked after the folder's own files, so only one handle per level is open.
  const subfolders: string[] = [];
  try {
    for await (const entry of handle) {
      if (signal?.aborted) return;
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Linked files are imported; linked folders are not followed (they can loop).
        const target = await stat(path).catch(() => null);
        isFile = target?.isFile() ?? false;
        isDir = false;
        if (!target) {
          yield { kind: 'error', path, error: `${path}: broken symbolic link` };
          continue;
        }
      }
      if (isDir) {
        if (!(await isResourceFolder(dir, entry.name))) subfolders.push(path);
      } else if (isFile) {
        yield { kind: 'file', path };
      }
    }
  } catch (error) {
    yield { kind: 'error', path: dir, error: `${dir}: folder listing failed: ${fsReason(error)}` };
  }
  subfolders.sort();
  for (const sub of subfolders) yield* walkFolder(sub, signal);
}

/** `page_files/` (Chrome, Firefox) or `page.files/` next to `page.html` / `page.htm`. */
async function isResourceFolder(dir: string, name: string): Promise<boolean> {
  const m = /^(.+?)(?:_files|\.files)$/.exec(name);
  if (!m) return false;
  for (const ext of ['html', 'htm', 'xhtml', 'shtml']) {
    if (await stat(join(dir, `${m[1]}.${ext}`)).then((s) => s.isFile(), () => false)) return true;
  }
  return false;
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
