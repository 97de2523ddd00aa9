/**
 * The sample archive written on first start: four short articles of our own (Traditional and
 * Simplified Chinese, English, and one with pinyin kept as ruby data), tagged `sample` so the
 * reader can remove them all in one step.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractedArticle, RubyAnnotation } from './model.ts';
import { ArchiveStore } from './store/store.ts';

/** The tag every sample article carries. */
export const SAMPLE_TAG = 'sample';

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function sample(fields: Omit<ExtractedArticle, 'html' | 'excerpt' | 'format' | 'charset' | 'assets' | 'ruby'> & { ruby?: RubyAnnotation[] }): ExtractedArticle {
  return {
    ...fields,
    html: fields.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n'),
    ruby: fields.ruby ?? [],
    excerpt: fields.paragraphs[0] ?? null,
    format: 'html',
    charset: 'utf-8',
    assets: [],
  };
}

/** The sample articles, in the order they are added. */
export function sampleArticles(): ExtractedArticle[] {
  return [
    sample({
      title: '歡迎使用閱讀器：離線保存的文章庫',
      byline: '閱讀器團隊',
      source: '範例文章',
      publishedAt: '2024-05-20',
      url: null,
      lang: 'zh-Hant',
      paragraphs: [
        '這是一篇範例文章，用來展示閱讀器的排版。你保存的網頁匯入後，會像這樣以乾淨的版面呈現，而且閱讀時完全不連網。',
        '工具列上的「原文、简、繁、台、港」可以把文章在不同字形之間切換；A− 與 A+ 調整字級，主題可選淺色、深色或護眼。',
        '按 j 與 k 在文章之間移動，按 / 搜尋，按 ? 查看所有快速鍵。範例文章都帶有「sample」標籤，可以一次全部移除。',
      ],
    }),
    sample({
      title: '山村小学的新图书室',
      byline: '李明',
      source: '范例文章',
      publishedAt: '2023-09-01',
      url: null,
      lang: 'zh-Hans',
      paragraphs: [
        '开学第一天，山村小学的孩子们走进了新建成的图书室。书架上摆着两千多本图书，从童话故事到科普读物应有尽有。',
        '校长说，过去学生只能轮流借阅几本旧书，现在每个班每周都有一节阅读课。老师们还组织了读书分享会，请高年级的同学给低年级的同学讲故事。',
        '图书室的窗外是一片梯田。一位四年级的学生说，她最喜欢坐在窗边读关于星星的书。',
      ],
    }),
    sample({
      title: 'Reading Saved Pages Without the Network',
      byline: 'The Reader team',
      source: 'Sample articles',
      publishedAt: '2024-01-15',
      url: null,
      lang: 'en',
      paragraphs: [
        'Web pages disappear: sites close, addresses change, articles are edited after the fact. Saving a page keeps a copy, but a folder of saved files is hard to read and harder to search.',
        'This reader imports saved pages of many kinds, keeps the original bytes next to a clean copy of the article, and shows that copy without ever touching the network.',
        'Everything stays in one folder on your disk. Remove these sample articles whenever you like; your own imports are never touched.',
      ],
    }),
    sample({
      title: '網上學漢字：太極拳與戰國的故事',
      byline: '陳老師',
      source: '範例文章',
      publishedAt: '2022-11-25',
      url: null,
      lang: 'zh-Hant',
      paragraphs: [
        '這篇範例保留了網頁上原有的拼音注音。打開工具列的「拼音」，注音就會顯示在字的上方。',
        '戰國時代的故事很多，太極拳的歷史卻要晚得多。學生們在網上查資料，再把讀音標在生字旁邊。',
      ],
      ruby: [
        { paragraph: 1, offset: 0, base: '戰', text: 'zhàn' },
        { paragraph: 1, offset: 1, base: '國', text: 'guó' },
        { paragraph: 1, offset: 10, base: '太', text: 'tài' },
        { paragraph: 1, offset: 11, base: '極', text: 'jí' },
        { paragraph: 1, offset: 12, base: '拳', text: 'quán' },
        { paragraph: 1, offset: 26, base: '網', text: 'wǎng' },
      ],
    }),
  ];
}

/** The bytes a sample article is "imported" from: a small page of our own making. */
function sampleOriginal(article: ExtractedArticle, index: number): { bytes: Uint8Array; fileName: string; ext: string } {
  const page = `<!doctype html><html lang="${article.lang ?? 'en'}"><head><meta charset="utf-8"><title>${escape(article.title)}</title></head><body><article><h1>${escape(article.title)}</h1>${article.html}</article></body></html>`;
  return { bytes: new TextEncoder().encode(page), fileName: `sample-${index + 1}.html`, ext: 'html' };
}

/** Adds the sample articles to `store` (tagged `sample`) and returns their ids. */
export async function addSampleArticles(store: ArchiveStore): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, article] of sampleArticles().entries()) {
    const result = await store.addArticle({ article, original: sampleOriginal(article, index) });
    const meta = store.get(result.id);
    if (meta && !meta.tags.includes(SAMPLE_TAG)) await store.update(result.id, { tags: [...meta.tags, SAMPLE_TAG] });
    ids.push(result.id);
  }
  return ids;
}

/**
 * Opens the archive a window reads (the desktop app and the browser window alike): on first start,
 * when the folder has no catalog yet and nothing in it, the sample articles are written.
 */
export async function openArchiveWithSamples(dir: string): Promise<ArchiveStore> {
  const firstStart = !existsSync(join(dir, 'catalog.json'));
  const store = await ArchiveStore.open(dir);
  if (firstStart && store.size === 0) await addSampleArticles(store);
  return store;
}
