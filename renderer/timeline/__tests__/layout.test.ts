import { describe, expect, it } from 'vitest';
import type { ExtentView } from '../../../main/run-view-types';
import { extentAt, firstVisible, fullRange, layoutFork, tickStep } from '../layout';

const ext = (off: number, len: number, kind: ExtentView['kind'], shared = false): ExtentView => ({ off, len, kind, block: kind === 'delalloc' ? null : 100 + off, ...(shared ? { shared } : {}) });

describe('layoutFork', () => {
  it('maps extents to pixels along the offset axis', () => {
    const segs = layoutFork([ext(0, 4, 'written'), ext(8, 4, 'unwritten')], 'data', 100, { start: 0, end: 16, width: 160 });
    expect(segs).toEqual([
      { x: 0, w: 40, kind: 'written', shared: false, extents: 1 },
      { x: 80, w: 40, kind: 'unwritten', shared: false, extents: 1 },
    ]);
  });

  it('splits delalloc at EOF into delalloc and speculative preallocation', () => {
    const segs = layoutFork([ext(0, 16, 'delalloc')], 'data', 4, { start: 0, end: 16, width: 160 });
    expect(segs.map((s) => [s.kind, s.x, s.w])).toEqual([['delalloc', 0, 40], ['prealloc', 40, 120]]);
  });

  it('colours the CoW fork as staging and keeps sharing', () => {
    expect(layoutFork([ext(0, 1, 'delalloc')], 'cow', 0, { start: 0, end: 1, width: 10 })[0].kind).toBe('cow-delalloc');
    expect(layoutFork([ext(0, 1, 'written', true)], 'data', 1, { start: 0, end: 1, width: 10 })[0].shared).toBe(true);
  });

  it('clips to the view', () => {
    const segs = layoutFork([ext(0, 100, 'written')], 'data', 100, { start: 50, end: 60, width: 100 });
    expect(segs).toEqual([{ x: 0, w: 100, kind: 'written', shared: false, extents: 1 }]);
  });

  it('bins 100k sub-pixel extents into at most one segment per pixel column, quickly', () => {
    const extents = Array.from({ length: 100_000 }, (_, i) => ext(i * 2, 1, i % 3 === 0 ? 'written' : 'delalloc'));
    const t0 = performance.now();
    const segs = layoutFork(extents, 'data', 200_000, { start: 0, end: 200_000, width: 1000 });
    const ms = performance.now() - t0;
    expect(segs.length).toBeLessThanOrEqual(1000);
    expect(segs.reduce((n, s) => n + s.extents, 0)).toBe(100_000);
    // Every column is covered by its majority kind (2 of 3 extents are delalloc).
    expect(segs.every((s) => s.kind === 'delalloc')).toBe(true);
    expect(ms).toBeLessThan(200);
  });
});

describe('helpers', () => {
  it('finds the first visible extent and the extent under a pixel', () => {
    const xs = [ext(0, 2, 'written'), ext(4, 2, 'written'), ext(10, 2, 'written')];
    expect(firstVisible(xs, 0)).toBe(0);
    expect(firstVisible(xs, 3)).toBe(1);
    expect(firstVisible(xs, 12)).toBe(3);
    expect(extentAt(xs, { start: 0, end: 12, width: 120 }, 45)?.off).toBe(4);
    expect(extentAt(xs, { start: 0, end: 12, width: 120 }, 75)).toBeUndefined();
  });
  it('picks power-of-two ticks and a range that fits every file', () => {
    expect(tickStep(1024, 800)).toBe(128);
    expect(fullRange([{ size: 64 * 4096, data: [ext(0, 80, 'delalloc')], cow: [] }], 4096)).toBe(84);
  });
});
