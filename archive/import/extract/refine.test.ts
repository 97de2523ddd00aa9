import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecodedPage } from '../types.ts';
import { isDateLine } from './boilerplate.ts';
import { parseDocument, type DomElement } from './dom.ts';
import { namedAsFurniture } from './furniture.ts';
import { extractArticle } from './index.ts';
import { furnitureLineKind } from './refine.ts';
import { cutFurniture, findMainText } from './text-density.ts';

function page(content: string): DecodedPage {
  return { format: 'html', content, charset: 'utf-8', url: 'https://example.org/a', savedAt: null, containerTitle: null, resources: [], warnings: [] };
}

const LONG = [
  'The river festival returned to the old harbour this weekend after three years of pause, and the quays were full from the first morning boat to the last concert at night.',
  'Organisers counted more than twelve thousand visitors on Saturday alone, most of them families from the surrounding villages who came by the new ferry line.',
  'Local fishermen opened their sheds to show how nets are mended by hand, a craft that only a handful of people in the region still practise every winter.',
  'The town council said the festival would be held every year again, provided the volunteers who ran the stalls and the parking can be found in time.',
];
const paragraphs = LONG.map((p) => `<p>${p}</p>`).join('\n');
const text = (html: string): string => extractArticle(page(html)).paragraphs.join('\n');

describe('furniture inside the article Readability picked', () => {
  it('drops a related-articles teaser box under its heading, keeps the article', () => {
    const out = text(`<html><head><title>River festival</title></head><body><article><h1>River festival</h1>${paragraphs}
      <h3>Auch interessant</h3>
      <ul><li><a href="/a/1">Harbour gets a new ferry pier</a></li><li><a href="/a/2">Fishermen mend nets by hand</a></li><li><a href="/a/3">Council votes on the budget</a></li></ul>
      </article></body></html>`);
    for (const p of LONG) assert.ok(out.includes(p.slice(0, 40)), p);
    assert.ok(!out.includes('Auch interessant'));
    assert.ok(!out.includes('Harbour gets a new ferry pier'));
  });

  it('drops a container named as furniture even when its name also says content', () => {
    const out = text(`<html><body><article><h1>River festival</h1>${paragraphs}
      <div class="related-content"><h4>Harbour towns</h4><p>Read our special on harbour towns of the north coast and their summer markets.</p><p>Twelve towns, twelve markets, one long weekend on the coast road.</p></div>
      <div class="share-buttons"><span>Share on Mastodon</span></div></article></body></html>`);
    assert.ok(out.includes(LONG[3]!.slice(0, 40)));
    assert.ok(!out.includes('special on harbour towns'));
    assert.ok(!out.includes('Share on Mastodon'));
  });

  it('drops furniture lines (permalink, feedback, reading time, picture credit, date line) but keeps sentences that mention such words', () => {
    const out = text(`<html><body><article><h1>River festival</h1>
      <p>3 Min Read</p><p>21.01.2022 Presse-Mitteilung</p>${paragraphs}
      <p>The comments of visitors were collected in a book that the museum now keeps on display.</p>
      <figure><img src="x.png" alt=""><figcaption>The harbour at dawn. (Foto: Anna Berg)</figcaption></figure>
      <p>Termin: 29.02.2020, 19 Uhr</p>
      <p>Permalink</p><p>Give us feedback in our Product Forums.</p></article></body></html>`);
    for (const gone of ['3 Min Read', 'Presse-Mitteilung', 'Permalink', 'Give us feedback', 'Foto: Anna Berg']) assert.ok(!out.includes(gone), gone);
    assert.ok(out.includes('The comments of visitors were collected'));
    assert.ok(out.includes('Termin: 29.02.2020, 19 Uhr'));
  });

  it('drops a heading that is wholly a link to another page (a teaser title), keeps section headings', () => {
    const out = text(`<html><body><article><h1>River festival</h1>${paragraphs.replace('</p>', '</p><h2>The fishermen</h2>')}
      <h3><a href="/2021/ferry">New ferry line opens in spring</a></h3></article></body></html>`);
    assert.ok(out.includes('The fishermen'));
    assert.ok(!out.includes('New ferry line opens in spring'));
  });
});

