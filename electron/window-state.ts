/**
 * The main window's place and size, remembered between launches in userData, and put back only
 * where it still fits a connected display (a monitor may have been unplugged since).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect | null;
  maximized: boolean;
  fullScreen: boolean;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;

const isRect = (v: unknown): v is Rect =>
  typeof v === 'object' && v !== null && ['x', 'y', 'width', 'height'].every((k) => Number.isFinite((v as Record<string, unknown>)[k]));

/** Reads the saved state; anything missing or damaged gives the default. */
export async function loadWindowState(file: string): Promise<WindowState> {
  try {
    const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    return { bounds: isRect(raw.bounds) ? raw.bounds : null, maximized: raw.maximized === true, fullScreen: raw.fullScreen === true };
  } catch {
    return { bounds: null, maximized: false, fullScreen: false };
  }
}

/** Writes the state (whole file replaced, so a crash leaves the old one). */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFile(`${file}.tmp`, JSON.stringify(state));
  await rename(`${file}.tmp`, file);
}

/**
 * The bounds to open with: the saved ones when at least a usable part of the window (its title
 * bar region) lies on a display, shrunk to that display; otherwise the default size, centred.
 */
export function placeWindow(saved: Rect | null, workAreas: readonly Rect[]): Partial<Rect> & { width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  for (const area of workAreas) {
    const visibleWidth = Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x);
    const titleVisible = saved.y >= area.y && saved.y < area.y + area.height - 40;
    if (visibleWidth >= 120 && titleVisible) {
      const width = Math.max(640, Math.min(saved.width, area.width));
      const height = Math.max(420, Math.min(saved.height, area.height));
      const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - width);
      const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - height);
      return { x, y, width, height };
    }
  }
  return { width: Math.min(saved.width, DEFAULT_SIZE.width), height: Math.min(saved.height, DEFAULT_SIZE.height) };
}
