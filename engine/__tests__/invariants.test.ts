import { describe, expect, it } from 'vitest';
import { Machine } from '../machine.js';
import { checkInvariants } from '../invariants.js';

function sharedPair(): Machine {
  const m = new Machine({ trace: false });
  m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
  m.mount('');
  const a = m.open('a', { create: true });
  m.pwrite(a, 0, 256 * 1024, { kind: 'pattern', byte: 0x61 });
  m.fsync(a);
  const b = m.open('b', { create: true });
  m.reflink(a, b);
  m.pwrite(b, 64 * 1024, 4096, { kind: 'pattern', byte: 0x62 });
  m.close(a);
  m.close(b);
  return m;
}

describe('invariant checker', () => {
  it('accepts a consistent filesystem with shared blocks and CoW staging', () => {
    expect(checkInvariants(sharedPair().fs)).toEqual([]);
  });

  it('reports a refcount that does not match the number of owners', () => {
    const m = sharedPair();
    const rec = m.inodeOf('a').df.first()!;
    m.fs.refcount.adjust(rec.startblock, 1, +1);
    expect(checkInvariants(m.fs).map((v) => v.rule)).toContain('refcount equals the number of owners');
  });

  it('reports a CoW staging block that is also in a data fork', () => {
    const m = sharedPair();
    m.sync();
    const b = m.inodeOf('b');
    const data = m.inodeOf('a').df.first()!;
    b.fork('cow').insert({ startoff: 100, startblock: data.startblock, blockcount: 1, state: 0 });
    b.delayedBlks += 1;
    expect(checkInvariants(m.fs).map((v) => v.rule)).toContain('CoW fork blocks are in no data fork');
  });

  it('reports free-space accounting drift', () => {
    const m = sharedPair();
    m.fs.mp.fdblocks += 1;
    expect(checkInvariants(m.fs).map((v) => v.rule)).toContain('fdblocks + reserve + AG resv + delalloc = free space');
  });
});
