/**
 * The B+tree machinery under IextTree (xfs-iext-tree.ts): the finger search, the descent that records
 * the path, and the structural changes (split, merge, refill) with their fill rules. IextTree adds the
 * public record API on top. Nodes live in the typed arrays of xfs-iext-pool.ts.
 *
 * As in xfs_iext_split_leaf, an append past a full leaf at the right edge spills into a new leaf instead
 * of halving the full one, so files written in order get full leaves. A node under a quarter full is
 * merged with a sibling or refilled from it (compare xfs_iext_rebalance_leaf); a quarter rather than a
 * half keeps add/remove at a node boundary from merging and splitting on every call.
 */
import { STARTBLOCKMASK, type BmbtIrec, type ExtState } from './xfs-types.js';
import { IextPool, LEAF_MAX, NODE_MAX, NS, baseOf, chunkOf, recOf } from './xfs-iext-pool.js';

const LEAF_MIN = LEAF_MAX >>> 2;
/**
 * Trees with fewer records search their leaves by plain bisection: their leaves stay in the CPU's
 * caches, where an interpolated first probe only adds work (and misses, on unevenly spread keys).
 */
export const GUESS_MIN = 1 << 15;
const NODE_MIN = NODE_MAX >>> 2;

/**
 * Where off probably sits among the n keys of a node whose keys lie in [lo, hi) (its first key and the
 * next node's, from the parent): its index if the keys were evenly spread, within [from, n). On a
 * fragmented file they about are, so the guess is right and a random lookup touches one cache line of
 * a node's keys instead of three or four.
 */
function guess(off: number, lo: number, hi: number, n: number, from: number): number {
  if (!(hi !== Infinity && lo !== -Infinity && off > lo)) return from;
  const g = Math.floor(((off - lo) / (hi - lo)) * n);
  return g >= n ? n - 1 : g < from ? from : g;
}

/** Keys searchFrom steps over one at a time from its guess before it falls back to bisection. */
const SCAN = 4;

/**
 * The index of the last of the n keys (w doubles apart from d[b]; 1 in inner nodes) that is <= off,
 * from - 1 if none, searched from the guess g: checked first, then a few keys stepped over on the side
 * it missed, then bisection. On evenly spread keys (random sets, fragmented files) an interpolated
 * guess is a few keys off: stepping reads neighbouring keys with predictable branches, where every
 * step of a bisection is a mispredicted branch on a load that depends on the one before. `from` is
 * the first index that may be answered (1 in inner nodes: child 0 takes anything below).
 */
function searchFrom(d: Float64Array, b: number, n: number, off: number, g: number, from: number, w: number): number {
  let l: number;
  let r: number;
  if (g < n && d[b + g * w] <= off) {
    let i = g;
    for (let k = 0; k < SCAN; k++, i++) {
      if (i + 1 >= n || d[b + (i + 1) * w] > off) return i;
    }
    l = i + 1;
    r = n;
  } else {
    let i = Math.min(g, n) - 1;
    for (let k = 0; k < SCAN; k++, i--) {
      if (i < from) return from - 1;
      if (d[b + i * w] <= off) return i;
    }
    l = from;
    r = i + 1;
  }
  while (l < r) {
    const mid = (l + r) >>> 1;
    if (d[b + mid * w] <= off) l = mid + 1;
    else r = mid;
  }
  return l - 1;
}

/** The tree's bug guards: callers must never hand it an empty, negative or overlapping record. */
export function bad(what: string, startoff: number, blockcount: number): Error {
  return new Error(`iext: ${what} [${startoff}, ${startoff + blockcount}) is empty, negative or overlaps an extent`);
}

