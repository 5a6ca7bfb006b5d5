/**
 * The in-core extent tree of one fork: the role of fs/xfs/libxfs/xfs_iext_tree.c, written for a JS heap.
 *
 * A B+tree. A leaf keeps up to LEAF_MAX records in one Float64Array, four doubles per record (startoff,
 * startblock, blockcount, state; nullstartblock() encodings are < 2^52, so exact). Inner nodes hold up
 * to NODE_MAX children with keys[i] = the smallest startoff under kids[i]; leaves are doubly linked.
 * Not one object per record: at 1M extents those cost ~80 bytes each, every major GC marked all of them
 * (70-110 ms pauses measured) and every update left old-space garbage. A leaf is three heap objects and
 * one off-heap block (measure `arrayBuffers` with `heapUsed`): ~41 bytes per extent for a file written
 * in order, ~59 after random inserts. Records are interleaved, not in columns, so an insert is one
 * memmove and a record one cache line. The price: lookups return fresh objects (young, ~10 ns).
 * Measured per operation: 6-45 ns with 1 extent; with 1M extents 2-5x that when walking in order (the
 * finger below skips the descent) and ~1 us at random offsets: 4-5 DRAM misses on the test machine.
 *
 * As in xfs_iext_split_leaf, an append past a full leaf at the right edge spills into a new leaf instead
 * of halving the full one, so files written in order get full leaves. A node under a quarter full is
 * merged with a sibling or refilled from it (compare xfs_iext_rebalance_leaf); a quarter rather than a
 * half keeps add/remove at a node boundary from merging and splitting on every call.
 */
import type { BmbtIrec, ExtState } from './xfs-types.js';

const LEAF_MAX = 32;
const NODE_MAX = 64;
const LEAF_MIN = LEAF_MAX >>> 2;
const NODE_MIN = NODE_MAX >>> 2;
/** Doubles per record in Leaf.d: startoff, startblock, blockcount, state. */
const W = 4;

class Leaf {
  n = 0;
  /** One spare slot: an insert lands first and the overflowing leaf is split after, as inner nodes are. */
  readonly d = new Float64Array(W * (LEAF_MAX + 1));
  prev: Leaf | null = null;
  next: Leaf | null = null;

  off(i: number): number {
    return this.d[i * W];
  }

  end(i: number): number {
    return this.d[i * W] + this.d[i * W + 2];
  }

  rec(i: number): BmbtIrec {
    const d = this.d;
    const k = i * W;
    return { startoff: d[k], startblock: d[k + 1], blockcount: d[k + 2], state: d[k + 3] as ExtState };
  }

  set(i: number, r: BmbtIrec): void {
    const d = this.d;
    const k = i * W;
    d[k] = r.startoff;
    d[k + 1] = r.startblock;
    d[k + 2] = r.blockcount;
    d[k + 3] = r.state;
  }

  /** Move slots [from, n) by delta places and grow n by delta. */
  shift(from: number, delta: number): void {
    if (from < this.n) this.d.copyWithin((from + delta) * W, from * W, this.n * W);
    this.n += delta;
  }

  /** Move count slots from `from` on into dst before its slot `at` (splits, merges, refills). */
  moveTo(dst: Leaf, from: number, count: number, at: number): void {
    dst.shift(at, count);
    dst.d.set(this.d.subarray(from * W, (from + count) * W), at * W);
    this.shift(from + count, -count);
  }
}

class Inner {
  keys: number[] = [];
  kids: Node[] = [];

  get n(): number {
    return this.kids.length;
  }

  moveTo(dst: Inner, from: number, count: number, at: number): void {
    dst.keys.splice(at, 0, ...this.keys.splice(from, count));
    dst.kids.splice(at, 0, ...this.kids.splice(from, count));
  }
}

type Node = Leaf | Inner;

function move(src: Node, dst: Node, from: number, count: number, at: number): void {
  if (src instanceof Leaf) src.moveTo(dst as Leaf, from, count, at);
  else src.moveTo(dst as Inner, from, count, at);
}

/** Index of the last record with startoff <= off, -1 if none. */
function leafSearch(leaf: Leaf, off: number): number {
  const d = leaf.d;
  let lo = 0;
  let hi = leaf.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d[mid * W] <= off) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the child to descend into for off: the last key <= off, or 0. */
function innerSearch(keys: number[], off: number): number {
  let lo = 1;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= off) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function minOf(n: Node): number {
  return n instanceof Leaf ? n.off(0) : n.keys[0];
}

