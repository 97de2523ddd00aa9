/**
 * Character-level facts from OpenCC's character dictionaries, without building the phrase
 * converters (the Simplified→Traditional phrase trie alone is large): which Han characters only
 * one script uses, and one Simplified form for every character (for search).
 */
import { configs as presetConfigs } from 'opencc-js/preset';
import type { Dictionary } from './trie.ts';

interface PresetConfig {
  conversionChain: readonly (readonly Dictionary[])[];
}

/** The character dictionary of a configuration: the last one of its first group. */
function characterDictionary(config: 's2t' | 't2s' | 'tw2t' | 'hk2t'): Map<number, number> {
  const preset = (presetConfigs as unknown as Record<string, PresetConfig>)[config];
  const group = preset?.conversionChain[0];
  const dict = group?.[group.length - 1];
  if (typeof dict !== 'string') throw new Error(`opencc-js: no character dictionary for ${config}`);
  const map = new Map<number, number>();
  for (const entry of dict.split('|')) {
    const [from, to] = entry.split(' ');
    if (!from || !to) continue;
    const f = from.codePointAt(0)!;
    const t = to.codePointAt(0)!;
    // Only one-unit to one-unit mappings: positions must stay put where these are used.
    if (from.length === 1 && String.fromCodePoint(t).length === 1) map.set(f, t);
  }
  return map;
}

export interface HanTables {
  /** 1 where a character is written only in Simplified, 2 where only in Traditional. */
  scriptOf: Uint8Array;
  /** Hong Kong and Taiwan variants to OpenCC standard, then to Simplified; one unit each. */
  toSimplified: Map<number, number>;
}

let tables: HanTables | null = null;

/** The tables, built on first use (a few milliseconds). */
export function hanTables(): HanTables {
  if (tables) return tables;
  const st = characterDictionary('s2t');
  const ts = characterDictionary('t2s');
  const tw = characterDictionary('tw2t');
  const hk = characterDictionary('hk2t');
  const scriptOf = new Uint8Array(0x10000);
  for (const [c, t] of st) if (t !== c) scriptOf[c] = 1;
  for (const [c, s] of ts) if (s !== c && scriptOf[c] === 0) scriptOf[c] = 2;
  const toSimplified = new Map<number, number>();
  for (const c of new Set([...ts.keys(), ...tw.keys(), ...hk.keys()])) {
    const standard = tw.get(hk.get(c) ?? c) ?? hk.get(c) ?? c;
    const simplified = ts.get(standard) ?? standard;
    if (simplified !== c) toSimplified.set(c, simplified);
  }
  tables = { scriptOf, toSimplified };
  return tables;
}
