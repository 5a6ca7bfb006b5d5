import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RangeSet } from '../range-set.js';

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

/** The model: one flag per integer of a small universe. */
class Bitmap {
  readonly bits: Uint8Array;
  constructor(readonly size: number) {
    this.bits = new Uint8Array(size);
  }
  set(start: number, end: number, v: 0 | 1): void {
    for (let i = Math.max(0, start); i < Math.min(end, this.size); i++) this.bits[i] = v;
  }
  ranges(start = 0, end = this.size): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.size); i++) {
      if (!this.bits[i]) continue;
      if (out.length && out[out.length - 1][1] === i) out[out.length - 1][1] = i + 1;
      else out.push([i, i + 1]);
    }
    return out;
  }
  total(): number {
    return this.bits.reduce((a, b) => a + b, 0);
  }
}

function expectSame(rs: RangeSet, m: Bitmap): void {
  const want = m.ranges();
  expect([...rs.ranges()]).toEqual(want);
  expect(rs.total()).toBe(m.total());
  expect(rs.count).toBe(want.length);
  expect(rs.isEmpty()).toBe(want.length === 0);
  expect(rs.first()).toEqual(want[0]);
  expect(rs.last()).toEqual(want[want.length - 1]);
  expect(rs.longest()).toBe(want.reduce((a, [s, e]) => Math.max(a, e - s), 0));
}

/** The first `n` ranges rangesUp(x) / rangesDown(x) give, against the model's whole ranges. */
function expectWalks(rs: RangeSet, m: Bitmap, x: number, n: number): void {
  const all = m.ranges();
  const take = (g: Generator<[number, number]>) => {
    const out: Array<[number, number]> = [];
    for (const r of g) {
      out.push(r);
      if (out.length === n) break;
      rs.has(r[0]); // the caller may use the set between steps
    }
    return out;
  };
  expect(take(rs.rangesUp(x))).toEqual(all.filter(([, e]) => e > x).slice(0, n));
  expect(take(rs.rangesDown(x))).toEqual(all.filter(([s]) => s <= x).reverse().slice(0, n));
}

describe('RangeSet basics', () => {
  it('coalesces adjacent and overlapping adds, in any order', () => {
    const rs = new RangeSet();
    rs.add(10, 20);
    rs.add(30, 40);
    rs.add(20, 30);
    expect([...rs.ranges()]).toEqual([[10, 40]]);
    rs.add(0, 5);
    rs.add(5, 10);
    rs.add(45, 50);
    rs.add(39, 46);
    expect([...rs.ranges()]).toEqual([[0, 50]]);
    expect(rs.total()).toBe(50);
  });

  it('ignores empty and inverted ranges', () => {
    const rs = new RangeSet();
    rs.add(5, 5);
    rs.add(7, 3);
    rs.remove(0, 0);
    expect(rs.isEmpty()).toBe(true);
    expect(rs.overlaps(0, 0)).toBe(false);
    expect(rs.first()).toBeUndefined();
    expect(rs.last()).toBeUndefined();
  });

  it('holds non-negative integers only', () => {
    const rs = new RangeSet();
    expect(() => rs.add(-1, 3)).toThrow();
    rs.add(0, 3);
    rs.remove(-10, 1);
    expect([...rs.ranges()]).toEqual([[1, 3]]);
  });

  it('removes by cutting, trimming and splitting ranges', () => {
    const rs = new RangeSet();
    rs.add(0, 100);
    rs.remove(10, 20); // split
    rs.remove(0, 5); // trim the front
    rs.remove(95, 200); // trim the back
    rs.remove(-50, -10); // nothing there
    expect([...rs.ranges()]).toEqual([[5, 10], [20, 95]]);
    rs.remove(8, 30); // trims both
    expect([...rs.ranges()]).toEqual([[5, 8], [30, 95]]);
    expect(rs.total()).toBe(68);
    rs.remove(0, 1000);
    expect(rs.isEmpty()).toBe(true);
    expect(rs.total()).toBe(0);
  });

  it('answers has, overlaps and clipped ranges at the edges', () => {
    const rs = new RangeSet();
    rs.add(10, 20);
    rs.add(30, 40);
    expect(rs.has(9)).toBe(false);
    expect(rs.has(10)).toBe(true);
    expect(rs.has(19)).toBe(true);
    expect(rs.has(20)).toBe(false);
    expect(rs.overlaps(0, 10)).toBe(false);
    expect(rs.overlaps(0, 11)).toBe(true);
    expect(rs.overlaps(20, 30)).toBe(false);
    expect(rs.overlaps(39, 100)).toBe(true);
    expect(rs.overlaps(40, 100)).toBe(false);
    expect([...rs.ranges(15, 35)]).toEqual([[15, 20], [30, 35]]);
    expect([...rs.ranges(20, 30)]).toEqual([]);
    expect([...rs.ranges(35)]).toEqual([[35, 40]]);
  });

  it('clones independently and clears', () => {
    const rs = new RangeSet();
    for (let i = 0; i < 500; i++) rs.add(i * 3, i * 3 + 2);
    const c = rs.clone();
    rs.remove(0, 1500);
    expect(rs.isEmpty()).toBe(true);
    expect(c.count).toBe(500);
    expect(c.total()).toBe(1000);
    c.add(0, 1500);
    expect([...c.ranges()]).toEqual([[0, 1500]]);
    c.clear();
    expect(c.isEmpty()).toBe(true);
    expect(c.total()).toBe(0);
  });

  it('may change once a ranges() walk is over, not during it', () => {
    const rs = new RangeSet();
    for (let i = 0; i < 200; i++) rs.add(i * 2, i * 2 + 1);
    for (const [s, e] of rs.ranges(10)) {
      rs.remove(s, e);
      break;
    }
    expect(rs.has(10)).toBe(false);
    expect(() => {
      for (const [s, e] of rs.ranges()) rs.remove(s, e);
    }).toThrow(/modified during iteration/);
  });
});

