/**
 * The in-core extent tree of one fork: the role of fs/xfs/libxfs/xfs_iext_tree.c, written for a JS heap.
 *
 * A B+tree whose nodes live in typed arrays (xfs-iext-pool.ts; the structural code is in
 * xfs-iext-btree.ts): leaves of up to 128 records, inner nodes of up to 64 children, leaves doubly
 * linked; a big tree also keeps a flat directory of its leaves for random lookups. A fork's record
 * is four doubles (startoff, blockcount, startblock, state; nullstartblock() encodings are < 2^52, so
 * exact): ~33 bytes per extent for a file written in order, ~43 after random inserts, none of it on
 * the GC-traced heap. Range sets and file contents use narrower records (`width` 2 or 3). Lookups
 * hand out fresh record objects (young, ~10 ns); the hot callers use the allocation-free finger
 * instead (at/step/cur*).
 */
import { STARTBLOCKMASK, type BmbtIrec } from './xfs-types.js';
import { IextBtree, bad } from './xfs-iext-btree.js';
import { LEAF_MAX, chunkOf, recOf } from './xfs-iext-pool.js';

/**
 * The extent records of one fork, sorted by startoff and never overlapping; every operation is O(log n).
 * Records are copied in and handed out as copies, so a caller's object never aliases the tree; they are
 * typed readonly (change the tree with update()), which lets a repeated lookup of the same offset in an
 * unchanged tree hand out the same copy. all() and range() throw if the tree changes before they finish
 * (finishing or abandoning them first is fine); callers that modify while walking use
 * rangeArray()/toArray() or step with next()/prev().
 */
export class IextTree extends IextBtree {
  // The last lookup() and lookupBefore() answers, valid while seq is unchanged: iomap_begin looks an
  // offset up and the delalloc reservation after it asks again for the same offset.
  private memoOff = Number.NaN;
  private memoSeq = -1;
  private memoRec: BmbtIrec | undefined = undefined;
  private memoBeforeOff = Number.NaN;
  private memoBeforeSeq = -1;
  private memoBeforeRec: BmbtIrec | undefined = undefined;

  /** Number of records. */
  get count(): number {
    return this.nrecs;
  }

  /** Records that are not delalloc reservations (if_nextents: the extents on disk). */
  get realCount(): number {
    return this.nrecs - this.nnull;
  }

  /** Bumped on every modification, like if_seq: a mapping computed at an older seq may be stale. */
  get seq(): number {
    return this.seqno;
  }

  /** The extent containing off, else the first one starting after off (xfs_iext_lookup_extent). */
  lookup(off: number): BmbtIrec | undefined {
    if (off === this.memoOff && this.seqno === this.memoSeq) return this.memoRec;
    this.find(off);
    const i = this.curIdx;
    const r = i >= 0 && off < this.end(this.cur, i) ? this.rec(this.cur, i) : this.after(this.cur, i);
    this.memoOff = off;
    this.memoSeq = this.seqno;
    this.memoRec = r;
    return r;
  }

  /** The extent containing off, else the last one ending at or before off (xfs_iext_lookup_extent_before). */
  lookupBefore(off: number): BmbtIrec | undefined {
    if (off === this.memoBeforeOff && this.seqno === this.memoBeforeSeq) return this.memoBeforeRec;
    this.find(off);
    const r = this.curIdx >= 0 ? this.rec(this.cur, this.curIdx) : undefined;
    this.memoBeforeOff = off;
    this.memoBeforeSeq = this.seqno;
    this.memoBeforeRec = r;
    return r;
  }

  /** Only the extent containing off. */
  containing(off: number): BmbtIrec | undefined {
    this.find(off);
    const i = this.curIdx;
    return i >= 0 && off < this.end(this.cur, i) ? this.rec(this.cur, i) : undefined;
  }

  /** The record after rec, which must be in the tree (found by its startoff). */
  next(rec: BmbtIrec): BmbtIrec | undefined {
    this.findExact(rec.startoff, 'next');
    return this.after(this.cur, this.curIdx);
  }

  /** The record before rec, which must be in the tree (found by its startoff). */
  prev(rec: BmbtIrec): BmbtIrec | undefined {
    const l = this.findExact(rec.startoff, 'prev');
    if (this.curIdx > 0) return this.rec(l, this.curIdx - 1);
    const pl = this.p.lprev[l];
    return pl >= 0 ? this.rec(pl, this.p.ln[pl] - 1) : undefined;
  }