/** The tree's bug guards: callers must never hand it an empty, negative or overlapping record. */
function bad(what: string, r: BmbtIrec): Error {
  return new Error(`iext: ${what} [${r.startoff}, ${r.startoff + r.blockcount}) is empty, negative or overlaps an extent`);
}

/**
 * The extent records of one fork, sorted by startoff and never overlapping; every operation is O(log n).
 * Records are copied in and handed out as fresh objects, so a caller's object never aliases the tree;
 * they are still typed readonly: change the tree with update(). all() and range() throw if the tree
 * changes before they finish (finishing or abandoning them first is fine); callers that modify while
 * walking use rangeArray()/toArray() or step with next()/prev().
 */
export class IextTree {
  private root: Node = new Leaf();
  /** 0 when the root is a leaf. */
  private height = 0;
  private head: Leaf = this.root as Leaf;
  private tail: Leaf = this.root as Leaf;
  private nrecs = 0;
  private seqno = 0;
  /** The inner node at each level (1 = parent of the leaves) on the last descend(), and the child taken. */
  private pathNode: Inner[] = [];
  private pathIdx: number[] = [];
  /**
   * The finger (the kernel's xfs_iext_cursor, kept inside the tree): the leaf the last search landed in
   * and the index of the last record there with startoff <= off, or -1. Callers mostly walk a file in
   * order, so the next search usually lands in the same leaf and skips the descent.
   */
  private curLeaf: Leaf = this.head;
  private curIdx = -1;

  /** Number of records. */
  get count(): number {
    return this.nrecs;
  }

  /** Bumped on every modification, like if_seq: a mapping computed at an older seq may be stale. */
  get seq(): number {
    return this.seqno;
  }

  /** The extent containing off, else the first one starting after off (xfs_iext_lookup_extent). */
  lookup(off: number): BmbtIrec | undefined {
    this.find(off);
    const leaf = this.curLeaf;
    const i = this.curIdx;
    if (i >= 0 && off < leaf.end(i)) return leaf.rec(i);
    return this.after(leaf, i);
  }

  /** The extent containing off, else the last one ending at or before off (xfs_iext_lookup_extent_before). */
  lookupBefore(off: number): BmbtIrec | undefined {
    this.find(off);
    return this.curIdx >= 0 ? this.curLeaf.rec(this.curIdx) : undefined;
  }

  /** Only the extent containing off. */
  containing(off: number): BmbtIrec | undefined {
    this.find(off);
    const i = this.curIdx;
    return i >= 0 && off < this.curLeaf.end(i) ? this.curLeaf.rec(i) : undefined;
  }

  /** The record after rec, which must be in the tree (found by its startoff). */
  next(rec: BmbtIrec): BmbtIrec | undefined {
    this.findExact(rec.startoff, 'next');
    return this.after(this.curLeaf, this.curIdx);
  }

  /** The record before rec, which must be in the tree (found by its startoff). */
  prev(rec: BmbtIrec): BmbtIrec | undefined {
    this.findExact(rec.startoff, 'prev');
    return this.before(this.curLeaf, this.curIdx);
  }

  /** The record with the lowest startoff. */
  first(): BmbtIrec | undefined {
    return this.head.n > 0 ? this.head.rec(0) : undefined;
  }

  /** The record with the highest startoff. */
  last(): BmbtIrec | undefined {
    return this.tail.n > 0 ? this.tail.rec(this.tail.n - 1) : undefined;
  }

  /** Insert a copy of rec. Overlapping an existing record is a bug in the caller: throws. */
  insert(rec: BmbtIrec): void {
    const off = rec.startoff;
    this.find(off);
    let leaf = this.curLeaf;
    const idx = this.curIdx;
    if (!(rec.blockcount > 0 && off >= 0) || (idx >= 0 && leaf.end(idx) > off) ||
        off + rec.blockcount > this.startAfter(leaf, idx)) {
      throw bad('insert', rec);
    }
    let pos = idx + 1;
    if (pos === LEAF_MAX && leaf.next !== null && leaf.next.n < LEAF_MAX) {
      // Past the end of a full leaf: start the next one instead of splitting (a record removed from the
      // front of a leaf and put back would otherwise split its left neighbour every time).
      leaf = leaf.next;
      pos = 0;
      this.descend(leaf.off(0));
    } else if (pos === 0 || leaf.n === LEAF_MAX) {
      // The path above the leaf is only needed when a key or the shape changes.
      this.descend(off);
    }
    leaf.shift(pos, 1);
    leaf.set(pos, rec);
    this.nrecs++;
    this.seqno++;
    if (pos === 0) this.propagateMin(0, off);
    if (leaf.n > LEAF_MAX) this.split(0, leaf, pos);
    this.curLeaf = leaf;
  }

