/**
 * OpenCC conversion by configuration name (`s2t`, `tw2sp` …) with opencc-js's dictionaries and
 * OpenCC's pipeline: normalize compatibility ideographs, segment into phrases, then run each
 * dictionary group of the chain over each segment. Converters are built on first use and kept.
 */
import { configs as presetConfigs } from 'opencc-js/preset';
import { AlignmentBuilder, composeMaps, IDENTITY_MAP, type OffsetMap } from './alignment.ts';
import { DictionaryTrie, type Dictionary } from './trie.ts';

/** The OpenCC configurations `convert --config` accepts. */
export const OPENCC_CONFIGS = [
  's2t', 't2s', 's2tw', 's2twp', 'tw2s', 'tw2sp', 's2hk', 'hk2s', 't2tw', 'tw2t', 't2hk', 'hk2t',
] as const;
export type OpenCCConfig = (typeof OPENCC_CONFIGS)[number];

/** True when `name` is one of the supported OpenCC configuration names. */
export function isOpenCCConfig(name: string): name is OpenCCConfig {
  return (OPENCC_CONFIGS as readonly string[]).includes(name);
}

/** The shape of opencc-js's preset configs (its type declarations omit normalization). */
interface PresetConfig {
  normalizationChain?: readonly (readonly Dictionary[])[];
  segmentation?: readonly Dictionary[];
  conversionChain: readonly (readonly Dictionary[])[];
}

/** Converted text, and where each input position went. */
export interface TrackedConversion {
  text: string;
  offsets: OffsetMap;
}

const MEMO_MAX_SEGMENT = 24;
const MEMO_MAX_ENTRIES = 200_000;

/** One OpenCC configuration, ready to convert. */
export class ScriptConverter {
  readonly config: OpenCCConfig;
  readonly #normalize: DictionaryTrie | null;
  readonly #normalizeStarts: Set<number>;
  /** 1 for BMP units that start a normalization key (2 for high surrogates that may). */
  readonly #normalizeUnits = new Uint8Array(0x10000);
  readonly #segmenter: DictionaryTrie | null;
  readonly #chain: DictionaryTrie[];
  /** Below this UTF-16 unit no dictionary key can start: such text passes through untouched. */
  readonly #lowest: number;
  /**
   * Converted segments: after segmentation each segment converts on its own, so a segment seen
   * before (words repeat) converts the same way again.
   */
  readonly #segmentMemo = new Map<string, string>();
  /** What the rest of the chain makes of a phrase value (bounded by the dictionary's size). */
  readonly #valueMemo = new Map<string, string>();
  readonly #segmentsConvertFirst: boolean;

