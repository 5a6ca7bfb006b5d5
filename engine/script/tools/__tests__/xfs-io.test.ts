/**
 * xfs_io against lines of the recordings and the xfsprogs formats: pwrite/pread summaries and the
 * timing line, write errors and short writes, stat/statfs, extsize, reflink, argument handling.
 */
import { describe, expect, it } from 'vitest';
import { xfsIo } from '../xfs-io.js';
import { BMV_OF_DELALLOC, BMV_OF_LAST } from '../../../syscalls.js';
import { FakeSys, run } from './fake-sys.js';
import { recording } from './oracle.js';

/** fstests' _filter_xfs_io drops the timing lines; so did the recorder. */
const TIMING = /^[0-9.]+ (bytes|[KMGTPE]iB), \d+ ops; .*$/;
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !TIMING.test(l));

describe('pwrite', () => {
  it('prints the recorded summary and a timing line of the xfsprogs format', () => {
    const sys = new FakeSys();
    const r = run(xfsIo, sys, ['-f', '-c', 'pwrite -S 0x61 0 4k', 'file']);
    expect(r.out).toBe('wrote 4096/4096 bytes at offset 0\n4 KiB, 1 ops; 0.0000 sec (inf EiB/sec and inf ops/sec)\n');
    expect(lines(r.out)).toEqual(recording('01-first-write-delalloc').output.slice(0, 1));
    expect(sys.files.get('file')!.data.every((b) => b === 0x61)).toBe(true);
    expect(r.tasks).toEqual(['xfs_io']);
    expect(sys.calls).toEqual(['open file creat', 'pwrite 0 4096', 'close file']);
  });

  it('times with the simulated clock (cvtstr/timestr formats)', () => {
    const sys = new FakeSys();
    // The clock moves 1/1024 s per system call: 256 writes take 0.25 s.
    const r = run(xfsIo, sys, ['-f', '-c', 'pwrite 0 1m', 'f'], { tick: 1 / 1024 });
    expect(r.out).toBe('wrote 1048576/1048576 bytes at offset 0\n1 MiB, 256 ops; 0.2500 sec (4 MiB/sec and 1024.0000 ops/sec)\n');
    // cvtstr(): "%.f" for a whole number of bytes, "%.3f" for a rate; timestr() past one second.
    const slow = run(xfsIo, sys, ['-c', 'pwrite -b 1m 0 3000000', 'f'], { tick: 1.5 });
    expect(slow.out.split('\n')[1]).toBe('3 MiB, 3 ops; 0:00:04.50 (651.042 KiB/sec and 0.6667 ops/sec)');
    const compact = run(xfsIo, sys, ['-c', 'pwrite -C 0 100', 'f'], { tick: 0.25 });
    expect(compact.out).toBe('100,1,0:00:00.25,400.000,4.000\n');
  });

  it('issues one write(2) per buffer: 64 for 256 KiB with the default 4 KiB buffer', () => {
    const sys = new FakeSys();
    const r = run(xfsIo, sys, ['-f', '-c', 'pwrite -b 4k 0 256k', 'file']);
    expect(r.steps.filter((s) => s.startsWith('pwrite ')).length).toBe(64);
    expect(lines(r.out)).toEqual(['wrote 262144/262144 bytes at offset 0']);
  });

  it('parses options after operands (GNU getopt), the 0xcd default pattern and cvtnum suffixes', () => {
    const sys = new FakeSys();
    const r = run(xfsIo, sys, ['-f', '-c', 'pwrite -S 0xa 0k -b 4k 4k', '-c', 'pwrite 2b 1s', 'a']);
    expect(lines(r.out)).toEqual(['wrote 4096/4096 bytes at offset 0', 'wrote 512/512 bytes at offset 8192']);
    expect(sys.files.get('a')!.data[0]).toBe(0x0a);
    expect(sys.files.get('a')!.data[8192]).toBe(0xcd);
  });

  it('prints only `pwrite: <strerror>` when a write(2) fails, even after progress, and exits 1', () => {
    const sys = new FakeSys();
    sys.failWriteAt = { call: 257, code: 'EDQUOT' };
    const r = run(xfsIo, sys, ['-c', 'pwrite -b 4k 0 2m', 'f']);
    expect(r.status).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('f: No such file or directory\n');
    sys.addFile('f');
    const q = run(xfsIo, sys, ['-c', 'pwrite -b 4k 0 2m', 'f']);
    expect(q.both).toBe('pwrite: Disk quota exceeded\n');
    expect(q.status).toBe(1);
  });

  it('reports a short write as wrote N/M and stops (29-enospc-prealloc-files)', () => {
    const sys = new FakeSys();
    sys.spaceLeft = 8847360;
    const r = run(xfsIo, sys, ['-f', '-c', 'pwrite -b 1m 0 20m', 'big']);
    expect(lines(r.both)).toEqual(['wrote 8847360/20971520 bytes at offset 0']);
    expect(recording('29-enospc-prealloc-files').output).toContain('wrote 8847360/20971520 bytes at offset 0');
    expect(r.status).toBe(0);
  });

  it('lets perror() overtake buffered stdout, as stdio does on a pipe', () => {
    const sys = new FakeSys();
    sys.addFile('f');
    sys.failWriteAt = { call: 2, code: 'ENOSPC' };
    const r = run(xfsIo, sys, ['-c', 'pwrite 0 4k', '-c', 'pwrite 4k 4k', 'f']);
    expect(lines(r.both)).toEqual(['pwrite: No space left on device', 'wrote 4096/4096 bytes at offset 0']);
  });

  it('writes random chunks with glibc random() seeded by -Z, and backwards with -B', () => {
    const sys = new FakeSys();
    sys.addFile('f');
    const r = run(xfsIo, sys, ['-c', 'pwrite -R -Z 1 -b 4k 0 64k', 'f']);
    const offs = r.steps.filter((s) => s.startsWith('pwrite')).map((s) => Number(s.split(' ')[1]));
    expect(offs.length).toBe(16);
    expect(offs.every((o) => o % 4096 === 0 && o < 65536 - 4096)).toBe(true);
    const again = run(xfsIo, sys, ['-c', 'pwrite -R -Z 1 -b 4k 0 64k', 'f']);
    expect(again.steps).toEqual(r.steps);
    const b = run(xfsIo, sys, ['-c', 'pwrite -B -b 4k 8k 8k', 'f']);
    expect(b.steps.filter((s) => s.startsWith('pwrite'))).toEqual(['pwrite 4096 4096', 'pwrite 0 4096']);
    expect(lines(b.out)).toEqual(['wrote 8192/8192 bytes at offset 8192']);
  });

  it('prints argument errors like xfs_io', () => {
    const sys = new FakeSys();
    sys.addFile('f');
    const r = run(xfsIo, sys, ['-c', 'pwrite -b x 0 4k', '-c', 'pwrite 0', '-c', 'pwrite -z 0 1', '-c', 'foo bar', 'f']);
    expect(r.out).toBe(
      'non-numeric bsize -- x\n' +
        'pwrite [-i infile [-qdDwNOW] [-s skip]] [-b bs] [-S seed] [-FBR [-Z N]] [-V N] off len -- writes a number of bytes at a specified offset\n',
    );
    expect(r.err).toBe(
      'bad argument count 1 to pwrite, expected at least 2 arguments\n' +
        "pwrite: invalid option -- 'z'\n" +
        'command "foo" not found\n',
    );
    expect(r.status).toBe(1);
  });
});