  /** The record with the lowest startoff. */
  first(): BmbtIrec | undefined {
    return this.p.ln[this.head] > 0 ? this.rec(this.head, 0) : undefined;
  }

  /** The record with the highest startoff. */
  last(): BmbtIrec | undefined {
    const n = this.p.ln[this.tail];
    return n > 0 ? this.rec(this.tail, n - 1) : undefined;
  }

  // ------------------------------------------------------------ the finger, allocation-free
  // For the hot callers (range sets, file contents): at() or atLast() positions the finger on a record,
  // the cur*() readers read it, step() moves to the next one. Any modification moves the finger.

  /** Finger on the last record with startoff <= off; false if there is none (then step() gives the first). */
  at(off: number): boolean {
    this.find(off);
    return this.curIdx >= 0;
  }

  /** Finger on the last record; false if the tree is empty. */
  atLast(): boolean {
    this.cur = this.tail;
    this.curIdx = this.p.ln[this.tail] - 1;
    return this.curIdx >= 0;
  }

  /** Finger to the next record; false (finger unchanged) at the end. */
  step(): boolean {
    if (this.curIdx + 1 < this.p.ln[this.cur]) {
      this.curIdx++;
      return true;
    }
    const nx = this.p.lnext[this.cur];
    if (nx < 0) return false;
    this.cur = nx;
    this.curIdx = 0;
    return true;
  }

  /** Finger to the previous record; false (finger unchanged) at the start. */
  stepBack(): boolean {
    if (this.curIdx > 0) {
      this.curIdx--;
      return true;
    }
    const pl = this.p.lprev[this.cur];
    if (pl < 0 || this.curIdx < 0) return false;
    this.cur = pl;
    this.curIdx = this.p.ln[pl] - 1;
    return true;
  }

  /** startoff of the record after the finger (the first one if the finger is before it); Infinity if none. */
  nextOff(): number {
    return this.startAfter(this.cur, this.curIdx);
  }

  /** startoff of the record at the finger. */
  curOff(): number {
    return this.off(this.cur, this.curIdx);
  }

  /** blockcount of the record at the finger. */
  curCount(): number {
    return this.count1(this.cur, this.curIdx);
  }

  /** startoff + blockcount of the record at the finger. */
  curEnd(): number {
    return this.end(this.cur, this.curIdx);
  }

  /** startblock of the record at the finger (0 in a tree of width 2). */
  curBlock(): number {
    return this.p.w > 2 ? chunkOf(this.p, this.cur)[recOf(this.p, this.cur, this.curIdx) + 2] : 0;
  }

  /**
   * Rewrites startblock and blockcount of the record at the finger (its startoff stays): the cheap way
   * to grow or shrink a record in place, e.g. extending the last range on an append.
   */
  setCur(startblock: number, blockcount: number): void {
    const p = this.p;
    const l = this.cur;
    const i = this.curIdx;
    const d = chunkOf(p, l);
    const start = this.off(l, i);
    const k = recOf(p, l, i) + 1;
    if (!(blockcount > 0 && start + blockcount <= this.startAfter(l, i))) throw bad('setCur of', start, blockcount);
    d[k] = blockcount;
    if (p.w > 2) {
      this.nnull += (startblock >= STARTBLOCKMASK ? 1 : 0) - (d[k + 1] >= STARTBLOCKMASK ? 1 : 0);
      d[k + 1] = startblock;
    }
    this.seqno++;
  }

  // ------------------------------------------------------------ modifications

  /** Insert a copy of rec. Overlapping an existing record is a bug in the caller: throws. */
  insert(rec: BmbtIrec): void {
    this.insertRec(rec.startoff, rec.startblock, rec.blockcount, rec.state);
  }

  /** insert() without a record object. */
  insertRec(startoff: number, startblock: number, blockcount: number, state: number): void {
    this.find(startoff);
    this.insertAfterFinger(startoff, startblock, blockcount, state);
  }

