import { describe, expect, it } from 'vitest';
import { Machine } from '../machine.js';
import { initRaSize, nextRaSize, readSequentially, RA_MAX_PAGES } from '../filemap-readahead.js';
import { checkInvariants } from '../invariants.js';

const pattern = { kind: 'pattern', byte: 0x61 } as const;

/** A file of `bytes` on disk, out of the page cache (written, synced, remounted). */
function coldFile(bytes: number): Machine {
  const m = new Machine();
  m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
  m.mount('');
  const fd = m.open('f', { create: true });
  m.pwrite(fd, 0, bytes, pattern);
  m.close(fd);
  m.mount('remount');
  m.tracer.events.length = 0;
  return m;
}

const found = (m: Machine) => m.tracer.events.filter((e) => e.event === 'xfs_iomap_found').map((e) => [e.fields.pos, e.fields.bytecount]);

describe('on-demand readahead of a file read front to back', () => {
  it('sizes windows as get_init_ra_size and get_next_ra_size do', () => {
    expect([1, 2, 8, 16, 64, 512].map((r) => initRaSize(r, RA_MAX_PAGES))).toEqual([4, 8, 32, 64, 128, 1024]);
    expect([8, 32, 63, 64, 256, 512, 600].map((c) => nextRaSize(c, RA_MAX_PAGES))).toEqual([32, 128, 252, 128, 512, 1024, 1024]);
  });

  it('reads a cold file in the windows the kernel reads (generic/296: 32, 128, 256, 480, 896 pages, then EOF)', () => {
    const m = coldFile(0x800001);
    const ip = m.inodeOf('f');
    const windows = readSequentially(m.fs, ip, 8, () => {});
    expect(windows).toEqual([[0, 32], [32, 160], [160, 416], [416, 896], [896, 1792], [1792, 2049]]);
    // Everything is cached now: a second pass reads nothing.
    expect(readSequentially(m.fs, ip, 8, () => {})).toEqual([]);
  });

  it('md5sum maps each window once, with the rest of the window as the byte count', () => {
    const m = coldFile(0x2ffffd); // generic/138's file: 768 pages
    m.md5('f');
    expect(found(m)).toEqual([['0x0', '0x20000'], ['0x20000', '0x80000'], ['0xa0000', '0x100000'], ['0x1a0000', '0x160000']]);
    m.tracer.events.length = 0;
    m.md5('f');
    expect(found(m)).toEqual([]);
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('maps only the pages not cached yet, one run at a time', () => {
    const m = coldFile(1 << 20);
    const fd = m.open('f', {});
    m.pread(fd, 0x10000, 0x1000); // page 16 cached by a 4 KiB read
    m.tracer.events.length = 0;
    m.md5('f');
    // The first window [0, 32) is read around page 16, as two runs; the next windows whole.
    expect(found(m)).toEqual([['0x0', '0x10000'], ['0x11000', '0xf000'], ['0x20000', '0x80000'], ['0xa0000', '0x60000']]);
  });
});
