/**
 * The query language of the search box and the CLI: words and CJK runs (all must match),
 * `"exact phrase"` (also “…” and 「…」), `-word` to exclude, `a OR b`, and the field filters
 * `title:`, `source:`, `by:`, `tag:` and `date:2020-11` / `date:2019..2021` (a full-width `：`
 * works too). A malformed query is reported with what is wrong, never silently guessed at.
 */
import type { QuerySyntaxError, QuerySyntaxErrorCode } from '../model.ts';
import { parseQuery, type QueryPart } from './query.ts';
import { foldText } from './fold.ts';

/** Text that must occur: `parts` all somewhere (`text`), or one after another (`phrase`). */
export interface TextAtom {
  kind: 'text' | 'phrase';
  parts: QueryPart[];
}

/** One thing a query asks for. Field values are folded like the index (case and script). */
export type QueryAtom =
  | TextAtom
  | { kind: 'title'; inner: TextAtom }
  | { kind: 'source' | 'by' | 'tag'; value: string }
  | { kind: 'date'; from: string; to: string };

/** Alternatives joined by OR; a negated clause excludes what any alternative matches. */
export interface QueryClause {
  negated: boolean;
  anyOf: QueryAtom[];
}

/** A parsed query: every clause must hold (a negated one must not match). */
export interface ParsedQuery {
  clauses: QueryClause[];
}

/** Thrown by parseSearchQuery; carries the error the window and the CLI show. */
export class QuerySyntax extends Error {
  constructor(readonly detail: QuerySyntaxError) {
    super(detail.message);
  }
}

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』' };
const FIELDS = new Set(['title', 'source', 'by', 'tag', 'date']);
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const SPACE = /[\s\u3000]/;

const MESSAGES: Record<QuerySyntaxErrorCode, (token: string) => string> = {
  'unclosed-quote': (t) => `the phrase ${t}… has no closing quote`,
  'empty-phrase': () => 'an empty phrase "" finds nothing: put words between the quotes',
  'dangling-minus': () => 'a "-" must be followed by what to exclude, as in -word',
  'dangling-or': () => 'OR needs something on each side, as in school OR college',
  'exclude-in-or': (t) => `${t}: an exclusion cannot be one side of OR; exclude each word on its own`,
  'empty-field': (t) => `${t} needs a value, as in ${t}harbour or ${t}"Harbour Times"`,
  'bad-date': (t) => `${t}: a date is a year, month or day (2020, 2020-11, 2020-11-25) or a range (2019..2021, 2019.., ..2021)`,
};

function fail(code: QuerySyntaxErrorCode, at: number, token: string): never {
  throw new QuerySyntax({ code, at, token, message: MESSAGES[code](token) });
}

interface Token {
  at: number;
  negated: boolean;
  or: boolean;
  atom: QueryAtom | null;
}

/** Parses a query; throws QuerySyntax with an explanation when it is malformed. */
export function parseSearchQuery(query: string): ParsedQuery {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (SPACE.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    let negated = false;
    if ((ch === '-' || ch === '－') && i + 1 < query.length && !SPACE.test(query[i + 1]!)) {
      negated = true;
      i++;
    } else if (ch === '-' || ch === '－') {
      fail('dangling-minus', at, ch);
    }
    const field = /^([a-z]+)[:：]/i.exec(query.slice(i, i + 8));
    if (field && FIELDS.has(field[1]!.toLowerCase())) {
      const name = field[1]!.toLowerCase();
      i += field[0].length;
      const read = readValue(query, i);
      i = read.end;
      tokens.push({ at, negated, or: false, atom: fieldAtom(name, read, query.slice(at, i), `${name}:`) });
      continue;
    }
    const read = readValue(query, i);
    i = read.end;
    if (!read.quoted && !negated && read.text === 'OR') {
      tokens.push({ at, negated: false, or: true, atom: null });
      continue;
    }
    tokens.push({ at, negated, or: false, atom: textAtom(read) });
  }
  return { clauses: group(tokens, query) };
}

interface ReadValue {
  text: string;
  quoted: boolean;
  start: number;
  end: number;
}

/** A quoted phrase, or the run of text up to the next space or quote. */
function readValue(query: string, from: number): ReadValue {
  const close = QUOTES[query[from] ?? ''];
  if (close) {
    const end = query.indexOf(close, from + 1);
    if (end < 0) fail('unclosed-quote', from, query.slice(from, from + 12));
    return { text: query.slice(from + 1, end), quoted: true, start: from, end: end + 1 };
  }
  let end = from;
  while (end < query.length && !SPACE.test(query[end]!) && !QUOTES[query[end]!]) end++;
  return { text: query.slice(from, end), quoted: false, start: from, end };
}

function textAtom(read: ReadValue): TextAtom | null {
  if (read.quoted && read.text.trim() === '') fail('empty-phrase', read.start, '""');
  const parts = parseQuery(read.text);
  if (parts.length === 0) return null;
  if (read.quoted) return { kind: 'phrase', parts: parts.map((p) => (p.kind === 'word' ? { ...p, whole: true } : p)) };
  return { kind: 'text', parts };
}

function fieldAtom(name: string, read: ReadValue, token: string, label: string): QueryAtom | null {
  if (read.text.trim() === '') fail(read.quoted ? 'empty-phrase' : 'empty-field', read.start, read.quoted ? '""' : label);
  if (name === 'title') {
    const inner = textAtom(read);
    return inner && { kind: 'title', inner };
  }
  if (name === 'date') {
    const [from = '', to = from, extra] = read.text.split('..');
    const range = read.text.includes('..');
    const ok = extra === undefined && (from === '' || DATE.test(from)) && (to === '' || DATE.test(to)) && (from !== '' || to !== '') && (!range || from === '' || to === '' || from <= to);
    if (!ok) fail('bad-date', read.start, token);
    return { kind: 'date', from, to: range ? to : from };
  }
  const value = foldText(read.text.trim());
  return { kind: name as 'source' | 'by' | 'tag', value };
}

/** Joins `a OR b` into one clause and checks the operators have something on each side. */
function group(tokens: Token[], query: string): QueryClause[] {
  const clauses: QueryClause[] = [];
  let joining = false;
  let lastNegated = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.or) {
      const next = tokens[k + 1];
      if (clauses.length === 0 || joining || !next || next.or) fail('dangling-or', t.at, 'OR');
      if (lastNegated || next.negated) fail('exclude-in-or', t.at, query.slice(t.at, next.at + 1).trim());
      joining = true;
      continue;
    }
    if (joining) {
      if (t.atom) clauses[clauses.length - 1]!.anyOf.push(t.atom);
      joining = false;
    } else {
      clauses.push({ negated: t.negated, anyOf: t.atom ? [t.atom] : [] });
    }
    lastNegated = t.negated;
  }
  return clauses.filter((c) => c.anyOf.length > 0);
}
