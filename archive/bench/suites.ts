/** Every bench suite, in the order they run. */
import type { BenchSuite } from './harness.ts';

export const benchSuites: BenchSuite[] = [];
