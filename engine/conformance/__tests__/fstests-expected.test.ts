/**
 * The fstests translations print exactly the lines fstests' golden output expects (.expected),
 * after the filtering fstests itself applies (_filter_xfs_io timing lines, pwrite64 → pwrite,
 * the scratch mount shown as SCRATCH_MNT).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios } from '../load.js';
import { runScript, SCRATCH_MNT } from '../../run/run-script.js';

const oracle = join(dirname(fileURLToPath(import.meta.url)), '../../../oracle');
const TIMING = /^[0-9/.]+ [GMKiBbytes]+, \d+ ops?; [0-9/:. sec]+ \(.*\/sec and .* ops\/sec\)$/;

/** fstests' output filters as the translations' .expected files assume them. */
export function fstestsFilter(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) =>
    TIMING.test(l.trim())
      ? 'XXX Bytes, X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)'
      : l.split(SCRATCH_MNT).join('SCRATCH_MNT').replace(/^pwrite64:/, 'pwrite:'),
  );
}

describe('fstests translations print their .expected lines', () => {
  const scenarios = listScenarios(oracle).filter((s) => s.kind === 'fstests' && !s.needs.includes('quota'));
  it('has the seven non-quota translations', () => {
    expect(scenarios.map((s) => s.name).sort()).toEqual([
      'fstests-generic-138', 'fstests-generic-148', 'fstests-generic-150', 'fstests-generic-171',
      'fstests-generic-195', 'fstests-generic-296', 'fstests-generic-612',
    ]);
  });
  for (const sc of scenarios) {
    it(sc.name, () => {
      const res = runScript(readFileSync(sc.scriptPath, 'utf8'), { steps: false, trace: false });
      const expected = readFileSync(sc.expectedPath!, 'utf8').split('\n').filter((l, i, a) => i < a.length - 1 || l !== '');
      expect(fstestsFilter(res.output)).toEqual(expected);
    });
  }
});
