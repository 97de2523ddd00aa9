/**
 * The command line: `reader-archive [--archive DIR] [--json] <command> ...`. Names, flags, exit
 * codes and JSON fields are a contract (DESIGN.md): add, never rename. This file runs the core's
 * commands; launcher/cli.ts (what `npm run cli` and the installed `reader-archive` run) adds `open`,
 * which needs the window. Run directly, this file is the same CLI without `open`.
 */
import { parseArgs } from 'node:util';
import { tuneHeapForLargeArchives } from './heap.ts';
import { resolveArchiveDir } from './paths.ts';
import { InvalidArgument } from './contract.ts';
import { ArchiveError, describeFsError } from './service.ts';
import { commands as coreCommands } from './cli/commands.ts';
import { EXIT, makeContext, UsageError, type CliCommand } from './cli/context.ts';
import { writeErr, writeOut } from './cli/terminal.ts';

const globalOptions = {
  archive: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The help: every command's summary and usage; for `<command> --help`, that command's alone, with
 * its longer summary (import's names the formats, which costs loading their registry: the general
 * help stays short so that it, like every command, starts without it).
 */
async function helpText(commands: readonly CliCommand[], only?: CliCommand): Promise<string> {
  if (only) return `usage: reader-archive [--archive DIR] [--json] ${only.name} ${only.usage}

${await (only.helpSummary?.() ?? only.summary)}`;
  const width = Math.max(...commands.map((c) => c.name.length));
  const summaries = commands.map((c) => c.summary);
  return [
    'usage: reader-archive [--archive DIR] [--json] <command> [arguments]',
    '',
    ...commands.map((c, k) => `  ${c.name.padEnd(width)}  ${summaries[k]}${c.usage ? `\n  ${' '.repeat(width)}  ${c.name} ${c.usage}` : ''}`),
    '',
    'The archive is --archive DIR, else $READER_ARCHIVE, else the app\'s own.',
    'Exit codes: 0 all done, 1 some inputs failed, 2 usage error or archive unusable.',
  ].join('\n');
}

/** Runs the CLI on `argv` (without node and script) with the core's commands and `extra`; resolves to the exit code. */
export async function main(argv: string[], extra: readonly CliCommand[] = []): Promise<number> {
  const commands = [...coreCommands, ...extra];
  const name = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--archive');
  const command: CliCommand | undefined = commands.find((c) => c.name === name);
  if (!name || argv.includes('--help') || argv.includes('-h')) {
    writeOut(`${await helpText(commands, command)}\n`);
    return name || argv.length > 0 ? EXIT.ok : EXIT.usage;
  }
  if (!command && name === 'open') {
    writeErr('open: the reader window is started by the full CLI: `npm run cli -- open` (launcher/cli.ts) or `reader-archive open`\n');
    return EXIT.usage;
  }
  if (!command) {
    writeErr(`unknown command "${name}"\n\n${await helpText(commands)}\n`);
    return EXIT.usage;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv.filter((a) => a !== name), options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    writeErr(`${command.name}: ${(error as Error).message}\nusage: reader-archive ${command.name} ${command.usage}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const ctx = makeContext(resolveArchiveDir(values.archive as string | undefined), values.json === true, values, positionals);
  try {
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      writeErr(`${command.name}: ${error.message}\nusage: reader-archive ${command.name} ${command.usage}\n`);
      return EXIT.usage;
    }
    if (error instanceof InvalidArgument) {
      // A check the contract makes that no flag stands for (a path the service cannot take …).
      writeErr(`${command.name}: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ArchiveError) {
      writeErr(`${command.name}: ${error.message}\n`);
      return EXIT.usage;
    }
    const fsMessage = describeFsError(error, ctx.archiveDir);
    if (fsMessage) {
      process.stderr.write(`${command.name}: ${fsMessage}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** Runs the CLI as the process's program: exit code set, unexpected errors printed. */
export function runAsProgram(extra: readonly CliCommand[] = []): void {
  tuneHeapForLargeArchives();
  main(process.argv.slice(2), extra).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      writeErr(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}

// Run as a program only when this file itself was started (`tsx archive/cli.ts`), never when
// launcher/cli.ts imports it (bundled, both are dist/cli.mjs, which this pattern does not match).
if (process.argv[1] !== undefined && /archive[\\/]cli\.ts$/.test(process.argv[1])) runAsProgram();