  /** Remove and return the record starting exactly at startoff; throws if there is none. */
  remove(startoff: number): BmbtIrec {
    const leaf = this.findExact(startoff, 'remove');
    const idx = this.curIdx;
    if (idx === 0 || leaf.n <= LEAF_MIN) this.descend(startoff);
    const r = leaf.rec(idx);
    leaf.shift(idx + 1, -1);
    this.nrecs--;
    this.seqno++;
    if (idx === 0 && leaf.n > 0) this.propagateMin(0, leaf.off(0));
    this.rebalance(0, leaf);
    return r;
  }

  /** Replace the record starting at startoff with a copy of rec; it must keep its place in the order. */
  update(startoff: number, rec: BmbtIrec): void {
    const leaf = this.findExact(startoff, 'update');
    const idx = this.curIdx;
    const prevEnd = idx > 0 ? leaf.end(idx - 1) : leaf.prev !== null ? leaf.prev.end(leaf.prev.n - 1) : -Infinity;
    if (!(rec.blockcount > 0 && rec.startoff >= prevEnd) || rec.startoff + rec.blockcount > this.startAfter(leaf, idx)) {
      throw bad(`update of ${startoff} to`, rec);
    }
    leaf.set(idx, rec);
    this.seqno++;
    if (idx === 0 && rec.startoff !== startoff) {
      this.descend(startoff);
      this.propagateMin(0, rec.startoff);
    }
  }

