/**
 * What the picture tools (screenshots.ts, typography-shots.ts) share: getting the bundle and the
 * browser ready, taking a picture of what was painted, finding the window's hooks, taking a list
 * of screens (skipping, and saying so, those whose hook the window lacks), and running as a program.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { skipReason, type AppSession } from '../../e2e/support/app.ts';
import { bundleAll } from './bundle.ts';

/** The window size every picture is taken at. */
export const SHOT_VIEWPORT = { width: 1280, height: 800 };

/** Creates `out`, builds the renderer bundle and checks for Chromium; the folder's absolute path, or null (said on stderr) when no picture can be taken. */
export async function prepareShots(out: string, tool: string): Promise<string | null> {
  const dir = resolve(out);
  await mkdir(dir, { recursive: true });
  await bundleAll();
  const skip = skipReason();
  if (skip) {
    console.error(`${tool}: ${skip}`);
    return null;
  }
  return dir;
}

/** Finite animations still running (a dialog or panel sliding in), in the page and its shadow trees. */
const ANIMATING = "document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)";

/** Waits for fonts, running animations (up to 3 s) and two frames, so what is captured is what was painted, then writes `<out>/<name>.png`; returns its path. */
export async function paintedScreenshot(app: AppSession, out: string, name: string): Promise<string> {
  await app.page.waitForFunction(`!(${ANIMATING})`, null, { timeout: 3_000 }).catch(() => undefined);
  await app.page.evaluate('document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))');
  const path = join(out, `${name}.png`);
  await app.page.screenshot({ path });
  console.log(`wrote ${path}`);
  return path;
}

/** Runs a tool's `main` as the program: its exit code, or 1 with the error printed. */
export function runTool(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
}

/** A screen could not be taken because the window lacks an element it is taken through. */
export class MissingHook extends Error {
  constructor(readonly hook: string) {
    super(`${hook} not present`);
  }
}

/**
 * The first of `selectors` the window holds (each given `waitMs` to appear), so one step works
 * on the window as it is and as it is being redesigned; MissingHook naming the first when none is.
 */
export async function firstHook(app: AppSession, selectors: readonly string[], waitMs = 2_000): Promise<string> {
  for (const selector of selectors) {
    try {
      await app.page.locator(selector).first().waitFor({ state: 'attached', timeout: waitMs });
      return selector;
    } catch {
      // not this one: the next alternative, or MissingHook below
    }
  }
  throw new MissingHook(selectors[0] ?? '(no hook)');
}

/** One picture: its file name (without `.png`) and the steps that bring the window to it. */
export interface Screen<C> {
  name: string;
  take(context: C): Promise<void>;
}

/** What became of each screen of a run. */
export interface ScreenReport {
  written: string[];
  skipped: { name: string; reason: string }[];
  failed: { name: string; error: string }[];
}

/**
 * Takes `screens` in order, each through its own steps; one whose hook is missing is listed as
 * skipped, one that fails is listed as failed, and `reset` runs after either so the next starts
 * from a quiet window.
 */
export async function takeScreens<C>(screens: readonly Screen<C>[], context: C, report: ScreenReport, reset: () => Promise<void>): Promise<void> {
  for (const screen of screens) {
    try {
      await screen.take(context);
    } catch (error) {
      if (error instanceof MissingHook) {
        console.log(`${screen.name}: skipped: ${error.hook} not present`);
        report.skipped.push({ name: screen.name, reason: `${error.hook} not present` });
      } else {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        console.error(`${screen.name}: failed: ${message}`);
        report.failed.push({ name: screen.name, error: message });
      }
      await reset();
    }
  }
}

/** The closing note: every screen written, skipped (with the missing hook) or failed. */
export function printScreenReport(out: string, report: ScreenReport): void {
  console.log(`\n${report.written.length} screens written in ${out}:`);
  for (const path of report.written) console.log(`  ${path}`);
  if (report.skipped.length > 0) console.log(`${report.skipped.length} skipped:`);
  for (const { name, reason } of report.skipped) console.log(`  ${name}: skipped: ${reason}`);
  if (report.failed.length > 0) console.log(`${report.failed.length} failed:`);
  for (const { name, error } of report.failed) console.log(`  ${name}: ${error}`);
}
