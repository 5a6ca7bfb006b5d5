/**
 * The EDQUOT / ENOSPC retry of xfs_file_buffered_write (buffered-write.md §2.2): once per write(2),
 * only when nothing was written — EDQUOT frees the over-quota dquots' speculative preallocation
 * (xfs_blockgc_free_quota, sync), ENOSPC flushes every inode and runs a sync scan of all of them
 * (xfs_blockgc_free_space) — then the write is tried again. And the soft limit's grace period on the
 * simulated clock. Every test ends with the consistency checker, quota included.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../machine.js';
import { checkInvariants } from '../invariants.js';
import { XfsError } from '../xfs-errors.js';

const data = { kind: 'pattern', byte: 0x61 } as const;
const KiB = 1024;
const MiB = 1024 * KiB;

function fresh(size: string, mount: string): Machine {
  const m = new Machine();
  m.mkfs(['-m', 'reflink=1', '-d', `size=${size}`]);
  m.mount(mount);
  m.tracer.ctx = 'xfs_io';
  return m;
}

/**
 * Write [off, off+len) in `chunk`-sized write(2) calls through one open, as xfs_io pwrite -b does:
 * stop at a short write or an error. Returns the bytes written.
 */
function write(m: Machine, path: string, off: number, len: number, chunk: number): number {
  const fd = m.open(path, { create: true });
  let done = 0;
  try {
    while (done < len) {
      const want = Math.min(chunk, len - done);
      const n = m.pwrite(fd, off + done, want, data);
      done += n;
      if (n < want) break;
    }
  } catch (e) {
    if (!(e instanceof XfsError)) throw e;
  } finally {
    m.close(fd);
  }
  return done;
}

function errno(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof XfsError) return e.code;
    throw e;
  }
}

const bb = (bytes: number) => bytes / 512;
const blocks = (m: Machine, path: string) => m.stat(path).blocks;
const events = (m: Machine, name: string) => m.tracer.events.filter((e) => e.event === name);

