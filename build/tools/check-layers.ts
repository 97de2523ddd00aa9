/**
 * The layering rule of DESIGN.md, checked on the source: `archive/` never imports Electron or
 * touches DOM globals (it runs under plain node), nor anything from `e2e/`, `build/`,
 * `electron/`, `renderer/` or `launcher/` (the core is the bottom layer); `renderer/` imports
 * nothing from Node or Electron except types; `launcher/` (the browser window and the CLI's full
 * entry) never imports Electron nor renderer code. Prints each violation with file and line; exits 1 when there is one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { builtinModules } from 'node:module';

export interface LayerViolation {
  file: string;
  line: number;
  rule: string;
  text: string;
}

/** The top-level folders that sit above the core. */
const UPPER_LAYERS = ['e2e', 'build', 'electron', 'renderer', 'launcher'];
const nodeModules = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const importRe = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/;
// `document` is left to the typechecker (archive's tsconfig has no DOM lib): linkedom hands out
// local variables of that name, which a text rule cannot tell from the global.
const domGlobalRe = /(?<![.\w])(window|navigator|localStorage|sessionStorage|customElements|requestAnimationFrame)\s*[.(\[]/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|js|mjs|cjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** Strips comments and string bodies that are not module specifiers, well enough for a lint. */
function codeOf(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return '';
  return line.replace(/\/\/.*$/, '').replace(/`[^`]*`/g, '``');
}

/** Every layering violation under `root`. */
export function checkLayers(root: string): LayerViolation[] {
  const violations: LayerViolation[] = [];
  const check = (layer: 'archive' | 'renderer' | 'launcher'): void => {
    for (const file of sourceFiles(join(root, layer))) {
      const source = readFileSync(file, 'utf8');
      const lines = source.split('\n');
      // A name the file declares itself (`const window = parseHTML(…)`) is not the global.
      const declared = new Set([...source.matchAll(/\b(?:const|let|var|function)\s+(\w+)|[({,]\s*(\w+)\s*[:,)]/g)].map((m) => m[1] ?? m[2]));
      lines.forEach((raw, i) => {
        const line = codeOf(raw);
        if (!line) return;
        const m = importRe.exec(line);
        const spec = m ? (m[3] ?? m[4] ?? m[5]) : undefined;
        const typeOnly = Boolean(m?.[2]);
        const at = { file: relative(root, file), line: i + 1, text: raw.trim() };
        if (spec && !typeOnly && (spec === 'electron' || spec.startsWith('electron/'))) {
          violations.push({ ...at, rule: `${layer}/ must not import electron` });
        }
        if (layer === 'renderer' && spec && !typeOnly && nodeModules.has(spec)) {
          violations.push({ ...at, rule: 'renderer/ must not import Node modules' });
        }
        if (layer === 'renderer' && spec && !typeOnly && /(^|\/)archive\//.test(spec) && !/model\.ts$/.test(spec)) {
          violations.push({ ...at, rule: 'renderer/ may import only types from archive/ (values only from model.ts)' });
        }
        // The core is the bottom layer: front ends (electron/, launcher/, renderer/), bench,
        // conformance and test helpers import it, never the other way round (type-only and
        // dynamic imports included).
        const target = layer === 'archive' && spec?.startsWith('.') ? relative(root, resolve(dirname(file), spec)).split(sep)[0] : undefined;
        if (target && UPPER_LAYERS.includes(target)) {
          violations.push({ ...at, rule: `archive/ must not import from ${target}/` });
        }
        if (layer === 'launcher' && spec && !typeOnly && /(^|\/)(renderer|e2e)\//.test(spec)) {
          violations.push({ ...at, rule: 'launcher/ must not import renderer/ or e2e/ code' });
        }
        const dom = layer === 'archive' ? domGlobalRe.exec(line) : null;
        if (dom && !declared.has(dom[1])) {
          violations.push({ ...at, rule: 'archive/ must not use DOM globals' });
        }
      });
    }
  };
  check('archive');
  check('renderer');
  if (existsSync(join(root, 'launcher'))) check('launcher');
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = checkLayers(process.cwd());
  for (const v of found) console.error(`${v.file}:${v.line}: ${v.rule}\n    ${v.text}`);
  if (found.length) process.exit(1);
  console.log('layers: archive/ imports nothing above it; renderer/ and launcher/ keep to their imports');
}
