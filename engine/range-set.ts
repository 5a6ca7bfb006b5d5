/**
 * A set of integers kept as sorted, disjoint, coalesced half-open ranges [start, end): the dirty
 * blocks of an inode's page cache, the free blocks of an AG, and the like.
 *
 * The ranges live in an IextTree of width 2 (startoff and blockcount only: 16 bytes a range) rather than
 * in a sorted array: an array splice is O(n), and a fragmented set (every other block dirty, a
 * free-space map after many small frees) reaches millions of ranges. Every operation goes through the
 * tree's finger, so adding just past the last range, or a block that is already in the set (rewriting
 * cached pages), costs one search and allocates nothing.
 */
import { IextTree } from './xfs-iext-tree.js';

/**
 * Sorted disjoint half-open ranges of non-negative integers (block numbers: IextTree offsets cannot be
 * negative, so add() throws below 0), adjacent ranges coalesced. add/remove/has/overlaps are O(log n),
 * plus O(log n) per range swallowed or cut; total() is O(1). Like IextTree, ranges() must not be
 * resumed after the set changes (finishing or abandoning it first is fine).
 */
export class RangeSet {
  private tree = new IextTree(2);
  private covered = 0;
  /**
   * With `trackLengths`: how many ranges have each length, and the longest (recomputed from the
   * distinct lengths when the last range of the longest length goes). A free-space map needs its
   * longest extent at every allocation (the AGF's longest); a scan of the ranges made a run of
   * thousands of small allocations in fragmented free space quadratic.
   */
  private lens: Map<number, number> | null;
  private maxLen = 0;
  private maxStale = false;

  constructor(opts: { trackLengths?: boolean } = {}) {
    this.lens = opts.trackLengths ? new Map() : null;
  }

  /** A range of oldLen (0: none) became one of newLen (0: none). */
  private track(oldLen: number, newLen: number): void {
    const m = this.lens;
    if (m === null) return;
    if (oldLen > 0) {
      const c = (m.get(oldLen) ?? 0) - 1;
      if (c > 0) m.set(oldLen, c);
      else {
        m.delete(oldLen);
        if (oldLen === this.maxLen) this.maxStale = true;
      }
    }
    if (newLen > 0) {
      m.set(newLen, (m.get(newLen) ?? 0) + 1);
      if (!this.maxStale && newLen > this.maxLen) this.maxLen = newLen;
    }
  }

  /** The length of the longest range (0 if none): O(1) with `trackLengths`, else a scan. */
  longest(): number {
    if (this.lens === null) {
      let best = 0;
      for (const [s, e] of this.ranges()) best = Math.max(best, e - s);
      return best;
    }
    if (this.maxStale) {
      let best = 0;
      for (const k of this.lens.keys()) if (k > best) best = k;
      this.maxLen = best;
      this.maxStale = false;
    }
    return this.maxLen;
  }

  /** Add every integer of [start, end); an empty or inverted range is a no-op. */
  add(start: number, end: number): void {
    if (!(start < end)) return;
    const t = this.tree;
    if (!t.atLast() || start > t.curEnd()) {
      // Past the last range without touching it: the append case.
      t.insertRec(start, 0, end - start, 0);
      this.track(0, end - start);
      this.covered += end - start;
      return;
    }
    const lastStart = t.curOff();
    if (start >= lastStart) {
      // Touching or inside the last range: extend it (sequential writes).
      const lastEnd = t.curEnd();
      if (end > lastEnd) {
        t.setCur(0, end - lastStart);
        this.track(lastEnd - lastStart, end - lastStart);
        this.covered += end - lastEnd;
      }
      return;
    }
    let fs: number;
    let fe: number;
    if (t.at(start) && t.curEnd() >= start) {
      // The range holding start, or ending just at it.
      fs = t.curOff();
      fe = t.curEnd();
      if (fe >= end) return;
    } else if (t.nextOff() > end) {
      // Touching nothing: a new range after the finger.
      t.insertAfterFinger(start, 0, end - start, 0);
      this.track(0, end - start);
      this.covered += end - start;
      return;
    } else {
      // The first range after start begins inside [start, end] (or right at end).
      t.step();
      fs = t.curOff();
      fe = t.curEnd();
    }
    // The finger is on the first touching range; it swallows every later range beginning at or before end.
    const lo = Math.min(start, fs);
    let hi = Math.max(end, fe);
    let before = fe - fs;
    let moved: boolean;
    while ((moved = t.step()) && t.curOff() <= end) {
      const e = t.curEnd();
      hi = Math.max(hi, e);
      before += e - t.curOff();
      this.track(e - t.curOff(), 0);
      t.delete(t.curOff());
      t.at(fs);
    }
    if (lo === fs) {
      if (moved) t.stepBack();
      t.setCur(0, hi - lo);
    } else {
      t.updateRec(fs, lo, 0, hi - lo, 0);
    }
    this.track(fe - fs, hi - lo);
    this.covered += hi - lo - before;
  }

