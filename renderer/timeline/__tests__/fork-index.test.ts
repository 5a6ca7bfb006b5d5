import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExtentView, FileTrack, ForkDelta } from '../../../main/run-view-types';
import { diffFork } from '../../../main/lab/run-view';
import { ForkIndex, applyDeltas, lastAtOrBefore } from '../fork-index';

const ext = (off: number, len: number, kind: ExtentView['kind']): ExtentView => ({ off, len, kind, block: kind === 'delalloc' ? null : off + 100 });

/** A random sorted, disjoint fork. */
const fork = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom<ExtentView['kind']>('delalloc', 'written', 'unwritten')), { maxLength: 30 })
  .map((xs) => {
    let off = 0;
    return xs.map(([gap, len, kind]) => {
      off += gap;
      const e = ext(off, len, kind);
      off += len;
      return e;
    });
  });

describe('lastAtOrBefore', () => {
  it('binary-searches', () => {
    expect(lastAtOrBefore([1, 3, 5], 0)).toBe(-1);
    expect(lastAtOrBefore([1, 3, 5], 3)).toBe(1);
    expect(lastAtOrBefore([1, 3, 5], 4)).toBe(1);
    expect(lastAtOrBefore([1, 3, 5], 99)).toBe(2);
  });
});

describe('ForkIndex', () => {
  it('replays any sequence of fork states exactly, at every step, in any order of queries', () => {
    fc.assert(fc.property(fc.array(fork, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 30 }), (states, queries) => {
      const changes: FileTrack['changes'] = [];
      let prev: ExtentView[] = [];
      states.forEach((s, step) => {
        const d = diffFork(prev, s);
        changes.push({ step: step * 2, size: 0, diskSize: 0, stBlocks: 0, iflags: 0, ...(d ? { data: d } : {}) });
        prev = s;
      });
      const idx = new ForkIndex([{ path: 'f', ino: 1, changes }]);
      for (const q of [...queries.map((q) => q % (states.length * 2)), states.length * 2 - 1, 0]) {
        const at = idx.file('f')!.at(q)!;
        expect(at.data).toEqual(states[Math.floor(q / 2)]);
      }
    }), { numRuns: 150 });
  });

  it('keeps keyframes so that a late step of a long run is cheap', () => {
    const n = 20_000;
    const base: ExtentView[] = Array.from({ length: n }, (_, i) => ext(i * 2, 1, 'delalloc'));
    const changes: FileTrack['changes'] = [{ step: 0, size: 0, diskSize: 0, stBlocks: 0, iflags: 0, data: { remove: [], add: base } }];
    for (let s = 1; s < 5000; s++) {
      const i = (s * 7919) % n;
      const d: ForkDelta = { remove: [i * 2], add: [ext(i * 2, 1, s % 2 ? 'written' : 'delalloc')] };
      changes.push({ step: s, size: 0, diskSize: 0, stBlocks: 0, iflags: 0, data: d });
    }
    const idx = new ForkIndex([{ path: 'big', ino: 1, changes }]);
    const t0 = performance.now();
    for (const s of [4999, 10, 2500, 4998, 1]) expect(idx.file('big')!.at(s)!.data.length).toBe(n);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('knows when a file does not exist', () => {
    const idx = new ForkIndex([{
      path: 'f', ino: 1,
      changes: [
        { step: 3, size: 4096, diskSize: 0, stBlocks: 8, iflags: 0, data: { remove: [], add: [ext(0, 1, 'delalloc')] } },
        { step: 6, size: 0, diskSize: 0, stBlocks: 0, iflags: 0, removed: true, data: { remove: [0], add: [] } },
      ],
    }]);
    expect(idx.at(2)).toEqual([]);
    expect(idx.at(4).map((f) => f.size)).toEqual([4096]);
    expect(idx.at(6)).toEqual([]);
  });

  it('applyDeltas does not modify its base', () => {
    const base = [ext(0, 1, 'written')];
    const out = applyDeltas(base, [{ remove: [0], add: [ext(0, 2, 'written')] }]);
    expect(base).toEqual([ext(0, 1, 'written')]);
    expect(out).toEqual([ext(0, 2, 'written')]);
  });
});