/** The tree state and structural operations; see IextTree for the public API. */
export class IextBtree {
  protected p: IextPool;
  /** A leaf id when height is 0, else an inner node id. */
  protected root = 0;
  protected height = 0;
  protected head = 0;
  protected tail = 0;
  protected nrecs = 0;
  /** Records whose startblock is a delalloc encoding (width 4 only): the rest are real extents. */
  protected nnull = 0;
  protected seqno = 0;
  /** The inner node at each level (1 = parent of the leaves) on the last descend(), and the child taken. */
  protected pathNode = new Int32Array(24);
  protected pathIdx = new Int32Array(24);
  /**
   * The finger (the kernel's xfs_iext_cursor, kept inside the tree): the leaf the last search landed in
   * and the index of the last record there with startoff <= off, or -1. Callers mostly walk a file in
   * order, so the next search usually lands in the same leaf and skips the descent.
   */
  protected cur = 0;
  protected curIdx = -1;
  /**
   * Bumped by every change to a leaf's key range: a split, a merge or refill, a new first key. Records
   * added or removed inside a leaf, past its first, leave every leaf's range as it was.
   */
  protected structSeq = 0;
  /**
   * What the last descent learned of the leaf it landed in: the key range [boundLo, boundHi) the
   * parents give it, valid while structSeq is boundSeq.
   */
  protected boundLeaf = 0;
  protected boundLo = 0;
  protected boundHi = 0;
  protected boundSeq = -1;
  /** A field read ahead by land(), kept so the read is not optimized away. */
  protected touched = 0;
  /**
   * The leaf directory of a big tree: [first key, leaf id] of every leaf in key order, then
   * [+Infinity, -1]. A lookup finds its leaf here with one interpolated probe instead of a descent
   * through the inner levels (see dirWalk). Valid while dirSeq is structSeq; rebuilt once the shape
   * has stood still for a while (see seekWalk), so a run of splits never pays for rebuilds.
   */
  private dir = new Float64Array(0);
  private dirLeaves = 0;
  private dirSeq = -1;
  /** Lookups that descended since the shape last changed. */
  private calm = 0;

  /** @param width doubles stored per record: 4 (forks), 3 (no state), 2 (startoff and blockcount only) */
  constructor(width: 2 | 3 | 4 = 4) {
    this.p = new IextPool(width);
    this.root = this.head = this.tail = this.cur = this.p.newLeaf();
  }

  /** Drop every record (xfs_iext_destroy). */
  clear(): void {
    this.p = new IextPool(this.p.w);
    this.root = this.head = this.tail = this.cur = this.p.newLeaf();
    this.curIdx = -1;
    this.height = 0;
    this.nrecs = 0;
    this.nnull = 0;
    this.seqno++;
    this.reshaped();
  }

  /** A leaf's key range changed (or the whole tree did): bounds and the leaf directory are void. */
  protected reshaped(): void {
    this.structSeq++;
    this.calm = 0;
  }

  /**
   * Check the B+tree invariants, throwing on the first violation: for tests and the invariant checker.
   * Nodes off the right edge are at least a quarter full; the right edge may hold a fresh, small node.
   */
  verify(): void {
    const p = this.p;
    const fail = (what: string): never => {
      throw new Error(`iext verify: ${what}`);
    };
    let prevLeaf = -1;
    let prevEnd = -Infinity;
    let count = 0;
    let nulls = 0;
    const walk = (node: number, depth: number, edge: boolean): void => {
      const leafLevel = depth === this.height;
      const n = leafLevel ? p.ln[node] : p.inn[node];
      const [min, max] = leafLevel ? [LEAF_MIN, LEAF_MAX] : [NODE_MIN, NODE_MAX];
      if (n > max || (depth > 0 && (n === 0 || (!edge && n < min)))) fail(`node size at depth ${depth}`);
      if (!leafLevel) {
        if (n < 2) fail('inner node with one child');
        for (let i = 0; i < n; i++) {
          const kid = p.ic[node * NS + i];
          if (p.ik[node * NS + i] !== this.minOf(this.height - depth - 1, kid)) {
            fail(`key ${p.ik[node * NS + i]} is not the min of its child`);
          }
          walk(kid, depth + 1, edge && i === n - 1);
        }
        return;
      }
      if (p.lprev[node] !== prevLeaf || (prevLeaf < 0 ? this.head : p.lnext[prevLeaf]) !== node) fail('leaf links');
      for (let i = 0; i < n; i++, count++) {
        if (prevEnd > this.off(node, i) || !(this.end(node, i) > this.off(node, i))) fail(`record at ${this.off(node, i)}`);
        if (p.w > 2 && this.block(node, i) >= STARTBLOCKMASK) nulls++;
        prevEnd = this.end(node, i);
      }
      prevLeaf = node;
    };
    walk(this.root, 0, true);
    if (prevLeaf !== this.tail || p.lnext[this.tail] !== -1 || count !== this.nrecs) fail('tail or count');
    if (nulls !== this.nnull) fail(`delalloc record count ${this.nnull}, counted ${nulls}`);
  }


