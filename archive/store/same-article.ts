/**
 * When a new capture is another copy of an article already in the archive. Equal text alone is
 * not enough: three blog posts whose extraction found only their cookie banner have equal text
 * and are three articles. A capture joins an earlier article when both say they are the same
 * address and hold the same text, or when the same text is substantial on its own: a real
 * article's worth of paragraphs, not page furniture, not a whole-page fallback.
 */
import type { Extraction } from '../model.ts';

/** What the rule needs to know of either side. */
export interface CaptureText {
  url: string | null;
  extraction?: Extraction;
}

/** Fewer paragraphs than this is "a few lines", whatever their length. */
const MIN_PARAGRAPHS = 3;
/** Fewer words than this (a CJK character counts as half a word) is not an article's worth. */
const MIN_WORDS = 120;
/** A text where this share of paragraphs is consent, cookie or subscription talk is furniture. */
const FURNITURE_SHARE = 0.3;

const FURNITURE =
  /\bcookies?\b|\bconsent\b|\bprivacy (?:policy|settings)\b|\baccept all\b|\bmanage (?:preferences|options)\b|\bsubscribe\b|\bnewsletter\b|datenschutz|einwilligung|alle akzeptieren|politique de confidentialit|política de privacidad|隐私政策|隱私政策|隐私权|隱私權|同意并继续|同意並繼續|接受全部|订阅|訂閱/i;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Words in `text`, CJK characters counting half a word each. */
export function wordWeight(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text.replace(CJK, ' ').split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w)).length;
  return latin + cjk / 2;
}

/** True when `paragraphs` are an article's worth of text that is not page furniture. */
export function isSubstantialText(paragraphs: readonly string[]): boolean {
  const kept = paragraphs.map((p) => p.trim()).filter((p) => p.length > 0);
  if (kept.length < MIN_PARAGRAPHS) return false;
  if (wordWeight(kept.join('\n')) < MIN_WORDS) return false;
  const furniture = kept.filter((p) => FURNITURE.test(p)).length;
  return furniture / kept.length < FURNITURE_SHARE;
}

/** The address two captures are compared by: no fragment, no trailing slash on the path. */
function sameAddress(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const norm = (u: string): string => u.replace(/#.*$/, '').replace(/\/+(\?|$)/, '$1').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * Whether `next`, whose normalized text equals `earlier`'s, is another capture of it.
 * `substantial` is isSubstantialText of the shared text (computed once by the caller).
 */
export function isSameArticle(earlier: CaptureText, next: CaptureText, substantial: boolean): boolean {
  if (sameAddress(earlier.url, next.url)) return true;
  const fallback = earlier.extraction === 'whole-page' || next.extraction === 'whole-page';
  return substantial && !fallback;
}
