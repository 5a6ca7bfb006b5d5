import { describe, expect, it } from 'vitest';
import { hex } from '../xfs-trace.js';
import { DELAYSTARTBLOCK, HOLESTARTBLOCK, STARTBLOCKMASK, nullStartBlock, startBlockHex } from '../xfs-types.js';

/** mulberry32: a small seeded PRNG so failures replay exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('hex', () => {
  it('prints what 0x + toString(16) prints, with its memo hit, missed and overwritten', () => {
    const r = prng(5);
    const values: number[] = [0, 1, 4095, 4096, 65535, 65536, 2 ** 31, 2 ** 32, 2 ** 32 + 4096, 2 ** 53 - 1, -1, -4096];
    for (let i = 0; i < 20000; i++) {
      const kind = i % 4;
      if (kind === 0) values.push(Math.floor(r() * 65536));
      else if (kind === 1) values.push(Math.floor(r() * 2 ** 20) * 4096); // page offsets: colliding low bits
      else if (kind === 2) values.push(Math.floor(r() * 2 ** 53));
      else values.push(values[Math.floor(r() * values.length)]); // repeats
    }
    for (const n of values) expect(hex(n)).toBe('0x' + n.toString(16));
  });

  it('prints startblocks as the kernel does: delalloc encodings, DELAYSTARTBLOCK, HOLESTARTBLOCK, real blocks', () => {
    for (const ind of [0, 1, 0x1f, 0xffff, 0x10000, 0x1ffff]) {
      expect(startBlockHex(nullStartBlock(ind))).toBe('0x' + (STARTBLOCKMASK + ind).toString(16));
    }
    expect(startBlockHex(nullStartBlock(7))).toBe('0xffffffffe0007');
    expect(startBlockHex(DELAYSTARTBLOCK)).toBe('0xffffffffffffffff');
    expect(startBlockHex(HOLESTARTBLOCK)).toBe('0xfffffffffffffffe');
    expect(startBlockHex(0x1234567)).toBe('0x1234567');
  });
});
