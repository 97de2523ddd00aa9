/** Every bench suite, in the order they run. */
import type { BenchSuite } from './harness.ts';
import { storeBench } from './store.ts';
import { convertBench } from './convert.ts';
import { searchBench } from './search.ts';
import { pdfBench } from './pdf.ts';
import { warcBench } from './warc.ts';
import { importExtractBench } from './import-extract.ts';
import { uiBench } from './ui.ts';
import { importBench } from './import.ts';
import { cliBench } from './cli.ts';
import { cliStartBench } from './cli-start.ts';

export const benchSuites: BenchSuite[] = [
  storeBench,
  convertBench,
  searchBench,
  pdfBench,
  warcBench,
  importExtractBench,
  importBench,
  uiBench,
  cliBench,
  cliStartBench,
];
