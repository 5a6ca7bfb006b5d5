/**
 * The refcount btree (libxfs/xfs_refcount.c), one per AG: records of shared blocks (refcount >= 2;
 * a block with one owner has no record) and the COW-domain records marking CoW staging blocks.
 * Records live in an extent tree keyed by agbno, with the refcount kept in the startblock slot.
 */
import { IextTree } from './xfs-iext-tree.js';
import { RangeSet } from './range-set.js';
import type { XfsMount } from './xfs-mount.js';
import type { BmbtIrec } from './xfs-types.js';

/** A run of blocks and its reference count. */
export interface RefcountRun {
  agbno: number;
  len: number;
  refcount: number;
}

/** The refcount btrees of all AGs. */
export class XfsRefcount {
  private readonly shared: IextTree[] = [];
  /** COW-domain records (staging extents), per AG. */
  readonly cow: RangeSet[] = [];
  /** Bumped on every refcount change, so views know sharing may have changed for other files. */
  version = 0;

  constructor(private readonly mp: XfsMount) {
    for (let i = 0; i < mp.agcount; i++) {
      this.shared.push(new IextTree());
      this.cow.push(new RangeSet());
    }
  }

  /**
   * xfs_refcount_find_shared with find_end_of_shared: the first shared run overlapping
   * [fsb, fsb+len), clipped to it, as fsblocks; null when nothing is shared.
   */
  findShared(fsb: number, len: number): { start: number; len: number } | null {
    const agno = this.mp.fsbToAgno(fsb);
    const agbno = this.mp.fsbToAgbno(fsb);
    const tree = this.shared[agno];
    const end = agbno + len;
    let r = tree.lookup(agbno);
    if (!r || r.startoff >= end) return null;
    const start = Math.max(r.startoff, agbno);
    let stop = Math.min(r.startoff + r.blockcount, end);
    // Adjacent shared records (different counts) continue the shared run.
    while (stop < end) {
      const n = tree.next(r);
      if (!n || n.startoff !== r.startoff + r.blockcount) break;
      r = n;
      stop = Math.min(r.startoff + r.blockcount, end);
    }
    return { start: this.mp.agbToFsb(agno, start), len: stop - start };
  }

  /** The refcount of one block (1 when it has no record). */
  refcountOf(fsb: number): number {
    const r = this.shared[this.mp.fsbToAgno(fsb)].containing(this.mp.fsbToAgbno(fsb));
    return r ? r.startblock : 1;
  }

  /** The runs of [fsb, fsb+len) with their refcounts (1 where there is no record). */
  runs(fsb: number, len: number): RefcountRun[] {
    const agno = this.mp.fsbToAgno(fsb);
    const agbno = this.mp.fsbToAgbno(fsb);
    const end = agbno + len;
    const out: RefcountRun[] = [];
    let at = agbno;
    for (const r of this.shared[agno].range(agbno, end)) {
      if (r.startoff > at) out.push({ agbno: at, len: r.startoff - at, refcount: 1 });
      const s = Math.max(r.startoff, at);
      const e = Math.min(r.startoff + r.blockcount, end);
      out.push({ agbno: s, len: e - s, refcount: r.startblock });
      at = e;
    }
    if (at < end) out.push({ agbno: at, len: end - at, refcount: 1 });
    return out;
  }

  /**
   * xfs_refcount_adjust: add `delta` (+1 or -1) to every block of [fsb, fsb+len). Returns the
   * ranges (fsblocks) whose count dropped to zero: the caller frees them.
   */
  adjust(fsb: number, len: number, delta: number): { fsb: number; len: number }[] {
    const agno = this.mp.fsbToAgno(fsb);
    const tree = this.shared[agno];
    const freed: { fsb: number; len: number }[] = [];
    this.version++;
    const runs = this.runs(fsb, len);
    for (const r of tree.rangeArray(runs[0].agbno, runs[runs.length - 1].agbno + runs[runs.length - 1].len)) {
      tree.remove(r.startoff);
      const s = runs[0].agbno;
      const e = runs[runs.length - 1].agbno + runs[runs.length - 1].len;
      if (r.startoff < s) tree.insert({ ...r, blockcount: s - r.startoff });
      if (r.startoff + r.blockcount > e) tree.insert({ ...r, startoff: e, blockcount: r.startoff + r.blockcount - e });
    }
    for (const run of runs) {
      const n = run.refcount + delta;
      if (n <= 0) freed.push({ fsb: this.mp.agbToFsb(agno, run.agbno), len: run.len });
      else if (n >= 2) tree.insert({ startoff: run.agbno, blockcount: run.len, startblock: n, state: 0 });
    }
    // Merge neighbours with equal counts so a run's records stay canonical.
    const first = tree.lookupBefore(runs[0].agbno);
    for (let r = first ?? tree.lookup(runs[0].agbno); r;) {
      const n = tree.next(r);
      if (!n || n.startoff > runs[runs.length - 1].agbno + runs[runs.length - 1].len) break;
      if (n.startoff === r.startoff + r.blockcount && n.startblock === r.startblock) {
        tree.remove(n.startoff);
        const merged: BmbtIrec = { ...r, blockcount: r.blockcount + n.blockcount };
        tree.update(r.startoff, merged);
        r = merged;
      } else {
        r = n;
      }
    }
    return freed;
  }

  /** Mark [fsb, fsb+len) as CoW staging blocks (xfs_refcount_alloc_cow_extent). */
  allocCow(fsb: number, len: number): void {
    this.cow[this.mp.fsbToAgno(fsb)].add(this.mp.fsbToAgbno(fsb), this.mp.fsbToAgbno(fsb) + len);
  }

  /** Drop the staging mark (xfs_refcount_free_cow_extent). */
  freeCow(fsb: number, len: number): void {
    this.cow[this.mp.fsbToAgno(fsb)].remove(this.mp.fsbToAgbno(fsb), this.mp.fsbToAgbno(fsb) + len);
  }

  /** Every shared record of one AG (for the invariant checker and the physical view). */
  sharedRecords(agno: number): BmbtIrec[] {
    return this.shared[agno].toArray();
  }
}
