/** Errors the store reports to users: a kind to act on and a message that says what to do. */

export type ArchiveErrorKind = 'locked' | 'unusable' | 'not-found' | 'too-new' | 'invalid' | 'read-only';

export class ArchiveError extends Error {
  constructor(
    readonly kind: ArchiveErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}
