/**
 * The one owner of the app's state: settings, the library rows, the open article and how it is
 * displayed. It alone talks to `window.reader`; elements get data through properties and send
 * intents up as events, which the shell turns into calls here.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReaderBridge } from '../../archive/contract.ts';
import {
  clampSetting,
  DEFAULT_SETTINGS,
  displayLang,
  stepSetting,
  type ArticleBody,
  type ArticleView,
  type Extraction,
  type LibraryFacets,
  type ListQuery,
  type ScriptMode,
  type SearchResults,
  type Settings,
  type SortKey,
} from '../../archive/model.ts';
import { resolveUiLocale, translator, type Translate, type UiLocale } from '../i18n/strings.ts';
import { ListCache } from '../library/list-cache.ts';
import { TransferController } from './transfers.ts';

/** What the reader shows of an article in one script. */
export interface DisplayedText {
  title: string;
  byline: string | null;
  source: string | null;
  body: ArticleBody;
  /** BCP 47 tag of the displayed text, for `lang` attributes. */
  lang: string | null;
}

const SETTINGS_DELAY_MS = 250;
const REFRESH_DELAY_MS = 100;
const SEARCH_DELAY_MS = 120;
const SEARCH_LIMIT = 200;
/** The tag of the sample articles written on first start (`SAMPLE_TAG` in archive/sample.ts). */
export const SAMPLE_TAG = 'sample';

export type LangFilter = '' | 'zh-Hans' | 'zh-Hant' | 'en';

/** Filters to change ('' clears one). */
export interface LibraryFilterPatch {
  lang?: LangFilter;
  source?: string;
  tag?: string;
  from?: string;
  to?: string;
  extraction?: '' | Extraction;
}

