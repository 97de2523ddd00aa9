/**
 * What a launch asks for: `--archive DIR` and files to import. The same parser reads the first
 * launch's argv and the argv a second launch hands over through the single-instance lock.
 */
import { isAbsolute, resolve } from 'node:path';

export interface LaunchRequest {
  archive: string | null;
  files: string[];
}

/**
 * Parses `argv` as Electron gives it: `[exe, ...args]` when packaged, `[electron, appPath,
 * ...args]` when run as `electron .` (`defaultApp`). Chromium switches (`--foo`, `--foo=bar`)
 * are skipped; relative paths are resolved against `cwd` (the launching shell's folder).
 */
export function parseLaunchArgs(argv: readonly string[], options: { defaultApp: boolean; cwd: string }): LaunchRequest {
  const args = argv.slice(options.defaultApp ? 2 : 1);
  let archive: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--archive') {
      const value = args[++i];
      if (value) archive = value;
    } else if (arg.startsWith('--archive=')) {
      archive = arg.slice('--archive='.length) || null;
    } else if (arg === '--') {
      files.push(...args.slice(i + 1));
      break;
    } else if (!arg.startsWith('-')) {
      files.push(arg);
    }
  }
  const absolute = (p: string): string => (isAbsolute(p) ? p : resolve(options.cwd, p));
  return { archive: archive ? absolute(archive) : null, files: files.map(absolute) };
}
