import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareRecording, formatComparison } from '../compare.js';
import { listScenarios, loadRecording } from '../load.js';
import type { OracleJson } from '../oracle-json.js';
import { MUTATIONS } from './mutations.js';

const ORACLE = fileURLToPath(new URL('../../../oracle', import.meta.url));
const scenarios = listScenarios(ORACLE);
/** The one-behaviour scenarios: the bases of the mutation tests. */
const bases = scenarios.filter((s) => s.kind === 'scenario').map((s) => [s.name, loadRecording(s.recordingPath)] as const);

function verdict(r: { t1: boolean; t2: boolean; t3: boolean }): [boolean, boolean, boolean] {
  return [r.t1, r.t2, r.t3];
}

describe('compareRecording: a recording against itself', () => {
  it.each(scenarios.map((s) => [s.name, s.recordingPath]))('%s passes T1-T3', (_name, path) => {
    const rec = loadRecording(path);
    const res = compareRecording(rec, structuredClone(rec));
    expect(res.diffs).toEqual({ t1: [], t2: [], t3: [] });
    expect(verdict(res)).toEqual([true, true, true]);
  });
});

describe('compareRecording: mutations are caught at the right tier', () => {
  it.each(MUTATIONS.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    let applied = 0;
    for (const [base, rec] of bases) {
      const pair = m.apply(rec);
      if (!pair) continue;
      applied++;
      const res = compareRecording(pair.expected, pair.actual);
      expect([base, verdict(res)]).toEqual([base, m.tiers]);
      // the lowest failing tier has differences of its own
      const lowest = m.tiers.indexOf(false);
      if (lowest >= 0) expect(res.diffs[`t${(lowest + 1) as 1 | 2 | 3}`].length).toBeGreaterThan(0);
    }
    expect(applied).toBeGreaterThan(0);
  });

  it('covers every case of the brief', () => {
    const names = new Set(MUTATIONS.map((m) => m.name));
    for (const n of ['output-line-changed', 'md5-changed', 'st-blocks-changed', 'data-fork-split',
      'trace-startblock-changed', 'completion-reordered', 'iomap-alloc-removed', 'racy-dropped', 'ino-renamed',
      'f-bavail-changed']) {
      expect(names).toContain(n);
    }
  });
});

describe('compareRecording: messages', () => {
  const rec = loadRecording(`${ORACLE}/recorded/01-first-write-delalloc.json`);

  it('says what differs, in the words of compare_engine.py', () => {
    const actual: OracleJson = structuredClone(rec);
    actual.state.final!.files['file'].st_blocks = 16;
    actual.output[0] = 'wrote 4096/4096 bytes at offset 4096';
    const res = compareRecording(rec, actual);
    expect(res.diffs.t1).toEqual([
      "output line 1/1: expected 'wrote 4096/4096 bytes at offset 0', actual 'wrote 4096/4096 bytes at offset 4096'",
    ]);
    expect(res.diffs.t2).toEqual(['state.final.files[file].st_blocks: expected 8, actual 16']);
    expect(formatComparison(res)).toBe(
      'T1 semantics       FAIL (1 difference(s))\n' +
        `    - ${res.diffs.t1[0]}\n` +
        'T2 logical layout  FAIL (1 difference(s); T1 failed)\n' +
        `    - ${res.diffs.t2[0]}\n` +
        'T3 physical        FAIL (no own differences; T2 failed)\n',
    );
  });

  it('compares completions as covered ranges within a window', () => {
    const actual: OracleJson = structuredClone(rec);
    const i = actual.trace.findIndex((e) => e.event === 'xfs_unwritten_convert');
    actual.trace[i].fields.bytecount = '0x2000';
    const res = compareRecording(rec, actual);
    expect(res.diffs.t2).toEqual([
      'completion window 2 (after trace[6] xfs_file_fsync ino=file iflags=0x40): ' +
        'xfs_unwritten_convert ino=file: expected [0x0-0x1000), actual [0x0-0x2000)',
    ]);
  });
});
