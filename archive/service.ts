/**
 * The service behind the window: implements the contract's ReaderApi on the archive. Main (over
 * IPC) and the e2e bridge (over Playwright) both call `dispatch`, which checks the argument the
 * same way before the service sees it.
 */
import { checkArgument, type ReaderApi, type ReaderArg, type ReaderEvent, type ReaderEvents, type ReaderMethod, type ReaderResult } from './contract.ts';
import type { ArchiveStats, ArticleMeta, ArticleView, ListPage, ListQuery, ReadingState, Settings, VerifyReport } from './model.ts';
import type { ArchiveStore } from './store/store.ts';

type Listener<E extends ReaderEvent> = (payload: ReaderEvents[E]) => void;

export class ReaderService implements ReaderApi {
  #listeners = new Map<ReaderEvent, Set<Listener<ReaderEvent>>>();
  #unsubscribe: () => void;

  constructor(readonly store: ArchiveStore) {
    this.#unsubscribe = store.onChange((change) => this.emit('archiveChanged', { ids: [change.id] }));
  }

  /** Subscribes to a service event; returns the unsubscribe function. */
  on<E extends ReaderEvent>(event: E, listener: Listener<E>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<ReaderEvent>);
    return () => set.delete(listener as Listener<ReaderEvent>);
  }

  emit<E extends ReaderEvent>(event: E, payload: ReaderEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as Listener<E>)(payload);
  }

  /** Checks `rawArg` against the contract and calls the method: the one entry for IPC and tests. */
  dispatch<M extends ReaderMethod>(method: M, rawArg: unknown): Promise<ReaderResult<M>> {
    const arg = checkArgument(method, rawArg);
    const fn = this[method] as (a: ReaderArg<M>) => Promise<ReaderResult<M>>;
    return fn.call(this, arg);
  }

  async listArticles(query: ListQuery): Promise<ListPage> {
    return this.store.list(query);
  }

  async getArticle({ id }: { id: string }): Promise<ArticleView | null> {
    const meta = this.store.get(id);
    if (!meta) return null;
    return { meta, body: await this.store.getBody(id), reading: this.store.getReadingState(id) };
  }

  updateArticle({ id, ...patch }: { id: string; title?: string; tags?: string[] }): Promise<ArticleMeta> {
    return this.store.update(id, patch);
  }

  removeArticles({ ids }: { ids: string[] }): Promise<string[]> {
    return this.store.remove(ids);
  }

  saveReadingState({ id, progress }: { id: string; progress: number }): Promise<ReadingState> {
    return this.store.saveReadingState(id, progress);
  }

  async getSettings(): Promise<Settings> {
    return this.store.getSettings();
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.store.updateSettings(patch);
  }

  async getStats(): Promise<ArchiveStats> {
    return this.store.stats();
  }

  verifyArchive({ repair }: { repair?: boolean }): Promise<VerifyReport> {
    return this.store.verify({ repair: repair ?? false });
  }

  /** Stops forwarding store changes; the caller closes the store. */
  dispose(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }
}
