import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IextTree } from '../xfs-iext-tree.js';
import { GUESS_MIN } from '../xfs-iext-btree.js';
import { LEAF_MAX, NODE_MAX, NS } from '../xfs-iext-pool.js';
import { EXT_NORM, EXT_UNWRITTEN, nullStartBlock, type BmbtIrec, type ExtState } from '../xfs-types.js';

/** mulberry32: a small seeded PRNG so failures replay exactly. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const rec = (startoff: number, blockcount: number, startblock = 1000 + startoff, state: ExtState = EXT_NORM): BmbtIrec =>
  ({ startoff, startblock, blockcount, state });
const end = (r: BmbtIrec) => r.startoff + r.blockcount;

/** The obviously-correct model: a sorted array searched linearly from a binary-search start. */
class Model {
  recs: BmbtIrec[] = [];

  /** Index of the last record with startoff <= off, -1 if none. */
  le(off: number): number {
    let lo = 0;
    let hi = this.recs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.recs[mid].startoff <= off) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
  lookup(off: number): BmbtIrec | undefined {
    const i = this.le(off);
    if (i >= 0 && off < end(this.recs[i])) return this.recs[i];
    return this.recs[i + 1];
  }
  lookupBefore(off: number): BmbtIrec | undefined {
    return this.recs[this.le(off)];
  }
  containing(off: number): BmbtIrec | undefined {
    const r = this.recs[this.le(off)];
    return r && off < end(r) ? r : undefined;
  }
  fits(r: BmbtIrec): boolean {
    return r.blockcount > 0 && r.startoff >= 0 && this.recs.every((x) => end(x) <= r.startoff || end(r) <= x.startoff);
  }
  /** update() must keep the record between its neighbours, not just off every other record. */
  fitsAt(r: BmbtIrec, i: number): boolean {
    const prev = this.recs[i - 1];
    const next = this.recs[i + 1];
    return r.blockcount > 0 && r.startoff >= 0 && (!prev || end(prev) <= r.startoff) && (!next || end(r) <= next.startoff);
  }
  /** insert() must find the new record a gap between its neighbours. */
  fitsNew(r: BmbtIrec): boolean {
    const i = this.le(r.startoff);
    const prev = this.recs[i];
    const next = this.recs[i + 1];
    return r.startoff >= 0 && (!prev || end(prev) <= r.startoff) && (!next || end(r) <= next.startoff);
  }
  range(start: number, stop: number): BmbtIrec[] {
    return start < stop ? this.recs.filter((r) => end(r) > start && r.startoff < stop) : [];
  }
}

function expectSame(tree: IextTree, model: Model): void {
  expect(tree.count).toBe(model.recs.length);
  expect(tree.toArray()).toEqual(model.recs);
  tree.verify();
}