  protected off(l: number, i: number): number {
    return chunkOf(this.p, l)[recOf(this.p, l, i)];
  }

  /** blockcount of record i of leaf l. */
  protected count1(l: number, i: number): number {
    return chunkOf(this.p, l)[recOf(this.p, l, i) + 1];
  }

  protected end(l: number, i: number): number {
    const d = chunkOf(this.p, l);
    const k = recOf(this.p, l, i);
    return d[k] + d[k + 1];
  }

  protected rec(l: number, i: number): BmbtIrec {
    const w = this.p.w;
    const d = chunkOf(this.p, l);
    const k = recOf(this.p, l, i);
    return { startoff: d[k], startblock: w > 2 ? d[k + 2] : 0, blockcount: d[k + 1], state: (w > 3 ? d[k + 3] : 0) as ExtState };
  }

  /** The startblock of record i of leaf l (0 in narrower trees). */
  protected block(l: number, i: number): number {
    return this.p.w > 2 ? chunkOf(this.p, l)[recOf(this.p, l, i) + 2] : 0;
  }

  protected set(l: number, i: number, startoff: number, startblock: number, blockcount: number, state: number): void {
    const w = this.p.w;
    const d = chunkOf(this.p, l);
    const k = recOf(this.p, l, i);
    d[k] = startoff;
    d[k + 1] = blockcount;
    if (w > 2) d[k + 2] = startblock;
    if (w > 3) d[k + 3] = state;
  }

  /** The smallest startoff under node (a leaf when h is 0). */
  protected minOf(h: number, node: number): number {
    return h === 0 ? this.off(node, 0) : this.p.ik[node * NS];
  }

  protected after(l: number, idx: number): BmbtIrec | undefined {
    if (idx + 1 < this.p.ln[l]) return this.rec(l, idx + 1);
    const nx = this.p.lnext[l];
    return nx >= 0 ? this.rec(nx, 0) : undefined;
  }

  /** startoff of the record after slot idx, Infinity if none. */
  protected startAfter(l: number, idx: number): number {
    if (idx + 1 < this.p.ln[l]) return this.off(l, idx + 1);
    const nx = this.p.lnext[l];
    return nx >= 0 ? this.off(nx, 0) : Infinity;
  }

  /** Sets cur/curIdx for off: from the finger leaf when off falls inside it, else by a descent. */
  protected find(off: number): void {
    if (this.seekLeaf(off)) this.land(off);
  }

  /**
   * The first half of find(): makes the bounds name the leaf holding off, descending the inner levels
   * if needed; false if the finger's leaf answered already (cur/curIdx set), true if land() must follow.
   */
  protected seekLeaf(off: number): boolean {
    if (this.structSeq === this.boundSeq) {
      // The leaf the last descent found, and nothing changed since: its key range is known without
      // reading it (after a random lookup elsewhere it is not in cache).
      if (!(off >= this.boundLo && off < this.boundHi)) {
        this.seekWalk(off);
        return true;
      }
      // A second lookup of the same place (iomap_begin after the write loop's findPair, the content
      // write after seekWith): the finger already brackets off, no need to search the leaf again.
      // Slot LEAF_MAX is the spare one, always +Infinity outside an insert.
      const i = this.curIdx;
      if (this.cur === this.boundLeaf && i >= 0) {
        const d = chunkOf(this.p, this.cur);
        const k = recOf(this.p, this.cur, i);
        if (d[k] <= off && off < d[k + this.p.w]) return false;
      }
      return true;
    }
    const p = this.p;
    const f = this.cur;
    const n = p.ln[f];
    const d = chunkOf(p, f);
    const b = baseOf(p, f);
    if ((p.lprev[f] < 0 || (n > 0 && d[b] <= off)) &&
        (p.lnext[f] < 0 || (n > 0 && off < this.end(f, n - 1)))) {
      this.curIdx = n > 0 ? searchFrom(d, b, n, off, guess(off, d[b], this.end(f, n - 1), n, 0), 0, p.w) : -1;
      return false;
    }
    this.seekWalk(off);
    return true;
  }

