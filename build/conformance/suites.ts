/** Every conformance suite, in the order they run. */
import type { ConformanceSuite } from './harness.ts';
import { openccSuite } from './opencc.ts';
import { readabilitySuite } from './readability.ts';
import { webArchiveSuite } from './webarchive.ts';
import { mhtmlSuite } from './mhtml.ts';
import { trafilaturaSuite } from './trafilatura.ts';

export const conformanceSuites: ConformanceSuite[] = [
  openccSuite,
  readabilitySuite,
  webArchiveSuite,
  mhtmlSuite,
  trafilaturaSuite,
];
