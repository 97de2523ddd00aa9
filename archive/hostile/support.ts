/**
 * Running the CLI on hostile input without risking the machine: the child is watched from here
 * (its peak resident memory read from /proc every few milliseconds) and killed the moment it
 * passes its memory bound or its time, so a regression fails the test instead of swapping.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const cliPath = join(import.meta.dirname, '..', 'cli.ts');

export interface BoundedRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the child (VmHWM), in MiB, as last read. */
  peakRssMiB: number;
  /** Why the watchdog killed it, if it did. */
  killed: 'memory' | 'time' | null;
}

function peakRss(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Runs the CLI with `args`, killing it past `maxRssMiB` of memory or `timeoutMs`. */
export function runCliBounded(args: string[], options: { maxRssMiB: number; timeoutMs: number }): Promise<BoundedRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
      env: { ...process.env, READER_ARCHIVE: '', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let killed: BoundedRun['killed'] = null;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const watch = setInterval(() => {
      const rss = child.pid ? peakRss(child.pid) : null;
      if (rss !== null) peak = Math.max(peak, rss);
      if (peak > options.maxRssMiB && !killed) {
        killed = 'memory';
        child.kill('SIGKILL');
      }
    }, 10);
    const timer = setTimeout(() => {
      killed ??= 'time';
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('close', (status, signal) => {
      clearInterval(watch);
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, peakRssMiB: Math.round(peak), killed });
    });
  });
}

/** Every file under the archive folder, relative to it (one walk for the whole suite). */
export { filesUnder as archiveFiles } from './escape-support.ts';
