/**
 * The one owner of the app's state, and the only part of the window that talks to
 * `window.reader`. Each concern keeps its own state: the preferences (settings-state.ts), the
 * library (library-state.ts), the open article (reader-state.ts), the search (search-state.ts),
 * imports and exports (transfers.ts). This class wires them to the service's events and runs the
 * steps that touch several of them (a script switch, a filter change, a removal). Elements get
 * data through properties and send intents up as events, which the shell turns into calls here.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReaderBridge } from '../../archive/contract.ts';
import type { ScriptMode, Settings, SortKey } from '../../archive/model.ts';
import type { AppContext } from './app-context.ts';
import { HighlightsState } from './highlights-state.ts';
import { LibraryState, type LibraryFilterPatch } from './library-state.ts';
import { ReaderState } from './reader-state.ts';
import { SearchState } from './search-state.ts';
import { SettingsState } from './settings-state.ts';
import { TransferController } from './transfers.ts';

const REFRESH_DELAY_MS = 100;

export class AppController implements ReactiveController {
  ready = false;
  notices: string[] = [];
  error: string | null = null;
  systemDark = false;
  readonly canConvert = true;
  readonly canSearch = true;
  readonly canImport = true;
  readonly prefs: SettingsState;
  readonly library: LibraryState;
  readonly reader: ReaderState;
  /** The open article's highlights and the highlights panel. */
  readonly highlights: HighlightsState;
  readonly search: SearchState;
  /** Imports (whoever started them) and exports, and their progress. */
  readonly transfers: TransferController;
  /** Bumped when a menu asks for find-in-article, so the reader can open its find bar. */
  findRequests = 0;
  /** Set by the shell: what to do on a menu's Shortcuts command. */
  onShortcutsRequested: (() => void) | null = null;
  #unsubscribe: (() => void)[] = [];
  #darkQuery: MediaQueryList | null = null;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The row being opened (the article arrives later). */
  #selectingId: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly bridge: ReaderBridge,
  ) {
    host.addController(this);
    const ctx: AppContext = { bridge, guard: (work) => this.#guard(work), update: () => host.requestUpdate() };
    this.prefs = new SettingsState(ctx);
    this.library = new LibraryState(ctx);
    this.reader = new ReaderState(ctx);
    this.highlights = new HighlightsState(ctx);
    this.search = new SearchState(ctx, () => {
      const { sort: _sort, ...filters } = this.library.query(this.settings.script);
      return { script: this.settings.script, ...filters };
    });
    this.transfers = new TransferController(host, bridge, ctx.guard, () => ({
      id: this.reader.openId,
      script: this.settings.script,
      fontSize: this.settings.fontSize,
      typography: { ...this.prefs.typography, showRuby: this.settings.showRuby },
    }));
  }

  get settings(): Settings {
    return this.prefs.settings;
  }

  get t(): SettingsState['t'] {
    return this.prefs.t;
  }

  /** The theme actually shown: the user's choice, or the OS's until they choose. */
  get theme(): 'light' | 'dark' | 'sepia' {
    const chosen = this.settings.theme;
    return chosen === 'system' ? (this.systemDark ? 'dark' : 'light') : chosen;
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
    void this.prefs.flush();
  }

  #onSchemeChange = (event: MediaQueryListEvent): void => {
    this.systemDark = event.matches;
    this.host.requestUpdate();
  };

  /** Loads settings and the first page of the library. */
  async start(): Promise<void> {
    await this.#guard(async () => {
      await this.prefs.load();
      await this.library.reload(this.settings.script, true);
    });
    this.ready = true;
    this.host.requestUpdate();
  }

  /**
   * Reloads the library rows, keeping the open article selected. `contentChanged` is false when
   * only the view changed (sort, filters, script): then the counts and the open article stand.
   */
  async refreshList(contentChanged = true): Promise<void> {
    const openId = this.reader.openId;
    await this.#guard(() => this.library.reload(this.settings.script, contentChanged));
    // The row under the keyboard may have moved (or be opening right now): find it by id.
    const selectedId = this.#selectingId ?? this.reader.openId;
    this.library.selectedIndex = selectedId ? this.library.list.indexOf(selectedId) : -1;
    if (contentChanged && openId && !(await this.bridge.getArticle({ id: openId }))) this.#close();
    this.host.requestUpdate();
  }

  /** Changes some of the library's filters; the list (and a search under way) follow. */
  async setFilters(patch: LibraryFilterPatch): Promise<void> {
    this.library.applyFilters(patch);
    void this.search.run();
    await this.refreshList(false);
  }

  /** Shows the whole library again. */
  clearFilters(): Promise<void> {
    return this.setFilters({ lang: '', source: '', tag: '', from: '', to: '', extraction: '', collection: '' });
  }

  async setSort(sort: SortKey): Promise<void> {
    this.library.sort = sort;
    await this.refreshList(false);
  }

  /** Adds a tag to every selected article; the open one shows it. */
  async tagChecked(tag: string): Promise<void> {
    await this.library.tagChecked(tag);
    const openId = this.reader.openId;
    if (openId && this.library.checked.has(openId)) await this.open(openId);
    this.host.requestUpdate();
  }

  /** Removes every selected article (the window asked the user first). */
  async removeChecked(): Promise<void> {
    const ids = await this.library.removeChecked();
    const openId = this.reader.openId;
    if (openId && ids.includes(openId)) this.#close();
    await this.refreshList();
  }

  /** Removes the open article (the window asked the user first). */
  async removeCurrent(): Promise<void> {
    await this.reader.removeOpen();
    this.library.selectedIndex = -1;
    await this.refreshList();
  }

  async removeSamples(): Promise<void> {
    await this.library.removeSamples();
    await this.refreshList();
  }

  /** Opens the article at `index` of the library list. */
  async openAt(index: number): Promise<void> {
    const list = this.library.list;
    if (index < 0 || index >= list.total) return;
    this.library.selectedIndex = index;
    this.#selectingId = list.at(index)?.id ?? null;
    this.host.requestUpdate();
    const meta = await list.get(index);
    if (meta) await this.open(meta.id);
    if (this.#selectingId === meta?.id) this.#selectingId = null;
  }

  /** Opens an article by id, in the script the reader is set to. */
  async open(id: string): Promise<void> {
    if (!(await this.reader.open(id, this.settings.script))) {
      this.library.selectedIndex = -1;
      return;
    }
    const index = this.library.list.indexOf(id);
    if (index >= 0 && this.reader.openId === id) this.library.selectedIndex = index;
  }

  /** Opens the search result at `index`. */
  async openHit(index: number): Promise<void> {
    const id = this.search.select(index);
    if (id) await this.open(id);
  }

  /** Moves the selection by `delta` rows (of the search results when shown) and opens that article (j/k). */
  step(delta: number): Promise<void> {
    const hits = this.search.results?.hits;
    if (hits) {
      if (hits.length === 0) return Promise.resolve();
      const selected = this.search.selectedHit;
      const from = selected < 0 ? (delta > 0 ? -1 : hits.length) : selected;
      return this.openHit(Math.min(hits.length - 1, Math.max(0, from + delta)));
    }
    const total = this.library.list.total;
    const selected = this.library.selectedIndex;
    const from = selected < 0 ? (delta > 0 ? -1 : total) : selected;
    return this.openAt(Math.min(total - 1, Math.max(0, from + delta)));
  }

  /** Shows the article, the search results and then the list's titles in `script`. */
  async setScript(script: ScriptMode): Promise<void> {
    this.prefs.setScript(script);
    void this.search.run();
    await this.reader.showIn(script);
    // The list's titles follow, after the article: the one being read changes first.
    await this.refreshList(false);
  }

  dismissNotice(index: number): void {
    this.notices = this.notices.filter((_, i) => i !== index);
    this.error = null;
    this.host.requestUpdate();
  }

  #close(): void {
    this.reader.close();
    this.library.selectedIndex = -1;
  }

  /** Settings changed elsewhere (a menu): show them, and the article in a new script. */
  async #adoptSettings(settings: Settings): Promise<void> {
    const before = this.prefs.adopt(settings);
    // Compared after the merge: the echo of an earlier save arriving after the next switch is no change.
    if (this.settings.script !== before) await this.setScript(this.settings.script);
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
