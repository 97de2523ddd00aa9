/** Every bench suite, in the order they run. */
import type { BenchSuite } from './harness.ts';
import { storeBench } from './store.ts';

export const benchSuites: BenchSuite[] = [
  storeBench,
];