  /** Remove every integer of [start, end). */
  remove(start: number, end: number): void {
    if (!(start < end)) return;
    const t = this.tree;
    // Start from the range holding start, else the first one after it.
    if (!(t.at(start) && t.curEnd() > start) && !t.step()) return;
    while (t.curOff() < end) {
      const rs = t.curOff();
      const re = t.curEnd();
      if (rs < start) {
        t.updateRec(rs, rs, 0, start - rs, 0);
        this.track(re - rs, start - rs);
        if (re > end) {
          t.insertRec(end, 0, re - end, 0);
          this.track(0, re - end);
        }
      } else if (re > end) {
        t.updateRec(rs, end, 0, re - end, 0);
        this.track(re - rs, re - end);
      } else {
        t.delete(rs);
        this.track(re - rs, 0);
      }
      this.covered -= Math.min(re, end) - Math.max(rs, start);
      if (re >= end) return;
      // Ranges are coalesced, so the next one starts past re: step from the last one starting at or before re.
      t.at(re);
      if (!t.step()) return;
    }
  }

  /** Whether x is in the set. */
  has(x: number): boolean {
    return this.tree.at(x) && this.tree.curEnd() > x;
  }

  /** Whether any integer of [start, end) is in the set. */
  overlaps(start: number, end: number): boolean {
    if (!(start < end)) return false;
    const t = this.tree;
    if (t.at(start) && t.curEnd() > start) return true;
    return t.step() && t.curOff() < end;
  }

  /** The ranges overlapping [start, end), clipped to it, in order, as [start, end) pairs. */
  *ranges(start = -Infinity, end = Infinity): Generator<[number, number]> {
    for (const r of this.tree.range(start, end)) {
      yield [Math.max(r.startoff, start), Math.min(r.startoff + r.blockcount, end)];
    }
  }

  /**
   * The ranges from the one holding x, or else the first one after x, upwards (unclipped). Each step
   * looks its place up again, so the caller may use the set between steps (not change it).
   */
  *rangesUp(x: number): Generator<[number, number]> {
    const t = this.tree;
    let ok = t.at(x) && t.curEnd() > x ? true : t.step();
    while (ok) {
      const s = t.curOff();
      yield [s, t.curEnd()];
      t.at(s);
      ok = t.step();
    }
  }

  /** The ranges from the one holding x, or else the last one before x, downwards (unclipped). */
  *rangesDown(x: number): Generator<[number, number]> {
    const t = this.tree;
    let at = x;
    while (at >= 0 && t.at(at)) {
      const s = t.curOff();
      yield [s, t.curEnd()];
      at = s - 1;
    }
  }

  /** The lowest range. */
  first(): [number, number] | undefined {
    const r = this.tree.first();
    return r === undefined ? undefined : [r.startoff, r.startoff + r.blockcount];
  }

  /** The highest range. */
  last(): [number, number] | undefined {
    const r = this.tree.last();
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
    this.lens?.clear();
    this.maxLen = 0;
    this.maxStale = false;
  }

  /** An independent copy. */
  clone(): RangeSet {
    const c = new RangeSet();
    c.tree = this.tree.clone();
    c.covered = this.covered;
    c.lens = this.lens && new Map(this.lens);
    c.maxLen = this.maxLen;
    c.maxStale = this.maxStale;
    return c;
  }
}
