/**
 * The CLI's full entry, what `npm run cli` and the installed `reader-archive` run: the core's
 * commands (archive/cli.ts) plus `open`, which starts the reader window and so lives beside the
 * launcher rather than in the core (archive/ imports nothing from the folders above it).
 */
import { runAsProgram } from '../archive/cli.ts';
import { openCommand } from './cli-open.ts';

runAsProgram([openCommand]);
