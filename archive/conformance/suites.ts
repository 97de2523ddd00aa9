/** Every conformance suite, in the order they run. */
import type { ConformanceSuite } from './harness.ts';

export const conformanceSuites: ConformanceSuite[] = [];
