import { describe, expect, it } from 'vitest';
import { Machine } from '../machine.js';
import { checkInvariants } from '../invariants.js';
import { isDelalloc } from '../xfs-bmap.js';
import { timerFiresAtUs } from '../timer-wheel.js';

const pattern = { kind: 'pattern', byte: 0x61 } as const;

function fresh(): Machine {
  const m = new Machine();
  m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
  m.mount('');
  m.tracer.ctx = 'xfs_io';
  return m;
}

/** Write `bytes` to a new file in 64 KiB calls and close it, as `xfs_io -f -c "pwrite -b 64k"` does. */
function writeFile(m: Machine, path: string, bytes: number, at = 0): void {
  const fd = m.open(path, { create: true });
  for (let off = at; off < at + bytes; off += 65536) m.pwrite(fd, off, 65536, pattern);
  m.close(fd);
}

/** Whether any of the file's data-fork extents is still a delalloc reservation. */
function hasDelalloc(m: Machine, path: string): boolean {
  return m.inodeOf(path).df.toArray().some(isDelalloc);
}

/** The flusher's writebacks so far: the inodes (by path) its xfs_map_blocks_alloc events name. */
function flushed(m: Machine): number[] {
  return m.tracer.events.filter((e) => e.event === 'xfs_map_blocks_alloc' && e.ctx === 'kworker').map((e) => Number(e.fields.ino));
}

