/** Errors the store reports to users: a kind to act on and a message that says what to do. */

export type ArchiveErrorKind = 'locked' | 'unusable' | 'not-found' | 'too-new' | 'invalid' | 'read-only';

export class ArchiveError extends Error {
  constructor(
    readonly kind: ArchiveErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** The Node error codes of file-system failures, with what they mean to a user and what to do. */
const FS_CODES: Record<string, (path: string, op: string) => string> = {
  ENOSPC: (path) => `the disk is full: ${path} could not be written. Free some space and run the command again; nothing reported as done is lost`,
  EDQUOT: (path) => `the disk quota is used up: ${path} could not be written. Free some space and run the command again; nothing reported as done is lost`,
  EACCES: (path, op) => `permission denied ${op} ${path}. Check the permissions of that file or folder, or choose another`,
  EPERM: (path, op) => `not permitted ${op} ${path}. Check the permissions of that file or folder, or choose another`,
  EROFS: (path) => `${path} is on a read-only file system. Choose a folder on a writable disk`,
  EISDIR: (path) => `${path} is a folder, where a file was expected. Give a file name`,
  ENOTDIR: (path) => `part of ${path} is a file, where a folder was expected. Give a folder`,
  EEXIST: (path) => `${path} already exists and is not a folder. Give a folder, or remove the file`,
  ENOENT: (path) => `${path} does not exist. Check the path`,
  EMFILE: (path) => `too many files are open (at ${path}). Close other programs and run the command again`,
  EIO: (path) => `the disk reported a read or write error (EIO) at ${path}. Check the disk`,
  ENAMETOOLONG: (path) => `the name ${path} is too long for the file system. Choose a shorter one`,
};

const OPS: Record<string, string> = { open: 'opening', mkdir: 'creating', write: 'writing', rename: 'writing', unlink: 'removing', rmdir: 'removing', copyfile: 'copying', scandir: 'reading', read: 'reading', stat: 'reading', lstat: 'reading' };

/** A file-system error as one line naming the path and what to do; null for any other error. */
export function describeFsError(error: unknown, fallbackPath = 'a file'): string | null {
  const e = error as (NodeJS.ErrnoException & { dest?: string }) | null;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string') return null;
  const describe = FS_CODES[e.code];
  if (!describe) return null;
  const path = e.dest && e.code !== 'ENOENT' ? e.dest : (e.path ?? fallbackPath);
  return describe(String(path), OPS[String(e.syscall ?? '').toLowerCase()] ?? 'with');
}
