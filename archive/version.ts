/** The version stamped on every capture's provenance, raised when extraction changes. */
export const IMPORTER_VERSION = '0.1.0';

/** The name the archive lock shows to a second process. */
export const APP_NAME = 'Saved Article Reader';