describe('pread', () => {
  it('dumps like the recordings (08, 13, 27)', () => {
    const sys = new FakeSys();
    const f = sys.addFile('file', 102401, 0x61);
    f.data[102400] = 0;
    const r = run(xfsIo, sys, ['-c', 'pread -v 102392 16', 'file']);
    expect(lines(r.out)).toEqual(recording('13-truncate-down-written').output.slice(-2));
    const g = sys.addFile('g', 8192, 0x61);
    g.data.fill(0x62, 1000, 1100);
    const a = run(xfsIo, sys, ['-c', 'pread -v 992 16', 'g']);
    const b = run(xfsIo, sys, ['-c', 'pread -v 1096 16', 'g']);
    expect([...lines(a.out), ...lines(b.out)]).toEqual(recording('08-subblock-rmw-overwrite').output.slice(2));
  });

  it('prints bytes >= 0x80 as signed chars, as xfs_io does', () => {
    const sys = new FakeSys();
    sys.addFile('f', 2, 0xff);
    expect(run(xfsIo, sys, ['-c', 'pread -v 0 2', 'f']).out.split('\n')[0]).toBe('00000000:  ffffffff ffffffff  ..');
  });
});

describe('stat and statfs', () => {
  it('prints the stat block of 02-append-1m-prealloc', () => {
    const sys = new FakeSys();
    const f = sys.addFile('file');
    f.blocks = 3968;
    f.bmap = [{ offset: 0, block: -2, length: 2048, oflags: BMV_OF_DELALLOC | BMV_OF_LAST }];
    f.fsx = { xflags: 0x80000000, extsize: 0, cowextsize: 0, projid: 0, nextents: 1, naextents: 0 };
    const r = run(xfsIo, sys, ['-f', '-c', 'pwrite -b 4k 0 1m', '-c', 'bmap -elpv', '-c', 'stat', 'file']);
    const grep = lines(r.out).filter((l) => !/^stat\.[amc]time/.test(l) && !l.includes('stat.ino'));
    expect(grep).toEqual(recording('02-append-1m-prealloc').output.slice(0, 18));
  });

  it('prints fsxattr flag letters as the recordings show them', () => {
    const sys = new FakeSys();
    const f = sys.addFile('a', 10);
    const cases: [number, string][] = [
      [0x80000002, '0x80000002 [-p--------------X]'],
      [0x80010800, '0x80010800 [----------e----CX]'],
      [0, '0x0 [-----------------]'],
    ];
    for (const [flags, text] of cases) {
      f.fsx.xflags = flags;
      expect(run(xfsIo, sys, ['-c', 'stat', 'a']).out).toContain(`fsxattr.xflags = ${text}\n`);
    }
    f.fsx.xflags = 0x80000002;
    expect(run(xfsIo, sys, ['-c', 'stat -v', 'a']).out).toContain('[prealloc, has-xattr]');
    expect(run(xfsIo, sys, ['-c', 'lsattr', 'a']).out).toBe('-p--------------X a \n');
  });

  it('prints statfs fields', () => {
    const sys = new FakeSys();
    sys.addFile('a');
    const r = run(xfsIo, sys, ['-c', 'statfs -s', '-c', 'statfs -g', 'a']);
    expect(r.out).toBe(
      'fd.path = "a"\nstatfs.f_bsize = 4096\nstatfs.f_blocks = 64168\nstatfs.f_bavail = 60242\n' +
        'statfs.f_files = 131072\nstatfs.f_ffree = 131067\nstatfs.f_flags = 0x1020\n' +
        'fd.path = "a"\ngeom.bsize = 4096\ngeom.agcount = 4\ngeom.agblocks = 16384\ngeom.datablocks = 65536\n' +
        'geom.rtblocks = 0\ngeom.rtextents = 0\ngeom.rtextsize = 1\ngeom.sunit = 0\ngeom.swidth = 0\n',
    );
  });
});