describe('IextTree basics', () => {
  it('an empty tree answers nothing and refuses removals and updates', () => {
    const t = new IextTree();
    expect(t.count).toBe(0);
    for (const off of [0, 1, 1e9]) {
      expect(t.lookup(off)).toBeUndefined();
      expect(t.lookupBefore(off)).toBeUndefined();
      expect(t.containing(off)).toBeUndefined();
    }
    expect(t.first()).toBeUndefined();
    expect(t.last()).toBeUndefined();
    expect([...t.all()]).toEqual([]);
    expect([...t.range(0, 100)]).toEqual([]);
    expect(() => t.remove(0)).toThrow(/no extent starts at 0/);
    expect(() => t.update(0, rec(0, 1))).toThrow();
    expect(() => t.next(rec(0, 1))).toThrow();
    expect(t.seq).toBe(0);
    t.verify();
  });

  it('follows xfs_iext_lookup_extent(_before) around holes, before the first and after the last', () => {
    const t = new IextTree();
    t.insert(rec(10, 5)); // [10, 15)
    t.insert(rec(20, 5)); // [20, 25)
    expect(t.lookup(0)).toEqual(rec(10, 5));
    expect(t.lookupBefore(0)).toBeUndefined();
    expect(t.containing(9)).toBeUndefined();
    expect(t.lookup(14)).toEqual(rec(10, 5));
    expect(t.lookup(15)).toEqual(rec(20, 5)); // end is exclusive
    expect(t.lookupBefore(15)).toEqual(rec(10, 5)); // ends at 15: "at or before"
    expect(t.lookupBefore(19)).toEqual(rec(10, 5));
    expect(t.containing(15)).toBeUndefined();
    expect(t.lookup(25)).toBeUndefined();
    expect(t.lookupBefore(1e12)).toEqual(rec(20, 5));
    expect(t.next(rec(10, 5))).toEqual(rec(20, 5));
    expect(t.next(rec(20, 5))).toBeUndefined();
    expect(t.prev(rec(20, 5))).toEqual(rec(10, 5));
    expect(t.prev(rec(10, 5))).toBeUndefined();
    expect(() => t.next(rec(11, 1))).toThrow();
    expect(t.rangeArray(14, 21)).toEqual([rec(10, 5), rec(20, 5)]);
    expect(t.rangeArray(15, 20)).toEqual([]);
    expect(t.rangeArray(5, 5)).toEqual([]);
  });

  it('keeps delalloc startblocks and the unwritten state exactly', () => {
    const t = new IextTree();
    const da = rec(0, 16, nullStartBlock(7));
    const uw = rec(16, 4, 123456789, EXT_UNWRITTEN);
    t.insert(da);
    t.insert(uw);
    expect(t.toArray()).toEqual([da, uw]);
  });

  it('refuses overlapping or empty records without changing anything', () => {
    const t = new IextTree();
    t.insert(rec(10, 10));
    t.insert(rec(30, 10));
    const seq = t.seq;
    for (const bad of [rec(10, 1), rec(5, 6), rec(19, 1), rec(20, 11), rec(0, 100), rec(25, 0), rec(-1, 1)]) {
      expect(() => t.insert(bad)).toThrow();
    }
    expect(() => t.update(10, rec(10, 21))).toThrow(); // would run into [30, 40)
    expect(() => t.update(30, rec(19, 5))).toThrow(); // would start inside [10, 20)
    expect(() => t.update(11, rec(11, 1))).toThrow(); // no record starts at 11
    expect(t.seq).toBe(seq);
    expect(t.toArray()).toEqual([rec(10, 10), rec(30, 10)]);
    t.insert(rec(20, 10)); // exactly fills the hole
    t.update(30, rec(30, 10, 7)); // touching neighbours is fine
    expect(t.count).toBe(3);
    expect(t.seq).toBe(seq + 2);
  });

  it('copies records in and out: mutating either side does not reach the tree', () => {
    const t = new IextTree();
    const mine = { startoff: 0, startblock: 5, blockcount: 3, state: EXT_NORM as ExtState };
    t.insert(mine);
    mine.blockcount = 100;
    const out = t.first() as { blockcount: number };
    out.blockcount = 50;
    expect(t.first()).toEqual(rec(0, 3, 5));
  });

  it('bumps seq on every modification, clear included', () => {
    const t = new IextTree();
    t.insert(rec(0, 1));
    t.update(0, rec(0, 2));
    t.remove(0);
    t.clear();
    expect(t.seq).toBe(4);
    expect(t.count).toBe(0);
    t.insert(rec(0, 1));
    expect(t.toArray()).toEqual([rec(0, 1)]);
  });
});

describe('IextTree iteration', () => {
  const filled = (n: number) => {
    const t = new IextTree();
    for (let i = 0; i < n; i++) t.insert(rec(i * 10, 5));
    return t;
  };

  it('walks across leaves in order, clipped to the range', () => {
    const t = filled(500);
    const got = t.rangeArray(1003, 3004).map((r) => r.startoff);
    expect(got[0]).toBe(1000);
    expect(got[got.length - 1]).toBe(3000);
    expect(got.length).toBe(201);
    expect([...t.all()].length).toBe(500);
  });

  it('throws if the tree changes mid-walk, but not after the walk finished or was abandoned', () => {
    const t = filled(200);
    expect(() => {
      for (const r of t.range(0, 1000)) t.remove(r.startoff);
    }).toThrow(/modified during iteration/);
    for (const r of t.range(0, 1e9)) {
      t.remove(r.startoff);
      break;
    }
    for (const r of t.rangeArray(0, 1e9)) t.remove(r.startoff);
    expect(t.count).toBe(0);
    t.verify();
  });

  it('steps with next() and prev() across leaf boundaries', () => {
    const t = filled(1000);
    let r = t.first();
    let n = 0;
    for (; r !== undefined; r = t.next(r)) n++;
    expect(n).toBe(1000);
    n = 0;
    for (r = t.last(); r !== undefined; r = t.prev(r)) n++;
    expect(n).toBe(1000);
  });
});

