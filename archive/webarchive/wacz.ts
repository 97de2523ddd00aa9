/**
 * WACZ: a ZIP of WARCs (`archive/`), a page list (`pages/pages.jsonl`), a data package that lists
 * every file with its digest (`datapackage.json`), and optionally that package's own digest and
 * signature (`datapackage-digest.json`). Digests and the signature are checked and the result is
 * recorded on every page; a mismatch is reported, and what is readable is still read.
 */
import { createHash, createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { rootCertificates } from 'node:tls';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { indexWarcSource, type WebArchiveOptions, type WebArchiveSummary } from './scan.ts';
import { readPages, type IndexedWarc, type WebArchivePage } from './pages.ts';
import { WebArchiveError } from './records.ts';
import { entryChunks, entryDataOffset, readEntry, readZipDirectory, ZipFormatError, type InflateBudget, type ZipEntry } from './zip-read.ts';

/** Most bytes one WACZ may inflate, whatever its size. */
const DEFAULT_MAX_INFLATED = 8 * 2 ** 30;
/** Manifests and page lists are read into memory: at most this much each. */
const SMALL_ENTRY_LIMIT = 64 * 2 ** 20;

/** The outcome of checking a WACZ's digests and signature. */
export interface WaczCheck {
  /** One line for the record, e.g. `WACZ check: 4 file digests match; signature verified …`. */
  summary: string;
  failures: string[];
}

interface DataPackage {
  /** WACZ 1.0 names the algorithm once for all resources, and keeps hash and size under `stats`. */
  hashing?: unknown;
  resources?: { path?: unknown; hash?: unknown; bytes?: unknown; stats?: { hash?: unknown; bytes?: unknown } }[];
}

interface DigestFile {
  path?: unknown;
  hash?: unknown;
  signedData?: { hash?: unknown; signature?: unknown; domain?: unknown; domainCert?: unknown; publicKey?: unknown; created?: unknown };
}

function parseJson<T>(bytes: Uint8Array): T | null {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch {
    return null;
  }
}

/** `sha256:abcd…` → a hash of the bytes in the same form, or null when the algorithm is unknown. */
async function digestOf(path: string, entry: ZipEntry, spec: string, budget: InflateBudget): Promise<{ hex: string; bytes: number } | null> {
  const algo = spec.includes(':') ? spec.slice(0, spec.indexOf(':')) : 'sha256';
  let hash;
  try {
    hash = createHash(algo.replace('-', '').toLowerCase());
  } catch {
    return null;
  }
  let bytes = 0;
  for await (const chunk of entryChunks(path, entry, budget)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { hex: `${algo}:${hash.digest('hex')}`, bytes };
}

let trustedRoots: X509Certificate[] | null = null;

/** The public CAs Node trusts (Mozilla's list), parsed once. */
function roots(): X509Certificate[] {
  trustedRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return trustedRoots;
}

/**
 * The key that made the signature, and what can be said of it: for a domain certificate, whether
 * it is for that domain, chains to a CA Node trusts, and was valid when the WACZ was signed.
 */
function signatureKey(signed: NonNullable<DigestFile['signedData']>): { key: KeyObject; who: string; trustProblems: string[] } | null {
  if (typeof signed.domainCert === 'string') {
    const pems = signed.domainCert.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    const chain = pems.map((pem) => new X509Certificate(pem));
    const leaf = chain[0];
    if (!leaf) return null;
    const domain = typeof signed.domain === 'string' ? signed.domain : null;
    const trustProblems: string[] = [];
    if (domain && !leaf.checkHost(domain)) trustProblems.push(`the certificate is not for ${domain}`);
    for (let i = 0; i + 1 < chain.length; i++) {
      if (!chain[i]!.checkIssued(chain[i + 1]!) || !chain[i]!.verify(chain[i + 1]!.publicKey)) trustProblems.push(`certificate ${i + 1} of the chain is not signed by the next`);
    }
    // The chain may carry a cross-signed copy of a root Node trusts: anchoring on the same key counts.
    const sameKey = (a: X509Certificate, b: X509Certificate): boolean => a.subject === b.subject && a.publicKey.export({ format: 'der', type: 'spki' }).equals(b.publicKey.export({ format: 'der', type: 'spki' }));
    const anchored = chain.some((cert) => roots().some((root) => sameKey(cert, root) || (cert.checkIssued(root) && cert.verify(root.publicKey))));
    if (!anchored) trustProblems.push(`the certificate chain does not lead to a trusted CA (it ends at "${chain.at(-1)!.issuer.replace(/\n/g, ', ')}")`);
    const created = typeof signed.created === 'string' ? new Date(signed.created) : null;
    if (created && !Number.isNaN(created.getTime()) && (created < new Date(leaf.validFrom) || created > new Date(leaf.validTo))) {
      trustProblems.push('the certificate was not valid when the WACZ was signed');
    }
    return { key: leaf.publicKey, who: domain ?? leaf.subject, trustProblems };
  }
  if (typeof signed.publicKey === 'string') {
    return { key: createPublicKey({ key: Buffer.from(signed.publicKey, 'base64'), format: 'der', type: 'spki' }), who: 'an anonymous key (the signer cannot be identified)', trustProblems: [] };
  }
  return null;
}

/** Checks every digest in datapackage.json, the package's own digest, and its signature. */
export async function checkWacz(path: string, byName: Map<string, ZipEntry>, budget: InflateBudget = { remaining: DEFAULT_MAX_INFLATED }): Promise<WaczCheck> {
  const failures: string[] = [];
  const notes: string[] = [];
  const packageEntry = byName.get('datapackage.json');
  if (!packageEntry) return { summary: 'WACZ check: no datapackage.json, so no digests could be checked', failures: ['no datapackage.json'] };
  const packageBytes = await readEntry(path, packageEntry, SMALL_ENTRY_LIMIT, budget);
  const pkg = parseJson<DataPackage>(packageBytes);
  if (!pkg || !Array.isArray(pkg.resources)) {
    failures.push('datapackage.json is not a data package (no resources list)');
  } else {
    let matched = 0;
    const algo = typeof pkg.hashing === 'string' ? pkg.hashing : 'sha256';
    for (const resource of pkg.resources) {
      const stats = resource.stats ?? {};
      const hash = typeof resource.hash === 'string' ? resource.hash : typeof stats.hash === 'string' ? (stats.hash.includes(':') ? stats.hash : `${algo}:${stats.hash}`) : undefined;
      const r = { path: resource.path, hash, bytes: resource.bytes ?? stats.bytes };
      if (typeof r.path !== 'string' || typeof r.hash !== 'string') {
        failures.push(`datapackage.json lists a resource without a path and hash (${JSON.stringify(resource).slice(0, 120)})`);
        continue;
      }
      const entry = byName.get(r.path);
      if (!entry) {
        failures.push(`${r.path} is listed in datapackage.json but missing`);
        continue;
      }
      let got;
      try {
        got = await digestOf(path, entry, r.hash, budget);
      } catch (error) {
        if (!(error instanceof ZipFormatError)) throw error;
        failures.push(error.message);
        continue;
      }
      if (!got) failures.push(`${r.path}: unknown digest algorithm in "${r.hash}"`);
      else if (got.hex !== r.hash) failures.push(`${r.path} does not match its digest in datapackage.json`);
      else if (typeof r.bytes === 'number' && r.bytes !== got.bytes) failures.push(`${r.path} is ${got.bytes} bytes, datapackage.json says ${r.bytes}`);
      else matched++;
    }
    notes.push(`${matched} of ${pkg.resources.length} file digest(s) match datapackage.json`);
  }
  const digestEntry = byName.get('datapackage-digest.json');
  if (!digestEntry) {
    notes.push('no datapackage-digest.json (unsigned)');
  } else {
    const digest = parseJson<DigestFile>(await readEntry(path, digestEntry, SMALL_ENTRY_LIMIT, budget));
    const own = `sha256:${createHash('sha256').update(packageBytes).digest('hex')}`;
    if (!digest || typeof digest.hash !== 'string') failures.push('datapackage-digest.json is not readable');
    else if (digest.hash !== own) failures.push('datapackage.json does not match its digest in datapackage-digest.json');
    else notes.push('datapackage.json matches datapackage-digest.json');
    const signed = digest?.signedData;
    if (signed && typeof signed.signature === 'string' && typeof signed.hash === 'string') {
      try {
        const key = signatureKey(signed);
        if (!key) failures.push('the signature names no certificate or public key');
        else {
          const ok = verify('sha256', Buffer.from(signed.hash), { key: key.key, dsaEncoding: 'der' }, Buffer.from(signed.signature, 'base64'));
          if (!ok) failures.push(`the signature (by ${key.who}) is INVALID`);
          else if (signed.hash !== own) failures.push(`the signature (by ${key.who}) is valid but for another datapackage.json`);
          else if (key.trustProblems.length > 0) failures.push(`the signature by ${key.who} matches, but ${key.trustProblems.join('; ')}`);
          else notes.push(`signature by ${key.who} verified, its certificate chained to a trusted CA and valid at signing time`);
        }
      } catch (error) {
        failures.push(`the signature could not be checked (${(error as Error).message})`);
      }
    } else if (digest) {
      notes.push('not signed');
    }
  }
  const summary = `WACZ check: ${[...notes, ...failures.map((f) => `FAILED: ${f}`)].join('; ')}`;
  return { summary, failures };
}

/** The pages listed in `pages/pages.jsonl` (then `pages/extraPages.jsonl`), in order. */
async function listedPages(path: string, byName: Map<string, ZipEntry>, budget: InflateBudget): Promise<{ url: string; title: string | null }[]> {
  const out: { url: string; title: string | null }[] = [];
  for (const name of ['pages/pages.jsonl', 'pages/extraPages.jsonl']) {
    const entry = byName.get(name);
    if (!entry) continue;
    const text = Buffer.from(await readEntry(path, entry, SMALL_ENTRY_LIMIT, budget)).toString('utf8');
    for (const line of text.split('\n')) {
      const row = line.trim() ? parseJson<{ url?: unknown; title?: unknown }>(Buffer.from(line)) : null;
      if (row && typeof row.url === 'string') out.push({ url: row.url, title: typeof row.title === 'string' && row.title.trim() ? row.title : null });
    }
  }
  return out;
}

/** Reads the pages of the WACZ at `path`. */
export async function* readWaczPages(path: string, options: WebArchiveOptions): AsyncGenerator<WebArchivePage, WebArchiveSummary> {
  const label = basename(path);
  const size = (await stat(path)).size;
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectory(path, size);
  } catch (error) {
    if (error instanceof ZipFormatError) throw new WebArchiveError(`${label}: not a readable WACZ (${error.message})`);
    throw error;
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  // Everything inflated from this file counts against one budget: a WACZ whose entries expand
  // past it (or past their declared sizes) is a bomb, and reading stops there.
  const budget: InflateBudget = { remaining: options.maxInflatedBytes ?? Math.min(DEFAULT_MAX_INFLATED, Math.max(256 * 2 ** 20, 50 * size)) };
  let check: WaczCheck;
  let listed: { url: string; title: string | null }[];
  try {
    check = await checkWacz(path, byName, budget);
    listed = await listedPages(path, byName, budget);
  } catch (error) {
    if (error instanceof ZipFormatError) throw new WebArchiveError(`${label}: not a readable WACZ (${error.message})`);
    throw error;
  }
  const warcEntries = entries.filter((e) => /^archive\/.+\.warc(\.gz)?$/i.test(e.name));
  if (warcEntries.length === 0) {
    throw new WebArchiveError(`${label}: not a valid WACZ: it holds no WARC files under archive/ (${check.summary})`);
  }
  for (const failure of check.failures) options.onProblem?.({ file: label, offset: null, message: `WACZ check failed: ${failure}` });
  const temps: string[] = [];
  try {
    const warcs: IndexedWarc[] = [];
    for (const entry of warcEntries) {
      const entryLabel = `${label}!${entry.name}`;
      let source;
      if (entry.method === 0) {
        const start = await entryDataOffset(path, entry);
        source = { path, start, end: start + entry.compressedSize, label: entryLabel };
      } else {
        const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'wacz-'));
        temps.push(dir);
        const file = join(dir, basename(entry.name));
        try {
          await pipeline(Readable.from(entryChunks(path, entry, budget)), createWriteStream(file));
        } catch (error) {
          if (!(error instanceof ZipFormatError)) throw error;
          await rm(file, { force: true });
          options.onProblem?.({ file: entryLabel, offset: null, message: error.message });
          continue;
        }
        source = { path: file, start: 0, end: (await stat(file)).size, label: entryLabel };
      }
      let warc: IndexedWarc;
      try {
        warc = await indexWarcSource(source, options, temps);
      } catch (error) {
        if (!(error instanceof WebArchiveError)) throw error;
        options.onProblem?.({ file: entryLabel, offset: null, message: error.message });
        continue;
      }
      for (const p of warc.index.problems) options.onProblem?.({ file: entryLabel, offset: p.offset, message: p.message });
      warcs.push(warc);
    }
    return yield* readPages(warcs, {
      format: 'wacz',
      listedPages: listed,
      warnings: [check.summary],
      onProblem: options.onProblem,
      onPage: (done, total) => options.onProgress?.({ phase: 'pages', done, total }),
    });
  } finally {
    for (const dir of temps) await rm(dir, { recursive: true, force: true });
  }
}
