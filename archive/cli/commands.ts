/** Every CLI command, by name (one line each; the contract in DESIGN.md lists them). */
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
import { openCommand } from './open.ts';

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
  openCommand,
];
