/**
 * The words of page furniture, in the languages of the pages we import (English, German, French,
 * Spanish, Italian, Dutch, Polish, Chinese): names that sites give to furniture containers in
 * `class`/`id`, the headings of teaser and related-reading boxes, and the short lines that
 * belong to no article (share, print, comments, feedback, reading time).
 */

/**
 * A class or id token naming furniture: comment threads, share bars, related/teaser boxes,
 * newsletter boxes, sidebars, cookie banners, author bios, tag lists. A token is one class name;
 * the word must be a whole part of it (`related-posts`, `commentlist`, `c-share`), so
 * `shared-content` or `tagesschau` do not count.
 */
export const FURNITURE_TOKEN =
  /^(?:[a-z0-9]+[-_]+)*(?:comments?|commentlist|comment-?list|comment-?form|comment-?respond|respond|disqus|replies|share|shares|sharing|sharebar|sharedaddy|shariff|social|socials|social-?media|social-?bookmarks|related|relatedposts|recommended|recommendations?|newsletter|newsletters|cookie|cookies|consent|gdpr|breadcrumbs?|author-?bio|author-?box|about-?author|tags|tagcloud|tag-?list|post-?tags|entry-?tags|most-?read|most-?popular|popular-?posts|more-?stories|more-?articles|read-?next|also-?read|outbrain|taboola|advert|adverts|advertisement)(?:[-_]+(?:area|box|list|links|posts|articles|stories|items|wrap|wrapper|container|section|block|bar|buttons|icons|module|widget|title|heading|teasers?|content|inner|outer|holder|panel|\d+))*$/i;

/** Tokens that name the article itself: a container so named is never furniture. */
export const CONTENT_TOKEN = /^(?:[a-z0-9]+[-_])*(?:article-?body|articlebody|entry-?content|post-?content|post-?body|story-?body|main-?content|content-?main|article-?content|article-?text|recipe|instructions|ingredients|rezept|zubereitung)(?:[-_][a-z0-9]+)*$/i;

/**
 * Headings of boxes that point elsewhere ("Related stories", "Auch interessant", "Top 5 …",
 * "Themen im Artikel"): the box under such a heading is teasers, not text.
 */
export const TEASER_HEADING = new RegExp(
  '^(?:' +
    [
      // English
      'related(?: (?:articles?|stories|posts?|content|coverage|links|reading|topics|news))?',
      'more (?:from|on|about|stories|articles|news|in)\\b.*',
      'you (?:may|might) also (?:like|enjoy|be interested in)',
      'recommended(?: for you| articles| stories)?',
      'read (?:more|next|also)',
      'see also',
      'also (?:read|on|in)\\b.*',
      'most (?:read|popular|viewed|shared)',
      'popular (?:posts|articles|stories)',
      'trending(?: now)?',
      'latest (?:news|posts|articles|stories)',
      'recent posts',
      'further reading',
      'top \\d+\\b.*',
      // German
      'auch interessant',
      'das (?:könnte|dürfte) sie (?:auch )?interessieren',
      'das könnte dich (?:auch )?interessieren',
      'lesen sie (?:auch|mehr|weiter)',
      'mehr (?:zum thema|zu diesem thema|aus|von|zu)\\b.*',
      'weitere (?:artikel|beiträge|themen|nachrichten|meldungen|informationen)\\b.*',
      'weiterführende links',
      'ähnliche (?:beiträge|artikel|themen)',
      'verwandte (?:beiträge|artikel|themen)',
      'beiträge zum thema',
      'themen im artikel',
      'meistgelesen(?:e)?(?: artikel)?',
      'beliebte (?:beiträge|artikel)',
      'neueste (?:beiträge|artikel)',
      'aktuelle (?:beiträge|artikel|nachrichten)',
      'empfehlungen(?: der redaktion)?',
      'zum thema',
      'empfohlene (?:beiträge|artikel)',
      'verwandte themen(?:bereiche)?',
      'weiterführende?r? links?',
      'das (?:thema )?könnte (?:sie|dich) (?:auch )?interessieren',
      'entdecke(?:n sie)? (?:jetzt|weitere|mehr)\\b.*',
      // French, Spanish, Italian, Dutch, Polish
      '(?:à )?lire aussi',
      'sur le même (?:sujet|thème)',
      'articles? (?:similaires|liés|connexes)',
      'dans la même rubrique',
      'les plus lus',
      '(?:(?:también )?(?:te|le) puede interesar|puedes ver|mira|mire|lee también|noticias relacionadas|artículos relacionados|lo más leído|leer más)',
      '(?:veja (?:também|mais)|leia (?:também|mais)|saiba mais)',
      '(?:leggi anche|articoli correlati|potrebbe interessarti)',
      '(?:lees ook|gerelateerde artikelen|meer nieuws)',
      '(?:czytaj (?:też|także|również)|zobacz (?:też|także|również)|polecamy|dowiedz się więcej)',
      '(?:new and exciting )?similar (?:articles|posts|stories|recipes|dishes|products)\\b.*',
    ].join('|') +
    ')\\s*[:：.…»›>!]*$',
  'i',
);