describe('IextTree shape', () => {
  const orders: Array<[string, (n: number) => number[]]> = [
    ['ascending', (n) => Array.from({ length: n }, (_, i) => i)],
    ['descending', (n) => Array.from({ length: n }, (_, i) => n - 1 - i)],
    ['outside-in', (n) => Array.from({ length: n }, (_, i) => (i % 2 ? n - 1 - (i >> 1) : i >> 1))],
    ['shuffled', (n) => {
      const r = prng(n);
      const a = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = r(i + 1);
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    }],
  ];
  // LEAF_MAX * NODE_MAX * 2 records force at least three levels of leaves-then-nodes splits.
  const N = LEAF_MAX * NODE_MAX * 2 + 7;

  for (const [name, order] of orders) {
    it(`splits on ${name} inserts and merges back down on ${name} removals`, () => {
      const t = new IextTree();
      const model = new Model();
      for (const [k, i] of order(N).entries()) {
        t.insert(rec(i * 4, 3));
        if (k % 97 === 0) t.verify();
      }
      model.recs = Array.from({ length: N }, (_, i) => rec(i * 4, 3));
      expectSame(t, model);
      for (const [k, i] of order(N).entries()) {
        expect(t.remove(i * 4)).toEqual(rec(i * 4, 3));
        if (k % 97 === 0 || N - k < 70) t.verify();
      }
      expect(t.count).toBe(0);
      expect(t.first()).toBeUndefined();
    });
  }

  it('verify() is not vacuous: it notices a wrong separator key', () => {
    const t = new IextTree();
    for (let i = 0; i < 3 * LEAF_MAX; i++) t.insert(rec(i * 10, 5));
    t.verify();
    // White-box: reach the root's keys in the node pool to corrupt one, as a bug in the tree itself would.
    const inner = t as unknown as { root: number; p: { ik: Float64Array } };
    inner.p.ik[inner.root * NS + 1] += 1;
    expect(() => t.verify()).toThrow(/not the min of its child/);
  });

  it('moves a leaf\'s first record left across the separator and still finds it', () => {
    const t = new IextTree();
    for (let i = 0; i < 1000; i++) t.insert(rec(i * 10, 5));
    for (let i = 1; i < 1000; i++) {
      t.update(i * 10, rec(i * 10 - 4, 9)); // now [10i-4, 10i+5): touches the previous end
      t.verify();
      expect(t.containing(i * 10 - 4)).toEqual(rec(i * 10 - 4, 9));
      expect(t.lookupBefore(i * 10 - 5)?.startoff).toBe((i - 1) * 10 - (i > 1 ? 4 : 0));
    }
  });

  it('moves a leaf\'s first record right and finds the gap it leaves in the previous leaf', () => {
    const t = new IextTree();
    for (let i = 0; i < 1000; i++) t.insert(rec(i * 10, 5));
    for (let i = 1; i < 1000; i++) {
      t.update(i * 10, rec(i * 10 + 3, 2)); // now [10i+3, 10i+5): [10i, 10i+3) is a hole
      expect(t.containing(i * 10 + 1)).toBeUndefined();
      expect(t.lookupBefore(i * 10 + 1)).toEqual(rec((i - 1) * 10 + (i > 1 ? 3 : 0), i > 1 ? 2 : 5));
      expect(t.lookup(i * 10 + 1)).toEqual(rec(i * 10 + 3, 2));
    }
    t.verify();
  });
});

