/**
 * What the picture tools (screenshots.ts, typography-shots.ts) share: getting the bundle and the
 * browser ready, taking a picture of what was painted, and running as a program.
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

/** Waits for fonts and two frames, so what is captured is what was painted, then writes `<out>/<name>.png`; returns its path. */
export async function paintedScreenshot(app: AppSession, out: string, name: string): Promise<string> {
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
