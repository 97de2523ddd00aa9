/**
 * @summary The library's sidebar: its collections (All, Recently imported, Needs review,
 * Highlighted), then each tag and each source, every entry with its count and the one shown now
 * marked `aria-current`. One Tab stop: the arrow keys (and Home, End) move between entries,
 * Enter or Space shows one.
 * @event reader-intent - an entry was chosen (`filters` with the collection, tag and source it shows)
 */
import { css, html, LitElement, nothing } from 'lit';
import { Clock, FileExclamationPoint, Highlighter, Library, Newspaper, Tag, type IconNode } from 'lucide';
import type { FacetValue, LibraryCollection, LibraryFacets } from '../../archive/model.ts';
import { ReaderIntentEvent } from '../app/events.ts';
import type { StringKey, Translate } from '../i18n/strings.ts';
import { icon } from '../ui/icons.ts';

type CollectionEntry = { collection: 'all' | LibraryCollection; name: StringKey; hint: StringKey; glyph: IconNode; count: keyof LibraryFacets['collections'] };

const COLLECTIONS: CollectionEntry[] = [
  { collection: 'all', name: 'collectionAll', hint: 'collectionAllHint', glyph: Library, count: 'all' },
  { collection: 'recent', name: 'collectionRecent', hint: 'collectionRecentHint', glyph: Clock, count: 'recent' },
  { collection: 'needs-review', name: 'collectionNeedsReview', hint: 'collectionNeedsReviewHint', glyph: FileExclamationPoint, count: 'needsReview' },
  { collection: 'highlighted', name: 'collectionHighlighted', hint: 'collectionHighlightedHint', glyph: Highlighter, count: 'highlighted' },
];

/** What the list shows now: a collection, a tag, a source ('' for none). */
export interface LibraryView {
  collection: '' | LibraryCollection;
  tag: string;
  source: string;
}

export class LibrarySidebar extends LitElement {
  static override properties = {
    facets: { attribute: false },
    collection: { type: String },
    tag: { type: String },
    source: { type: String },
    locale: { type: String },
    t: { attribute: false },
  };

  static override styles = css`
    :host { display: block; min-height: 0; overflow-y: auto; background: var(--pane); border-right: 1px solid var(--rule); font-size: 13px; }
    nav { padding: 10px 8px 16px; }
    h2 { margin: 14px 8px 4px; font-size: 11px; font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); display: flex; gap: 6px; align-items: center; }
    h2:first-child { margin-top: 2px; }
    ul { list-style: none; margin: 0; padding: 0; }
    button {
      display: flex; align-items: center; gap: 8px; width: 100%; box-sizing: border-box; min-height: 28px; padding: 4px 8px;
      border: 0; border-radius: 6px; background: transparent; color: var(--fg); font: inherit; text-align: start; cursor: pointer;
    }
    button:hover { background: var(--hover); }
    button[aria-current='true'] { background: var(--selected); font-weight: 600; }
    button:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
    .name { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .count { color: var(--muted); font-variant-numeric: tabular-nums; font-size: 12px; }
    .icon { flex: none; color: var(--muted); }
    button[aria-current='true'] .icon { color: var(--accent); }
  `;

  facets: LibraryFacets | null = null;
  /** What the list shows now (properties rather than one object, so an unrelated update of the window does not redraw the sidebar). */
  collection: '' | LibraryCollection = '';
  tag = '';
  source = '';
  /** The interface language, for the counts' digits. */
  locale = 'en';
  t: Translate = (key) => key;

  /** The entries in order, as the arrow keys walk them. */
  get #entries(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button[data-entry]')];
  }

  #choose(view: LibraryView): void {
    this.dispatchEvent(new ReaderIntentEvent({ kind: 'filters', patch: { collection: view.collection, tag: view.tag, source: view.source } }));
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    const entries = this.#entries;
    const at = entries.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLButtonElement);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: entries.length - 1 };
    if (!(event.key in moves) || at < 0) return;
    event.preventDefault();
    const next = entries[Math.max(0, Math.min(entries.length - 1, moves[event.key]!))];
    if (!next) return;
    for (const entry of entries) entry.tabIndex = entry === next ? 0 : -1;
    next.focus();
  };

  #count(n: number): string {
    return n.toLocaleString(this.locale);
  }

  #entry(attrs: { kind: 'collection' | 'tag' | 'source'; value: string }, current: boolean, label: string, count: number, title: string | null, glyph: IconNode | null, onChoose: () => void): unknown {
    return html`<li><button
      data-entry
      data-collection=${attrs.kind === 'collection' ? attrs.value : nothing}
      data-tag=${attrs.kind === 'tag' ? attrs.value : nothing}
      data-source=${attrs.kind === 'source' ? attrs.value : nothing}
      aria-current=${current ? 'true' : nothing}
      title=${title ?? nothing}
      @click=${onChoose}
    >${glyph ? icon(glyph, 16) : nothing}<span class="name">${label}</span><span class="count">${this.#count(count)}</span></button></li>`;
  }

  #facetList(kind: 'tag' | 'source', values: FacetValue[], chosen: string): unknown {
    return values.map((f) =>
      this.#entry({ kind, value: f.value }, f.value === chosen, f.value, f.count, null, null, () =>
        this.#choose(kind === 'tag' ? { collection: '', tag: f.value, source: '' } : { collection: '', tag: '', source: f.value }),
      ),
    );
  }

  override render(): unknown {
    const t = this.t;
    const { collection, tag, source } = this;
    const counts = this.facets?.collections ?? { all: 0, recent: 0, needsReview: 0, highlighted: 0 };
    const tags = this.facets?.tags ?? [];
    const sources = this.facets?.sources ?? [];
    return html`<nav aria-label=${t('librarySidebar')} @keydown=${this.#onKeyDown}>
      <h2 id="collections-heading">${t('sidebarCollections')}</h2>
      <ul aria-labelledby="collections-heading">
        ${COLLECTIONS.map((c) => {
          const current = c.collection === 'all' ? !collection && !tag && !source : c.collection === collection && !tag && !source;
          const view: LibraryView = { collection: c.collection === 'all' ? '' : c.collection, tag: '', source: '' };
          return this.#entry({ kind: 'collection', value: c.collection }, current, t(c.name), counts[c.count], t(c.hint), c.glyph, () => this.#choose(view));
        })}
      </ul>
      ${tags.length > 0
        ? html`<h2 id="tags-heading">${icon(Tag, 12)}${t('sidebarTags')}</h2><ul aria-labelledby="tags-heading">${this.#facetList('tag', tags, tag)}</ul>`
        : nothing}
      ${sources.length > 0
        ? html`<h2 id="sources-heading">${icon(Newspaper, 12)}${t('sidebarSources')}</h2><ul aria-labelledby="sources-heading">${this.#facetList('source', sources, source)}</ul>`
        : nothing}
    </nav>`;
  }

  protected override updated(): void {
    // One Tab stop: the entry with focus, else the one shown now (or the first).
    const entries = this.#entries;
    const focused = entries.find((e) => e === (this.renderRoot as ShadowRoot).activeElement);
    const stop = focused ?? entries.find((e) => e.getAttribute('aria-current') === 'true') ?? entries[0];
    for (const entry of entries) entry.tabIndex = entry === stop ? 0 : -1;
  }
}

customElements.define('library-sidebar', LibrarySidebar);

declare global {
  interface HTMLElementTagNameMap {
    'library-sidebar': LibrarySidebar;
  }
}