describe('IextTree against a model', () => {
  /** Random operations biased towards growth, then towards shrinking, checked after every step. */
  function run(seed: number, steps: number, space: number): void {
    const r = prng(seed);
    const t = new IextTree();
    const m = new Model();
    for (let step = 0; step < steps; step++) {
      const grow = step < steps / 2;
      const op = r(100);
      if (op < (grow ? 45 : 15)) {
        const x = rec(r(space), 1 + r(8), r(1 << 30), r(2) as ExtState);
        if (m.fits(x)) {
          t.insert(x);
          m.recs.splice(m.le(x.startoff) + 1, 0, x);
        } else expect(() => t.insert(x)).toThrow();
      } else if (op < 60) {
        if (m.recs.length === 0 || r(10) === 0) {
          const off = r(space);
          if (m.recs[m.le(off)]?.startoff !== off) expect(() => t.remove(off)).toThrow();
          continue;
        }
        const i = r(m.recs.length);
        expect(t.remove(m.recs[i].startoff)).toEqual(m.recs[i]);
        m.recs.splice(i, 1);
      } else if (op < 75 && m.recs.length > 0) {
        const i = r(m.recs.length);
        const old = m.recs[i];
        const x = rec(Math.max(0, old.startoff + r(9) - 4), 1 + r(12), r(1 << 30), r(2) as ExtState);
        if (m.fitsAt(x, i)) {
          t.update(old.startoff, x);
          m.recs[i] = x;
        } else expect(() => t.update(old.startoff, x)).toThrow();
      } else {
        const off = r(space + 20) - 10;
        expect(t.lookup(off)).toEqual(m.lookup(off));
        expect(t.lookupBefore(off)).toEqual(m.lookupBefore(off));
        expect(t.containing(off)).toEqual(m.containing(off));
        const stop = off + r(200);
        expect(t.rangeArray(off, stop)).toEqual(m.range(off, stop));
        const j = m.le(off);
        if (j >= 0) {
          expect(t.next(m.recs[j])).toEqual(m.recs[j + 1]);
          expect(t.prev(m.recs[j])).toEqual(m.recs[j - 1]);
        }
        expect(t.first()).toEqual(m.recs[0]);
        expect(t.last()).toEqual(m.recs[m.recs.length - 1]);
      }
      expect(t.count).toBe(m.recs.length);
      if (step % 500 === 0) expectSame(t, m);
    }
    expectSame(t, m);
  }

  for (const seed of [1, 2, 3, 4]) {
    it(`matches on a small key space (seed ${seed})`, () => run(seed, 6000, 2000));
  }
  it('matches on a key space that grows the tree to three levels', () => run(99, 40000, 200000));

  it('matches on fast-check generated operation sequences', () => {
    const opArb = fc.tuple(fc.constantFrom('ins', 'del', 'upd'), fc.nat(400), fc.integer({ min: 1, max: 6 }));
    fc.assert(fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
      const t = new IextTree();
      const m = new Model();
      for (const [kind, a, len] of ops) {
        const i = m.le(a);
        if (kind === 'ins') {
          const x = rec(a, len);
          if (m.fits(x)) {
            t.insert(x);
            m.recs.splice(i + 1, 0, x);
          } else expect(() => t.insert(x)).toThrow();
        } else if (i >= 0 && kind === 'del') {
          t.remove(m.recs[i].startoff);
          m.recs.splice(i, 1);
        } else if (i >= 0) {
          const x = rec(m.recs[i].startoff, len);
          if (m.fitsAt(x, i)) {
            t.update(x.startoff, x);
            m.recs[i] = x;
          }
        }
      }
      expectSame(t, m);
    }), { numRuns: 200 });
  });
});

