/**
 * The TypeScript comparator against the Python one (../shared/oracle/tools/lib/compare_engine.py), on
 * the pairs and verdicts stored by scripts/make-compare-fixtures.ts. No Python and no ../shared needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ComparisonResult, compareRecording } from '../compare.js';
import type { OracleJson } from '../oracle-json.js';
import { applyPatch, type Json, type PatchOp } from './json-patch.js';

interface Fixture {
  base: string;
  recording: Json;
  cases: {
    mutation: string;
    description: string;
    expected: PatchOp[];
    actual: PatchOp[];
    /** compare_engine.py --json as it is */
    python: ComparisonResult;
    /** with its coalesce bug fixed (data forks never coalesce), where that changes the result */
    pythonFixed?: ComparisonResult;
  }[];
}

const DIR = fileURLToPath(new URL('./fixtures/compare-python/', import.meta.url));
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(DIR + f, 'utf8')) as Fixture);
const cases = fixtures.flatMap((fx) => fx.cases.map((c) => [`${fx.base.split('/').pop()} ${c.mutation}`, fx, c] as const));

describe('compareRecording says what compare_engine.py says', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)('%s', (_name, fx, c) => {
    const expected = applyPatch(fx.recording, c.expected) as unknown as OracleJson;
    const actual = applyPatch(fx.recording, c.actual) as unknown as OracleJson;
    const res = compareRecording(expected, actual);
    const want = c.pythonFixed ?? c.python;
    expect([res.t1, res.t2, res.t3]).toEqual([want.t1, want.t2, want.t3]);
    for (const t of ['t1', 't2', 't3'] as const) expect([t, res.diffs[t].length]).toEqual([t, want.diffs[t].length]);
    expect(res.diffs).toEqual(want.diffs);
  });

  it('departs from the Python comparator only where its data-fork coalesce bug bites', () => {
    for (const [, , c] of cases) {
      if (!c.pythonFixed) continue;
      for (const t of ['t1', 't2', 't3'] as const) {
        const fixed = new Set(c.pythonFixed.diffs[t]);
        for (const d of c.python.diffs[t].filter((x) => !fixed.has(x))) expect(d).toMatch(/\.data_fork /);
      }
    }
  });
});
