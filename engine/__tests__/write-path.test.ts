import { describe, expect, it } from 'vitest';
import { Machine } from '../machine.js';
import { checkInvariants } from '../invariants.js';

const pattern = { kind: 'pattern', byte: 0x61 } as const;

function fresh(size = '256m', mount = ''): Machine {
  const m = new Machine();
  m.mkfs(['-m', 'reflink=1', '-d', `size=${size}`]);
  m.mount(mount);
  m.tracer.ctx = 'xfs_io';
  return m;
}

function appendFile(m: Machine, path: string, bytes: number, chunk = 4096): number {
  const fd = m.open(path, { create: true });
  for (let off = 0; off < bytes; off += chunk) m.pwrite(fd, off, Math.min(chunk, bytes - off), pattern);
  return fd;
}

describe('buffered write path (recordings 01, 02, 18)', () => {
  it('reserves one delalloc block per first write and converts it at fsync', () => {
    const m = fresh();
    const fd = appendFile(m, 'file', 4096);
    const ip = m.inodeOf('file');
    expect(ip.df.toArray()).toEqual([{ startoff: 0, startblock: 0xffffffffe0005, blockcount: 1, state: 0 }]);
    m.fsync(fd);
    const [rec] = ip.df.toArray();
    expect(rec).toMatchObject({ startoff: 0, blockcount: 1, state: 0 });
    expect(ip.diskSize).toBe(4096);
    expect(m.tracer.events.map((e) => e.event)).toContain('xfs_unwritten_convert');
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('doubles speculative preallocation from 64 KiB on (32, 64, 128, 256 blocks)', () => {
    const m = fresh();
    appendFile(m, 'file', 1 << 20);
    const sizes = m.tracer.events.filter((e) => e.event === 'xfs_iomap_prealloc_size').map((e) => e.fields.prealloc_blocks);
    expect(sizes).toEqual(['32', '64', '128', '256']);
    // st_blocks counts the post-EOF reservation (02: 3968 before the first close).
    expect(m.stat('file').blocks).toBe(3968);
  });

  it('trims post-EOF blocks at the first close only (the dirty-release rule)', () => {
    const m = fresh();
    m.close(appendFile(m, 'file', 512 * 1024));
    expect(m.stat('file').blocks).toBe(1024);
    const trims = () => m.tracer.events.filter((e) => e.event === 'xfs_itruncate_extents_start').length;
    expect(trims()).toBe(1);
    const fd = m.open('file', {});
    for (let off = 512 * 1024; off < 1024 * 1024; off += 4096) m.pwrite(fd, off, 4096, pattern);
    m.close(fd);
    expect(trims()).toBe(1);
    expect(m.stat('file').blocks).toBeGreaterThan(2048);
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('keeps the free-space accounting exact through writeback, sync and remount', () => {
    const m = fresh();
    const before = m.fs.statfs().bavail;
    m.close(appendFile(m, 'file', 1 << 20));
    m.sync();
    expect(before - m.fs.statfs().bavail).toBe(256);
    m.umount();
    m.mount('');
    expect(before - m.fs.statfs().bavail).toBe(256);
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('truncating down delalloc writes back what the new size exposes (15)', () => {
    const m = fresh();
    const fd = appendFile(m, 'file', 1 << 20);
    m.ftruncate(fd, 64 * 1024);
    const ip = m.inodeOf('file');
    expect(ip.df.toArray().map((r) => [r.startoff, r.blockcount, r.state])).toEqual([[0, 16, 0]]);
    expect(m.stat('file').blocks).toBe(128);
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('EOF zeroing does not allocate the gap (11)', () => {
    const m = fresh();
    const fd = appendFile(m, 'file', 4096);
    m.fsync(fd);
    m.pwrite(fd, 1 << 20, 4096, pattern);
    const ip = m.inodeOf('file');
    expect(ip.df.toArray().map((r) => r.startoff)).toEqual([0, 256]);
    expect(m.tracer.events.find((e) => e.event === 'xfs_zero_eof')?.fields).toMatchObject({ pos: '0x1000', bytecount: '0xff000' });
  });

  it('is deterministic: the same operations give the same trace', () => {
    const run = () => {
      const m = fresh();
      m.close(appendFile(m, 'a', 300 * 1024, 3000));
      m.sleep(400);
      return JSON.stringify(m.tracer.events);
    };
    expect(run()).toBe(run());
  });
});

describe('ENOSPC', () => {
  it('a write into a full filesystem is short, with one delalloc_enospc and no blockgc (29)', () => {
    const m = fresh('32m');
    const fd = m.open('big', { create: true });
    let written = 0;
    for (let off = 0; off < 40 << 20; off += 1 << 20) {
      const n = m.pwrite(fd, off, 1 << 20, pattern);
      written += n;
      if (n < 1 << 20) break;
    }
    expect(written).toBeLessThan(40 << 20);
    expect(checkInvariants(m.fs)).toEqual([]);
  });
});

describe('page cache: what a read maps', () => {
  const mapped = (m: Machine) => m.tracer.events.filter((e) => e.event === 'xfs_iomap_found').map((e) => e.fields.pos);

  it('maps only the blocks that are neither written (dirty or written back) nor read before', () => {
    const m = fresh();
    const fd = m.open('file', { create: true });
    m.pwrite(fd, 0, 4096, pattern);
    m.pwrite(fd, 8192, 4096, pattern);
    m.pwrite(fd, 16384, 4096, pattern);
    m.fsync(fd);
    m.pwrite(fd, 8192, 4096, pattern); // dirty again
    m.pwrite(fd, 24576, 4096, pattern); // dirty, never written back
    m.tracer.events.length = 0;
    m.pread(fd, 0, 28672);
    // Blocks 1, 3 and 5 (holes) were never cached; 0 and 4 were cleaned by writeback, 2 and 6 are dirty.
    expect(mapped(m)).toEqual(['0x1000', '0x3000', '0x5000']);
    m.tracer.events.length = 0;
    m.pread(fd, 0, 28672);
    expect(mapped(m)).toEqual([]);
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('maps again after a remount dropped the cache', () => {
    const m = fresh();
    m.close(appendFile(m, 'file', 8192));
    m.mount('remount');
    const fd = m.open('file', {});
    m.tracer.ctx = 'xfs_io';
    m.tracer.events.length = 0;
    m.pread(fd, 0, 8192);
    expect(mapped(m)).toEqual(['0x0']);
  });
});

describe('data fork format: extents in the inode, then a btree (generic/195, 62)', () => {
  // 6.18 (the recorder): every file has an attribute fork, and the data fork holds 12 extents. 6.1 (the
  // QEMU guest): no attribute fork, 21.
  for (const [kernel, inInode, hasAttr] of [[undefined, 12, true], ['6.1.0-56-amd64', 21, false]] as const) {
    it(`takes a btree block past ${inInode} extents on ${kernel ?? '6.18'}, counted in st_blocks and free space, and gives it back`, () => {
      const m = new Machine({ kernel });
      m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
      m.mount('');
      const fd = m.open('file', { create: true });
      expect((m.getFsxattr(fd).xflags & 0x80000000) !== 0).toBe(hasAttr);
      // inInode written extents (every other block, inside EOF: no preallocation), then one more.
      m.ftruncate(fd, 44 * 8192);
      for (let i = 0; i < inInode; i++) m.pwrite(fd, i * 8192, 4096, pattern);
      m.fsync(fd);
      const bavail = m.statfs('.').bavail;
      expect(m.stat('file').blocks).toBe(inInode * 8);
      m.pwrite(fd, inInode * 8192, 4096, pattern);
      m.fsync(fd);
      expect(m.stat('file').blocks).toBe((inInode + 1) * 8 + 8);
      expect(m.statfs('.').bavail).toBe(bavail - 2);
      expect(checkInvariants(m.fs)).toEqual([]);
      // Back to inInode extents: extents format again, the block is free.
      m.ftruncate(fd, (inInode - 1) * 8192 + 4096);
      expect(m.stat('file').blocks).toBe(inInode * 8);
      expect(checkInvariants(m.fs)).toEqual([]);
      m.close(fd);
      m.unlink('file');
      expect(checkInvariants(m.fs)).toEqual([]);
    });
  }
});

describe('writeback of a CoW reservation over several dirty runs (64)', () => {
  for (const [kernel, want] of [[undefined, [0, 5, 9, 13]], ['6.1.0-56-amd64', [0]]] as const) {
    it(`maps again after each run's submission converts its staging blocks on ${kernel ?? '6.18'}`, () => {
      // a: 2-block extents every 4 blocks, shared with b. Unsharing [0, 16) reserves one 32-block CoW
      // extent, allocated whole at the first dirty block; each run's ioend converts its blocks when the
      // next run starts, and 6.18 then maps that run's second block again.
      const m = new Machine({ kernel });
      m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
      m.mount('');
      const a = m.open('a', { create: true });
      m.ftruncate(a, 256 << 10);
      for (let i = 0; i < 16; i++) m.pwrite(a, i * 16384, 8192, pattern);
      m.fsync(a);
      const b = m.open('b', { create: true });
      m.reflink(a, b);
      m.tracer.events.length = 0;
      m.fallocate(a, 'unshare', 0, 64 << 10);
      const maps = m.tracer.events.filter((e) => e.event === 'xfs_map_blocks_alloc' && e.fields.fork === 'cow');
      expect(maps.map((e) => Number(e.fields.pos) / 4096)).toEqual(want);
      expect(checkInvariants(m.fs)).toEqual([]);
    });
  }
});

describe('O_SYNC writes (generic_write_sync)', () => {
  it('end each write in a traced fsync of what it wrote, leaving nothing dirty (57)', () => {
    const m = new Machine();
    m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
    m.mount('');
    const fd = m.open('s', { create: true, sync: true });
    for (let pos = 0; pos < 16384; pos += 4096) m.pwrite(fd, pos, 4096, { kind: 'pattern', byte: 0x64 });
    const names = m.tracer.events.filter((e) => e.event === 'xfs_file_buffered_write' || e.event === 'xfs_file_fsync').map((e) => e.event);
    expect(names).toEqual(Array.from({ length: 4 }, () => ['xfs_file_buffered_write', 'xfs_file_fsync']).flat());
    expect(m.inodeOf('s').dirty.isEmpty()).toBe(true);
  });
});

describe('a recycled in-core inode (xfs_iget_recycle; recording 59)', () => {
  it('keeps its eofblocks flag for a file created with its number within the reclaim worker\'s 5 s, not after', () => {
    for (const [wait, want] of [[1, 0x200], [6, 0]] as const) {
      const m = new Machine();
      m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
      m.mount('');
      const a = m.open('a', { create: true });
      for (let pos = 0; pos < 192 << 10; pos += 4096) m.pwrite(a, pos, 4096, { kind: 'pattern', byte: 0x41 });
      m.fsync(a);
      m.close(a); // the preallocation ends at EOF: nothing to trim, the tag stays
      const ino = m.inodeOf('a').ino;
      expect(m.inodeOf('a').iflags & 0x200).toBe(0x200);
      m.unlink('a');
      m.sleep(wait);
      const b = m.open('b', { create: true });
      expect(m.inodeOf('b').ino).toBe(ino);
      expect(m.inodeOf('b').iflags & 0x200).toBe(want);
      m.close(b);
    }
  });
});