describe('IextTree widths, finger and clone', () => {
  /** Random inserts, updates and deletes through the raw API, with the finger checked against the model. */
  function run(width: 2 | 3 | 4, seed: number, steps: number, space: number): void {
    const r = prng(seed);
    const t = new IextTree(width);
    const m = new Model();
    // A narrower tree stores no startblock (width 2) or no state (widths 2 and 3): they read as 0.
    const mk = (off: number, len: number): BmbtIrec =>
      rec(off, len, width > 2 ? r(1 << 30) : 0, (width > 3 ? r(2) : 0) as ExtState);
    for (let step = 0; step < steps; step++) {
      const op = r(100);
      const off = r(space);
      const j = m.le(off);
      if (op < (step < steps / 2 ? 50 : 25)) {
        const x = mk(off, 1 + r(6));
        if (m.fits(x)) {
          if (r(2)) {
            t.insertRec(x.startoff, x.startblock, x.blockcount, x.state);
          } else {
            t.at(x.startoff);
            expect(t.nextOff()).toBe(m.recs[j + 1]?.startoff ?? Infinity);
            t.insertAfterFinger(x.startoff, x.startblock, x.blockcount, x.state);
          }
          m.recs.splice(j + 1, 0, x);
        }
      } else if (op < 65 && j >= 0) {
        t.delete(m.recs[j].startoff);
        m.recs.splice(j, 1);
      } else if (op < 80 && j >= 0) {
        const x = mk(Math.max(0, m.recs[j].startoff + r(5) - 2), 1 + r(8));
        if (m.fitsAt(x, j)) {
          t.updateRec(m.recs[j].startoff, x.startoff, x.startblock, x.blockcount, x.state);
          expect(t.curOff()).toBe(x.startoff); // the finger stays on the updated record
          m.recs[j] = x;
        }
      } else if (op < 88 && j >= 0) {
        // setCur: grow or shrink the record at the finger in place.
        const x = { ...m.recs[j], blockcount: 1 + r(8), startblock: width > 2 ? r(1000) : 0 };
        expect(t.at(off)).toBe(true);
        if (m.fitsAt(x, j)) {
          t.setCur(x.startblock, x.blockcount);
          m.recs[j] = x;
        } else expect(() => t.setCur(x.startblock, x.blockcount)).toThrow();
      } else {
        // Walk from the finger: at(), then forwards and backwards, against the model.
        expect(t.at(off)).toBe(j >= 0);
        const here = j >= 0 ? m.recs[j] : undefined;
        if (here) {
          expect([t.curOff(), t.curCount(), t.curEnd(), t.curBlock()]).toEqual([here.startoff, here.blockcount, end(here), here.startblock]);
        }
        let k = j;
        for (let n = r(40); n > 0; n--) {
          const moved = t.step();
          expect(moved).toBe(k + 1 < m.recs.length);
          if (!moved) break;
          k++;
          expect(t.curOff()).toBe(m.recs[k].startoff);
        }
        for (let n = k >= 0 ? r(40) : 0; n > 0; n--) {
          const moved = t.stepBack();
          expect(moved).toBe(k > 0);
          if (!moved) break;
          k--;
          expect(t.curOff()).toBe(m.recs[k].startoff);
        }
      }
      if (step % 400 === 0) expectSame(t, m);
    }
    expectSame(t, m);
    expect(t.atLast()).toBe(m.recs.length > 0);
    const c = t.clone();
    expectSame(c, m);
    if (m.recs.length) c.delete(m.recs[0].startoff);
    expectSame(t, m);
  }

  for (const width of [2, 3, 4] as const) {
    it(`width ${width}: raw operations and the finger match the model`, () => run(width, width * 7, 12000, 6000));
  }

  it('refuses an insert after a finger that is not on the new record\'s predecessor', () => {
    const t = new IextTree();
    for (let i = 0; i < 100; i++) t.insert(rec(i * 10, 5));
    t.at(500); // on [500, 505)
    expect(() => t.insertAfterFinger(306, 1, 2, 0)).toThrow(); // belongs after [300, 305)
    expect(() => t.insertAfterFinger(506, 1, 9, 0)).toThrow(); // would overlap [510, 515)
    t.at(-1); // before the first record
    expect(() => t.insertAfterFinger(6, 1, 2, 0)).toThrow();
    t.at(505);
    t.insertAfterFinger(505, 1, 5, 0);
    t.at(-1);
    expect(t.step()).toBe(true);
    expect(t.curOff()).toBe(0);
    expect(t.count).toBe(101);
    t.verify();
  });

  it('keeps leaves full when records arrive in order, and nearly full when each lands before the last one', () => {
    const leaves = (t: IextTree) => (t as unknown as { p: { leafIds: number } }).p.leafIds;
    const a = new IextTree();
    for (let i = 0; i < LEAF_MAX * 100; i++) a.insert(rec(i * 2, 1));
    expect(leaves(a)).toBe(100);
    // Writeback converting an extent front to back: the new record goes just before the remainder.
    const b = new IextTree();
    b.insert(rec(0, 1e6));
    for (let i = 0; i < LEAF_MAX * 100; i++) {
      b.update(i, rec(i + 1, 1e6 - i - 1));
      b.insert(rec(i, 1));
    }
    b.verify();
    expect(leaves(b)).toBeLessThan(110);
  });

  it('empties a three-level tree from the right edge (a leaf whose parent has one other child)', () => {
    const t = new IextTree();
    const n = NODE_MAX * LEAF_MAX + 40;
    for (let i = 0; i < n; i++) t.insert(rec(i * 2, 1));
    for (let i = n - 1; i >= 0; i--) {
      t.delete(i * 2);
      if (i % 7 === 0 || i > n - 80) t.verify();
    }
    expect(t.count).toBe(0);
  });
});

