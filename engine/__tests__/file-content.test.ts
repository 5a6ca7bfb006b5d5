import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileContent, type ContentRun } from '../file-content.js';

const md5Of = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** Structural invariants: sorted, disjoint, non-empty runs, nothing left uncoalesced. */
function checkRuns(f: FileContent): void {
  const runs = [...f.runs()];
  let prev: ContentRun | undefined;
  for (const r of runs) {
    expect(r.end).toBeGreaterThan(r.start);
    if (r.kind === 'bytes') expect(r.data.length).toBe(r.end - r.start);
    if (prev) {
      expect(r.start).toBeGreaterThanOrEqual(prev.end);
      if (prev.end === r.start && prev.kind === 'pattern' && r.kind === 'pattern') expect(prev.byte).not.toBe(r.byte);
      if (prev.end === r.start && prev.kind === 'bytes' && r.kind === 'bytes' && prev.data.buffer === r.data.buffer) {
        expect(prev.data.byteOffset + prev.data.length).not.toBe(r.data.byteOffset);
      }
    }
    prev = r;
  }
  expect(f.runCount).toBe(runs.length);
  expect(f.coveredEnd).toBe(prev ? prev.end : 0);
}

const MAX = 2048;

type Op =
  | { op: 'pattern'; f: number; pos: number; len: number; byte: number }
  | { op: 'bytes'; f: number; pos: number; data: Uint8Array }
  | { op: 'zero'; f: number; pos: number; len: number }
  | { op: 'truncate'; f: number; size: number }
  | { op: 'copy'; f: number; from: number; srcPos: number; dstPos: number; len: number }
  | { op: 'clone'; f: number; from: number }
  | { op: 'read'; f: number; pos: number; len: number }
  | { op: 'md5'; f: number; size: number };

// Offsets cluster near the start so operations overlap a lot; a few reach the end of the model.
const pos = fc.oneof(fc.integer({ min: 0, max: 256 }), fc.integer({ min: 0, max: MAX }));
const len = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: MAX }));
const byte = fc.constantFrom(0, 0x61, 0x62, 0xff);
const file = fc.integer({ min: 0, max: 2 });
const literal = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 80 }),
  fc.tuple(byte, fc.integer({ min: 1, max: 80 })).map(([b, n]) => new Uint8Array(n).fill(b)),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('pattern' as const), f: file, pos, len, byte }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('bytes' as const), f: file, pos, data: literal }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('zero' as const), f: file, pos, len }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), f: file, size: pos }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('copy' as const), f: file, from: file, srcPos: pos, dstPos: pos, len }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('clone' as const), f: file, from: file }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('read' as const), f: file, pos, len }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('md5' as const), f: file, size: pos }), weight: 1 },
);

/** Clamp a range into the model's capacity. */
const clampLen = (p: number, n: number) => Math.max(0, Math.min(n, MAX - p));

function apply(files: FileContent[], models: Uint8Array[], o: Op): void {
  const f = files[o.f];
  const m = models[o.f];
  switch (o.op) {
    case 'pattern': {
      const n = clampLen(o.pos, o.len);
      f.write(o.pos, n, { kind: 'pattern', byte: o.byte });
      m.fill(o.byte, o.pos, o.pos + n);
      break;
    }
    case 'bytes': {
      const data = o.data.subarray(0, clampLen(o.pos, o.data.length));
      const mine = data.slice();
      f.write(o.pos, mine.length, { kind: 'bytes', data: mine });
      mine.fill(0x5a); // the caller reusing its buffer must not change the file
      m.set(data, o.pos);
      break;
    }
    case 'zero': {
      const n = clampLen(o.pos, o.len);
      f.zero(o.pos, n);
      m.fill(0, o.pos, o.pos + n);
      break;
    }
    case 'truncate':
      f.truncate(o.size);
      m.fill(0, o.size);
      break;
    case 'copy': {
      const n = clampLen(Math.max(o.srcPos, o.dstPos), o.len);
      f.copyRange(files[o.from], o.srcPos, o.dstPos, n);
      m.set(models[o.from].slice(o.srcPos, o.srcPos + n), o.dstPos);
      break;
    }
    case 'clone':
      files[o.f] = files[o.from].clone();
      models[o.f] = models[o.from].slice();
      break;
    case 'read': {
      const n = clampLen(o.pos, o.len);
      expect(f.read(o.pos, n)).toEqual(m.slice(o.pos, o.pos + n));
      break;
    }
    case 'md5':
      expect(f.md5(o.size)).toBe(md5Of(m.subarray(0, o.size)));
      break;
  }
}

