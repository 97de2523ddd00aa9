/**
 * `npm run conformance [-- --json] [--only suite]`: scores the project against the peer suites in
 * `../shared/peer` (or `--peer DIR`), printing a table or one JSON object with `--json`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SkipSuite, type ConformanceRow } from './harness.ts';
import { conformanceSuites } from './suites.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    peer: { type: 'string' },
  },
});
const json = values.json ?? false;
const peerDir = resolve(values.peer ?? resolve(process.cwd(), '../shared/peer'));
const log = (message: string): void => {
  if (!json) process.stderr.write(`  ${message}\n`);
};

const rows: ConformanceRow[] = [];
const details: Record<string, unknown> = {};
const skipped: Record<string, string> = {};
if (!existsSync(peerDir)) {
  const reason = `no peer data at ${peerDir} (it lives beside the repository as ../shared/peer)`;
  for (const suite of conformanceSuites) skipped[suite.name] = reason;
} else {
  const only = values.only ? new Set(values.only.split(',')) : null;
  for (const suite of conformanceSuites) {
    if (only && !only.has(suite.name)) continue;
    log(`[${suite.name}]`);
    try {
      const result = await suite.run(peerDir, log);
      rows.push(...result.rows);
      if (result.details !== undefined) details[suite.name] = result.details;
    } catch (error) {
      if (error instanceof SkipSuite) skipped[suite.name] = error.message;
      else throw error;
    }
  }
}

if (json) {
  process.stdout.write(`${JSON.stringify({ peerDir, rows, skipped, details })}\n`);
} else {
  for (const [name, reason] of Object.entries(skipped)) console.log(`${name}: skipped: ${reason}`);
  const w1 = Math.max(5, ...rows.map((r) => r.suite.length));
  const w2 = Math.max(6, ...rows.map((r) => r.metric.length));
  for (const r of rows) {
    console.log(`${r.suite.padEnd(w1)}  ${r.metric.padEnd(w2)}  ${String(r.value).padStart(8)}  ${r.target ?? ''}`);
  }
}
