/**
 * What a page says about itself in its head: meta tags (Open Graph, Dublin Core, article:*),
 * `<link rel=canonical>`, JSON-LD, `<html lang>`. Read before Readability rewrites the document.
 */
import type { DomDocument, DomElement } from './dom.ts';

export interface PageMeta {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  description: string | null;
  published: string | null;
  canonical: string | null;
  ogUrl: string | null;
  lang: string | null;
}

const AUTHOR_KEYS = ['author', 'article:author', 'dc.creator', 'dcterms.creator', 'sailthru.author', 'byl', 'parsely-author'];
const DATE_KEYS = [
  'article:published_time', 'og:published_time', 'datepublished', 'pubdate', 'publishdate', 'publish-date',
  'date', 'dc.date', 'dc.date.issued', 'dcterms.date', 'dcterms.created', 'sailthru.date', 'parsely-pub-date',
  'weibo:article:create_at', 'publishtime', 'published_time',
];

/** Reads the page's self-description; every field is null when the page does not give it. */
export function readPageMeta(document: DomDocument): PageMeta {
  const meta = new Map<string, string>();
  for (const el of document.querySelectorAll('meta')) {
    const content = el.getAttribute('content')?.trim();
    if (!content) continue;
    for (const key of [el.getAttribute('property'), el.getAttribute('name'), el.getAttribute('itemprop')]) {
      for (const k of key?.toLowerCase().split(/\s+/) ?? []) if (k && !meta.has(k)) meta.set(k, content);
    }
  }
  const first = (keys: string[]): string | null => {
    for (const k of keys) {
      const v = meta.get(k);
      if (v) return v;
    }
    return null;
  };
  const ld = readJsonLd(document);
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href')?.trim() || null;
  const timeEl = document.querySelector('time[datetime][pubdate], article time[datetime], time[itemprop~="datePublished"]');
  // WeChat articles give their date only as the text of this element.
  const publishTime = textOf(document.querySelector('#publish_time')) || null;
  return {
    title: first(['og:title', 'twitter:title', 'dc.title', 'dcterms.title']) ?? ld.headline,
    byline: first(AUTHOR_KEYS) ?? ld.author,
    siteName: first(['og:site_name', 'application-name']) ?? ld.publisher,
    description: first(['description', 'og:description', 'twitter:description', 'dc.description']) ?? ld.description,
    published: first(DATE_KEYS) ?? ld.datePublished ?? timeEl?.getAttribute('datetime') ?? publishTime,
    canonical,
    ogUrl: first(['og:url', 'twitter:url']) ?? ld.url,
    lang:
      document.documentElement.getAttribute('lang') ??
      document.documentElement.getAttribute('xml:lang') ??
      first(['content-language', 'language', 'dc.language']) ??
      httpEquiv(document, 'content-language'),
  };
}

function httpEquiv(document: DomDocument, name: string): string | null {
  for (const el of document.querySelectorAll('meta[http-equiv]')) {
    if (el.getAttribute('http-equiv')?.toLowerCase() === name) return el.getAttribute('content')?.trim() || null;
  }
  return null;
}

interface LdFields {
  headline: string | null;
  author: string | null;
  publisher: string | null;
  description: string | null;
  datePublished: string | null;
  url: string | null;
}

const ARTICLE_TYPE = /Article|Posting|Report|Blog|NewsArticle|WebPage/;

/** The first JSON-LD object that describes an article. Broken JSON is ignored, not fatal. */
function readJsonLd(document: DomDocument): LdFields {
  const out: LdFields = { headline: null, author: null, publisher: null, description: null, datePublished: null, url: null };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ''));
    } catch {
      continue;
    }
    const item = findArticle(data);
    if (!item) continue;
    out.headline ??= str(item.headline) ?? str(item.name);
    out.author ??= names(item.author);
    out.publisher ??= names(item.publisher);
    out.description ??= str(item.description);
    out.datePublished ??= str(item.datePublished) ?? str(item.dateCreated);
    out.url ??= str(item.url) ?? str(item.mainEntityOfPage);
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

function findArticle(data: unknown, depth = 0): Obj | null {
  if (depth > 4) return null;
  if (Array.isArray(data)) {
    for (const d of data) {
      const found = findArticle(d, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (!isObj(data)) return null;
  const type = data['@type'];
  const types = Array.isArray(type) ? type : [type];
  if (types.some((t) => typeof t === 'string' && ARTICLE_TYPE.test(t))) return data;
  return findArticle(data['@graph'], depth + 1);
}

function names(v: unknown): string | null {
  const list = Array.isArray(v) ? v : [v];
  const out = list.map((x) => str(x) ?? (isObj(x) ? str(x.name) : null)).filter((x): x is string => x !== null);
  return out.length > 0 ? out.join(', ') : null;
}

/** The element's text with whitespace collapsed. */
export function textOf(el: DomElement | null): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