  /**
   * The bounds of the leaf holding off, for a lookup (no path: modifications descend()). A big tree
   * whose shape has not changed for as many lookups as it has records / 64 (about its leaf count)
   * builds its leaf directory, so the rebuild costs at most a few ns per lookup, and uses it.
   */
  private seekWalk(off: number): void {
    if (this.nrecs >= GUESS_MIN && this.height > 0) {
      if (this.dirSeq !== this.structSeq && ++this.calm >= this.nrecs >>> 6) this.buildDir();
      if (this.dirSeq === this.structSeq) {
        this.dirWalk(off);
        return;
      }
    }
    this.walk(off);
  }

  /** Leaves in the leaf directory, 0 while it is not valid (for tests and the bench). */
  get directoryLeaves(): number {
    return this.dirSeq === this.structSeq ? this.dirLeaves : 0;
  }

  /** Fill the leaf directory from the inner nodes just above the leaves (their keys are the leaves' first keys). */
  private buildDir(): void {
    const p = this.p;
    let n = 0;
    const visit = (node: number, h: number): void => {
      const b = node * NS;
      const k = p.inn[node];
      if (h > 1) {
        for (let i = 0; i < k; i++) visit(p.ic[b + i], h - 1);
        return;
      }
      if (this.dir.length < 2 * (n + k + 1)) {
        const d = new Float64Array(Math.max(2 * (n + k + 1), this.dir.length * 2));
        d.set(this.dir.subarray(0, 2 * n));
        this.dir = d;
      }
      for (let i = 0; i < k; i++, n++) {
        this.dir[2 * n] = p.ik[b + i];
        this.dir[2 * n + 1] = p.ic[b + i];
      }
    };
    visit(this.root, this.height);
    this.dir[2 * n] = Infinity;
    this.dir[2 * n + 1] = -1;
    this.dirLeaves = n;
    this.dirSeq = this.structSeq;
  }

  /**
   * walk() through the leaf directory: the leaf whose first key is the last one <= off (the first leaf
   * if none), searched (searchFrom: the keys are 2 doubles apart) from an interpolated probe.
   */
  private dirWalk(off: number): void {
    const d = this.dir;
    const n = this.dirLeaves;
    const first = d[0];
    const last = d[2 * n - 2];
    let g = 0;
    if (off > first) g = off >= last ? n - 1 : Math.floor(((off - first) / (last - first)) * (n - 1));
    const i = Math.max(0, searchFrom(d, 0, n, off, g, 0, 2));
    this.boundLeaf = d[2 * i + 1] | 0;
    this.boundLo = d[2 * i];
    this.boundHi = d[2 * i + 2];
    this.boundSeq = this.structSeq;
  }

  /**
   * A descent from the root that also records the path, for modifications that change keys or shape.
   * Each node is searched from an interpolated first probe (see guess), using the bounds its parent
   * gives: its first key and the next sibling's.
   */
  protected descend(off: number): void {
    this.walk(off);
    this.land(off);
  }

  /** The inner levels of descend(): the path, and the leaf with its bounds (boundLeaf, boundLo, boundHi). */
  protected walk(off: number): void {
    const p = this.p;
    const ik = p.ik;
    const ic = p.ic;
    let node = this.root;
    let lo = -Infinity;
    let hi = Infinity;
    for (let h = this.height; h > 0; h--) {
      const b = node * NS;
      const n = p.inn[node];
      const g = guess(off, lo, hi, n, 1);
      // The guessed child is read before the keys confirm it, so both loads miss the cache together.
      const kid = ic[b + g];
      const i = searchFrom(ik, b, n, off, g, 1, 1);
      this.pathNode[h] = node;
      this.pathIdx[h] = i;
      lo = ik[b + i];
      if (i + 1 < n) hi = ik[b + i + 1];
      node = i === g ? kid : ic[b + i];
    }
    this.boundLeaf = node;
    this.boundLo = lo;
    this.boundHi = hi;
    this.boundSeq = this.structSeq;
  }

