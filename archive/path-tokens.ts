/**
 * The files and folders the window may act on, as opaque tokens. The window never names a path:
 * main (a file dialog, a drop, the menu, the command line, a second launch) registers what the
 * user chose and gets a token; a contract method that touches files redeems it, once, for the
 * purpose it was issued for. Tokens are 128 random bits, live in one service (one window
 * session), and expire, so a renderer that is compromised can neither guess, reuse nor keep one.
 */
import { randomBytes } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { InvalidArgument, PATH_TOKEN_PATTERN, type PathPurpose, type PathToken } from './contract.ts';

/** How long an unredeemed token stays good: long enough for a dialog's answer to come back. */
export const PATH_TOKEN_TTL_MS = 5 * 60_000;
/** Tokens held at once; the oldest goes first (a window that never redeems cannot grow this). */
const MAX_OPEN_TOKENS = 64;
/** As many paths as one import takes from the window (a drop of a whole selection). */
const MAX_PATHS = 10_000;
const MAX_PATH_LENGTH = 4096;

interface Grant {
  purpose: PathPurpose;
  paths: readonly string[];
  expires: number;
}

export interface PathTokenOptions {
  ttlMs?: number;
  /** The clock, for tests of expiry. */
  now?: () => number;
}

/** One session's tokens: issued by the host in main, redeemed by the service. */
export class PathTokens {
  #grants = new Map<string, Grant>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: PathTokenOptions = {}) {
    this.#ttlMs = options.ttlMs ?? PATH_TOKEN_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Registers the paths the user chose for `purpose` and returns the token that stands for them.
   * Only main calls this, with paths from its own dialogs, drops and launch arguments: absolute,
   * and exactly one for anything but an import.
   */
  issue(purpose: PathPurpose, paths: readonly string[]): PathToken {
    if (!Array.isArray(paths) || paths.length === 0 || paths.length > MAX_PATHS) throw new InvalidArgument(`${purpose}: expected from 1 to ${MAX_PATHS} paths`);
    if (purpose !== 'import' && paths.length !== 1) throw new InvalidArgument(`${purpose}: expected one path`);
    for (const path of paths) {
      if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH_LENGTH || path.includes('\0') || !isAbsolute(path)) {
        throw new InvalidArgument(`${purpose}: expected absolute paths of at most ${MAX_PATH_LENGTH} characters`);
      }
    }
    this.#forgetExpired();
    while (this.#grants.size >= MAX_OPEN_TOKENS) this.#grants.delete(this.#grants.keys().next().value as string);
    const token: PathToken = `pt-${randomBytes(16).toString('hex')}`;
    this.#grants.set(token, { purpose, paths: [...paths], expires: this.#now() + this.#ttlMs });
    return token;
  }

  /**
   * The paths behind `token`, for `purpose`; the token is spent whatever the outcome, so a
   * refused one cannot be tried again. `field` names the argument in the error.
   */
  redeem(token: string, purpose: PathPurpose, field: string): string[] {
    if (!PATH_TOKEN_PATTERN.test(token)) throw new InvalidArgument(`${field}: expected a token the app issued (the window cannot name paths)`);
    const grant = this.#grants.get(token);
    this.#grants.delete(token);
    if (!grant || grant.expires <= this.#now()) {
      throw new InvalidArgument(`${field}: this token was not issued to this window, was used already, or expired; choose the file again`);
    }
    if (grant.purpose !== purpose) throw new InvalidArgument(`${field}: this token was issued to ${grant.purpose}, not to ${purpose}`);
    return [...grant.paths];
  }

  /** Tokens issued and not yet redeemed or expired. */
  get size(): number {
    this.#forgetExpired();
    return this.#grants.size;
  }

  /** Forgets every token (the session ends). */
  clear(): void {
    this.#grants.clear();
  }

  #forgetExpired(): void {
    const now = this.#now();
    for (const [token, grant] of this.#grants) if (grant.expires <= now) this.#grants.delete(token);
  }
}
