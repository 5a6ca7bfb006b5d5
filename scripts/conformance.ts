/**
 * `npm run conformance`: run every recorded scenario on the engine and grade it against the real
 * kernel's recording at the three fidelity tiers (T1 output/exit/size/md5; T2 + st_blocks, extents,
 * trace; T3 + physical blocks and f_bavail). Prints the tier table; `--json` prints it as JSON;
 * `-v` prints the first differences of each failing tier; names filter the scenarios.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { listScenarios, loadRecording } from '../engine/conformance/load.js';
import { compareRecording, formatComparison } from '../engine/conformance/compare.js';
import { runOracle } from '../engine/run/oracle-json.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const verbose = args.includes('-v') || args.includes('--verbose');
const filters = args.filter((a) => !a.startsWith('-'));

const rows: { name: string; kind: string; t1: boolean; t2: boolean; t3: boolean; error?: string; ms: number }[] = [];
for (const sc of listScenarios(join(root, 'oracle'))) {
  if (filters.length && !filters.some((f) => sc.name.includes(f))) continue;
  const t0 = Date.now();
  try {
    const expected = loadRecording(sc.recordingPath);
    // The recording's kernel picks the behaviour where 6.1 (quota, ENOSPC retry) and 6.18 differ.
    const actual = runOracle(readFileSync(sc.scriptPath, 'utf8'), sc.name, { kernel: expected.kernel });
    const res = compareRecording(expected, actual);
    rows.push({ name: sc.name, kind: sc.kind, t1: res.t1, t2: res.t2, t3: res.t3, ms: Date.now() - t0 });
    if (verbose && !res.t3) process.stdout.write(`--- ${sc.name}\n${formatComparison(res)}\n`);
  } catch (e) {
    rows.push({ name: sc.name, kind: sc.kind, t1: false, t2: false, t3: false, error: (e as Error).stack ?? String(e), ms: Date.now() - t0 });
    if (verbose) process.stdout.write(`--- ${sc.name}\nengine error: ${(e as Error).stack}\n`);
  }
}
if (json) {
  process.stdout.write(JSON.stringify(rows.map(({ error, ...r }) => ({ ...r, error: error?.split('\n')[0] })), null, 1) + '\n');
} else {
  const mark = (b: boolean) => (b ? 'pass' : 'FAIL');
  process.stdout.write(`${'scenario'.padEnd(44)} ${'kind'.padEnd(9)} T1   T2   T3\n`);
  for (const r of rows) {
    process.stdout.write(`${r.name.padEnd(44)} ${r.kind.padEnd(9)} ${mark(r.t1)} ${mark(r.t2)} ${mark(r.t3)}${r.error ? '  engine error: ' + r.error.split('\n')[0] : ''}\n`);
  }
  const n = (k: 't1' | 't2' | 't3') => rows.filter((r) => r[k]).length;
  process.stdout.write(`\n${rows.length} scenarios: T1 ${n('t1')}/${rows.length}, T2 ${n('t2')}/${rows.length}, T3 ${n('t3')}/${rows.length}\n`);
}