  /** Records overlapping [start, end), in order. The tree must not change until the walk is over. */
  *range(start: number, end: number): Generator<BmbtIrec> {
    if (!(start < end)) return;
    const seq = this.seqno;
    this.find(start);
    let leaf: Leaf | null = this.curLeaf;
    let i = this.curIdx;
    if (i < 0 || leaf.end(i) <= start) i++;
    for (; leaf !== null; leaf = leaf.next, i = 0) {
      for (; i < leaf.n; i++) {
        if (leaf.off(i) >= end) return;
        yield leaf.rec(i);
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

  /** Drop every record (xfs_iext_destroy). */
  clear(): void {
    this.root = this.head = this.tail = this.curLeaf = new Leaf();
    this.height = 0;
    this.nrecs = 0;
    this.pathNode.length = this.pathIdx.length = 0;
    this.seqno++;
  }

  /**
   * Check the B+tree invariants, throwing on the first violation: for tests and the invariant checker.
   * Nodes off the right edge are at least a quarter full; the right edge may hold a fresh, small node.
   */
  verify(): void {
    const fail = (what: string): never => {
      throw new Error(`iext verify: ${what}`);
    };
    let prevLeaf = null as Leaf | null;
    let prevEnd = -Infinity;
    let count = 0;
    const walk = (node: Node, depth: number, edge: boolean): void => {
      const [min, max] = node instanceof Leaf ? [LEAF_MIN, LEAF_MAX] : [NODE_MIN, NODE_MAX];
      if (node.n > max || (depth > 0 && (node.n === 0 || (!edge && node.n < min)))) fail(`node size at depth ${depth}`);
      if (node instanceof Inner) {
        if (node.n !== node.keys.length || (depth === 0 && node.n < 2)) fail('inner node shape');
        node.kids.forEach((kid, i) => {
          if (node.keys[i] !== minOf(kid)) fail(`key ${node.keys[i]} is not the min of its child`);
          walk(kid, depth + 1, edge && i === node.n - 1);
        });
        return;
      }
      if (depth !== this.height || node.prev !== prevLeaf || (prevLeaf === null ? this.head : prevLeaf.next) !== node) {
        fail('leaf depth or links');
      }
      for (let i = 0; i < node.n; i++, count++) {
        if (prevEnd > node.off(i) || !(node.end(i) > node.off(i))) fail(`record at ${node.off(i)}`);
        prevEnd = node.end(i);
      }
      prevLeaf = node;
    };
    walk(this.root, 0, true);
    if (prevLeaf !== this.tail || this.tail.next !== null || count !== this.nrecs) fail('tail or count');
  }

  private after(leaf: Leaf, idx: number): BmbtIrec | undefined {
    if (idx + 1 < leaf.n) return leaf.rec(idx + 1);
    return leaf.next !== null ? leaf.next.rec(0) : undefined;
  }

  private before(leaf: Leaf, idx: number): BmbtIrec | undefined {
    if (idx > 0) return leaf.rec(idx - 1);
    return leaf.prev !== null ? leaf.prev.rec(leaf.prev.n - 1) : undefined;
  }

  /** startoff of the record after slot idx, Infinity if none. */
  private startAfter(leaf: Leaf, idx: number): number {
    if (idx + 1 < leaf.n) return leaf.off(idx + 1);
    return leaf.next !== null ? leaf.next.off(0) : Infinity;
  }

  /** Sets curLeaf/curIdx for off: from the finger leaf when off falls inside it, else by a descent. */
  private find(off: number): void {
    const f = this.curLeaf;
    const n = f.n;
    if ((f.prev === null || (n > 0 && f.off(0) <= off)) && (f.next === null || (n > 0 && off < f.end(n - 1)))) {
      this.curIdx = leafSearch(f, off);
    } else {
      this.descend(off);
    }
  }

  /** A descent from the root that also records the path, for modifications that change keys or shape. */
  private descend(off: number): void {
    let node = this.root;
    for (let h = this.height; h > 0; h--) {
      const inner = node as Inner;
      const i = innerSearch(inner.keys, off);
      this.pathNode[h] = inner;
      this.pathIdx[h] = i;
      node = inner.kids[i];
    }
    this.curLeaf = node as Leaf;
    this.curIdx = leafSearch(this.curLeaf, off);
  }

  private findExact(startoff: number, op: string): Leaf {
    this.find(startoff);
    if (this.curIdx < 0 || this.curLeaf.off(this.curIdx) !== startoff) {
      throw new Error(`iext: ${op}: no extent starts at ${startoff}`);
    }
    return this.curLeaf;
  }

  /** The node at level h now starts at min: fix the keys above it that name its first entry. */
  private propagateMin(h: number, min: number): void {
    for (let k = h + 1; k <= this.height; k++) {
      this.pathNode[k].keys[this.pathIdx[k]] = min;
      if (this.pathIdx[k] !== 0) return;
    }
  }

  /** Whether the node on the recorded path at level h is the last one of its level. */
  private rightmost(h: number): boolean {
    for (let k = h + 1; k <= this.height; k++) {
      if (this.pathIdx[k] !== this.pathNode[k].kids.length - 1) return false;
    }
    return true;
  }

  /**
   * Split the overflowing node on the path at level h, whose entry `pos` was just inserted, and hang
   * the new right half into the parent, splitting upwards as needed.
   */
  private split(h: number, node: Node, pos: number): void {
    const cut = pos === node.n - 1 && this.rightmost(h) ? node.n - 1 : node.n >>> 1;
    const right = node instanceof Leaf ? new Leaf() : new Inner();
    move(node, right, cut, node.n - cut, 0);
    if (node instanceof Leaf && right instanceof Leaf) {
      right.prev = node;
      right.next = node.next;
      if (node.next !== null) node.next.prev = right;
      else this.tail = right;
      node.next = right;
    }
    if (h === this.height) {
      const root = new Inner();
      root.keys = [minOf(node), minOf(right)];
      root.kids = [node, right];
      this.root = root;
      this.height++;
      return;
    }
    const parent = this.pathNode[h + 1];
    const at = this.pathIdx[h + 1] + 1;
    parent.keys.splice(at, 0, minOf(right));
    parent.kids.splice(at, 0, right);
    if (parent.n > NODE_MAX) this.split(h + 1, parent, at);
  }

  /** After a removal from the node at level h: merge or refill it if under a quarter full. */
  private rebalance(h: number, node: Node): void {
    if (h === this.height) {
      if (node instanceof Inner && node.kids.length === 1) {
        this.root = node.kids[0];
        this.height--;
      }
      return;
    }
    if (node.n >= (node instanceof Leaf ? LEAF_MIN : NODE_MIN)) return;
    const parent = this.pathNode[h + 1];
    const i = this.pathIdx[h + 1];
    const j = i > 0 ? i : 1; // the pair is kids[j - 1], kids[j]
    const a = parent.kids[j - 1];
    const b = parent.kids[j];
    const total = a.n + b.n;
    if (total <= (a instanceof Leaf ? LEAF_MAX : NODE_MAX)) {
      move(b, a, 0, b.n, a.n);
      if (a instanceof Leaf) {
        a.next = (b as Leaf).next;
        if (a.next !== null) a.next.prev = a;
        else this.tail = a;
        this.curLeaf = a;
      }
      parent.keys.splice(j, 1);
      parent.kids.splice(j, 1);
      // An emptied first node took over its right sibling's entries, so its minimum moved.
      if (a === node) this.propagateMin(h, minOf(a));
      this.rebalance(h + 1, parent);
      return;
    }
    const half = total >>> 1;
    if (a.n < half) move(b, a, 0, half - a.n, a.n);
    else move(a, b, half, a.n - half, 0);
    parent.keys[j] = minOf(b);
  }
}