describe('IextTree past GUESS_MIN (leaves searched from an interpolated first probe)', () => {
  /** Keys in clusters with rare wide gaps, so the guesses from evenly spread keys are often wrong. */
  function build(r: (n: number) => number, t: IextTree, m: Model, n: number): void {
    let off = 0;
    for (let i = 0; i < n; i++) {
      off += r(40) === 0 ? r(100000) : r(3);
      const x = rec(off, 1 + r(4), r(1 << 30));
      t.insert(x);
      m.recs.push(x);
      off = end(x);
    }
  }

  it('matches the model through inserts, removals, updates and lookups, paired lookups of two trees included', () => {
    const r = prng(11);
    const t = new IextTree();
    const m = new Model();
    const u = new IextTree(4);
    const um = new Model();
    build(r, t, m, GUESS_MIN + 8000);
    build(r, u, um, GUESS_MIN + 2000);
    expectSame(t, m);
    const space = end(m.recs[m.recs.length - 1]) + 10;
    const check = (tree: IextTree, model: Model, off: number) => {
      expect(tree.lookup(off)).toEqual(model.lookup(off));
      expect(tree.lookupBefore(off)).toEqual(model.lookupBefore(off));
      expect(tree.containing(off)).toEqual(model.containing(off));
    };
    for (let step = 0; step < 30000; step++) {
      const op = r(100);
      // Shrink through GUESS_MIN in the second half, so both search paths see the same tree.
      const shrink = step >= 15000;
      if (op < (shrink ? 5 : 25)) {
        const x = rec(r(space), 1 + r(3), r(1 << 30));
        if (m.fitsNew(x)) {
          t.insert(x);
          m.recs.splice(m.le(x.startoff) + 1, 0, x);
        } else expect(() => t.insert(x)).toThrow();
      } else if (op < (shrink ? 80 : 40)) {
        const i = r(m.recs.length);
        expect(t.remove(m.recs[i].startoff)).toEqual(m.recs[i]);
        m.recs.splice(i, 1);
      } else if (op < (shrink ? 85 : 55)) {
        const i = r(m.recs.length);
        const old = m.recs[i];
        const x = rec(Math.max(0, old.startoff + r(5) - 2), 1 + r(4), r(1 << 30));
        if (m.fitsAt(x, i)) {
          t.update(old.startoff, x);
          m.recs[i] = x;
        } else expect(() => t.update(old.startoff, x)).toThrow();
      } else if (op < (shrink ? 95 : 75)) {
        const a = r(space + 20) - 10;
        const b = r(space + 20) - 10;
        IextTree.findPair(t, a, u, b);
        check(t, m, a);
        check(u, um, b);
      } else {
        check(t, m, r(space + 20) - 10);
      }
      if (step % 5000 === 0) expectSame(t, m);
    }
    expect(m.recs.length).toBeLessThan(GUESS_MIN); // both sides of the threshold were exercised
    expectSame(t, m);
    expectSame(u, um);
  });
});

