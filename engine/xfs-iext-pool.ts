/**
 * The node storage of IextTree (xfs-iext-tree.ts): every leaf and inner node of one tree lives in a few
 * typed arrays, and a node is an integer id, not a JS object.
 *
 * Why: with one object per node (and a Float64Array per leaf) a lookup at 1M extents chased five or six
 * pointers per level, each a cache miss (~1 us per random lookup on the test machine, against ~0.4 us
 * here), and every major GC marked ~100k node objects. Typed arrays are not traced by the GC at all.
 *
 * Leaves hold LEAF_MAX + 1 records (one spare slot: an insert lands first and the overflowing leaf is
 * split after) of `w` doubles each, record after record: [startoff, blockcount, startblock, state]
 * (an insert is one memmove). On a file with 1M extents a random lookup misses the cache in every leaf
 * it lands in; big trees find the record from one interpolated probe (xfs-iext-btree.ts), and a record
 * in one piece is one cache line and one page to fetch (with the keys apart from the other fields it
 * was two lines, often in two pages: two TLB misses). Unused slots hold +Infinity, so a search needs
 * no record count (reading the count is one more cache miss on a random lookup). A tree of width 2 or
 * 3 stores only the first fields (range sets and file contents need no more), the rest read as 0.
 * Leaves are grouped in chunks of 128; the first chunk starts with room for one leaf and doubles, so
 * the many small trees (a page-cache set per inode, a free-space set per AG) stay small. Inner nodes hold up to NODE_MAX + 1 children with
 * keys[i] = the smallest startoff under child i. Freed nodes go on free lists and are reused.
 */

/**
 * Most records in a leaf. 128 rather than the kernel's 15: big trees search a leaf from an interpolated
 * probe (one cache line whatever its size), and fewer leaves keep their leaf directory (the index a
 * random lookup reads before the leaf) small enough to stay in the CPU's caches.
 */
export const LEAF_MAX = 128;
/** Record slots per leaf (one spare). */
export const SLOTS = LEAF_MAX + 1;
/** Most children of an inner node. */
export const NODE_MAX = 64;
/** Doubles per inner node's key array (one spare slot, as in leaves). */
export const NS = NODE_MAX + 1;
const CHUNK_SHIFT = 7;
const CHUNK = 1 << CHUNK_SHIFT;

