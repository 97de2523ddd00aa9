/**
 * What the Chromium policy tests share: the system Chromium (or why a test cannot run without
 * one, printed as its skip reason) and attribute escaping for the pages they build.
 */
import { findChromium } from '../../archive/export/chromium.ts';

/** The system Chromium's path and no skip, or no path and the reason the tests are skipped. */
export function chromiumForTests(): { executablePath: string | null; skip: string | false } {
  try {
    return { executablePath: findChromium(), skip: false };
  } catch (error) {
    return { executablePath: null, skip: (error as Error).message };
  }
}

/** Text as a double-quoted attribute value. */
export const attr = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