/** A teaser heading leading a line that names the teased article: `Lesen Sie auch: Der …`. */
export const TEASER_LEAD = new RegExp(`^(?:${TEASER_HEADING.source.slice(4, TEASER_HEADING.source.lastIndexOf(')'))})\\s*[:：]\\s*\\S.{0,180}$`, 'i');

/**
 * Whole short lines that are furniture in any article: sharing and printing, comment counters
 * and forms, feedback prompts, reading time, "updated", spam notices, subscription prompts.
 */
export const FURNITURE_LINE = new RegExp(
  '^(?:' +
    [
      'permalink',
      'share(?: (?:this|on|via|article|post|story))?(?: [a-z]+)?',
      '(?:diesen )?(?:artikel|beitrag|seite) (?:teilen|drucken|empfehlen|versenden)',
      'teilen(?: auf| via| per)?(?: [a-z]+)?',
      'drucken',
      'print(?: this)?(?: (?:article|page|post))?',
      'e-?mail(?: this)?',
      '(?:no|\\d+) comments?\\s*:?',
      '(?:keine|\\d+) kommentare?\\s*:?',
      'post a comment',
      'leave a (?:comment|reply)',
      'add (?:a )?comment',
      'comments?(?: \\(\\d+\\))?',
      'kommentare?(?: \\(\\d+\\))?',
      'kommentar(?:e)? schreiben',
      'schreibe(?:n sie)? einen kommentar',
      'hinterlasse(?:n sie)? (?:einen kommentar|eine antwort)',
      'antworten',
      'kommentare (?:sind )?geschlossen',
      'comments (?:are )?closed',
      'zurück(?: zur (?:übersicht|listenansicht|startseite))?',
      'reklama',
      'anzeige:?',
      'werbung:?',
      'release date:?',
      'veröffentlichung',
      'opublikowano:?',
      'kontakt:',
      'dowiedz się więcej',
      'pour lire la suite.*',
      'externer inhalt',
      'diese seite:',
      'reply',
      'give us feedback\\b.*',
      'feedback',
      'was this (?:article|page) (?:helpful|useful)\\??',
      'war dieser (?:artikel|beitrag) hilfreich\\??',
      '\\d+ min(?:ute)?s? read',
      '(?:lesezeit|lesedauer):? ?(?:ca\\. )?\\d+ min(?:uten)?\\.?',
      'aktualisiert(?: am)?:?',
      'updated:?',
      'anzeige',
      'advertisement',
      'werbung',
      'publicité',
      'publicidad',
      'lade weitere inhalte',
      'load more',
      'mehr laden',
      'show more',
      'weiterlesen',
      'continue reading',
      'zum vergrößern (?:auf das bild )?klicken',
      'diese website verwendet akismet,? um spam zu reduzieren\\..*',
      'this site uses akismet to reduce spam\\..*',
      'newsletter abonnieren',
      'abonniere(?:n sie)? unseren newsletter',
      'subscribe to (?:our|the) newsletter',
      'sign up for (?:our|the) newsletter',
      'follow us(?: on [a-z]+)?',
      'folge(?:n sie)? uns(?: auf [a-z]+)?',
      'tags?:',
      'schlagwörter:?',
      'stichwörter:?',
      'labels?:',
      'kategorien?:',
      'categories:',
      'filed under:?',
      'posted in:?',
      '(?:zurück|back) (?:to top|nach oben|zur übersicht)',
      'nach oben',
      'seitenanfang',
      'top',
      'bild(?:er)? vergrößern',
      'kommentieren',
      'ansprechpartner(?:in)?(?: zum thema)?:?',
      'vorschau auf den nächsten artikel',
      '(?:nächster|vorheriger) (?:artikel|beitrag)',
      '(?:next|previous) (?:article|post|story)',
      'meist-?(?:gelesen|diskutiert|kommentiert)',
    ].join('|') +
    ')\\s*[.…!]*$',
  'i',
);

/** Credit and source lines of pictures and agencies: `Foto: …`, `Bild: …`, `Crédits photos : …`. */
export const CREDIT_LINE =
  /^(?:fotos?|bild(?:er)?|titelbild|beitragsbild|headerbild|bildquelle|bildnachweis|quelle|photos?|image|images|picture|credits?|photo credits?|crédits?(?: photos?)?|crédito|créditos|fuente|foto ?credit|źródło|zdjęcie|illustration)\s*:\s*\S.{0,100}$/i;

