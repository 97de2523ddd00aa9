/**
 * Charset labels as pages write them (`gb2312`, `x-sjis`, `ks_c_5601-1987` …) mapped to the
 * name we record (WHATWG's canonical name) and the decoder that reads those bytes. Where WHATWG
 * decodes a label with a superset (gb2312 with GB18030, big5 with Big5-HKSCS, Shift_JIS with
 * Windows-31J, EUC-KR with windows-949, latin1 with windows-1252), we do the same.
 */
import iconv from 'iconv-lite';

export interface Charset {
  /** Lower-case WHATWG name, recorded with the article. */
  name: string;
  /** The iconv-lite codec (or TextDecoder label) that decodes it. */
  codec: string;
  /** Multibyte structure our validator knows, for byte offsets of broken sequences. */
  family: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5' | 'shift_jis' | 'euc-kr' | 'euc-jp' | 'single-byte' | 'other';
}

const TABLE: [Charset, string[]][] = [
  [{ name: 'utf-8', codec: 'utf8', family: 'utf-8' }, ['utf-8', 'utf8', 'unicode-1-1-utf-8', 'x-unicode20utf8', 'unicode20utf8']],
  [{ name: 'gbk', codec: 'gb18030', family: 'gb18030' }, ['gbk', 'gb2312', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'gb_2312', 'gb_2312-80', 'chinese', 'csgb2312', 'csiso58gb231280', 'iso-ir-58', 'euc-cn', 'x-euc-cn']],
  [{ name: 'gb18030', codec: 'gb18030', family: 'gb18030' }, ['gb18030']],
  [{ name: 'big5', codec: 'big5hkscs', family: 'big5' }, ['big5', 'big-5', 'big5-hkscs', 'cn-big5', 'csbig5', 'x-x-big5', 'cp950', 'x-big5']],
  [{ name: 'shift_jis', codec: 'cp932', family: 'shift_jis' }, ['shift_jis', 'shift-jis', 'sjis', 'x-sjis', 'ms_kanji', 'mskanji', 'csshiftjis', 'windows-31j', 'ms932', 'cp932']],
  [{ name: 'euc-jp', codec: 'eucjp', family: 'euc-jp' }, ['euc-jp', 'x-euc-jp', 'cseucpkdfmtjapanese', 'eucjp']],
  [{ name: 'iso-2022-jp', codec: 'iso-2022-jp', family: 'other' }, ['iso-2022-jp', 'csiso2022jp']],
  [{ name: 'euc-kr', codec: 'cp949', family: 'euc-kr' }, ['euc-kr', 'euckr', 'ks_c_5601-1987', 'ks_c_5601-1989', 'ksc5601', 'ksc_5601', 'korean', 'windows-949', 'cp949', 'csksc56011987', 'iso-ir-149', 'cseuckr']],
  [{ name: 'utf-16le', codec: 'utf16le', family: 'utf-16le' }, ['utf-16le', 'utf-16', 'ucs-2', 'unicode', 'unicodefeff', 'csunicode', 'iso-10646-ucs-2']],
  [{ name: 'utf-16be', codec: 'utf16be', family: 'utf-16be' }, ['utf-16be', 'unicodefffe']],
  [{ name: 'windows-1252', codec: 'windows-1252', family: 'single-byte' }, ['windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'latin1', 'l1', 'ascii', 'us-ascii', 'ansi_x3.4-1968', 'cp819', 'ibm819', 'iso-ir-100', 'csisolatin1']],
  [{ name: 'windows-1254', codec: 'windows-1254', family: 'single-byte' }, ['windows-1254', 'cp1254', 'x-cp1254', 'iso-8859-9', 'iso8859-9', 'latin5', 'l5', 'iso_8859-9', 'csisolatin5']],
];

const BY_LABEL = new Map<string, Charset>();
for (const [charset, labels] of TABLE) for (const label of labels) BY_LABEL.set(label, charset);

/** The charset a label names, or null when we cannot decode it. */
export function charsetForLabel(label: string): Charset | null {
  const key = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  const known = BY_LABEL.get(key);
  if (known) return known;
  // windows-1250…1258, iso-8859-N, koi8-r/u, macintosh, ibm866 …: iconv-lite knows them.
  const cp = /^(?:x-)?cp-?(125\d)$/.exec(key);
  const name = cp ? `windows-${cp[1]}` : key;
  if (!iconv.encodingExists(name)) return null;
  const singleByte = /^(?:windows-12\d\d|windows-874|iso-8859-\d+|koi8-[ru]|macintosh|ibm866)$/.test(name);
  return { name, codec: name, family: singleByte ? 'single-byte' : 'other' };
  return null;
}

/** A charset by its recorded name (one of ours). */
export function charset(name: string): Charset {
  const found = charsetForLabel(name);
  if (!found) throw new Error(`unknown charset ${name}`);
  return found;
}