function grownI32(a: Int32Array, min: number): Int32Array {
  if (a.length >= min) return a;
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

function grownF64(a: Float64Array, min: number): Float64Array {
  if (a.length >= min) return a;
  const b = new Float64Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

/** The typed arrays of one tree's nodes. Fields are public to the tree, which indexes them directly. */
export class IextPool {
  /** Doubles per record (2, 3 or 4), and per leaf. */
  readonly w: number;
  readonly ls: number;
  /** Leaf records: leaf id l is at chunks[l >>> 7], from (l & 127) * ls. */
  chunks: Float64Array[];
  /** Per leaf: record count, previous and next leaf (-1 = none). */
  ln: Int32Array;
  lprev: Int32Array;
  lnext: Int32Array;
  /** Per inner node: keys and child ids (NS slots per node), and the child count. */
  ik: Float64Array;
  ic: Int32Array;
  inn: Int32Array;
  private leafIds = 0;
  private innerIds = 0;
  private freeLeaves: number[] = [];
  private freeInners: number[] = [];

  constructor(w: number) {
    this.w = w;
    this.ls = SLOTS * w;
    this.chunks = [new Float64Array(this.ls)];
    this.ln = new Int32Array(1);
    this.lprev = new Int32Array(1);
    this.lnext = new Int32Array(1);
    this.ik = new Float64Array(0);
    this.ic = new Int32Array(0);
    this.inn = new Int32Array(0);
  }

  /** A new empty, unlinked leaf. May reallocate the first chunk: re-read `chunks` after calling. */
  newLeaf(): number {
    let id = this.freeLeaves.pop();
    if (id === undefined) {
      id = this.leafIds++;
      const c = id >>> CHUNK_SHIFT;
      if (c === this.chunks.length) this.chunks.push(new Float64Array(CHUNK * this.ls));
      else if (c === 0 && id * this.ls >= this.chunks[0].length) {
        this.chunks[0] = grownF64(this.chunks[0], Math.min(CHUNK, id * 2) * this.ls);
      }
      this.ln = grownI32(this.ln, id + 1);
      this.lprev = grownI32(this.lprev, id + 1);
      this.lnext = grownI32(this.lnext, id + 1);
    }
    this.ln[id] = 0;
    this.lprev[id] = this.lnext[id] = -1;
    const b = (id & (CHUNK - 1)) * this.ls;
    this.chunks[id >>> CHUNK_SHIFT].fill(Infinity, b, b + this.ls);
    return id;
  }

  /** Put leaf id on the free list (newLeaf hands it out again). */
  freeLeaf(id: number): void {
    this.ln[id] = 0;
    this.freeLeaves.push(id);
  }

  /** A new inner node with no children. May reallocate ik/ic/inn. */
  newInner(): number {
    let id = this.freeInners.pop();
    if (id === undefined) {
      id = this.innerIds++;
      this.ik = grownF64(this.ik, (id + 1) * NS);
      this.ic = grownI32(this.ic, (id + 1) * NS);
      this.inn = grownI32(this.inn, id + 1);
    }
    this.inn[id] = 0;
    return id;
  }

  /** Put inner node id on the free list. */
  freeInner(id: number): void {
    this.inn[id] = 0;
    this.freeInners.push(id);
  }

  /** Move leaf l's slots [from, n) by delta places and grow its count by delta. */
  shiftLeaf(l: number, from: number, delta: number): void {
    const n = this.ln[l];
    const w = this.w;
    const b = (l & (CHUNK - 1)) * this.ls;
    const d = this.chunks[l >>> CHUNK_SHIFT];
    if (from < n) d.copyWithin(b + (from + delta) * w, b + from * w, b + n * w);
    if (delta < 0) d.fill(Infinity, b + (n + delta) * w, b + n * w);
    this.ln[l] = n + delta;
  }

  /** Move `count` records of leaf src from slot `from` into leaf dst before its slot `at`. */
  moveLeaf(src: number, from: number, count: number, dst: number, at: number): void {
    this.shiftLeaf(dst, at, count);
    const w = this.w;
    const s0 = (src & (CHUNK - 1)) * this.ls + from * w;
    const s1 = s0 + count * w;
    const to = (dst & (CHUNK - 1)) * this.ls + at * w;
    const sd = this.chunks[src >>> CHUNK_SHIFT];
    const dd = this.chunks[dst >>> CHUNK_SHIFT];
    if (sd === dd) dd.copyWithin(to, s0, s1);
    else dd.set(sd.subarray(s0, s1), to);
    this.shiftLeaf(src, from + count, -count);
  }

  /** Move inner node p's children [from, n) (keys with them) by delta places and grow its count by delta. */
  shiftInner(p: number, from: number, delta: number): void {
    const n = this.inn[p];
    if (from < n) {
      const b = p * NS;
      this.ik.copyWithin(b + from + delta, b + from, b + n);
      this.ic.copyWithin(b + from + delta, b + from, b + n);
    }
    this.inn[p] = n + delta;
  }

  /** Move `count` children of inner node src from slot `from` into dst before its slot `at`. */
  moveInner(src: number, from: number, count: number, dst: number, at: number): void {
    this.shiftInner(dst, at, count);
    const sb = src * NS + from;
    this.ik.copyWithin(dst * NS + at, sb, sb + count);
    this.ic.copyWithin(dst * NS + at, sb, sb + count);
    this.shiftInner(src, from + count, -count);
  }

  /** An independent copy: every typed array copied, free lists included. */
  clone(): IextPool {
    const p = new IextPool(this.w);
    p.chunks = this.chunks.map((c) => c.slice());
    p.ln = this.ln.slice();
    p.lprev = this.lprev.slice();
    p.lnext = this.lnext.slice();
    p.ik = this.ik.slice();
    p.ic = this.ic.slice();
    p.inn = this.inn.slice();
    p.leafIds = this.leafIds;
    p.innerIds = this.innerIds;
    p.freeLeaves = this.freeLeaves.slice();
    p.freeInners = this.freeInners.slice();
    return p;
  }
}

/** The chunk holding leaf l's records. */
export function chunkOf(pool: IextPool, l: number): Float64Array {
  return pool.chunks[l >>> CHUNK_SHIFT];
}

/** The index in chunkOf(l) of leaf l's first record (record i's fields start at + i * w). */
export function baseOf(pool: IextPool, l: number): number {
  return (l & (CHUNK - 1)) * pool.ls;
}

/** The index in chunkOf(l) of record i of leaf l: its startoff, then blockcount, startblock, state. */
export function recOf(pool: IextPool, l: number, i: number): number {
  return (l & (CHUNK - 1)) * pool.ls + i * pool.w;
}