  /** The leaf level of descend(): cur/curIdx for off in the leaf walk() found. */
  protected land(off: number): void {
    const p = this.p;
    const l = this.boundLeaf;
    const d = chunkOf(p, l);
    this.cur = l;
    if (this.nrecs < GUESS_MIN) {
      const n = p.ln[l];
      this.curIdx = searchFrom(d, baseOf(p, l), n, off, guess(off, this.boundLo, this.boundHi, n, 0), 0, p.w);
      return;
    }
    // The guess takes the leaf for full (no read of its count, one more cache miss).
    let g = guess(off, this.boundLo, this.boundHi, LEAF_MAX, 0);
    const k = recOf(p, l, g);
    // The guessed record's blockcount is read with its key (the caller reads it next): when the record
    // straddles two cache lines, both misses start together.
    this.touched = d[k + 1];
    if (d[k] > off) {
      // Past the target: the leaf is not full (a leaf split by inserts in the middle holds half), or
      // its keys are uneven. With its true count a second guess usually lands where a bisection from
      // here would need five or six dependent probes, each a cache miss.
      const n = p.ln[l];
      if (n < LEAF_MAX) g = guess(off, this.boundLo, this.boundHi, n, 0);
    }
    this.curIdx = searchFrom(d, baseOf(p, l), LEAF_MAX, off, g, 0, p.w);
  }

  /**
   * find() on two trees at once: the lookups of one write in a file's extents and in its contents.
   * Both descents run before either leaf is searched, so the two leaves' cache misses overlap.
   */
  static findPair(a: IextBtree, offA: number, b: IextBtree, offB: number): void {
    if (a.nrecs < GUESS_MIN || b.nrecs < GUESS_MIN) return; // one of them is in cache: nothing to overlap
    const la = a.seekLeaf(offA);
    const lb = b.seekLeaf(offB);
    if (la) a.land(offA);
    if (lb) b.land(offB);
  }

  protected findExact(startoff: number, op: string): number {
    this.find(startoff);
    if (this.curIdx < 0 || this.off(this.cur, this.curIdx) !== startoff) {
      throw new Error(`iext: ${op}: no extent starts at ${startoff}`);
    }
    return this.cur;
  }

  /** Remove the record at the finger (found by findExact(startoff)). */
  protected removeAtFinger(startoff: number): void {
    const p = this.p;
    const leaf = this.cur;
    const idx = this.curIdx;
    if (this.block(leaf, idx) >= STARTBLOCKMASK) this.nnull--;
    if (idx === 0 || p.ln[leaf] <= LEAF_MIN) this.descend(startoff);
    p.shiftLeaf(leaf, idx + 1, -1);
    this.nrecs--;
    this.seqno++;
    if (idx === 0 && p.ln[leaf] > 0) this.propagateMin(0, this.off(leaf, 0));
    this.rebalance(0, leaf);
  }

  /** The node at level h now starts at min: fix the keys above it that name its first entry. */
  protected propagateMin(h: number, min: number): void {
    this.reshaped(); // keys change: the last descent's bounds may not hold any more
    for (let k = h + 1; k <= this.height; k++) {
      this.p.ik[this.pathNode[k] * NS + this.pathIdx[k]] = min;
      if (this.pathIdx[k] !== 0) return;
    }
  }

  /** Whether the node on the recorded path at level h is the last one of its level. */
  protected rightmost(h: number): boolean {
    for (let k = h + 1; k <= this.height; k++) {
      if (this.pathIdx[k] !== this.p.inn[this.pathNode[k]] - 1) return false;
    }
    return true;
  }

  protected size(h: number, node: number): number {
    return h === 0 ? this.p.ln[node] : this.p.inn[node];
  }