describe('attributes, reflink and files', () => {
  it('sets and reads the size hints (22, 28) and the project id', () => {
    const sys = new FakeSys();
    const r = run(xfsIo, sys, ['-f', '-c', 'extsize 1m', '-c', 'extsize', 'file']);
    expect(r.out).toBe('[1048576] file\n');
    expect(sys.files.get('file')!.fsx.xflags).toBe(0x800);
    sys.addFile('b');
    expect(run(xfsIo, sys, ['-c', 'cowextsize 128k', '-c', 'cowextsize', 'b']).out).toBe('[131072] b\n');
    expect(sys.files.get('b')!.fsx.xflags).toBe(0x10000);
    // On a directory: opened read-only after EISDIR, and the inherit flag.
    expect(run(xfsIo, sys, ['-c', 'extsize 1048576', '/mnt/scratch']).status).toBe(0);
    expect(sys.files.get('.')!.fsx.xflags).toBe(0x1000);
    sys.files.get('.')!.fsx.projid = 42;
    expect(run(xfsIo, sys, ['-c', 'lsproj', '.']).out).toBe('projid = 42\n');
    expect(run(xfsIo, sys, ['-c', 'chproj x', 'b']).out).toBe('invalid project ID -- x\n');
  });

  it('reflinks a range (24) and a whole file', () => {
    const sys = new FakeSys();
    sys.addFile('a', 262144, 0x61);
    sys.addFile('b', 262144, 0x62);
    const r = run(xfsIo, sys, ['-c', 'reflink a 64k 64k 64k', 'b']);
    expect(lines(r.out)).toEqual(['linked 65536/65536 bytes at offset 65536']);
    expect(lines(run(xfsIo, sys, ['-c', 'reflink a', 'b']).out)).toEqual(['linked 0/0 bytes at offset 0']);
    sys.reflinkError = 'EXDEV';
    const e = run(xfsIo, sys, ['-c', 'reflink a 0 0 4k', 'b']);
    expect(e.err).toBe('XFS_IOC_CLONE_RANGE: Invalid cross-device link\n');
    expect(e.status).toBe(0);
    const d = run(xfsIo, sys, ['-c', 'dedupe a 0 0 8k', 'b']);
    expect(lines(d.out)).toEqual(['deduped 8192/8192 bytes at offset 0']);
  });

  it('runs each -c command on every open file, and close prints the table', () => {
    const sys = new FakeSys();
    sys.addFile('a');
    sys.addFile('b');
    const r = run(xfsIo, sys, ['-c', 'open b', '-c', 'pwrite -q 0 1', '-c', 'close', '-c', 'print', 'a']);
    expect(sys.calls.filter((c) => c.startsWith('pwrite'))).toEqual(['pwrite 0 1', 'pwrite 0 1']);
    expect(r.out).toBe(`[000] ${'a'.padEnd(14)} (xfs,non-sync,non-direct,read-write)\n`.repeat(2));
  });

  it('falloc, fpunch, fzero, truncate, fsync map to their calls', () => {
    const sys = new FakeSys();
    const r = run(xfsIo, sys, ['-f', '-c', 'falloc 0 1m', '-c', 'fpunch 0 4k', '-c', 'fzero -k 8k 4k', '-c', 'funshare 0 64k',
      '-c', 'truncate 100k', '-c', 'fsync', '-c', 'fdatasync', '-c', 'sync', 'file']);
    expect(r.both).toBe('');
    expect(sys.calls).toEqual(['open file creat', 'fallocate alloc 0 1048576', 'fallocate punch 0 4096',
      'fallocate zero-keep 8192 4096', 'fallocate unshare 0 65536', 'ftruncate 102400', 'fsync file',
      'fdatasync file', 'sync', 'close file']);
    sys.spaceLeft = 0;
    const e = run(xfsIo, sys, ['-c', 'falloc 0 1m', 'file']);
    expect(e.err).toBe('fallocate: No space left on device\n');
    expect(e.status).toBe(1);
  });

  it('writes to /dev/null as a foreign file', () => {
    const sys = new FakeSys();
    const r = run(xfsIo, sys, ['-c', 'pwrite 0 4k', '-c', 'bmap', '/dev/null']);
    expect(lines(r.out)).toEqual(['wrote 4096/4096 bytes at offset 0']);
    expect(r.err).toBe('foreign file active, bmap command is for XFS filesystems only\n');
  });

  it('fiemap -v prints the table and the trailing hole', () => {
    const sys = new FakeSys();
    const f = sys.addFile('f', 1 << 20);
    f.fiemap = [{ logical: 262144, physical: 40960, length: 4096, flags: 0x1 }];
    expect(run(xfsIo, sys, ['-c', 'fiemap -v', 'f']).out).toBe(
      'f:\n EXT: FILE-OFFSET      BLOCK-RANGE      TOTAL FLAGS\n' +
        '   0: [0..511]:        hole               512\n' +
        '   1: [512..519]:      80..87               8   0x1\n' +
        '   2: [520..2047]:     hole              1528\n',
    );
    expect(run(xfsIo, sys, ['-c', 'fiemap', 'f']).out).toBe('f:\n\t0: [0..511]: hole\n\t1: [512..519]: 80..87\n\t2: [520..2047]: hole\n');
  });
});