  /**
   * insertRec() when the finger is already where at(startoff) puts it (on the record before the new
   * one, or before the first record): saves the search. Checked like insert, finger placement included.
   */
  insertAfterFinger(startoff: number, startblock: number, blockcount: number, state: number): void {
    const p = this.p;
    const off = startoff;
    let leaf = this.cur;
    const idx = this.curIdx;
    if (!(blockcount > 0 && off >= 0) || (idx >= 0 ? this.end(leaf, idx) > off : p.lprev[leaf] >= 0) ||
        off + blockcount > this.startAfter(leaf, idx)) {
      throw bad('insert', startoff, blockcount);
    }
    let pos = idx + 1;
    const nx = p.lnext[leaf];
    if (pos === LEAF_MAX && nx >= 0 && p.ln[nx] < LEAF_MAX) {
      // Past the end of a full leaf: start the next one instead of splitting (a record removed from the
      // front of a leaf and put back would otherwise split its left neighbour every time).
      leaf = nx;
      pos = 0;
      this.descend(this.off(leaf, 0));
    } else if (pos === 0 || p.ln[leaf] === LEAF_MAX) {
      // The path above the leaf is only needed when a key or the shape changes.
      this.descend(off);
    }
    p.shiftLeaf(leaf, pos, 1);
    this.set(leaf, pos, off, startblock, blockcount, state);
    this.nrecs++;
    if (p.w > 2 && startblock >= STARTBLOCKMASK) this.nnull++;
    this.seqno++;
    if (pos === 0) this.propagateMin(0, off);
    if (p.ln[leaf] > LEAF_MAX) this.split(0, leaf, pos);
    this.cur = leaf;
  }

  /** Remove and return the record starting exactly at startoff; throws if there is none. */
  remove(startoff: number): BmbtIrec {
    const leaf = this.findExact(startoff, 'remove');
    const r = this.rec(leaf, this.curIdx);
    this.removeAtFinger(startoff);
    return r;
  }

  /** remove() without returning the record. */
  delete(startoff: number): void {
    this.findExact(startoff, 'remove');
    this.removeAtFinger(startoff);
  }

  /** Replace the record starting at startoff with a copy of rec; it must keep its place in the order. */
  update(startoff: number, rec: BmbtIrec): void {
    this.updateRec(startoff, rec.startoff, rec.startblock, rec.blockcount, rec.state);
  }

  /** update() without a record object; the finger is left on the updated record. */
  updateRec(at: number, startoff: number, startblock: number, blockcount: number, state: number): void {
    const p = this.p;
    const leaf = this.findExact(at, 'update');
    const idx = this.curIdx;
    const pl = p.lprev[leaf];
    const prevEnd = idx > 0 ? this.end(leaf, idx - 1) : pl >= 0 ? this.end(pl, p.ln[pl] - 1) : -Infinity;
    if (!(blockcount > 0 && startoff >= prevEnd) || startoff + blockcount > this.startAfter(leaf, idx)) {
      throw bad(`update of ${at} to`, startoff, blockcount);
    }
    if (p.w > 2) this.nnull += (startblock >= STARTBLOCKMASK ? 1 : 0) - (this.block(leaf, idx) >= STARTBLOCKMASK ? 1 : 0);
    this.set(leaf, idx, startoff, startblock, blockcount, state);
    this.seqno++;
    if (idx === 0 && startoff !== at) {
      this.descend(at);
      this.propagateMin(0, startoff);
      this.cur = leaf; // the finger stays on the updated record, as it does without a descent
      this.curIdx = idx;
    }
  }

  /** Records overlapping [start, end), in order. The tree must not change until the walk is over. */
  *range(start: number, end: number): Generator<BmbtIrec> {
    if (!(start < end)) return;
    const seq = this.seqno;
    this.find(start);
    let leaf = this.cur;
    let i = this.curIdx;
    if (i < 0 || this.end(leaf, i) <= start) i++;
    for (; leaf >= 0; leaf = this.p.lnext[leaf], i = 0) {
      for (; i < this.p.ln[leaf]; i++) {
        if (this.off(leaf, i) >= end) return;
        yield this.rec(leaf, i);
        if (this.seqno !== seq) throw new Error('iext: tree modified during iteration, use rangeArray()');
      }
    }
  }

  /** A snapshot of the records overlapping [start, end), for callers that modify the tree as they go. */
  rangeArray(start: number, end: number): BmbtIrec[] {
    return Array.from(this.range(start, end));
  }

  /** Every record in order. The tree must not change until the walk is over. */
  *all(): Generator<BmbtIrec> {
    yield* this.range(-Infinity, Infinity);
  }

  /** A snapshot of every record in order. */
  toArray(): BmbtIrec[] {
    return this.rangeArray(-Infinity, Infinity);
  }

  /** An independent copy (same records, same seq). */
  clone(): IextTree {
    const t = new IextTree(this.p.w as 2 | 3 | 4);
    t.p = this.p.clone();
    t.root = this.root;
    t.height = this.height;
    t.head = t.cur = this.head;
    t.tail = this.tail;
    t.nrecs = this.nrecs;
    t.nnull = this.nnull;
    t.seqno = this.seqno;
    return t;
  }

}