describe('our own pick where Readability cuts the article short', () => {
  it('keeps the steps of a recipe that sit in an ordered list after the intro', () => {
    const steps = ['Whisk the eggs with the sugar until pale', 'Fold in the flour and the melted butter', 'Pour into the tin and bake for forty minutes', 'Let it cool before cutting'];
    const out = text(`<html><body><div class="page">
      <div class="col"><div class="intro"><h1>Lemon cake</h1>
        <p>A cake for a rainy Sunday, made with lemons from the market, soft inside and crisp at the edges, and the recipe comes from a neighbour who baked it for every birthday in the street.</p>
        <p>It keeps for three days under a glass bell, and it tastes better on the second day, when the lemon has gone all through the crumb, so bake it on a Saturday if you can.</p></div></div>
      <div class="col"><div class="card"><h2>Ingredients</h2><ul><li>3 eggs</li><li>150 g sugar</li><li>200 g flour</li><li>100 g butter</li><li>2 lemons, zest and juice</li><li>1 pinch of salt</li></ul></div>
      <div class="card"><h2>Steps</h2><ol>${steps.map((s) => `<li>${s}.</li>`).join('')}</ol></div>
      <div class="card"><h2>Tips</h2><ul><li>Use unwaxed lemons, the zest goes into the batter</li><li>A glaze of lemon juice and icing sugar keeps it moist for days</li><li>Bake it in a loaf tin for neat slices</li></ul></div></div>
      </div></body></html>`);
    for (const s of steps) assert.ok(out.includes(s), s);
    assert.ok(out.includes('150 g sugar'));
  });

  it('finds the main text in a table layout and leaves menus and link lists out', () => {
    const document = parseDocument(`<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <table><tr><td><ul><li><a href="/1">One</a></li><li><a href="/2">Two</a></li><li><a href="/3">Three</a></li></ul></td>
      <td id="text">${paragraphs}</td></tr></table><footer>© Harbour Times</footer></body></html>`);
    cutFurniture(document);
    const main = findMainText(document);
    assert.equal(main?.element.getAttribute('id'), 'text');
    assert.ok((main?.text ?? 0) > 500);
  });
});

describe('furniture classes', () => {
  it('names of furniture containers: whole parts of a class token, never when content is named too', () => {
    const el = (cls: string): DomElement => parseDocument(`<div class="${cls}">x</div>`).querySelector('div')!;
    for (const cls of ['related-posts', 'jp-relatedposts', 'comment-respond', 'c-share', 'newsletter-box', 'author-bio']) assert.ok(namedAsFurniture(el(cls)), cls);
    for (const cls of ['shared-content', 'tagesschau', 'article-body related', 'entry-content share', 'TestReport__Section--Ads', 'elementor-widget-wrap']) assert.ok(!namedAsFurniture(el(cls)), cls);
  });

  it('teaser headings and teaser leads in several languages', () => {
    for (const line of ['Related stories', 'Auch interessant', 'Das könnte Sie auch interessieren!', 'Top 5 Reiseziele', 'Themen im Artikel', 'À lire aussi', 'Te puede interesar', 'Czytaj także']) {
      assert.equal(furnitureLineKind(line), 'teaser-heading', line);
    }
    assert.equal(furnitureLineKind('Lesen Sie auch: Der Hafen bekommt eine neue Fähre'), 'furniture');
    assert.equal(furnitureLineKind('Mehr Menschen als je zuvor kamen zum Hafenfest, sagte der Bürgermeister.'), null);
  });

  it('date lines are a date with at most a few words; a labelled date is content', () => {
    for (const line of ['7. Oktober 2020', 'Dezember 2008', '2021-10-16 | Botschaft', 'asked Feb 6, 2014 at 20:37']) assert.ok(isDateLine(line), line);
    for (const line of ['Termin: 29.02.2020, 19 Uhr', 'Am 3. Mai 2020 fuhr der erste Zug über die neue Brücke']) assert.ok(!isDateLine(line), line);
  });
});