describe('EDQUOT retry: xfs_blockgc_free_quota', () => {
  it('a write over the hard limit succeeds once blockgc trims another file of the same user (q03)', () => {
    const m = fresh('256m', 'uquota');
    m.quotaSet('user', 1000, { blkHardlimit: bb(8 * MiB) });
    for (const f of ['p', 'q']) m.close(m.open(f, { create: true }));
    m.chown('p', 1000, undefined);
    m.chown('q', 1000, undefined);
    write(m, 'p', 0, MiB, 64 * KiB); // first close trims; the second keeps the prealloc
    write(m, 'p', MiB, MiB, 64 * KiB);
    m.sync();
    expect(blocks(m, 'p')).toBe(bb(3 * MiB)); // 1 MiB of post-EOF prealloc, now real blocks
    const len = (8 * MiB - 2 * MiB - 256 * KiB);
    expect(write(m, 'q', 0, len, MiB)).toBe(len);
    const scan = events(m, 'xfs_blockgc_free_space');
    expect(scan.map((e) => [e.fields.flags, e.fields.uid])).toEqual([['0x4000003', '1000']]);
    expect(blocks(m, 'p')).toBe(bb(2 * MiB)); // p's post-EOF blocks went to q
    expect(m.quotaGet('user', 1000).bcount).toBeLessThanOrEqual(bb(8 * MiB));
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('fails for good when nothing can be freed: one write(2) larger than the quota writes nothing (q01)', () => {
    const m = fresh('256m', 'uquota');
    m.quotaSet('user', 1000, { blkHardlimit: bb(MiB) });
    m.close(m.open('g', { create: true }));
    m.chown('g', 1000, undefined);
    const fd = m.open('g', {});
    expect(errno(() => m.pwrite(fd, 0, 2 * MiB, data))).toBe('EDQUOT');
    m.close(fd);
    // An empty file gets no prealloc, so each try reserves once; the dquot is nowhere near its limit
    // (nothing reserved), so xfs_blockgc_free_quota scans nothing: two enospc traces, no scan.
    expect(events(m, 'xfs_delalloc_enospc')).toHaveLength(2);
    expect(events(m, 'xfs_blockgc_free_space')).toHaveLength(0);
    expect(m.stat('g')).toMatchObject({ size: 0, blocks: 0 });
    expect(m.quotaGet('user', 1000).bcount).toBe(0);
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('stops 4 KiB writes exactly at the hard limit; the failing call is retried once', () => {
    const m = fresh('256m', 'uquota');
    m.quotaSet('user', 1000, { blkHardlimit: bb(MiB) });
    m.close(m.open('f', { create: true }));
    m.chown('f', 1000, undefined);
    expect(write(m, 'f', 0, 2 * MiB, 4 * KiB)).toBe(MiB);
    expect(events(m, 'xfs_blockgc_free_space')).toHaveLength(1);
    expect(m.quotaGet('user', 1000).bcount).toBe(bb(MiB));
    expect(checkInvariants(m.fs)).toEqual([]);
  });
});

describe('ENOSPC retry: xfs_flush_inodes + xfs_blockgc_free_space', () => {
  /** Four files with post-EOF prealloc kept by the dirty-release rule, then a filesystem filled up (e01). */
  function fullWithPrealloc(): Machine {
    const m = fresh('32m', '');
    for (const f of ['f1', 'f2', 'f3', 'f4']) {
      write(m, f, 0, 64 * KiB, 4 * KiB);
      write(m, f, 64 * KiB, 2 * MiB, 4 * KiB);
    }
    const big = write(m, 'big', 0, 24 * MiB, MiB);
    expect(big).toBeLessThan(24 * MiB); // a short write: the filesystem is full
    return m;
  }

  it('a write that made no progress succeeds after the flush and a sync scan of every inode (e01)', () => {
    const m = fullWithPrealloc();
    const before = blocks(m, 'f1');
    m.tracer.events.length = 0;
    expect(write(m, 'new', 0, MiB, MiB)).toBe(MiB);
    const scan = events(m, 'xfs_blockgc_free_space');
    expect(scan.map((e) => e.fields.flags)).toEqual(['0x1']);
    expect(blocks(m, 'f1')).toBeLessThan(before); // its post-EOF blocks were trimmed
    expect(m.stat('new').blocks).toBe(bb(MiB));
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('fails for good when the flush and the scan free nothing, and changes nothing', () => {
    const m = fresh('32m', '');
    // Created while there is room: on a full filesystem the create itself fails (next test).
    m.close(m.open('new', { create: true }));
    const fd = m.open('fill', { create: true });
    m.fallocate(fd, 'alloc', 0, 24 * MiB);
    // Take what is left, then try one more write: nothing to flush, nothing speculative to trim.
    while (errno(() => m.fallocate(fd, 'keep-size', m.fstat(fd).size + 0, 64 * KiB)) === null) {
      m.ftruncate(fd, m.fstat(fd).size + 64 * KiB);
    }
    m.close(fd);
    const fd2 = m.open('new', {});
    m.tracer.events.length = 0;
    expect(errno(() => m.pwrite(fd2, 0, MiB, data))).toBe('ENOSPC');
    m.close(fd2);
    expect(events(m, 'xfs_blockgc_free_space').map((e) => e.fields.flags)).toEqual(['0x1']);
    expect(m.stat('new')).toMatchObject({ size: 0, blocks: 0 });
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('refuses to create a file when the transaction cannot reserve its blocks, after two flushes (generic/171)', () => {
    const m = fresh('32m', '');
    const fd = m.open('fill', { create: true });
    m.fallocate(fd, 'alloc', 0, 24 * MiB);
    while (errno(() => m.fallocate(fd, 'keep-size', m.fstat(fd).size + 0, 4 * KiB)) === null) {
      m.ftruncate(fd, m.fstat(fd).size + 4 * KiB);
    }
    m.close(fd);
    m.tracer.events.length = 0;
    expect(errno(() => m.open('new', { create: true }))).toBe('ENOSPC');
    // xfs_create: xfs_trans_alloc (ENOSPC, flush all blockgc, ENOSPC), xfs_flush_inodes, and once more.
    expect(m.tracer.events.map((e) => e.event)).toEqual([
      'xfs_freecounter_enospc', 'xfs_blockgc_flush_all', 'xfs_freecounter_enospc',
      'xfs_freecounter_enospc', 'xfs_blockgc_flush_all', 'xfs_freecounter_enospc',
    ]);
    expect(() => m.stat('new')).toThrow(/ENOENT|No such file/);
    expect(checkInvariants(m.fs)).toEqual([]);
  });
});

describe('soft limit and grace period', () => {
  it('past the soft limit writes work until the grace time runs out on the simulated clock (q04)', () => {
    const m = fresh('256m', 'uquota');
    m.quotaSet('user', 1000, { blkSoftlimit: bb(MiB), blkHardlimit: bb(4 * MiB) });
    m.quotaSet('user', 0, { btimer: 2 });
    m.close(m.open('f', { create: true }));
    m.chown('f', 1000, undefined);
    const fd = m.open('f', {});
    for (let off = 0; off < 1536 * KiB; off += 64 * KiB) m.pwrite(fd, off, 64 * KiB, data);
    expect(m.quotaGet('user', 1000).btimer).toBe(0); // delalloc alone never starts the timer
    m.fsync(fd);
    const timer = m.quotaGet('user', 1000).btimer;
    expect(timer).toBe(m.time() + 2);
    m.sleep(1);
    expect(m.pwrite(fd, 1536 * KiB, 4 * KiB, data)).toBe(4 * KiB); // still in grace
    m.ftruncate(fd, 1536 * KiB);
    m.fsync(fd);
    m.sleep(2);
    expect(errno(() => m.pwrite(fd, 1536 * KiB, 4 * KiB, data))).toBe('EDQUOT');
    m.ftruncate(fd, 512 * KiB);
    m.fsync(fd);
    expect(m.quotaGet('user', 1000).btimer).toBe(0); // back under the soft limit: timer stopped
    expect(m.pwrite(fd, 512 * KiB, 4 * KiB, data)).toBe(4 * KiB);
    m.close(fd);
    expect(checkInvariants(m.fs)).toEqual([]);
  });
});
