/**
 * Draws the app icon set from our SVG (build/icons/icon.svg) with the system Chromium:
 * build/icon.png (1024 px, which electron-builder turns into .icns and .ico on a connected
 * machine) and build/icons/<n>x<n>.png for Linux. Run: `tsx build/tools/icons.ts`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from '../../archive/export/chromium.ts';

const buildDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Renders the SVG at every size; resolves to the files written. */
export async function drawIcons(): Promise<string[]> {
  const svg = await readFile(join(buildDir, 'icons', 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  const written: string[] = [];
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const size of ICON_SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
      const png = await page.screenshot({ omitBackground: true, type: 'png', clip: { x: 0, y: 0, width: size, height: size } });
      const file = size === 1024 ? join(buildDir, 'icon.png') : join(buildDir, 'icons', `${size}x${size}.png`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, png);
      written.push(file);
    }
  } finally {
    await browser.close();
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  drawIcons().then(
    (files) => console.log(`icons: ${files.length} files written`),
    (error: unknown) => {
      console.error(`icons: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
