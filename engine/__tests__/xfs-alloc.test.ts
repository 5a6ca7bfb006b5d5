import { describe, expect, it } from 'vitest';
import { XfsAllocator } from '../xfs-alloc.js';
import { XfsMount, parseMkfsOptions, parseMountOptions } from '../xfs-mount.js';
import { Tracer } from '../xfs-trace.js';

/** A 32 MiB filesystem of two AGs (4096 blocks each), as e01's. */
function allocator(): { mp: XfsMount; a: XfsAllocator } {
  const mp = new XfsMount(parseMkfsOptions(['-d', 'size=32m,agcount=2']), parseMountOptions(''), new Tracer(false));
  return { mp, a: new XfsAllocator(mp) };
}

/** Takes every block of AG `agno` except the first `keep` free ones. */
function fillAg(mp: XfsMount, a: XfsAllocator, agno: number, keep: number): void {
  const free = a.free[agno];
  const ranges = [...free.ranges()];
  let kept = 0;
  for (const [s, e] of ranges) {
    const skip = Math.min(keep - kept, e - s);
    kept += skip;
    if (e - s > skip) free.remove(s + skip, e);
  }
  expect(free.total()).toBe(keep);
  expect(mp.agcount).toBe(2);
}

describe('XfsAllocator and busy extents', () => {
  it('leaves blocks freed since the last log force alone while the AG has other room', () => {
    const { mp, a } = allocator();
    const first = a.alloc(mp.agbToFsb(0, 0), 100)!;
    a.alloc(mp.agbToFsb(0, 0), 100);
    a.freeExtent(first.fsb, first.len);
    const next = a.alloc(mp.agbToFsb(0, 0), 50)!;
    expect(mp.fsbToAgno(next.fsb)).toBe(0);
    expect(next.fsb).not.toBe(first.fsb); // the freed blocks are still busy
    expect(a.busy[0].total()).toBe(100);
  });

  it('forces the log and reuses busy blocks of the target AG rather than moving to another AG (e01)', () => {
    const { mp, a } = allocator();
    const f = a.alloc(mp.agbToFsb(0, 0), 1000)!;
    fillAg(mp, a, 0, 0);
    // A post-EOF trim frees the tail of f: the AG's only free space, busy until the log is forced.
    a.freeExtent(f.fsb + 500, 500);
    expect(a.agFree(1)).toBeGreaterThan(256); // the other AG could take it without waiting
    const r = a.alloc(mp.agbToFsb(0, 0), 256)!;
    expect(r).toEqual({ fsb: f.fsb + 500, len: 256 });
    expect(a.busy[0].isEmpty()).toBe(true);
  });

  it('moves to the next AG when the target AG cannot hold it even with its busy blocks', () => {
    const { mp, a } = allocator();
    const f = a.alloc(mp.agbToFsb(0, 0), 1000)!;
    fillAg(mp, a, 0, 0);
    a.freeExtent(f.fsb + 900, 100);
    const r = a.alloc(mp.agbToFsb(0, 0), 256)!;
    expect(mp.fsbToAgno(r.fsb)).toBe(1);
    expect(r.len).toBe(256);
    expect(a.busy[0].total()).toBe(100); // no log force was needed
  });
});
