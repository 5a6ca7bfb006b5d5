import { describe, expect, it } from 'vitest';
import { XfsAllocator } from '../xfs-alloc.js';
import { XfsMount, parseMkfsOptions, parseMountOptions } from '../xfs-mount.js';
import { Tracer } from '../xfs-trace.js';
import { Machine } from '../machine.js';

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
    if (e - s > skip) expect(a.allocExact(mp.agbToFsb(agno, s + skip), e - s - skip)).toBe(true);
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

describe('XfsAllocator near the target (xfs_alloc_ag_vextent_near)', () => {
  it('takes the free extent nearest the target that holds the allocation, at the target when it is free', () => {
    const { mp, a } = allocator();
    const x = a.alloc(mp.agbToFsb(0, 0), 100)!; // agbno 24-123: the first free extent holding 100
    const y = a.alloc(mp.agbToFsb(0, 0), 100)!; // 124-223
    expect([mp.fsbToAgbno(x.fsb), mp.fsbToAgbno(y.fsb)]).toEqual([24, 124]);
    a.freeExtent(x.fsb + 10, 1); // a 1-block hole at agbno 34
    a.clearBusy();
    // Wanted right after y: there, not in the earlier hole (a first-fit from the AG start would take it).
    expect(a.alloc(y.fsb + 100, 1)).toEqual({ fsb: y.fsb + 100, len: 1 });
    // Wanted inside y: the nearest free block, 51 blocks on (the hole at 34 is 140 back).
    expect(a.alloc(y.fsb + 50, 1)).toEqual({ fsb: y.fsb + 101, len: 1 });
    // A hole 10 blocks before the target is nearer than the free space 26 after it.
    a.freeExtent(y.fsb + 66, 1);
    a.clearBusy();
    expect(a.alloc(y.fsb + 76, 1)).toEqual({ fsb: y.fsb + 66, len: 1 });
  });

  /**
   * AG 0 with nothing free but the given extents (agbno ranges), none of them busy, and [3000, 4000)
   * far away, so that the AG's free space stays above its metadata reservation.
   */
  function agWith(...free: [number, number][]) {
    const { mp, a } = allocator();
    fillAg(mp, a, 0, 0);
    for (const [s, e] of [...free, [3000, 4000]]) a.freeExtent(mp.agbToFsb(0, s), e - s);
    a.clearBusy();
    const place = (want: number, len: number) => mp.fsbToAgbno(a.alloc(mp.agbToFsb(0, want), len)!.fsb);
    return { mp, a, place };
  }

  it('breaks a tie of distance for the longer free extent, the higher one at equal length (64)', () => {
    // Wanted at 79, 2 blocks: [34, 36) places them at 34 and [124, ...) at 124, both 45 away.
    expect(agWith([34, 36], [124, 200]).place(79, 2)).toBe(124);
    expect(agWith([34, 70], [124, 126]).place(79, 2)).toBe(34);
    expect(agWith([34, 36], [124, 126]).place(79, 2)).toBe(124);
    // Not a tie: the nearer one, whatever its length.
    expect(agWith([34, 36], [125, 200]).place(79, 2)).toBe(34);
  });

  it('places in the part of a free extent its busy blocks leave, as xfs_extent_busy_trim cuts it (63)', () => {
    // Free [30, 100) with block 33 busy, 1 block wanted at 34: the piece before the busy block holds
    // it, so the extent is cut to [30, 33), and user data goes at the start of a piece that ends
    // before the wanted block. Block 34, free and wanted, is not taken.
    const { mp, a, place } = agWith([30, 100]);
    expect(a.allocExact(mp.agbToFsb(0, 33), 1)).toBe(true);
    a.freeExtent(mp.agbToFsb(0, 33), 1);
    expect(place(34, 1)).toBe(30);
    // Busy blocks at an extent's start cut them off: wanted at 35 with [36, 38) busy, it goes to 38.
    const b = agWith([36, 100]);
    expect(b.a.allocExact(b.mp.agbToFsb(0, 36), 2)).toBe(true);
    b.a.freeExtent(b.mp.agbToFsb(0, 36), 2);
    expect(b.place(35, 1)).toBe(38);
  });
});

describe('allocTarget (xfs_bmap_adjacent)', () => {
  it('aims each delalloc extent of a sparse file next to the one before it (58)', () => {
    const m = new Machine();
    m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
    m.mount('');
    const fd = m.open('sp', { create: true });
    const src = { kind: 'pattern', byte: 0x63 } as const;
    m.pwrite(fd, 1 << 20, 64 << 10, src);
    m.pwrite(fd, 0, 64 << 10, src);
    m.pwrite(fd, 512 << 10, 4096, src);
    m.close(fd);
    m.sync();
    const [e0, e1, e2] = m.inodeOf('sp').df.toArray();
    expect([e0.startoff, e1.startoff, e2.startoff]).toEqual([0, 128, 256]);
    expect(e1.startblock).toBe(e0.startblock + e0.blockcount);
    expect(e2.startblock).toBe(e1.startblock + e1.blockcount);
  });
});