describe('IextTree leaf directory (big trees whose shape stands still)', () => {
  it('answers from the directory once built, keeps it through in-leaf changes, and drops it when a leaf range changes', () => {
    const r = prng(23);
    const t = new IextTree();
    const m = new Model();
    // Keys in clusters with wide gaps, so the directory's interpolated probe is often wrong.
    let off = 0;
    for (let i = 0; i < GUESS_MIN + 6000; i++) {
      off += r(50) === 0 ? r(200000) : r(3);
      const x = rec(off, 1 + r(4), r(1 << 30));
      t.insert(x);
      m.recs.push(x);
      off = end(x);
    }
    const space = off + 10;
    const check = (at: number) => {
      expect(t.lookup(at)).toEqual(m.lookup(at));
      expect(t.lookupBefore(at)).toEqual(m.lookupBefore(at));
      expect(t.containing(at)).toEqual(m.containing(at));
    };
    let kept = 0;
    let dropped = 0;
    for (let phase = 0; phase < 6; phase++) {
      // Enough lookups without a change of shape for the tree to build its directory.
      for (let k = 0; k < 2500; k++) check(r(space + 20) - 10);
      expect(t.directoryLeaves).toBeGreaterThan(GUESS_MIN / LEAF_MAX);
      // Changes inside leaves (not at their first record) keep it; the lookups after must still be right.
      for (let k = 0; k < 200; k++) {
        const i = 1 + r(m.recs.length - 2);
        const old = m.recs[i];
        const x = rec(old.startoff, old.blockcount, r(1 << 30));
        t.update(old.startoff, x);
        m.recs[i] = x;
        check(old.startoff + r(old.blockcount + 2));
        check(r(space));
      }
      if (t.directoryLeaves > 0) kept++;
      // Inserts and removals anywhere (leaf heads and splits included) drop it sooner or later.
      for (let k = 0; k < 300; k++) {
        if (r(2) === 0) {
          const x = rec(r(space), 1, r(1 << 30));
          if (m.fitsNew(x)) {
            t.insert(x);
            m.recs.splice(m.le(x.startoff) + 1, 0, x);
          }
        } else {
          const i = r(m.recs.length);
          t.remove(m.recs[i].startoff);
          m.recs.splice(i, 1);
        }
        check(r(space + 20) - 10);
      }
      if (t.directoryLeaves === 0) dropped++;
    }
    expect(kept).toBe(6);
    expect(dropped).toBe(6);
    expectSame(t, m);
  });
});

describe('IextTree at a million extents', () => {
  it('builds 1M extents by appending and still answers lookups', () => {
    // Timing is measured outside the tests (see the header of xfs-iext-tree.ts); here only correctness.
    const N = 1_000_000;
    const t = new IextTree();
    for (let i = 0; i < N; i++) t.insert(rec(i * 4, 3, nullStartBlock(i & 7)));
    expect(t.count).toBe(N);
    const r = prng(7);
    for (let k = 0; k < 10000; k++) {
      const i = r(N);
      expect(t.containing(i * 4 + 2)).toEqual(rec(i * 4, 3, nullStartBlock(i & 7)));
      expect(t.lookup(i * 4 + 3)?.startoff).toBe(i + 1 < N ? (i + 1) * 4 : undefined);
    }
    expect(t.last()).toEqual(rec((N - 1) * 4, 3, nullStartBlock((N - 1) & 7)));
    t.remove(0);
    t.insert(rec(0, 4, 1));
    t.verify();
  });
});

describe('IextTree.realCount (if_nextents: the records that are not delalloc)', () => {
  it('follows inserts, updates, in-place changes and removals, across leaf splits and merges', () => {
    const t = new IextTree();
    const DELAY = 0xffffffffe0000 + 3;
    const model = new Map<number, boolean>(); // startoff → delalloc
    let x = 7;
    for (let op = 0; op < 4000; op++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const off = (x % 500) * 4;
      const delay = (x >> 8) % 3 === 0;
      if (!model.has(off)) {
        t.insertRec(off, delay ? DELAY : 1000 + off, 2, 0);
        model.set(off, delay);
      } else if ((x >> 12) % 3 === 0) {
        t.delete(off);
        model.delete(off);
      } else if ((x >> 12) % 3 === 1) {
        t.updateRec(off, off, delay ? DELAY : 2000 + off, 1, 0);
        model.set(off, delay);
      } else {
        t.at(off);
        t.setCur(delay ? DELAY : 3000 + off, 2);
        model.set(off, delay);
      }
      if (op % 500 === 0) t.verify();
    }
    t.verify();
    expect(t.realCount).toBe([...model.values()].filter((d) => !d).length);
    expect(t.clone().realCount).toBe(t.realCount);
    t.clear();
    expect(t.realCount).toBe(0);
  });
});
