/**
 * What every CLI command gets: parsed flags, the archive behind a ReaderService (the same door the
 * window uses), output helpers that respect `--json`, and a progress bar that draws only on a
 * terminal.
 */
import type { ParseArgsConfig } from 'node:util';
import { checkArgument, InvalidArgument, type ReaderArg, type ReaderMethod, type ReaderResult } from '../contract.ts';
import { SCRIPT_MODES, type ScriptMode } from '../model.ts';
import { ReaderService } from '../service.ts';
import { cliHost } from './host.ts';
import { terminalJson, terminalLine, writeErr, writeOut } from './terminal.ts';

/** Exit codes of the CLI contract. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** The `--script` option of a command (default `original`); anything else is a usage error. */
export function scriptOption(ctx: Pick<CliContext, 'values'>): ScriptMode {
  const script = (ctx.values.script ?? 'original') as ScriptMode;
  if (!SCRIPT_MODES.includes(script)) throw new UsageError(`--script must be one of ${SCRIPT_MODES.join(', ')}, not "${String(script)}"`);
  return script;
}

export interface CliContext {
  archiveDir: string;
  json: boolean;
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  /**
   * Opens the archive and the service on it, with the CLI's host; read-only opens do not take the
   * lock. Notices (the opening's, the search index's) go to stderr. The caller closes it.
   */
  openService(options?: { readOnly?: boolean }): Promise<ReaderService>;
  /** Prints a line of human output (nothing in --json mode); control characters are replaced. */
  say(text: string): void;
  /** Prints a message on stderr, in every mode; control characters are replaced. */
  warn(text: string): void;
  /** Prints the command's JSON result on one line (only in --json mode). */
  printJson(value: unknown): void;
  /** A progress bar on stderr when it is a terminal and not --json; otherwise silent. */
  progress(total: number): ProgressBar;
}

export interface ProgressBar {
  tick(label: string, done?: number): void;
  done(): void;
}

export interface CliCommand {
  name: string;
  /** One line for the help text. */
  summary: string;
  /**
   * The line for the help text when writing it needs modules every other command can do without
   * (import's names the registry's formats): loaded only when help is printed, so commands start
   * without them. Falls back to `summary`.
   */
  helpSummary?(): Promise<string>;
  /** The arguments after the command name, e.g. `<id> [--script S]`. */
  usage: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CliContext): Promise<number>;
}

/** How an argument field the contract refuses is called on the command line. */
const FLAG_OF_FIELD: Record<string, string> = {
  fontSize: '--font-size',
  script: '--script',
  format: '--format',
  paper: '--paper',
  margins: '--margins',
  epub: '--epub',
  limit: '--limit',
  source: '--source',
  tag: '--tag',
  lang: '--lang',
  from: '--from',
  to: '--to',
  query: 'the query',
  ids: 'the article ids',
  since: '--since',
  index: '--index',
};

/**
 * Calls a contract method through `dispatch`, so the CLI's arguments pass the same checks as the
 * window's; an argument the contract refuses is a usage error naming the flag (exit 2).
 */
export async function callService<M extends ReaderMethod>(service: ReaderService, method: M, arg: ReaderArg<M>): Promise<ReaderResult<M>> {
  try {
    return await service.dispatch(method, arg);
  } catch (error) {
    throw asUsageError(method, error);
  }
}

/** Checks `arg` as the service will, before the archive is opened: a refused one is a usage error naming the flag. */
export function checkOptions<M extends ReaderMethod>(method: M, arg: ReaderArg<M>): void {
  try {
    checkArgument(method, arg);
  } catch (error) {
    throw asUsageError(method, error);
  }
}

function asUsageError(method: ReaderMethod, error: unknown): unknown {
  if (!(error instanceof InvalidArgument)) return error;
  return new UsageError(error.message.replace(new RegExp(`^${method}\\.(\\w+)`), (whole, field: string) => FLAG_OF_FIELD[field] ?? whole));
}

/** Whether `id` has the shape of an article id (the contract's check); one that has not names no article. */
export function isArticleId(id: string): boolean {
  try {
    checkArgument('getArticle', { id });
    return true;
  } catch {
    return false;
  }
}

/** A bar like `[########------------] 40/100  page.html`, redrawn in place. */
export function terminalProgress(total: number, stream: NodeJS.WriteStream, enabled: boolean): ProgressBar {
  let count = 0;
  let last = 0;
  const start = Date.now();
  const draw = (label: string): void => {
    const width = 24;
    const filled = total > 0 ? Math.round((count / total) * width) : 0;
    const rate = count / Math.max(0.001, (Date.now() - start) / 1000);
    const columns = stream.columns ?? 80;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count}/${total}  ${rate.toFixed(1)}/s  ${terminalLine(label)}`;
    stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length))}\x1b[K`);
  };
  return {
    tick(label, done) {
      count = done ?? count + 1;
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 50 && count < total) return;
      last = now;
      draw(label);
    },
    done() {
      if (enabled) stream.write('\r\x1b[K');
    },
  };
}

/** Builds the context the commands see. */
export function makeContext(archiveDir: string, json: boolean, values: CliContext['values'], positionals: string[]): CliContext {
  return {
    archiveDir,
    json,
    values,
    positionals,
    openService(options) {
      return ReaderService.open(archiveDir, options, cliHost, (service) => {
        service.on('notice', ({ message }) => writeErr(`notice: ${message}\n`));
      });
    },
    say(text) {
      if (!json) writeOut(`${text}\n`);
    },
    warn(text) {
      writeErr(`${text}\n`);
    },
    printJson(value) {
      if (json) process.stdout.write(`${terminalJson(value)}\n`);
    },
    progress(total) {
      return terminalProgress(total, process.stderr, Boolean(process.stderr.isTTY) && !json);
    },
  };
}