describe('the flusher (fs-writeback.ts; recordings 41-43)', () => {
  // Wakeups every 5.12 s (a 5 s timer rounded up to the wheel's 256 ms granule) from the first dirtying
  // at 0 s: 5.088 s (the first granule boundary past 5 s), 10.208, ..., 30.688, 35.808, 40.928, 46.048 s.
  it('writes a file back at the first wakeup once its first dirtying is 30 s old, in kworker (41: at 30.83 s)', () => {
    const m = fresh();
    writeFile(m, 'a', 256 * 1024);
    m.sleep(30.5);
    expect(hasDelalloc(m, 'a')).toBe(true);
    m.sleep(0.5);
    expect(hasDelalloc(m, 'a')).toBe(false);
    expect(flushed(m)).toEqual([m.inodeOf('a').ino]);
    expect(m.inodeOf('a').diskSize).toBe(256 * 1024);
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('keeps the wakeups in the phase of the first dirtying: a file dirtied at 12 s goes at 46.05 s, not 42 s', () => {
    const m = fresh();
    writeFile(m, 'a', 65536);
    m.sleep(12);
    writeFile(m, 'b', 65536);
    m.sleep(33.9); // 45.9 s
    expect([hasDelalloc(m, 'a'), hasDelalloc(m, 'b')]).toEqual([false, true]);
    m.sleep(0.3);
    expect(hasDelalloc(m, 'b')).toBe(false);
  });

  it('writes expired files back oldest first', () => {
    const m = fresh();
    writeFile(m, 'b', 65536);
    writeFile(m, 'a', 65536);
    m.sleep(36);
    expect(flushed(m)).toEqual([m.inodeOf('b').ino, m.inodeOf('a').ino]);
  });

  it('leaves an fsynced inode listed with its first dirtying time (43)', () => {
    const m = fresh();
    const fd = m.open('a', { create: true });
    m.pwrite(fd, 0, 65536, pattern);
    m.fsync(fd);
    m.sleep(20);
    m.pwrite(fd, 65536, 65536, pattern);
    m.sleep(11); // 31 s after the first write, 11 s after the second
    expect(hasDelalloc(m, 'a')).toBe(false);
  });

  it('starts a new phase after sync empties the list', () => {
    const m = fresh();
    writeFile(m, 'a', 65536);
    m.sleep(3);
    m.sync();
    m.sleep(1);
    writeFile(m, 'b', 65536); // at 4 s: wakeups at 9.184 s, ... 34.784 s (in the old phase: 35.808 s)
    m.sleep(30.6);
    expect(hasDelalloc(m, 'b')).toBe(true);
    m.sleep(0.4);
    expect(hasDelalloc(m, 'b')).toBe(false);
  });

  it('follows vm.dirty_expire_centisecs and vm.dirty_writeback_centisecs (42)', () => {
    const m = fresh();
    m.writeSysctl('vm/dirty_writeback_centisecs', '100');
    m.writeSysctl('vm/dirty_expire_centisecs', '300\n');
    expect([m.readSysctl('vm/dirty_writeback_centisecs'), m.readSysctl('vm/dirty_expire_centisecs')]).toEqual(['100', '300']);
    writeFile(m, 'a', 65536);
    m.sleep(2.9); // wakeups every 1.024 s (32 ms granules): written at 3.072 s (42: 3.08 s)
    expect(hasDelalloc(m, 'a')).toBe(true);
    m.sleep(0.3);
    expect(hasDelalloc(m, 'a')).toBe(false);
  });

  it('stops periodic writeback at dirty_writeback_centisecs=0; a new nonzero value writes everything back at once', () => {
    const m = fresh();
    m.writeSysctl('vm/dirty_writeback_centisecs', '0');
    writeFile(m, 'a', 65536);
    m.sleep(100);
    expect(hasDelalloc(m, 'a')).toBe(true);
    m.writeSysctl('vm/dirty_writeback_centisecs', '0'); // unchanged: no wakeup
    expect(hasDelalloc(m, 'a')).toBe(true);
    m.writeSysctl('vm/dirty_writeback_centisecs', '500');
    expect(hasDelalloc(m, 'a')).toBe(false);
    expect(flushed(m)).toEqual([m.inodeOf('a').ino]);
  });

  it('rejects what proc_dointvec_minmax rejects', () => {
    const m = fresh();
    for (const v of ['-1', 'abc', '', '2147483648', '1.5']) {
      expect(() => m.writeSysctl('vm/dirty_expire_centisecs', v)).toThrow(/Invalid argument/);
    }
    expect(m.readSysctl('vm/dirty_expire_centisecs')).toBe('3000');
    expect(m.readSysctl('vm/dirty_ratio')).toBeUndefined();
  });

  it('lets the blockgc worker trim post-EOF blocks of a file the flusher cleaned (31, 40)', () => {
    const m = fresh();
    writeFile(m, 'a', 64 * 1024);
    writeFile(m, 'a', 960 * 1024, 64 * 1024); // a second write-close keeps its preallocation
    const ip = m.inodeOf('a');
    const eofBlocks = () => ip.df.toArray().reduce((n, r) => n + Math.max(0, r.startoff + r.blockcount - 256), 0);
    expect(eofBlocks()).toBeGreaterThan(0);
    m.sleep(320); // written back at ~30.7 s; blockgc runs past the 300 s lifetime (16.4 s granules)
    expect(eofBlocks()).toBe(0);
    expect(checkInvariants(m.fs)).toEqual([]);
  });
});

describe('the log worker (xfs_log_worker; recordings 52, 53)', () => {
  /** Blocks of AG 0 that are busy: freed since the last log force. */
  const busy = (m: Machine) => m.fs.alloc.busy[0].total();

  it('forces the log every xfssyncd_centisecs, so blocks freed by an unlink stop being busy without a sync', () => {
    const m = fresh();
    writeFile(m, 'a', 1 << 20);
    m.sync();
    m.unlink('a');
    expect(busy(m)).toBe(256);
    m.sleep(25);
    expect(busy(m)).toBe(256); // the first run is 30 s after the mount
    m.sleep(10);
    expect(busy(m)).toBe(0);
    checkInvariants(m.fs);
  });

  it('keeps its rhythm across long idle sleeps: the runs with nothing to do are skipped, not moved', () => {
    const m = new Machine();
    m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
    m.mount('');
    const mountedUs = m.nowUs();
    m.sleep(1_000_000); // eleven days: ~33,000 runs of the worker, instant
    writeFile(m, 'a', 1 << 20);
    m.sync();
    m.unlink('a');
    // The worker's next run is where its chain of 30 s timers from the mount puts it.
    let due = timerFiresAtUs(mountedUs, 30_000_000);
    while (due <= m.nowUs()) due = timerFiresAtUs(due, 30_000_000);
    m.sleep((due - m.nowUs() - 1000) / 1e6);
    expect(busy(m)).toBe(256);
    m.sleep(0.002);
    expect(busy(m)).toBe(0);
  });

  it('reads and sets fs.xfs.xfssyncd_centisecs within the kernel\'s range (1 s to 2 h)', () => {
    const m = fresh();
    expect(m.readSysctl('xfssyncd_centisecs')).toBe('3000');
    expect(() => m.writeSysctl('xfssyncd_centisecs', '99')).toThrow(/Invalid argument/);
    expect(() => m.writeSysctl('xfssyncd_centisecs', '720001')).toThrow(/Invalid argument/);
    m.writeSysctl('xfssyncd_centisecs', '500');
    expect(m.readSysctl('xfssyncd_centisecs')).toBe('500');
    // The queued run keeps its 30 s deadline; from then on the worker comes every 5 s.
    m.sleep(31);
    writeFile(m, 'b', 1 << 20);
    m.sync();
    m.unlink('b');
    expect(busy(m)).toBe(256);
    m.sleep(6);
    expect(busy(m)).toBe(0);
  });
});
