import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyntheticStore } from '../testing/search-corpus.ts';
import { SearchIndex } from './index.ts';
import { readManifest } from './manifest.ts';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { foldTables } from './fold.ts';
import { indexedText } from './match.ts';
import { MemoryPart } from './memory-part.ts';
import { SegmentReader } from './segment-file.ts';
import type { PostingBuilder } from './postings.ts';
import { appendStoreChanges } from './persist.ts';
import { ArchiveStore } from '../store/store.ts';
import { addPlainArticle as add, plainArticle as article } from '../testing/plain-article.ts';

/** A synthetic archive of `count` articles with its index saved as one segment. */
async function indexed(count: number): Promise<{ dir: string; store: SyntheticStore; index: SearchIndex; done: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'segments-test-'));
  const store = new SyntheticStore(dir, count);
  const index = await SearchIndex.open(store);
  await index.ready();
  await index.save();
  return {
    dir,
    store,
    index,
    done: async () => {
      await index.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const segmentFiles = (dir: string) => readdirSync(join(dir, 'search')).filter((f) => f.endsWith('.seg')).sort();
const QUERIES = ['教育', '脱贫攻坚', '學校的教師', 'school', 'railway museum', '"São Paulo"', '图书馆和博', 'univ', '教育 -脱贫', 'source:harbour'];

async function answers(index: SearchIndex): Promise<string[][]> {
  const out: string[][] = [];
  for (const q of QUERIES) out.push((await index.search(q, { limit: 50, waitForTotal: true })).hits.map((h) => h.id));
  return out;
}

test('a save after new articles writes one new small segment and a manifest, never the whole index', async () => {
  const { dir, store, index, done } = await indexed(1500);
  try {
    const before = segmentFiles(dir);
    const indexBytes = before.reduce((sum, f) => sum + statSync(join(dir, 'search', f)).size, 0);
    assert.equal(before.length, 1);
    const written = index.bytesWritten;
    const added = store.addSynthetic(30);
    await index.ready();
    await index.save();
    const after = segmentFiles(dir);
    assert.equal(after.length, 2, 'one new segment');
    assert.ok(after.includes(before[0]!), 'the old segment is untouched');
    const newSegment = after.find((f) => f !== before[0])!;
    const bytes = index.bytesWritten - written;
    const manifestBytes = statSync(join(dir, 'search', 'manifest.json')).size;
    assert.equal(bytes, statSync(join(dir, 'search', newSegment)).size + manifestBytes, 'bytesWritten counts the segment and the manifest');
    assert.ok(bytes * 10 < indexBytes, `${bytes} bytes written next to an index of ${indexBytes}`);
    const manifest = (await readManifest(dir))!;
    assert.deepEqual(manifest.segments.map((s) => s.docs), [1500, 30]);
    // A fresh process finds the new articles without catching up.
    const reader = await SearchIndex.open(new SyntheticStore(dir, 1530));
    assert.equal(reader.progress().total, 0);
    assert.equal(reader.postingBytes, 0, 'opening reads no posting list');
    const last = store.summary(added[29]!)!;
    assert.ok((await reader.matchingIds(last.title)).includes(added[29]!));
    const read = reader.postingBytes;
    assert.ok(read > 0 && read * 4 < reader.diskBytes, `a query reads only the lists it needs (${read} of ${reader.diskBytes} bytes)`);
    await reader.close();
  } finally {
    await done();
  }
});

test('a background merge of small segments keeps every answer, in the same order, and drops removed articles', async () => {
  const { dir, store, index, done } = await indexed(400);
  try {
    const removed: string[] = [];
    for (let k = 0; k < 8; k++) {
      const ids = store.addSynthetic(40);
      await index.ready();
      if (k === 2) {
        // Removed from an older segment (the first) and from one just written.
        removed.push('doc00000003', ids[0]!);
        store.removeSynthetic(removed);
      }
      await index.save();
    }
    const before = await answers(index);
    const manifest = (await readManifest(dir))!;
    assert.ok(manifest.removals['doc00000003'] !== undefined, 'the removal is in the manifest');
    for (const id of removed) for (const q of QUERIES) assert.ok(!(await index.matchingIds(q)).includes(id));
    await index.merged();
    const after = (await readManifest(dir))!;
    assert.ok(after.segments.length < manifest.segments.length, `${manifest.segments.length} segments merged to ${after.segments.length}`);
    assert.deepEqual(await answers(index), before, 'same ids, same order');
    // Nine segments: the first eight (one tier) are merged, the ninth waits for seven more.
    assert.deepEqual(index.segments().map((s) => s.docs), [400 + 7 * 40 - removed.length, 40], 'removed articles are left out of the merged segment');
    assert.deepEqual(after.removals, {}, 'removals made pointless by the merge are dropped');
    assert.deepEqual(segmentFiles(dir), after.segments.map((s) => s.name).sort(), 'merged inputs are deleted');
    const reader = await SearchIndex.open(store);
    assert.equal(reader.progress().total, 0);
    assert.deepEqual(await answers(reader), before, 'a fresh open reads the same');
    await reader.close();
  } finally {
    await done();
  }
});

test('a crash between a segment write and its manifest, or mid-manifest, leaves the index usable', async () => {
  const { dir, store, index, done } = await indexed(300);
  try {
    const before = await answers(index);
    await index.close();
    // An orphan segment (never committed), a torn segment temp and a torn manifest temp.
    const search = join(dir, 'search');
    const orphan = join(search, 'seg-00000099-abcdef.seg');
    writeFileSync(orphan, readFileSync(join(search, segmentFiles(dir)[0]!)));
    writeFileSync(join(search, 'seg-00000100-aaaaaa.seg.123.tmp'), 'half a segment');
    writeFileSync(join(search, 'manifest.json.1a2b3c4d.tmp'), '{"format":1,"segm');
    const reader = await SearchIndex.open(store);
    assert.deepEqual(reader.notices, []);
    assert.equal(reader.progress().total, 0);
    assert.deepEqual(await answers(reader), before);
    await reader.close();
    const writer = await SearchIndex.open(store);
    store.addSynthetic(1);
    await writer.save();
    await writer.close();
    assert.equal(existsSync(orphan), false, 'files the manifest does not name are cleaned up by a writer');
    assert.deepEqual(readdirSync(search).filter((f) => f.endsWith('.tmp')), []);
  } finally {
    await done();
  }
});

test('a damaged posting list is caught by its checksum: the index is rebuilt, never answering from it', async () => {
  const { dir, store, index, done } = await indexed(300);
  try {
    const truth = await index.matchingIds('教育');
    assert.ok(truth.length > 10);
    await index.close();
    const file = join(dir, 'search', segmentFiles(dir)[0]!);
    const bytes = readFileSync(file);
    // Lists come first in the file: flip bytes across the first half, where the lists are.
    for (let at = 64; at < bytes.length / 2; at += 97) bytes[at] = bytes[at]! ^ 0x5a;
    writeFileSync(file, bytes);
    const damaged = await SearchIndex.open(store);
    assert.deepEqual(damaged.notices, [], 'the tables and dictionaries are intact: opening does not read the lists');
    const first = await damaged.search('教育', { limit: 200 });
    assert.match(damaged.notices.join('\n'), /checksum mismatch.*rebuilding/);
    assert.equal(first.indexing, true, 'answered from the rebuild in progress, and said so');
    for (const hit of first.hits) assert.ok(truth.includes(hit.id), 'no wrong result');
    await damaged.ready();
    assert.deepEqual(new Set(await damaged.matchingIds('教育')), new Set(truth));
    await damaged.close();
  } finally {
    await done();
  }
});

test('an index in the single-file format of earlier versions is rebuilt as segments, and its files removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segments-test-'));
  try {
    const store = new SyntheticStore(dir, 50);
    mkdirSync(join(dir, 'search'));
    writeFileSync(join(dir, 'search', 'index.bin'), 'RDRSRCH\u0001 an index of an earlier version');
    writeFileSync(join(dir, 'search', 'delta.log'), 'RDRDLTA\u0001');
    const index = await SearchIndex.open(store);
    assert.match(index.notices.join('\n'), /earlier version: rebuilding it as segments/);
    await index.ready();
    await index.save();
    assert.equal(existsSync(join(dir, 'search', 'index.bin')), false);
    assert.equal(existsSync(join(dir, 'search', 'delta.log')), false);
    assert.equal((await readManifest(dir))!.segments[0]!.docs, 50);
    await index.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a writer that has not loaded the index adds a small segment per write, merges a tail of them, and readers follow', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segments-test-'));
  const store = await ArchiveStore.open(dir);
  try {
    const added: string[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < 7; i++) {
      added.push(await add(store, article(`港口日记${i}`, [`第${i}天，港口的集装箱吞吐量创新高。Harbour log ${i}.`])));
      sizes.push(await appendStoreChanges(store, [added[i]!]));
    }
    assert.equal((await readManifest(dir))!.segments.length, 7);
    assert.ok(Math.max(...sizes) < 16 << 10, `one article took at most ${Math.max(...sizes)} bytes`);
    await store.update(added[0]!, { title: 'Lighthouse keepers' });
    await appendStoreChanges(store, [added[0]!]);
    const merged = (await readManifest(dir))!;
    assert.equal(merged.segments.length, 1, 'the eighth small segment merged the tail');
    assert.equal(merged.segments[0]!.docs, 7, 'the older copy of the renamed article left out');
    await store.remove([added[1]!]);
    await appendStoreChanges(store, [added[1]!]);

    const readOnly = await ArchiveStore.open(dir, { readOnly: true });
    const reader = await SearchIndex.open(readOnly);
    assert.equal(reader.progress().total, 0, 'the segments held every article');
    const ids = async (q: string) => (await reader.search(q)).hits.map((h) => h.id);
    assert.deepEqual(await ids('lighthouse'), [added[0]]);
    assert.deepEqual(await ids('港口日记0'), [], 'the old title is gone');
    assert.deepEqual(await ids('第1天'), [], 'the removed article is gone');
    assert.deepEqual(new Set(await ids('集装箱')), new Set(added.filter((_, i) => i !== 1)));
    assert.equal(reader.status().documents, 6);
    await reader.close();
    await readOnly.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader that had to catch up writes its result only when it can take the archive lock', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segments-test-'));
  const writer = await ArchiveStore.open(dir);
  const openReader = async () => {
    const store = await ArchiveStore.open(dir, { readOnly: true });
    const index = await SearchIndex.open(store);
    const caughtUp = index.progress().total;
    await index.ready();
    const found = (await index.search('集装箱')).hits.map((h) => h.id);
    await index.close();
    await store.close();
    return { caughtUp, found };
  };
  try {
    const a = await add(writer, article('港口', ['港口的集装箱吞吐量创新高。']));
    assert.deepEqual(await openReader(), { caughtUp: 1, found: [a] });
    assert.equal(await readManifest(dir), null, 'the writer holds the lock: nothing written');
    await writer.close();
    assert.deepEqual(await openReader(), { caughtUp: 1, found: [a] });
    assert.ok(await readManifest(dir), 'with the lock free, the caught-up index is saved');
    assert.deepEqual(await openReader(), { caughtUp: 0, found: [a] });
  } finally {
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Writes `part` as the single-file index of earlier versions (format 2), with a log of `log` records after it. */
function writeLegacyIndex(dir: string, part: MemoryPart, log: { id: string; text: string | null }[]): void {
  const sorted = <K extends number | string>(keys: Iterable<K>) => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lists = <K extends number | string>(map: Map<K, PostingBuilder>) => {
    const keys = sorted(map.keys());
    const blobs = keys.map((k) => map.get(k)!.bytes.subarray(0, map.get(k)!.length));
    const offsets = new Uint32Array(keys.length + 1);
    blobs.forEach((b, i) => (offsets[i + 1] = offsets[i]! + b.length));
    return { keys, offsets, last: Int32Array.from(keys.map((k) => map.get(k)!.last)), blob: Buffer.concat(blobs) };
  };
  const cjk = lists(part.cjk);
  const terms = lists(part.terms);
  const bytes = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const sections: [string, Buffer][] = [
    ['cjk.keys', bytes(Uint32Array.from(cjk.keys))], ['cjk.offsets', bytes(cjk.offsets)], ['cjk.last', bytes(cjk.last)],
    ['terms.offsets', bytes(terms.offsets)], ['terms.last', bytes(terms.last)], ['cjk.blob', cjk.blob], ['terms.blob', terms.blob],
  ];
  const n = part.size;
  const digits = (a: Uint8Array) => Array.from(a.subarray(0, n)).join('');
  const header = { format: 2, fold: foldTables().version, docs: { ids: part.docs.ids, lengths: Array.from(part.docs.lengths.subarray(0, n)), alive: digits(part.docs.alive), scripts: digits(part.docs.scripts) }, terms: terms.keys, sections: sections.map(([name, b]) => ({ name, bytes: b.length })) };
  const json = Buffer.from(JSON.stringify(header));
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc(((b.length + 3) & ~3) - b.length, 0x20)]);
  const rest = Buffer.concat([pad(json), ...sections.map(([, b]) => pad(b))]);
  const fixed = Buffer.alloc(48);
  fixed.write('RDRSRCH\u0001', 0, 'latin1');
  fixed.writeUInt32LE(json.length, 8);
  fixed.writeUInt32LE(2, 12);
  createHash('sha256').update(rest).digest().copy(fixed, 16);
  mkdirSync(join(dir, 'search'), { recursive: true });
  writeFileSync(join(dir, 'search', 'index.bin'), Buffer.concat([fixed, rest]));
  const logHeader = Buffer.alloc(40);
  logHeader.write('RDRDLTA\u0001', 0, 'latin1');
  fixed.copy(logHeader, 8, 16, 48);
  const records = log.map(({ id, text }) => {
    const idBytes = Buffer.from(id);
    const payload = Buffer.concat([Buffer.from([text === null ? 2 : 1, idBytes.length & 0xff, idBytes.length >> 8]), idBytes, Buffer.from(text ?? '')]);
    const frame = Buffer.alloc(8);
    frame.writeUInt32LE(payload.length, 0);
    frame.writeUInt32LE(crc32(payload), 4);
    return Buffer.concat([frame, payload]);
  });
  writeFileSync(join(dir, 'search', 'delta.log'), Buffer.concat([logHeader, ...records]));
}