/** Lines that only date or file the article: `Veröffentlicht am 3.4.2020`, `Category: Press`. */
export const FILING_LINE =
  /^(?:(?:erstellt|veröffentlicht|publiziert|aktualisiert|geändert|zuletzt (?:aktualisiert|geändert)|stand|published|posted|updated|last updated|release date|publié|mis à jour|publicado|actualizado|publikacja|opublikowano|aktualizacja)(?: (?:am|on|le|el|um))?\s*:?\s*[\w .,:/-]{0,40}\d[\w .,:/-]{0,30}|(?:category|categories|kategorie|kategorien|rubrik|catégorie|categoría|tags?|schlagwörter|autoren|autor(?:in)?|author|authors|von|by|par|por)\s*:\s*.{1,60})$/i;

/**
 * Phrases that make a short line furniture wherever they stand in it: subscription and donation
 * calls, affiliate and advertiser disclosures, reprint and licence notes, "filed under" footers,
 * login prompts, consent notices of blocked embeds, leaked server warnings.
 */
export const FURNITURE_PHRASE = new RegExp(
  [
    'newsletter',
    'subscribe now',
    'sign(?:ing)? up (?:for|to) (?:our|the)',
    'jetzt (?:abonnieren|spenden|unterstützen)',
    'support(?:ing)? our (?:work|journalism)',
    'unterstütze[n]? (?:uns|unsere arbeit)',
    'jede (?:kleine )?spende',
    'affiliate[- ]links?',
    'references to products from one or more of our advertisers',
    'we may (?:receive|earn) (?:a )?(?:compensation|commission)',
    '^disclaimer\\s*:',
    'copyrighted property of',
    'written permission must be obtained',
    'suggested citation',
    'this (?:entry|post) was posted (?:in|on)',
    'bookmark the permalink',
    '(?:beitrag|eintrag) wurde am .{0,80}(?:veröffentlicht|abgelegt)',
    'abgelegt unter',
    'gibt die meinung des autors wieder',
    'veröffentlicht unter der lizenz',
    'nicht eingeloggt',
    'müssen sich (?:einloggen|anmelden), um',
    'must be logged in to',
    'ohne (?:dein|ihr) einverständnis keine verbindung',
    '^warning: .{0,120} on line \\d+',
    'letzte aktualisierung am',
    '^(?:news date|datum|date)\\s*:',
    'download the .{1,40} apps?\\b',
    'zeige alle beiträge von',
    'view all posts by',
    'artikel mit anderen teilen',
    'trackback',
    'besuchen sie unseren (?:fan-?)?shop',
    'exklusive angebote',
    'bezahlschranke|paywall',
    'haftungs(?:beschränkung|ausschluss)',
    'keinen einfluss auf (?:die )?inhalte',
    '(?:es werden|zeige|showing|displaying) .{0,30}\\b\\d+ (?:bis|to|-|–) \\d+ (?:von|of) (?:insgesamt )?\\d+',
    '^(?:anzeige|werbung|advertisement|sponsored|publicité|publicidad|reklama)\\s*[-–:|]',
  ].join('|'),
  'i',
);

const MONTHS =
  'jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|jun[ei]?|jul[iy]?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre';
const DATE = new RegExp(
  `\\b(?:\\d{4}-\\d{1,2}-\\d{1,2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\.\\d+)?(?:[+-]\\d{2}:?\\d{2}|Z)?)?|\\d{1,2}\\.\\s?\\d{1,2}\\.\\s?\\d{2,4}|\\d{1,2}/\\d{1,2}/\\d{2,4}|(?:\\d{1,2}\\.?\\s+(?:de\\s+)?)?(?:${MONTHS})\\.?\\s+(?:de\\s+)?(?:\\d{1,2},?\\s+)?\\d{4})\\b(?:,?\\s*(?:at|um|à)?\\s*\\d{1,2}[:.]\\d{2}(?:\\s*(?:uhr|am|pm))?)?`,
  'i',
);

/** True for a line that is a date with at most a few words beside it (`21.01.2022 Presse-Mitteilung`). */
export function isDateLine(line: string): boolean {
  // `Termin: 29.02.2020, 19 Uhr` is content: a label before the date says what the date is of.
  if (line.length > 70 || /\p{L}\s*:/u.test(line) || !DATE.test(line)) return false;
  const rest = line.replace(DATE, ' ').replace(/[|,:;·•–—()\-/]+/g, ' ').trim();
  return rest === '' || rest.split(/\s+/).length <= 3;
}

/** The end of a picture caption that credits the picture: `… (Foto: dpa)`, `… © Getty Images`. */
export const CAPTION_CREDIT =
  /(?:©|\(c\)|\b(?:fotos?|photos?|photograph|bild|quelle|crédito|credits?|getty images|istock(?:\.com)?|reuters|dpa|afp|ap photo|unsplash|shutterstock|imago)\b)[^.!?]{0,80}\)?\.?$/i;

/** Headings of a legal notice section (disclaimer, liability for links): the section is furniture. */
export const LEGAL_HEADING = /^(?:haftungs(?:beschränkung|ausschluss)(?: für (?:externe )?(?:links|inhalte))?|disclaimer|rechtliche hinweise|legal notice|mentions légales|aviso legal)\s*[:：]?$/i;