export class AppController implements ReactiveController {
  settings: Settings = { ...DEFAULT_SETTINGS };
  locale: UiLocale = 'en';
  t: Translate = translator('en');
  ready = false;
  list: ListCache;
  sort: SortKey = 'publishedAt';
  langFilter: LangFilter = '';
  /** Show only articles with this tag ('' for all). */
  tagFilter = '';
  /** Show only articles from this source ('' for all). */
  sourceFilter = '';
  /** Publication dates to show, inclusive (YYYY-MM-DD, '' for open-ended). */
  dateFrom = '';
  dateTo = '';
  /** Show only extracted articles, or only whole-page fallbacks ('' for both). */
  extractionFilter: '' | Extraction = '';
  /** The sources, tags and date span the filters offer (null until loaded). */
  facets: LibraryFacets | null = null;
  selectedIndex = -1;
  article: ArticleView | null = null;
  displayed: DisplayedText | null = null;
  notices: string[] = [];
  error: string | null = null;
  systemDark = false;
  /** Ids in the library's multi-selection (export, tag, remove together). */
  checked = new Set<string>();
  #lastToggled = -1;
  /** How many sample articles the library holds (they can be removed in one step). */
  sampleCount = 0;
  readonly canConvert = true;
  readonly canSearch = true;
  readonly canImport = true;
  /** The search box's text; results replace the library list while it is not empty. */
  searchQuery = '';
  searchResults: SearchResults | null = null;
  /** Selected row of the search results. */
  selectedHit = -1;
  /** Imports and exports started from the window, and their progress. */
  readonly transfers: TransferController;
  /** Bumped when a menu asks for find-in-article, so the reader can open its find bar. */
  findRequests = 0;
  #pendingSettings: Partial<Settings> = {};
  #settingsTimer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: (() => void)[] = [];
  #openSeq = 0;
  #darkQuery: MediaQueryList | null = null;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The row being opened (the article arrives later). */
  #selectingId: string | null = null;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #searchSeq = 0;
  /** Set by the shell: what to do on a menu's Shortcuts command. */
  onShortcutsRequested: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly bridge: ReaderBridge,
  ) {
    host.addController(this);
    this.list = new ListCache((q) => bridge.listArticles(q), () => host.requestUpdate());
    this.transfers = new TransferController(host, bridge, (work) => this.#guard(work), () => ({
      id: this.article?.meta.id ?? null,
      script: this.settings.script,
      fontSize: this.settings.fontSize,
      typography: { cjkPunctuation: this.settings.cjkPunctuation, justify: this.settings.justify, fontFamily: this.settings.fontFamily, writingMode: this.settings.writingMode, showRuby: this.settings.showRuby },
    }));
  }

  hostConnected(): void {
    this.#darkQuery = matchMedia('(prefers-color-scheme: dark)');
    this.systemDark = this.#darkQuery.matches;
    this.#darkQuery.addEventListener('change', this.#onSchemeChange);
    this.#unsubscribe.push(
      this.bridge.on('archiveChanged', () => {
        // An import or removal sends one event per article: refresh once for the burst.
        clearTimeout(this.#refreshTimer);
        this.#refreshTimer = setTimeout(() => void this.refreshList(), REFRESH_DELAY_MS);
      }),
      this.bridge.on('notice', ({ message }) => {
        this.notices = [...this.notices, message];
        this.host.requestUpdate();
      }),
      ...this.transfers.listen(),
      this.bridge.on('settingsChanged', (settings) => void this.#adoptSettings(settings)),
      this.bridge.on('menuCommand', ({ command }) => {
        if (command === 'export') this.transfers.openExport();
        else if (command === 'find') this.findRequests++;
        else this.onShortcutsRequested?.();
        this.host.requestUpdate();
      }),
    );
    void this.start();
  }

  hostDisconnected(): void {
    this.#darkQuery?.removeEventListener('change', this.#onSchemeChange);
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    void this.flushSettings();
  }

  #onSchemeChange = (event: MediaQueryListEvent): void => {
    this.systemDark = event.matches;
    this.host.requestUpdate();
  };

  /** Loads settings and the first page of the library. */
  async start(): Promise<void> {
    await this.#guard(async () => {
      this.settings = await this.bridge.getSettings({});
      this.#applyLocale();
      await this.list.reset(this.#query());
      this.sampleCount = (await this.bridge.listArticles({ tag: SAMPLE_TAG, limit: 0 })).total;
      this.facets = await this.bridge.getFacets({});
    });
    this.ready = true;
    this.host.requestUpdate();
  }

  /** The theme actually shown: the user's choice, or the OS's until they choose. */
  get theme(): 'light' | 'dark' | 'sepia' {
    const chosen = this.settings.theme;
    return chosen === 'system' ? (this.systemDark ? 'dark' : 'light') : chosen;
  }

  #query(): ListQuery {
    const query: ListQuery = { sort: this.sort };
    // Titles and sources in the list are shown in the reader's script too.
    if (this.settings.script !== 'original') query.script = this.settings.script;
    if (this.langFilter) query.lang = this.langFilter;
    if (this.tagFilter) query.tag = this.tagFilter;
    if (this.sourceFilter) query.source = this.sourceFilter;
    if (this.dateFrom) query.from = this.dateFrom;
    if (this.dateTo) query.to = this.dateTo;
    if (this.extractionFilter) query.extraction = this.extractionFilter;
    return query;
  }

  /** How many of the library's filters (language, source, tag, dates) narrow the list now. */
  get activeFilters(): number {
    return [this.langFilter, this.sourceFilter, this.tagFilter, this.dateFrom || this.dateTo, this.extractionFilter].filter(Boolean).length;
  }

  /** Changes some of the library's filters; the list (and a search under way) follow. */
  async setFilters(patch: LibraryFilterPatch): Promise<void> {
    if (patch.lang !== undefined) this.langFilter = patch.lang;
    if (patch.source !== undefined) this.sourceFilter = patch.source;
    if (patch.tag !== undefined) this.tagFilter = patch.tag;
    if (patch.from !== undefined) this.dateFrom = patch.from;
    if (patch.to !== undefined) this.dateTo = patch.to;
    if (patch.extraction !== undefined) this.extractionFilter = patch.extraction;
    // A range given backwards means the same days.
    if (this.dateFrom && this.dateTo && this.dateFrom > this.dateTo) [this.dateFrom, this.dateTo] = [this.dateTo, this.dateFrom];
    if (this.searchQuery.trim()) void this.#runSearch(this.searchQuery);
    await this.refreshList(false);
  }

  /** Shows the whole library again. */
  clearFilters(): Promise<void> {
    return this.setFilters({ lang: '', source: '', tag: '', from: '', to: '', extraction: '' });
  }

  #applyLocale(): void {
    this.locale = resolveUiLocale(this.settings.uiLanguage, navigator.languages?.length ? navigator.languages : [navigator.language]);
    this.t = translator(this.locale);
    document.documentElement.lang = this.locale;
    document.title = this.t('appTitle');
  }

  /**
   * Reloads the library rows, keeping the open article selected. `contentChanged` is false when
   * only the view changed (sort, filters, script): then the counts and the open article stand.
   */
  async refreshList(contentChanged = true): Promise<void> {
    const openId = this.article?.meta.id;
    await this.#guard(async () => {
      await this.list.reset(this.#query());
      if (!contentChanged) return;
      this.sampleCount = (await this.bridge.listArticles({ tag: SAMPLE_TAG, limit: 0 })).total;
      this.facets = await this.bridge.getFacets({});
    });
    // The row under the keyboard may have moved (or be opening right now): find it by id.
    const selectedId = this.#selectingId ?? this.article?.meta.id;
    this.selectedIndex = selectedId ? this.list.indexOf(selectedId) : -1;
    if (contentChanged && openId && !(await this.bridge.getArticle({ id: openId }))) this.#close();
    this.host.requestUpdate();
  }

  async setSort(sort: SortKey): Promise<void> {
    this.sort = sort;
    await this.refreshList(false);
  }

  setTagFilter(tag: string): Promise<void> {
    return this.setFilters({ tag });
  }

  /** Replaces the open article's tags. */
  async setTags(tags: string[]): Promise<void> {
    const article = this.article;
    if (!article) return;
    await this.#guard(async () => {
      const meta = await this.bridge.updateArticle({ id: article.meta.id, tags });
      if (this.article?.meta.id === meta.id) this.article = { ...this.article, meta: { ...this.article.meta, tags: meta.tags } };
    });
    this.host.requestUpdate();
  }

  /** Adds or removes a row from the multi-selection; with `range`, every loaded row since the last one. */
  toggleChecked(index: number, id: string, range: boolean): void {
    const next = new Set(this.checked);
    if (range && this.#lastToggled >= 0) {
      const [from, to] = index < this.#lastToggled ? [index, this.#lastToggled] : [this.#lastToggled, index];
      for (let i = from; i <= to; i++) {
        const row = this.list.at(i);
        if (row) next.add(row.id);
      }
    } else if (next.has(id)) next.delete(id);
    else next.add(id);
    this.#lastToggled = index;
    this.checked = next;
    this.host.requestUpdate();
  }

  clearChecked(): void {
    this.checked = new Set();
    this.#lastToggled = -1;
    this.host.requestUpdate();
  }

  /** Adds a tag to every selected article. */
  async tagChecked(tag: string): Promise<void> {
    await this.#guard(async () => {
      for (const id of this.checked) {
        const view = await this.bridge.getArticle({ id });
        if (view && !view.meta.tags.includes(tag)) await this.bridge.updateArticle({ id, tags: [...view.meta.tags, tag] });
      }
    });
    if (this.article && this.checked.has(this.article.meta.id)) await this.open(this.article.meta.id);
    this.host.requestUpdate();
  }

  /** Removes every selected article (the window asked the user first). */
  async removeChecked(): Promise<void> {
    const ids = [...this.checked];
    await this.#guard(async () => {
      await this.bridge.removeArticles({ ids });
    });
    if (this.article && ids.includes(this.article.meta.id)) this.#close();
    this.clearChecked();
    await this.refreshList();
  }

  /** Removes the open article (the window asked the user first). */
  async removeCurrent(): Promise<void> {
    const article = this.article;
    if (!article) return;
    await this.#guard(async () => {
      await this.bridge.removeArticles({ ids: [article.meta.id] });
    });
    this.#close();
    await this.refreshList();
  }

  setLangFilter(filter: LangFilter): Promise<void> {
    return this.setFilters({ lang: filter });
  }

  /** Opens the article at `index` of the library list. */
  async openAt(index: number): Promise<void> {
    if (index < 0 || index >= this.list.total) return;
    this.selectedIndex = index;
    this.#selectingId = this.list.at(index)?.id ?? null;
    this.host.requestUpdate();
    const meta = await this.list.get(index);
    if (meta) await this.open(meta.id);
    if (this.#selectingId === meta?.id) this.#selectingId = null;
  }

  /** Opens an article by id. */
  async open(id: string): Promise<void> {
    const seq = ++this.#openSeq;
    await this.#guard(async () => {
      const view = await this.bridge.getArticle({ id });
      if (seq !== this.#openSeq) return;
      if (!view) {
        this.#close();
        return;
      }
      const displayed = await this.#display(view, this.settings.script);
      if (seq !== this.#openSeq) return;
      this.article = view;
      this.displayed = displayed;
      const index = this.list.indexOf(id);
      if (index >= 0) this.selectedIndex = index;
    });
    this.host.requestUpdate();
  }

  /** Moves the selection by `delta` rows (of the search results when shown) and opens that article (j/k). */
  step(delta: number): Promise<void> {
    const hits = this.searchResults?.hits;
    if (hits) {
      if (hits.length === 0) return Promise.resolve();
      const from = this.selectedHit < 0 ? (delta > 0 ? -1 : hits.length) : this.selectedHit;
      return this.openHit(Math.min(hits.length - 1, Math.max(0, from + delta)));
    }
    const from = this.selectedIndex < 0 ? (delta > 0 ? -1 : this.list.total) : this.selectedIndex;
    return this.openAt(Math.min(this.list.total - 1, Math.max(0, from + delta)));
  }

  #close(): void {
    this.article = null;
    this.displayed = null;
    this.selectedIndex = -1;
  }

  /** The article as it reads in `script` (the service converts; the stored text never changes). */
  async #display(view: ArticleView, script: ScriptMode): Promise<DisplayedText> {
    const converted = script === 'original' ? view : await this.bridge.getArticle({ id: view.meta.id, script });
    const shown = converted ?? view;
    const { title, byline, source } = shown.meta;
    return { title, byline, source, body: shown.body, lang: shown.meta.lang ?? displayLang(script, view.meta.lang) };
  }

  /** Settings changed elsewhere (a menu): show them, and the article in a new script. */
  async #adoptSettings(settings: Settings): Promise<void> {
    const scriptChanged = settings.script !== this.settings.script;
    this.settings = { ...settings, ...this.#pendingSettings };
    this.#applyLocale();
    this.host.requestUpdate();
    if (scriptChanged) await this.setScript(this.settings.script);
  }

  /** Runs a search as the user types (debounced); an empty box brings the library back. */
  setSearchQuery(query: string): void {
    this.searchQuery = query;
    clearTimeout(this.#searchTimer);
    if (!query.trim()) {
      this.#searchSeq++;
      this.searchResults = null;
      this.selectedHit = -1;
      this.host.requestUpdate();
      return;
    }
    this.#searchTimer = setTimeout(() => void this.#runSearch(query), SEARCH_DELAY_MS);
  }

  async #runSearch(query: string): Promise<void> {
    const seq = ++this.#searchSeq;
    await this.#guard(async () => {
      const { sort: _sort, ...filters } = this.#query();
      const request = { query: query.trim(), script: this.settings.script, limit: SEARCH_LIMIT, ...filters };
      const results = await this.bridge.search(request);
      if (seq !== this.#searchSeq) return;
      this.searchResults = results;
      this.selectedHit = -1;
      if (!results.totalExact) void this.#countTotal(seq, request);
    });
    this.host.requestUpdate();
  }

  /** Asks for the exact total of a search whose first page is shown ("counting…" until then). */
  async #countTotal(seq: number, request: Parameters<ReaderBridge['search']>[0]): Promise<void> {
    await this.#guard(async () => {
      const counted = await this.bridge.search({ ...request, limit: 1, waitForTotal: true });
      if (seq !== this.#searchSeq || !this.searchResults || !counted.totalExact) return;
      this.searchResults = { ...this.searchResults, total: counted.total, exact: true, totalExact: true };
    });
    this.host.requestUpdate();
  }

  /** Opens the search result at `index`. */
  async openHit(index: number): Promise<void> {
    const hit = this.searchResults?.hits[index];
    if (!hit) return;
    this.selectedHit = index;
    this.host.requestUpdate();
    await this.open(hit.id);
  }

  async setScript(script: ScriptMode): Promise<void> {
    this.#changeSettings({ script });
    if (this.searchQuery.trim()) void this.#runSearch(this.searchQuery);
    const view = this.article;
    if (view) {
      await this.#guard(async () => {
        const displayed = await this.#display(view, script);
        if (this.article === view) this.displayed = displayed;
        // For the ui bench: the converted text has arrived; what follows is rendering.
        performance.mark('reader:script-data');
      });
      this.host.requestUpdate();
    }
    // The list's titles follow, after the article: the one being read changes first.
    await this.refreshList(false);
  }

  setFontSize(px: number): void {
    const fontSize = clampSetting('fontSize', Math.round(px));
    if (fontSize !== this.settings.fontSize) this.#changeSettings({ fontSize });
  }

  bumpFontSize(direction: 1 | -1): void {
    this.setFontSize(stepSetting('fontSize', this.settings.fontSize, direction));
  }

  resetFontSize(): void {
    this.setFontSize(stepSetting('fontSize', this.settings.fontSize, 0));
  }

  setTheme(theme: Settings['theme']): void {
    this.#changeSettings({ theme });
  }

  setLineHeight(lineHeight: number): void {
    this.#changeSettings({ lineHeight: clampSetting('lineHeight', lineHeight) });
  }

  setMeasure(measure: number): void {
    this.#changeSettings({ measure: clampSetting('measure', Math.round(measure)) });
  }

  setFirstLineIndent(firstLineIndent: boolean): void {
    this.#changeSettings({ firstLineIndent });
  }

  /** The Chinese setting: full-width marks, justification, face, vertical columns. */
  setTypography(patch: Partial<Pick<Settings, 'cjkPunctuation' | 'justify' | 'fontFamily' | 'writingMode'>>): void {
    this.#changeSettings(patch);
  }

  setShowRuby(showRuby: boolean): void {
    this.#changeSettings({ showRuby });
  }

  setUiLanguage(uiLanguage: Settings['uiLanguage']): void {
    this.#changeSettings({ uiLanguage });
    this.#applyLocale();
  }

  setPaneWidth(libraryPaneWidth: number): void {
    this.#changeSettings({ libraryPaneWidth: clampSetting('libraryPaneWidth', Math.round(libraryPaneWidth)) });
  }

  /** Saves how far the open article has been read. */
  saveProgress(id: string, progress: number): void {
    void this.#guard(async () => {
      const state = await this.bridge.saveReadingState({ id, progress: Math.min(1, Math.max(0, progress)) });
      if (this.article?.meta.id === id) this.article = { ...this.article, reading: state };
    });
  }

  /** Removes every sample article (the user's own are never tagged so). */
  async removeSamples(): Promise<void> {
    await this.#guard(async () => {
      const page = await this.bridge.listArticles({ tag: SAMPLE_TAG, limit: 1000 });
      await this.bridge.removeArticles({ ids: page.items.map((m) => m.id) });
    });
    await this.refreshList();
  }

  dismissNotice(index: number): void {
    this.notices = this.notices.filter((_, i) => i !== index);
    this.error = null;
    this.host.requestUpdate();
  }

  /** Applies a settings change now and saves it shortly (a burst of A+ presses is one write). */
  #changeSettings(patch: Partial<Settings>): void {
    this.settings = { ...this.settings, ...patch };
    this.#pendingSettings = { ...this.#pendingSettings, ...patch };
    clearTimeout(this.#settingsTimer);
    this.#settingsTimer = setTimeout(() => void this.flushSettings(), SETTINGS_DELAY_MS);
    this.host.requestUpdate();
  }

  /** Writes pending settings changes now. */
  async flushSettings(): Promise<void> {
    clearTimeout(this.#settingsTimer);
    const patch = this.#pendingSettings;
    this.#pendingSettings = {};
    if (Object.keys(patch).length > 0) await this.#guard(() => this.bridge.updateSettings(patch).then(() => undefined));
  }

  async #guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      this.host.requestUpdate();
    }
  }
}
