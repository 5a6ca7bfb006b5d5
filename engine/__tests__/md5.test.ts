import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Md5, md5Hex } from '../md5.js';

/** Reference digest from node:crypto (OpenSSL). */
function ref(...parts: Uint8Array[]): string {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** A small seeded generator (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(next: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(next() * 256);
  return b;
}

const ascii = (s: string) => new TextEncoder().encode(s);

describe('Md5', () => {
  it('matches the RFC 1321 test suite (appendix A.5)', () => {
    const suite: [string, string][] = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
      ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
    ];
    for (const [s, hex] of suite) expect(md5Hex(ascii(s))).toBe(hex);
  });

  it('hashes empty input, and zero-length updates change nothing', () => {
    const h = new Md5();
    expect(h.digestHex()).toBe(ref(new Uint8Array(0)));
    h.update(new Uint8Array(0));
    h.updateRepeated(0x61, 0);
    h.update(ascii('xyz'), 1, 1);
    expect(h.digestHex()).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('matches node:crypto on random inputs at every length around the padding boundaries', () => {
    const next = rng(1);
    for (let n = 0; n <= 300; n++) {
      const b = randomBytes(next, n);
      expect(md5Hex(b), `length ${n}`).toBe(ref(b));
    }
  });

  it('gives the same digest whatever the split points', () => {
    const next = rng(2);
    for (let round = 0; round < 200; round++) {
      const b = randomBytes(next, Math.floor(next() * 5000));
      const h = new Md5();
      let p = 0;
      while (p < b.length) {
        const q = Math.min(b.length, p + Math.floor(next() * 200));
        // Alternate between passing a range of the whole buffer and passing a copy.
        if (next() < 0.5) h.update(b, p, q);
        else h.update(b.slice(p, q));
        p = q;
      }
      expect(h.digestHex()).toBe(ref(b));
    }
  });

  it('mixes repeated-byte runs of odd lengths with literal bytes', () => {
    const next = rng(3);
    const odd = [1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 4097, 65535];
    for (let round = 0; round < 150; round++) {
      const h = new Md5();
      const parts: Uint8Array[] = [];
      const pieces = 1 + Math.floor(next() * 8);
      for (let k = 0; k < pieces; k++) {
        if (next() < 0.5) {
          const byte = Math.floor(next() * 256);
          const count = next() < 0.5 ? odd[Math.floor(next() * odd.length)] : Math.floor(next() * 10000);
          h.updateRepeated(byte, count);
          parts.push(new Uint8Array(count).fill(byte));
        } else {
          const b = randomBytes(next, Math.floor(next() * 150));
          h.update(b);
          parts.push(b);
        }
      }
      expect(h.digestHex()).toBe(ref(...parts));
    }
  });

  it('digestHex does not disturb the stream', () => {
    const h = new Md5();
    h.update(ascii('hello '));
    expect(h.digestHex()).toBe(ref(ascii('hello ')));
    h.updateRepeated(0x77, 100);
    h.update(ascii('world'));
    expect(h.digestHex()).toBe(ref(ascii('hello '), new Uint8Array(100).fill(0x77), ascii('world')));
  });

  it('rejects bad arguments', () => {
    const h = new Md5();
    expect(() => h.update(new Uint8Array(4), 2, 5)).toThrow(RangeError);
    expect(() => h.update(new Uint8Array(4), 3, 2)).toThrow(RangeError);
    expect(() => h.updateRepeated(256, 1)).toThrow(RangeError);
    expect(() => h.updateRepeated(1, -1)).toThrow(RangeError);
    expect(() => h.updateRepeated(1, 1.5)).toThrow(RangeError);
  });

  it('hashes 256 MiB of one repeated byte (and reports MB/s)', () => {
    const MiB = 1 << 20;
    const h = new Md5();
    h.update(ascii('x')); // unaligned start: exercises the top-up path before the block loop
    const t0 = performance.now();
    h.updateRepeated(0x61, 256 * MiB);
    const ms = performance.now() - t0;
    const chunk = new Uint8Array(MiB).fill(0x61);
    const r = createHash('md5').update(ascii('x'));
    for (let i = 0; i < 256; i++) r.update(chunk);
    expect(h.digestHex()).toBe(r.digest('hex'));
    console.log(`Md5.updateRepeated: ${((256 * MiB) / 1e6 / (ms / 1000)).toFixed(0)} MB/s`);
  });

  it('encodes bit lengths past 2^32 (inputs over 512 MiB)', () => {
    const n = 2 ** 29 + 77; // bit length 2^32 + 616: the high length word is 1
    const h = new Md5();
    h.updateRepeated(0, n);
    const r = createHash('md5');
    const chunk = new Uint8Array(1 << 20);
    for (let left = n; left > 0; left -= chunk.length) r.update(left >= chunk.length ? chunk : chunk.subarray(0, left));
    expect(h.digestHex()).toBe(r.digest('hex'));
  });
});
