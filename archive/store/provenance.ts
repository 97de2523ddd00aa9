/**
 * Provenance in memory: the catalog's records are read without their captures, hashes and assets
 * (kept in provenance/ shards), which are added later, in the background after an open or all at
 * once when something needs them first. Damaged shards fall back to the newest backup's; records
 * no shard covers get theirs back from their body files.
 */
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleProvenance } from '../model.ts';
import { CorruptCatalogError, readProvenanceShards, readProvenanceSync, type ProvenanceData } from './catalog-file.ts';
import { sha256 } from './durable.ts';
import { bodyRelPath, type BodyFile } from './records.ts';
import type { CatalogData } from './schema.ts';

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Gives the records of an archive their provenance, once. */
export class ProvenanceLoader {
  readonly #dir: string;
  readonly #readOnly: boolean;
  readonly #notices: string[];
  readonly #articles: () => CatalogData['articles'];
  #loaded = false;

  /** `articles` is read at each use; what went wrong and was repaired is pushed to `notices`. */
  constructor(dir: string, readOnly: boolean, notices: string[], articles: () => CatalogData['articles']) {
    this.#dir = dir;
    this.#readOnly = readOnly;
    this.#notices = notices;
    this.#articles = articles;
  }

  /** Whether every record carries its provenance (read from provenance/ or the journal). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Reads all the provenance now, unless it has been already. */
  ensure(): void {
    if (this.#loaded) return;
    let data: ProvenanceData | null;
    try {
      data = readProvenanceSync(join(this.#dir, 'provenance'));
    } catch (error) {
      if (!(error instanceof CorruptCatalogError)) throw error;
      data = this.#fromBackup(error.message);
    }
    if (data) this.#apply(data);
    this.#finish();
  }

  /** Reads the provenance shards right after open, one per turn of the event loop. */
  async loadInBackground(): Promise<void> {
    try {
      for await (const shard of readProvenanceShards(join(this.#dir, 'provenance'))) {
        if (this.#loaded) return;
        this.#apply(shard);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!this.#loaded) this.#finish();
    } catch {
      // Damage is handled (and reported) by the synchronous path.
      this.ensure();
    }
  }

  /** Damaged provenance is kept aside and the newest backup's is used. */
  #fromBackup(reason: string): ProvenanceData | null {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let aside = '';
    if (!this.#readOnly) {
      aside = `provenance.damaged-${stamp}`;
      renameSync(join(this.#dir, 'provenance'), join(this.#dir, aside));
    }
    const backups = readdirSyncSafe(join(this.#dir, 'backups')).filter((n) => /^provenance-/.test(n)).sort().reverse();
    for (const name of backups) {
      try {
        const data = readProvenanceSync(join(this.#dir, 'backups', name));
        if (!data) continue;
        this.#notices.push(`the provenance files could not be read (${reason})${aside ? `; they were kept as ${aside}` : ''}; backups/${name} was used`);
        return data;
      } catch {
        // Try the next older backup.
      }
    }
    this.#notices.push(`the provenance files could not be read (${reason})${aside ? `; they were kept as ${aside}` : ''}`);
    return null;
  }

  /** Gives the records of one shard their provenance, where they do not carry it already. */
  #apply(data: ProvenanceData): void {
    const articles = this.#articles();
    for (const [id, found] of Object.entries(data.records)) {
      const record = articles[id];
      if (!record || 'captures' in record) continue;
      Object.assign(record, { captures: found.captures, textSha256: found.textSha256, bodySha256: found.bodySha256, assets: found.assets });
    }
  }

  /** Records still without provenance get it rebuilt from their body files. */
  #finish(): void {
    let rebuilt = 0;
    for (const [id, record] of Object.entries(this.#articles())) {
      if ('captures' in record) continue;
      const found = this.#fromBody(id);
      Object.assign(record, { captures: found.captures, textSha256: found.textSha256, bodySha256: found.bodySha256, assets: found.assets });
      rebuilt++;
    }
    if (rebuilt > 0) this.#notices.push(`the provenance of ${rebuilt} article(s) was rebuilt from their body files`);
    this.#loaded = true;
  }

  #fromBody(id: string): ArticleProvenance {
    try {
      const text = readFileSync(join(this.#dir, bodyRelPath(id)), 'utf8');
      const { recovery } = JSON.parse(text) as BodyFile;
      return { captures: recovery.captures, textSha256: recovery.textSha256, assets: recovery.assets, bodySha256: sha256(text) };
    } catch {
      // No body either: verify reports the article's missing file.
      return { captures: [], textSha256: '', assets: [], bodySha256: '' };
    }
  }
}