test('an index of the single-file format of earlier versions is converted into segments, its log applied, its files removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segments-test-'));
  try {
    const store = new SyntheticStore(dir, 60);
    const part = new MemoryPart();
    const texts = new Map<string, string>();
    for (const meta of [...store.summaries()]) {
      texts.set(meta.id, indexedText(meta, (await store.getBody(meta.id)).paragraphs));
      if (part.size < 50) part.add(meta.id, texts.get(meta.id)!);
    }
    // The base holds the first 50; the log adds the other 10, indexes doc00000000 again with other text, and removes doc00000001.
    const log = [...texts].slice(50).map(([id, text]) => ({ id, text: text as string | null }));
    log.push({ id: 'doc00000000', text: 'Lighthouse keepers' }, { id: 'doc00000001', text: null });
    writeLegacyIndex(dir, part, log);
    const index = await SearchIndex.open(store);
    assert.match(index.notices.join('\n'), /converted from the single-file format/);
    assert.equal(index.progress().total, 1, 'only the article the log removed is caught up again from its body');
    await index.ready();
    assert.deepEqual(await index.matchingIds('lighthouse'), ['doc00000000']);
    const referenceDir = mkdtempSync(join(tmpdir(), 'segments-test-'));
    const reference = await SearchIndex.open(new SyntheticStore(referenceDir, 60));
    await reference.ready();
    for (const q of ['教育', 'school', '图书馆和博']) {
      const want = new Set((await reference.matchingIds(q)).filter((id) => id !== 'doc00000000'));
      assert.deepEqual(new Set((await index.matchingIds(q)).filter((id) => id !== 'doc00000000')), want, q);
    }
    await reference.close();
    rmSync(referenceDir, { recursive: true, force: true });
    assert.equal(existsSync(join(dir, 'search', 'index.bin')), false);
    assert.equal(existsSync(join(dir, 'search', 'delta.log')), false);
    await index.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('segments keep each folded title: ranking tests titles without reading records, before and after a merge', async () => {
  const { dir, store, index, done } = await indexed(600);
  try {
    for (let k = 0; k < 8; k++) {
      store.addSynthetic(30);
      await index.ready();
      await index.save();
    }
    const queries = ['school', 'the river', '教育', 'Harbour Times'];
    const expected: (string | boolean)[][][] = [];
    for (const q of queries) expected.push((await index.search(q, { limit: 10 })).hits.map((h) => [h.id, h.titleMatch]));
    assert.ok(expected.flat().some(([, inTitle]) => inTitle), 'some hits match in their title');
    const countReads = async (reader: SearchIndex): Promise<number> => {
      const summary = store.summary.bind(store);
      let reads = 0;
      store.summary = (id: string) => {
        reads++;
        return summary(id);
      };
      try {
        const got: (string | boolean)[][][] = [];
        for (const q of queries) got.push((await reader.search(q, { limit: 10 })).hits.map((h) => [h.id, h.titleMatch]));
        assert.deepEqual(got, expected, 'the same hits, in the same order, with the same title matches');
      } finally {
        store.summary = summary;
      }
      return reads;
    };
    const reader = await SearchIndex.open(store);
    await reader.ready();
    await reader.search('warm');
    // Only the hits shown are read (their titles, sources and dates for the page), never each candidate's title.
    const reads = await countReads(reader);
    const candidates = (await reader.matchingIds('school')).length + (await reader.matchingIds('教育')).length;
    assert.ok(reads <= queries.length * 10 * 2, `${reads} records read for ${queries.length} pages of 10 (over ${candidates} candidates)`);
    await reader.close();
    await index.merged();
    assert.ok(index.segments().length < 9, 'the segments were merged');
    const merged = await SearchIndex.open(store);
    await merged.ready();
    await merged.search('warm');
    const afterMerge = await countReads(merged);
    assert.ok(afterMerge <= queries.length * 10 * 2, `${afterMerge} records read after the merge`);
    await merged.close();
    assert.ok(segmentFiles(dir).length > 0);
  } finally {
    await done();
  }
});

test('a segment reads back its folded titles, empty ones included, and one without titles still opens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segments-titles-'));
  try {
    const { version } = foldTables();
    const written = async (texts: string[], keepTitles: boolean): Promise<SegmentReader> => {
      const part = new MemoryPart();
      texts.forEach((text, i) => part.add(`doc${i}`, text));
      if (!keepTitles) (part.docs as { titles: string[] | null }).titles = null;
      const path = join(dir, `${texts.length}-${keepTitles}.seg`);
      await part.writeTo(path, version, () => null);
      return SegmentReader.open(path, version);
    };
    const titled = await written(['Café IN Zürich\nbody', '\nno title', '教育脫貧\n正文'], true);
    assert.deepEqual([0, 1, 2, 3].map((n) => titled.docs.titles?.at(n)), ['cafe in zurich', '', '教育脱贫', undefined]);
    // One document with an empty title: no bytes, so no line; its title is read from its record.
    const lone = await written(['\nbody only'], true);
    assert.equal(lone.docs.titles?.at(0), undefined);
    const older = await written(['A title\nbody'], false);
    assert.equal(older.docs.titles, null, 'no titles kept: ranking reads them from the records');
    for (const r of [titled, lone, older]) await r.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
