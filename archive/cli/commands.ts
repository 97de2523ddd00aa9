/**
 * Every CLI command of the core, by name (one line each; the contract in DESIGN.md lists them).
 * `open` needs the window, so launcher/cli.ts, the CLI's full entry, adds it.
 */
import type { CliCommand } from './context.ts';
import { listCommand } from './list.ts';
import { showCommand } from './show.ts';
import { verifyCommand } from './verify.ts';
import { convertCommand } from './convert.ts';
import { searchCommand } from './search.ts';
import { backupCommand } from './backup.ts';
import { restoreCommand } from './restore.ts';
import { importCommand } from './import.ts';
import { exportCommand } from './export.ts';

export const commands: CliCommand[] = [
  importCommand,
  listCommand,
  showCommand,
  verifyCommand,
  convertCommand,
  searchCommand,
  backupCommand,
  restoreCommand,
  exportCommand,
];
