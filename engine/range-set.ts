/**
 * A set of integers kept as sorted, disjoint, coalesced half-open ranges [start, end): the dirty
 * blocks of an inode's page cache, the free blocks of an AG, and the like.
 *
 * The ranges live in an IextTree (one record per range, startblock and state unused) rather than in a
 * sorted array: an array splice is O(n), and a fragmented set (every other block dirty, a free-space
 * map after many small frees) reaches tens of thousands of ranges. The tree's finger makes the common
 * pattern, adding just past the last range, O(1) apart from an occasional leaf split.
 */
import { IextTree } from './xfs-iext-tree.js';
import { EXT_NORM, type BmbtIrec } from './xfs-types.js';

function span(start: number, end: number): BmbtIrec {
  return { startoff: start, startblock: 0, blockcount: end - start, state: EXT_NORM };
}

/**
 * Sorted disjoint half-open ranges of non-negative integers (block numbers: IextTree offsets cannot be
 * negative, so add() throws below 0), adjacent ranges coalesced. add/remove/has/overlaps are O(log n),
 * plus O(log n) per range swallowed or cut; total() is O(1). Like IextTree, ranges() must not be
 * resumed after the set changes (finishing or abandoning it first is fine).
 */
export class RangeSet {
  private tree = new IextTree();
  private covered = 0;

  /** Add every integer of [start, end); an empty or inverted range is a no-op. */
  add(start: number, end: number): void {
    if (!(start < end)) return;
    const last = this.tree.last();
    if (last === undefined || start > last.startoff + last.blockcount) {
      // Past the last range without touching it: the append case.
      this.tree.insert(span(start, end));
      this.covered += end - start;
      return;
    }
    if (start >= last.startoff) {
      // Touching or inside the last range: extend it.
      const lastEnd = last.startoff + last.blockcount;
      if (end > lastEnd) {
        this.tree.update(last.startoff, span(last.startoff, end));
        this.covered += end - lastEnd;
      }
      return;
    }
    // The first range touching [start, end) contains start - 1 or begins in [start, end]; it swallows
    // every later range that begins at or before end.
    const first = this.tree.lookup(start - 1);
    if (first === undefined || first.startoff > end) {
      this.tree.insert(span(start, end));
      this.covered += end - start;
      return;
    }
    let hi = Math.max(end, first.startoff + first.blockcount);
    let before = first.blockcount;
    for (let r = this.tree.next(first); r !== undefined && r.startoff <= end; r = this.tree.next(first)) {
      hi = Math.max(hi, r.startoff + r.blockcount);
      before += r.blockcount;
      this.tree.remove(r.startoff);
    }
    const lo = Math.min(start, first.startoff);
    this.tree.update(first.startoff, span(lo, hi));
    this.covered += hi - lo - before;
  }

  /** Remove every integer of [start, end). */
  remove(start: number, end: number): void {
    if (!(start < end)) return;
    let r = this.tree.lookup(start);
    while (r !== undefined && r.startoff < end) {
      const rs = r.startoff;
      const re = rs + r.blockcount;
      if (rs < start) {
        this.tree.update(rs, span(rs, start));
        if (re > end) this.tree.insert(span(end, re));
      } else if (re > end) {
        this.tree.update(rs, span(end, re));
      } else {
        this.tree.remove(rs);
      }
      this.covered -= Math.min(re, end) - Math.max(rs, start);
      r = this.tree.lookup(re);
    }
  }

  /** Whether x is in the set. */
  has(x: number): boolean {
    return this.tree.containing(x) !== undefined;
  }

  /** Whether any integer of [start, end) is in the set. */
  overlaps(start: number, end: number): boolean {
    if (!(start < end)) return false;
    const r = this.tree.lookup(start);
    return r !== undefined && r.startoff < end;
  }

  /** The ranges overlapping [start, end), clipped to it, in order, as [start, end) pairs. */
  *ranges(start = -Infinity, end = Infinity): Generator<[number, number]> {
    for (const r of this.tree.range(start, end)) {
      yield [Math.max(r.startoff, start), Math.min(r.startoff + r.blockcount, end)];
    }
  }

  /** The lowest range. */
  first(): [number, number] | undefined {
    const r = this.tree.first();
    return r === undefined ? undefined : [r.startoff, r.startoff + r.blockcount];
  }

  /** Number of ranges. */
  get count(): number {
    return this.tree.count;
  }

  /** Whether the set is empty. */
  isEmpty(): boolean {
    return this.tree.count === 0;
  }

  /** Number of integers in the set. */
  total(): number {
    return this.covered;
  }

  /** Empty the set. */
  clear(): void {
    this.tree.clear();
    this.covered = 0;
  }

  /** An independent copy. */
  clone(): RangeSet {
    const c = new RangeSet();
    for (const r of this.tree.all()) c.tree.insert(r);
    c.covered = this.covered;
    return c;
  }
}