  protected move(h: number, src: number, from: number, count: number, dst: number, at: number): void {
    if (h === 0) this.p.moveLeaf(src, from, count, dst, at);
    else this.p.moveInner(src, from, count, dst, at);
  }

  /**
   * Split the overflowing node on the path at level h, whose entry `pos` was just inserted, and hang
   * the new right half into the parent, splitting upwards as needed.
   */
  protected split(h: number, node: number, pos: number): void {
    this.reshaped();
    const p = this.p;
    const n = this.size(h, node);
    // Inserts in the upper half are mostly appends or near-appends (a new extent before the post-EOF
    // preallocation, writeback converting an unwritten extent front to back): cutting at the insert
    // keeps the left node full instead of half full. Off the right edge the new node gets a quarter;
    // an inner node keeps at least two children, so a leaf always has a sibling to merge with.
    let cut = n >>> 1;
    if (pos > cut) {
      if (this.rightmost(h)) cut = h === 0 ? pos : Math.min(pos, n - 2);
      else cut = Math.min(pos, n - (h === 0 ? LEAF_MIN : NODE_MIN));
    }
    const right = h === 0 ? p.newLeaf() : p.newInner();
    this.move(h, node, cut, n - cut, right, 0);
    if (h === 0) {
      const nx = p.lnext[node];
      p.lprev[right] = node;
      p.lnext[right] = nx;
      if (nx >= 0) p.lprev[nx] = right;
      else this.tail = right;
      p.lnext[node] = right;
    }
    if (h === this.height) {
      const root = p.newInner();
      p.inn[root] = 2;
      p.ik[root * NS] = this.minOf(h, node);
      p.ic[root * NS] = node;
      p.ik[root * NS + 1] = this.minOf(h, right);
      p.ic[root * NS + 1] = right;
      this.root = root;
      this.height++;
      return;
    }
    const parent = this.pathNode[h + 1];
    const at = this.pathIdx[h + 1] + 1;
    p.shiftInner(parent, at, 1);
    p.ik[parent * NS + at] = this.minOf(h, right);
    p.ic[parent * NS + at] = right;
    if (p.inn[parent] > NODE_MAX) this.split(h + 1, parent, at);
  }

  /** After a removal from the node at level h: merge or refill it if under a quarter full. */
  protected rebalance(h: number, node: number): void {
    const p = this.p;
    if (h === this.height) {
      if (h > 0 && p.inn[node] === 1) {
        this.reshaped();
        this.root = p.ic[node * NS];
        this.height--;
        p.freeInner(node);
      }
      return;
    }
    const n = this.size(h, node);
    if (n >= (h === 0 ? LEAF_MIN : NODE_MIN)) return;
    // The right edge may stay small (appends refill it): refilling it from its full left neighbour
    // would leave both half full, and files written in order would end up with half-full leaves.
    if (n >= (h === 0 ? 1 : 2) && this.rightmost(h)) return;
    this.reshaped();
    const parent = this.pathNode[h + 1];
    const i = this.pathIdx[h + 1];
    const j = i > 0 ? i : 1; // the pair is children j - 1 and j
    const a = p.ic[parent * NS + j - 1];
    const b = p.ic[parent * NS + j];
    const na = this.size(h, a);
    const total = na + this.size(h, b);
    if (total <= (h === 0 ? LEAF_MAX : NODE_MAX)) {
      this.move(h, b, 0, total - na, a, na);
      if (h === 0) {
        const nx = p.lnext[b];
        p.lnext[a] = nx;
        if (nx >= 0) p.lprev[nx] = a;
        else this.tail = a;
        this.cur = a;
        this.curIdx = -1;
        p.freeLeaf(b);
      } else {
        p.freeInner(b);
      }
      p.shiftInner(parent, j + 1, -1);
      // An emptied first node took over its right sibling's entries, so its minimum moved.
      if (a === node) this.propagateMin(h, this.minOf(h, a));
      this.rebalance(h + 1, parent);
      return;
    }
    const half = total >>> 1;
    if (na < half) this.move(h, b, 0, half - na, a, na);
    else this.move(h, a, half, na - half, b, 0);
    p.ik[parent * NS + j] = this.minOf(h, b);
  }
}