  constructor(config: OpenCCConfig) {
    const preset = (presetConfigs as unknown as Record<string, PresetConfig>)[config];
    if (!preset) throw new Error(`opencc-js has no configuration "${config}"`);
    this.config = config;
    const normalizeGroups = preset.normalizationChain ?? [];
    if (normalizeGroups.length > 1) throw new Error(`${config}: more than one normalization group`);
    this.#normalize = normalizeGroups[0] ? DictionaryTrie.fromGroup(normalizeGroups[0]) : null;
    this.#normalizeStarts = this.#normalize?.firstCodePoints() ?? new Set();
    for (const cp of this.#normalizeStarts) {
      if (cp <= 0xffff) this.#normalizeUnits[cp] = 1;
      else this.#normalizeUnits[0xd800 + ((cp - 0x10000) >> 10)] = 2;
    }
    this.#segmenter = preset.segmentation ? DictionaryTrie.fromGroup(preset.segmentation) : null;
    this.#chain = preset.conversionChain.map((group) => DictionaryTrie.fromGroup(group));
    // When the first group begins with the segmentation dictionaries, a phrase segment converts
    // in that group to exactly the value segmentation matched (the same key wins in both).
    const first = preset.conversionChain[0] ?? [];
    this.#segmentsConvertFirst = Boolean(preset.segmentation?.every((dict, i) => first[i] === dict));
    let lowest = 0xffff;
    for (const trie of [...this.#chain, ...(this.#normalize ? [this.#normalize] : [])]) {
      for (const cp of trie.firstCodePoints()) lowest = Math.min(lowest, cp > 0xffff ? 0xd800 : cp);
    }
    this.#lowest = lowest;
  }

  /** Forgets remembered segment conversions (so a bench run starts from nothing learned). */
  forgetSegments(): void {
    this.#segmentMemo.clear();
    this.#valueMemo.clear();
  }

  /** Converts `text` as OpenCC would. */
  convert(text: string): string {
    return this.#run(text, null).text;
  }

  /** Converts `text` and records where each input position ends up. */
  convertTracked(text: string): TrackedConversion {
    const maps: OffsetMap[] = [];
    return this.#run(text, maps);
  }

  #run(text: string, maps: OffsetMap[] | null): TrackedConversion {
    if (!this.#mayChange(text)) return { text, offsets: IDENTITY_MAP };
    let current = text;
    if (this.#normalize && this.#needsNormalizing(current)) {
      const align = maps ? new AlignmentBuilder() : null;
      const out: string[] = [];
      this.#normalize.replace(current, 0, current.length, out, align);
      current = out.join('');
      if (align) maps!.push(align.build());
    }
    const values: (string | undefined)[] | undefined = this.#segmentsConvertFirst ? [] : undefined;
    let bounds = this.#segmenter ? this.#segmenter.segmentBounds(current, values) : [0, current.length];
    if (this.#segmenter) {
      // Segments convert independently; within one, positions map as in a phrase (exactly
      // where its length is kept, proportionally where it changed).
      const align = maps ? new AlignmentBuilder() : null;
      const text = this.#convertSegments(current, bounds, values, align);
      if (align) maps!.push(align.build());
      return { text, offsets: maps ? composeMaps(maps) : IDENTITY_MAP };
    }
    for (const trie of this.#chain) {
      const align = maps ? new AlignmentBuilder() : null;
      const out: string[] = [];
      const next = [0];
      let length = 0;
      for (let k = 0; k + 1 < bounds.length; k++) {
        length += trie.replace(current, bounds[k]!, bounds[k + 1]!, out, align);
        next.push(length);
      }
      current = out.join('');
      bounds = next;
      if (align) maps!.push(align.build());
    }
    return { text: current, offsets: maps ? composeMaps(maps) : IDENTITY_MAP };
  }

  #convertSegments(text: string, bounds: number[], values: (string | undefined)[] | undefined, align: AlignmentBuilder | null): string {
    const memo = this.#segmentMemo;
    const chain = this.#chain;
    let out = '';
    for (let k = 0; k + 1 < bounds.length; k++) {
      const start = bounds[k]!;
      const end = bounds[k + 1]!;
      const matched = values?.[k];
      let converted: string;
      if (matched !== undefined) {
        // Dictionary values are the same string objects each time: a cheap key.
        const known = this.#valueMemo.get(matched);
        if (known !== undefined) {
          converted = known;
        } else {
          converted = matched;
          for (let t = 1; t < chain.length; t++) converted = chain[t]!.replaceAll(converted);
          this.#valueMemo.set(matched, converted);
        }
      } else {
        const segment = text.slice(start, end);
        const known = memo.get(segment);
        if (known !== undefined) {
          converted = known;
        } else {
          converted = segment;
          for (const trie of chain) converted = trie.replaceAll(converted);
          if (segment.length <= MEMO_MAX_SEGMENT) {
            if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
            memo.set(segment, converted);
          }
        }
      }
      out += converted;
      align?.piece(end - start, converted.length);
    }
    return out;
  }

  #mayChange(text: string): boolean {
    const lowest = this.#lowest;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= lowest) return true;
    return false;
  }

  #needsNormalizing(text: string): boolean {
    const units = this.#normalizeUnits;
    for (let i = 0; i < text.length; i++) {
      const u = units[text.charCodeAt(i)];
      if (u === 1) return true;
      if (u === 2 && this.#normalizeStarts.has(text.codePointAt(i)!)) return true;
    }
    return false;
  }

}

const converters = new Map<OpenCCConfig, ScriptConverter>();

/** The converter for `config`, built on first use (a few hundred ms for phrase configs) and kept. */
export function getConverter(config: OpenCCConfig): ScriptConverter {
  let converter = converters.get(config);
  if (!converter) {
    converter = new ScriptConverter(config);
    converters.set(config, converter);
  }
  return converter;
}

/** Forgets the remembered segments of every converter built so far (for benches that must start cold). */
export function forgetConvertedSegments(): void {
  for (const converter of converters.values()) converter.forgetSegments();
}