describe('FileContent', () => {
  it('behaves like a plain byte array (differential, three files sharing runs)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const files = [new FileContent(), new FileContent(), new FileContent()];
        const models = [new Uint8Array(MAX), new Uint8Array(MAX), new Uint8Array(MAX)];
        for (const o of ops) {
          apply(files, models, o);
          for (let k = 0; k < 3; k++) {
            checkRuns(files[k]);
            expect(files[k].equalsBytes(models[k])).toBe(true);
          }
        }
        for (let k = 0; k < 3; k++) {
          expect(files[k].read(0, MAX)).toEqual(models[k]);
          expect(files[k].md5(MAX)).toBe(md5Of(models[k]));
        }
      }),
      { numRuns: 1500, seed: 20261125 },
    );
  });

  it('reads zeros everywhere when empty, and md5 of a sparse file is md5 of zeros', () => {
    const f = new FileContent();
    expect(f.read(10, 5)).toEqual(new Uint8Array(5));
    expect(f.md5(0)).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(f.md5(100000)).toBe(md5Of(new Uint8Array(100000)));
    expect(f.runCount).toBe(0);
  });

  it('keeps an append loop of 65536 4-KiB pattern writes as one run', () => {
    // How fast is measured by `npm run bench`, not here.
    const f = new FileContent();
    for (let i = 0; i < 65536; i++) f.write(i * 4096, 4096, { kind: 'pattern', byte: 0x61 });
    expect(f.runCount).toBe(1);
    expect([...f.runs()]).toEqual([{ start: 0, end: 256 << 20, kind: 'pattern', byte: 0x61 }]);
    const ref = createHash('md5');
    const chunk = new Uint8Array(1 << 20).fill(0x61);
    for (let i = 0; i < 256; i++) ref.update(chunk);
    expect(f.md5(256 << 20)).toBe(ref.digest('hex'));
  });

  it('keeps 50000 appended literal writes as separate runs', () => {
    const f = new FileContent();
    for (let i = 0; i < 50000; i++) f.write(i * 4, 4, { kind: 'bytes', data: Uint8Array.of(i & 255, 1, 2, 3) });
    expect(f.runCount).toBe(50000);
    expect(f.read(4 * 300, 4)).toEqual(Uint8Array.of(300 & 255, 1, 2, 3));
  });

  it('coalesces a write that bridges two runs of the same byte, and literal all-one-byte writes', () => {
    const f = new FileContent();
    f.write(0, 10, { kind: 'pattern', byte: 1 });
    f.write(20, 10, { kind: 'pattern', byte: 1 });
    expect(f.runCount).toBe(2);
    f.write(10, 10, { kind: 'bytes', data: new Uint8Array(10).fill(1) });
    expect([...f.runs()]).toEqual([{ start: 0, end: 30, kind: 'pattern', byte: 1 }]);
  });

  it('shares literal buffers on copyRange and rejoins split views', () => {
    const a = new FileContent();
    const data = Uint8Array.from({ length: 100 }, (_, i) => i);
    a.write(0, 100, { kind: 'bytes', data });
    const b = new FileContent();
    b.copyRange(a, 10, 1000, 50);
    const [ra] = [...a.runs()];
    const [rb] = [...b.runs()];
    if (ra.kind !== 'bytes' || rb.kind !== 'bytes') throw new Error('expected literal runs');
    expect(rb.data.buffer).toBe(ra.data.buffer);
    expect(b.read(1000, 50)).toEqual(data.slice(10, 60));
    // Punch the middle, then put it back from the same buffer: one run again.
    a.zero(40, 20);
    expect(a.runCount).toBe(2);
    a.copyRange(b, 1030, 40, 20);
    expect(a.runCount).toBe(1);
    expect(a.read(0, 100)).toEqual(data);
  });

  it('copies a range onto an overlapping range of the same file', () => {
    const f = new FileContent();
    const data = Uint8Array.from({ length: 64 }, (_, i) => i + 1);
    f.write(0, 64, { kind: 'bytes', data });
    f.copyRange(f, 0, 16, 40);
    const m = data.slice();
    m.set(data.slice(0, 40), 16);
    expect(f.read(0, 64)).toEqual(m);
  });

  it('copies thousands of runs into the middle of a file', () => {
    const src = new FileContent();
    const dst = new FileContent();
    const ms = new Uint8Array(5000);
    const md = new Uint8Array(20000);
    for (let i = 0; i < 4000; i++) {
      src.write(i, 1, { kind: 'pattern', byte: 1 + (i % 2) });
      ms[i] = 1 + (i % 2);
    }
    for (let i = 0; i < 20; i++) {
      dst.write(i * 1000, 500, { kind: 'pattern', byte: 9 });
      md.fill(9, i * 1000, i * 1000 + 500);
    }
    dst.copyRange(src, 100, 7250, 3800);
    md.set(ms.slice(100, 3900), 7250);
    checkRuns(dst);
    expect(dst.read(0, md.length)).toEqual(md);
    expect(dst.md5(md.length)).toBe(md5Of(md));
  });

  it('overwrites the heads of runs across leaves, joining each write to the run before it', () => {
    const f = new FileContent();
    const m = new Uint8Array(2000);
    for (let k = 0; k < 200; k++) {
      f.write(k * 10, 10, { kind: 'pattern', byte: 1 + (k % 2) });
      m.fill(1 + (k % 2), k * 10, k * 10 + 10);
    }
    // Each write covers the head of run k with the byte of run k - 1: the boundary moves right.
    for (let k = 1; k < 200; k++) {
      const byte = 1 + ((k - 1) % 2);
      f.write(k * 10, 5, { kind: 'pattern', byte });
      m.fill(byte, k * 10, k * 10 + 5);
      if (k % 17 === 0) checkRuns(f);
    }
    checkRuns(f);
    expect(f.runCount).toBe(200);
    expect(f.equalsBytes(m)).toBe(true);
    // And a new byte over the heads: each write becomes a run of its own.
    for (let k = 0; k < 200; k++) {
      f.write(k * 10 + 5, 2, { kind: 'pattern', byte: 7 });
      m.fill(7, k * 10 + 5, k * 10 + 7);
    }
    checkRuns(f);
    expect(f.equalsBytes(m)).toBe(true);
    expect(f.md5(2000)).toBe(md5Of(m));
  });

  it('truncate then extend reads zeros; clone is independent', () => {
    const f = new FileContent();
    f.write(0, 100, { kind: 'pattern', byte: 0x61 });
    const c = f.clone();
    f.truncate(30);
    f.write(60, 10, { kind: 'pattern', byte: 0x61 });
    const m = new Uint8Array(100);
    m.fill(0x61, 0, 30).fill(0x61, 60, 70);
    expect(f.read(0, 100)).toEqual(m);
    expect(c.read(0, 100)).toEqual(new Uint8Array(100).fill(0x61));
  });

  it('handles offsets far beyond 4 GiB', () => {
    const f = new FileContent();
    const big = 2 ** 50;
    f.write(big, 3, { kind: 'bytes', data: Uint8Array.of(7, 8, 9) });
    f.write(big - 2, 2, { kind: 'pattern', byte: 5 });
    expect(f.read(big - 3, 7)).toEqual(Uint8Array.of(0, 5, 5, 7, 8, 9, 0));
    f.truncate(big + 1);
    expect(f.coveredEnd).toBe(big + 1);
  });

  it('rejects bad arguments', () => {
    const f = new FileContent();
    expect(() => f.write(-1, 1, { kind: 'pattern', byte: 0 })).toThrow(RangeError);
    expect(() => f.write(0, 1.5, { kind: 'pattern', byte: 0 })).toThrow(RangeError);
    expect(() => f.write(0, 1, { kind: 'pattern', byte: 256 })).toThrow(RangeError);
    expect(() => f.write(0, 4, { kind: 'bytes', data: new Uint8Array(3) })).toThrow(RangeError);
    expect(() => f.read(0, -1)).toThrow(RangeError);
    expect(() => f.truncate(Number.NaN)).toThrow(RangeError);
  });
});
