/**
 * The two ways reading a file can stop: it is not a saved page at all (skipped, reported with a
 * reason), or it claims to be one and is broken (failed, with an error the user can act on).
 */

/** A file that is not a saved page (an image, a stylesheet, an unknown type): skipped, not failed. */
export class NotASavedPage extends Error {
  override name = 'NotASavedPage';
}

/** A saved page that cannot be read: empty, binary, truncated, too large … */
export class BadSavedPage extends Error {
  override name = 'BadSavedPage';
}