describe('RangeSet at scale', () => {
  it('appends 65536 single blocks into one range', () => {
    const rs = new RangeSet();
    for (let b = 0; b < 65536; b++) rs.add(b, b + 1);
    expect([...rs.ranges()]).toEqual([[0, 65536]]);
    expect(rs.total()).toBe(65536);
  });

  it('holds 32768 separate blocks, then merges them as the gaps are filled backwards', () => {
    const rs = new RangeSet();
    for (let b = 0; b < 65536; b += 2) rs.add(b, b + 1);
    expect(rs.count).toBe(32768);
    expect(rs.has(65534)).toBe(true);
    expect(rs.has(65535)).toBe(false);
    for (let b = 65533; b > 0; b -= 2) rs.add(b, b + 1);
    expect([...rs.ranges()]).toEqual([[0, 65535]]);
    expect(rs.total()).toBe(65535);
  });
});

describe('RangeSet against a bitmap', () => {
  function run(seed: number, size: number, steps: number, trackLengths = false): void {
    const r = prng(seed);
    const rs = new RangeSet({ trackLengths });
    const m = new Bitmap(size);
    for (let step = 0; step < steps; step++) {
      const s = r(size + 10) - 5;
      const e = s + r(step % 7 === 0 ? size / 4 : 12) - 1;
      const op = r(10);
      if (op < 5) {
        rs.add(Math.max(0, s), Math.min(e, size));
        m.set(s, e, 1);
      } else if (op < 8) {
        rs.remove(s, e);
        m.set(s, e, 0);
      } else {
        const x = r(size);
        expect(rs.has(x)).toBe(m.bits[x] === 1);
        expect(rs.overlaps(s, e)).toBe(m.ranges(s, e).length > 0);
        expect([...rs.ranges(s, e)]).toEqual(m.ranges(s, e));
        expectWalks(rs, m, x, 1 + r(4));
        if (trackLengths) expect(rs.longest()).toBe(m.ranges().reduce((a, [rs0, re]) => Math.max(a, re - rs0), 0));
      }
      if (size <= 1000 || step % 100 === 0) expect(rs.total()).toBe(m.total());
      if (step % 200 === 0) expectSame(rs, m);
    }
    expectSame(rs, m);
  }

  for (const seed of [1, 2, 3]) it(`matches on 300 integers (seed ${seed})`, () => run(seed, 300, 4000));
  it('matches on 20000 integers, with hundreds of ranges', () => run(42, 20000, 6000));
  for (const seed of [4, 5]) {
    it(`keeps the longest range exactly with trackLengths (seed ${seed})`, () => run(seed, 300, 4000, true));
  }

  it('matches on fast-check generated operation sequences', () => {
    const op = fc.tuple(fc.boolean(), fc.integer({ min: -5, max: 200 }), fc.integer({ min: -3, max: 40 }));
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), fc.boolean(), (ops, trackLengths) => {
      const rs = new RangeSet({ trackLengths });
      const m = new Bitmap(260);
      for (const [add, s, len] of ops) {
        if (add && s >= 0) {
          rs.add(s, s + len);
          m.set(s, s + len, 1);
        } else {
          rs.remove(s, s + len);
          m.set(s, s + len, 0);
        }
      }
      expectSame(rs, m);
      const c = rs.clone();
      expectSame(c, m);
    }), { numRuns: 300 });
  });
});
