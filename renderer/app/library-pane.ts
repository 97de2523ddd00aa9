/**
 * The library's sidebar (collections, tags, sources) and the library pane's markup: the header (sort, filters, search box), the import panel, the
 * multi-selection bar, the tag and sample notes, then the search results, the empty state or the
 * list. Data goes down as properties; what the user does goes to the app's state.
 */
import { html, type TemplateResult } from 'lit';
import type { ArticleSummary } from '../../archive/model.ts';
import type { AppController } from './app-controller.ts';
import { ReaderIntentEvent, type ArticleSelectEvent, type ArticleToggleEvent, type RowsNeededEvent } from './events.ts';
import '../library/library-header.ts';
import '../library/library-list.ts';
import '../library/library-sidebar.ts';
import '../library/empty-state.ts';
import '../library/search-results.ts';
import '../library/selection-bar.ts';
import '../dialogs/import-panel.ts';

/** `rowAt` is stable, so the list re-renders when its rows change (`version`), not on every update. */
export function libraryPane(app: AppController, rowAt: (index: number) => ArticleSummary | undefined): TemplateResult {
  const { library, search, transfers, t } = app;
  const list = library.list;
  const empty = app.ready && list.total === 0 && library.activeFilters === 0 && !library.collection && !search.results;
  return html`<library-sidebar
      .facets=${library.facets}
      .collection=${library.collection}
      .tag=${library.tagFilter}
      .source=${library.sourceFilter}
      .locale=${app.prefs.locale}
      .t=${t}
    ></library-sidebar><aside aria-label=${t('library')}>
    <library-header
      .total=${list.total}
      .sort=${library.sort}
      .langFilter=${library.langFilter}
      .filters=${{ source: library.sourceFilter, tag: library.tagFilter, from: library.dateFrom, to: library.dateTo, extraction: library.extractionFilter }}
      .facets=${library.facets}
      .activeFilters=${library.activeFilters}
      ?canSearch=${app.canSearch}
      .t=${t}
      @search-input=${(e: CustomEvent<string>) => search.setQuery(e.detail)}
    ></library-header>
    <div>${transfers.importShown
      ? html`<import-panel .progress=${transfers.importProgress} .report=${transfers.importReport} ?running=${transfers.importRunning} .t=${t}
          @import-cancel=${() => transfers.cancelImport()} @import-close=${() => transfers.closeImportPanel()}></import-panel>`
      : ''}</div>
    <div>${library.checked.size > 0
      ? html`<selection-bar .count=${library.checked.size} .t=${t}
          @selection-tag=${(e: CustomEvent<string>) => void app.tagChecked(e.detail)}
          @selection-export=${() => transfers.openExport([...library.checked])}
          @selection-remove=${() => void app.removeChecked()}
          @selection-clear=${() => library.clearChecked()}></selection-bar>`
      : ''}</div>
    <div><index-progress .bridge=${window.reader} .t=${t}></index-progress>${library.tagFilter
      ? html`<div class="samples"><p>${t('tagFiltered', { tag: library.tagFilter })}</p><button class="clear-tag" @click=${() => void app.setFilters({ tag: '' })}>${t('tagClear')}</button></div>`
      : ''}${library.sampleCount > 0 && !empty
      ? html`<div class="samples" role="note"><p>${t('samplesNote', { n: library.sampleCount })}</p><button class="remove-samples"
          @click=${(e: Event) => e.currentTarget?.dispatchEvent(new ReaderIntentEvent({ kind: 'removeSamples' }))}>${t('samplesRemove')}</button></div>`
      : ''}</div>
    ${search.results
      ? html`<search-results .results=${search.results} .selectedIndex=${search.selectedHit} .t=${t}
          @article-select=${(e: ArticleSelectEvent) => void app.openHit(e.index)}></search-results>`
      : empty
      ? html`<empty-state ?canImport=${app.canImport} .t=${t}></empty-state>`
      : html`<library-list
          .total=${list.total}
          .version=${list.version}
          .selectedIndex=${library.selectedIndex}
          .rowAt=${rowAt}
          .checked=${library.checked}
          @article-toggle=${(e: ArticleToggleEvent) => library.toggleChecked(e.index, e.id, e.range)}
          .locale=${app.prefs.locale}
          .t=${t}
          @article-select=${(e: ArticleSelectEvent) => void app.openAt(e.index)}
          @rows-needed=${(e: RowsNeededEvent) => void list.ensure(e.from, e.to)}
        ></library-list>`}
  </aside>`;
}
