/**
 * Writes build/opensearch/articles-template.json, the OpenSearch index template for what
 * `export --all --format ndjson` writes (`npx tsx build/tools/opensearch-template.ts`; a test fails
 * while the file and this disagree).
 *
 * Text is analysed for Chinese and English alike, at index and at query time: Traditional
 * characters (OpenCC standard, Taiwan and Hong Kong variants) are folded to Simplified by a
 * mapping char filter built from OpenCC's character dictionaries (the table our own search folds
 * with, archive/convert/chars.ts), then the standard tokenizer splits Han text into characters,
 * `cjk_width` folds full- and half-width forms, and `cjk_bigram` indexes overlapping character
 * pairs (and single characters, for one-character queries); English words are lower-cased, stop
 * words dropped and stemmed. So 學校 and 学校 index and match alike in every text field; the
 * `_hans` fields add OpenCC's phrase-level conversion (計算機 → 计算机, 裡 → 里 in context).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hanTables } from '../../archive/convert/chars.ts';
import { DEFAULT_BULK_INDEX } from '../../archive/export/bulk.ts';

export const TEMPLATE_FILE = join(import.meta.dirname, '..', 'opensearch', 'articles-template.json');

const text = { type: 'text', analyzer: 'article_text' } as const;
const keyword = { type: 'keyword' } as const;
const date = { type: 'date', format: 'strict_date_optional_time||yyyy-MM||yyyy' } as const;

/** The document's fields: every one is in every document (null where unknown). */
const properties = {
  id: keyword,
  title: { ...text, fields: { raw: { type: 'keyword', ignore_above: 512 } } },
  title_hans: text,
  byline: { ...text, fields: { raw: { type: 'keyword', ignore_above: 256 } } },
  source: { ...keyword, fields: { text } },
  editor: { ...text, fields: { raw: { type: 'keyword', ignore_above: 256 } } },
  url: { type: 'keyword', ignore_above: 2048 },
  lang: keyword,
  published_at: date,
  imported_at: date,
  changed_at: date,
  extraction: keyword,
  tags: keyword,
  length: { type: 'integer' },
  text,
  text_hans: text,
  highlights: {
    type: 'nested',
    properties: { id: keyword, color: keyword, quote: text, note: text, created_at: date, updated_at: date },
  },
};

/** Fields that are never null in a document. */
const required = ['id', 'title', 'imported_at', 'changed_at', 'extraction', 'tags', 'length', 'text', 'highlights'];

/** `學 => 学` for every character that folds, sorted so the file changes only when OpenCC's tables do. */
function foldingRules(): string[] {
  return [...hanTables().toSimplified]
    .sort(([a], [b]) => a - b)
    .map(([from, to]) => `${String.fromCodePoint(from)} => ${String.fromCodePoint(to)}`);
}

/** The template as an object (what `PUT _index_template/<name>` takes). */
export function articlesTemplate(): Record<string, unknown> {
  return {
    index_patterns: [`${DEFAULT_BULK_INDEX}*`],
    priority: 100,
    _meta: {
      description: 'Saved Article Reader: the documents of `reader-archive export --all --format ndjson` (archive/export/bulk.ts)',
      generated_by: 'build/tools/opensearch-template.ts',
      required_fields: required,
    },
    template: {
      settings: {
        analysis: {
          char_filter: { hant_to_hans: { type: 'mapping', mappings: foldingRules() } },
          filter: {
            han_bigrams: { type: 'cjk_bigram', output_unigrams: true },
            english_possessive: { type: 'stemmer', language: 'possessive_english' },
            english_stop: { type: 'stop', stopwords: '_english_' },
            english_stemmer: { type: 'stemmer', language: 'english' },
          },
          analyzer: {
            article_text: {
              type: 'custom',
              char_filter: ['hant_to_hans'],
              tokenizer: 'standard',
              filter: ['cjk_width', 'english_possessive', 'lowercase', 'han_bigrams', 'english_stop', 'english_stemmer'],
            },
          },
        },
      },
      mappings: { dynamic: 'strict', properties },
    },
  };
}

/** The file's text: two-space JSON, with the folding rules forty to a line instead of one. */
export function templateText(): string {
  const template = articlesTemplate();
  const marker = '"@folding-rules@"';
  const withMarker = JSON.parse(JSON.stringify(template)) as { template: { settings: { analysis: { char_filter: { hant_to_hans: { mappings: unknown } } } } } };
  withMarker.template.settings.analysis.char_filter.hant_to_hans.mappings = '@folding-rules@';
  const rules = foldingRules();
  const lines: string[] = [];
  for (let k = 0; k < rules.length; k += 40) lines.push(rules.slice(k, k + 40).map((r) => JSON.stringify(r)).join(', '));
  const indent = ' '.repeat(14);
  return `${JSON.stringify(withMarker, null, 2).replace(marker, `[\n${indent}${lines.join(`,\n${indent}`)}\n${indent.slice(2)}]`)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(dirname(TEMPLATE_FILE), { recursive: true });
  writeFileSync(TEMPLATE_FILE, templateText());
  console.log(`wrote ${TEMPLATE_FILE}`);
}
