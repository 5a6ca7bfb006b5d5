/**
 * The fsx-style exerciser with user, group and project quota: chown and project changes mixed into
 * the random operations, small limits on the non-root ids, small filesystems — so EDQUOT and ENOSPC
 * are frequent. A failed write must change nothing it did not report, and after every operation the
 * checker compares each dquot with the blocks and reservations of the inodes charged to it.
 */
import { describe, expect, it } from 'vitest';
import { generateOps, runOps, shrink } from '../fsx.js';

function check(seed: number, ops: number, fsSize: string, maxSize: number, maxLen: number, quotaLimit: number) {
  const seq = generateOps({ seed, ops, quota: true, maxSize, maxLen });
  const stats = { enospc: 0, ops: 0, edquot: 0 };
  const failure = runOps(seq, { quota: true, fsSize, stats, quotaLimit });
  if (failure) {
    const small = shrink(seq.slice(0, failure.index + 1), { quota: true, fsSize, quotaLimit });
    expect.fail(`${failure.message}\nsmallest failing sequence:\n${small.map((o) => JSON.stringify(o)).join('\n')}`);
  }
  expect(stats.ops).toBe(ops);
  return stats;
}

describe('fsx-style exerciser with quota', () => {
  for (const seed of [11, 12]) {
    it(`seed ${seed}: 800 operations under 512 KiB limits: EDQUOT is frequent, the model and every dquot stay right`, () => {
      const stats = check(seed, 800, '256m', 1 << 20, 256 * 1024, 512 << 10);
      expect(stats.edquot).toBeGreaterThan(30);
    });
  }

  it('small filesystem and quota: ENOSPC and EDQUOT both frequent', () => {
    const stats = check(15, 200, '32m', 24 << 20, 8 << 20, 4 << 20);
    expect(stats.edquot).toBeGreaterThan(20);
    expect(stats.enospc - stats.edquot).toBeGreaterThan(10); // ENOSPC (project quota and full fs) and short writes
  });

  it('generates chown and project changes only when asked', () => {
    const kinds = (quota: boolean) => new Set(generateOps({ seed: 3, ops: 400, quota }).map((o) => o.op));
    expect(kinds(true).has('chown') && kinds(true).has('chproj')).toBe(true);
    expect(kinds(false).has('chown') || kinds(false).has('chproj')).toBe(false);
  });
});
