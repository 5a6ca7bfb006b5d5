/**
 * The coreutils / util-linux tools against the lines the scenario scripts print (stat -c, stat -f
 * -c, md5sum) and the real tools' messages.
 */
import { describe, expect, it } from 'vitest';
import { stat } from '../stat.js';
import { md5sum } from '../md5sum.js';
import { cp } from '../cp.js';
import { rm } from '../rm.js';
import { touch } from '../touch.js';
import { truncate } from '../truncate.js';
import { fallocate } from '../fallocate.js';
import { sync } from '../sync.js';
import { chgrp, chown } from '../chown.js';
import { ls } from '../ls.js';
import { cat } from '../cat.js';
import { mkfsXfs } from '../mkfs-xfs.js';
import { mount, umount } from '../mount.js';
import { TOOLS } from '../index.js';
import { XfsError } from '../../../xfs-errors.js';
import { FakeSys, run } from './fake-sys.js';
import { recording } from './oracle.js';

describe('stat', () => {
  it('prints the -c formats of the scenarios (13, 29, q01)', () => {
    const sys = new FakeSys();
    sys.addFile('file', 102400).blocks = 200;
    expect(run(stat, sys, ['-c', 'size %s blocks %b', 'file']).out).toBe('size 102400 blocks 200\n');
    for (const n of ['f1', 'f2']) sys.addFile(n, 3211264).blocks = 8064;
    const r = run(stat, sys, ['-c', '%n size %s blocks %b', 'f1', 'f2']);
    expect(r.out.split('\n').slice(0, 2)).toEqual(recording('29-enospc-prealloc-files').output.slice(9, 11));
    expect(run(stat, sys, ['-c', 'f size=%s blocks=%b', 'file']).out).toBe('f size=102400 blocks=200\n');
    expect(run(stat, sys, ['-c', '%B', 'file']).out).toBe('512\n');
  });

  it('prints stat -f -c (29, q07, generic/150)', () => {
    const sys = new FakeSys();
    sys.statfsResult = { ...sys.statfsResult, bfree: 2261, bavail: 2261 };
    expect(run(stat, sys, ['-f', '-c', 'free %f avail %a', '.']).out).toBe('free 2261 avail 2261\n');
    expect(recording('29-enospc-prealloc-files').output).toContain('free 2261 avail 2261');
    expect(run(stat, sys, ['-f', '-c', '%S', '/mnt/scratch']).out).toBe('4096\n');
    sys.statfsResult = { ...sys.statfsResult, blocks: 256, bfree: 0, bavail: 0 };
    expect(run(stat, sys, ['-f', '-c', 'statfs(d): bsize=%S blocks=%b bfree=%f bavail=%a', '.']).out).toBe(
      'statfs(d): bsize=4096 blocks=256 bfree=0 bavail=0\n',
    );
    expect(run(stat, sys, ['-f', '-c', '%t %T %l %i', '.']).out).toBe('58465342 xfs 255 70000000000\n');
  });

  it('handles widths, flags, %% and the default layout', () => {
    const sys = new FakeSys();
    const f = sys.addFile('a', 4096);
    f.uid = 1000;
    expect(run(stat, sys, ['-c', '[%-6s|%6s|%06s|%x] %a %A %F %U %G %% %i', 'a']).out).toBe(
      '[4096  |  4096|004096|1970-01-01 00:00:00.000000000 +0000] 644 -rw-r--r-- regular file UNKNOWN root % 131\n',
    );
    expect(run(stat, sys, ['--printf=%s\\t%n\\n', 'a']).out).toBe('4096\ta\n');
    expect(run(stat, sys, ['a']).out).toBe(
      '  File: a\n  Size: 4096      \tBlocks: 8          IO Block: 4096   regular file\n' +
        'Device: 7,0\tInode: 131         Links: 1\n' +
        'Access: (0644/-rw-r--r--)  Uid: ( 1000/ UNKNOWN)   Gid: (    0/    root)\n' +
        'Access: 1970-01-01 00:00:00.000000000 +0000\nModify: 1970-01-01 00:00:00.000000000 +0000\n' +
        'Change: 1970-01-01 00:00:00.000000000 +0000\n Birth: -\n',
    );
    expect(run(stat, sys, ['-c', '%N', 'a']).out).toBe("'a'\n");
  });

  it('reports errors like coreutils 9.1', () => {
    const sys = new FakeSys();
    const r = run(stat, sys, ['-c', '%s', 'nope', '/tmp/x']);
    expect(r.err).toBe(
      "stat: cannot statx 'nope': No such file or directory\nstat: cannot statx '/tmp/x': No such file or directory\n",
    );
    expect(r.status).toBe(1);
    expect(run(stat, sys, ['-f', '-c', '%a', '/tmp']).err).toBe(
      "stat: cannot read file system information for '/tmp': No such file or directory\n",
    );
    expect(run(stat, sys, []).err).toBe("stat: missing operand\nTry 'stat --help' for more information.\n");
  });
});

describe('md5sum', () => {
  it('prints `<hash>  <path as given>` (generic/138 and 612)', () => {
    const sys = new FakeSys();
    sys.addFile('b', 2097152, 0);
    const r = run(md5sum, sys, ['/mnt/scratch/b']);
    expect(r.out).toBe('b2d1236c286a3c0704224fe4105eca49  /mnt/scratch/b\n');
    const expected = recording('../fstests/recorded/fstests-generic-612').output;
    expect(expected).toContain(r.out.trimEnd().replace('/mnt/scratch', 'SCRATCH_MNT'));
    expect(sys.calls).toEqual(['open b ro', 'close b']);
  });

  it('reports missing files and directories, and reads stdin for -', () => {
    const sys = new FakeSys();
    const r = run(md5sum, sys, ['x', '.', '-', '/dev/null'], { stdin: 'abc' });
    expect(r.err).toBe('md5sum: x: No such file or directory\nmd5sum: .: Is a directory\n');
    expect(r.out).toBe('900150983cd24fb0d6963f7d28e17f72  -\nd41d8cd98f00b204e9800998ecf8427e  /dev/null\n');
    expect(r.status).toBe(1);
  });
});

describe('cp', () => {
  it('clones with --reflink=always and by default (auto), copies with never', () => {
    const sys = new FakeSys();
    sys.addFile('a', 300000, 0x61);
    expect(run(cp, sys, ['--reflink=always', 'a', 'b']).status).toBe(0);
    expect(sys.calls.slice(-5)).toEqual(['open a ro', 'open b creat', 'reflink', 'close b', 'close a']);
    expect(run(cp, sys, ['a', 'c']).status).toBe(0);
    expect(sys.calls).toContain('reflink');
    sys.calls = [];
    expect(run(cp, sys, ['--reflink=never', 'a', 'd']).status).toBe(0);
    expect(sys.calls.filter((c) => c.startsWith('pwrite'))).toEqual(['pwrite 0 131072', 'pwrite 131072 131072', 'pwrite 262144 37856']);
    expect(sys.files.get('d')!.data).toEqual(sys.files.get('a')!.data);
  });

  it('prints the clone failure and other errors as coreutils does', () => {
    const sys = new FakeSys();
    sys.addFile('a', 10);
    sys.reflinkError = 'EXDEV';
    expect(run(cp, sys, ['--reflink=always', 'a', 'b']).err).toBe("cp: failed to clone 'b' from 'a': Invalid cross-device link\n");
    expect(run(cp, sys, ['--reflink=auto', 'a', 'c']).status).toBe(0);
    expect(run(cp, sys, ['x', 'y']).err).toBe("cp: cannot stat 'x': No such file or directory\n");
    expect(run(cp, sys, ['a', 'a']).err).toBe("cp: 'a' and 'a' are the same file\n");
    expect(run(cp, sys, ['a']).err).toBe("cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n");
    expect(run(cp, sys, ['--reflink=sometimes', 'a', 'b']).err).toContain("cp: invalid argument 'sometimes' for '--reflink'\n");
  });

  it('copies into a directory and keeps the owner with -p', () => {
    const sys = new FakeSys();
    sys.addFile('a', 10).uid = 1000;
    sys.mkdir('d');
    expect(run(cp, sys, ['-p', '--reflink=always', 'a', 'd']).status).toBe(0);
    expect(sys.files.get('d/a')!.uid).toBe(1000);
  });
});

describe('rm, touch, truncate, fallocate, sync', () => {
  it('rm: -f, -r and messages', () => {
    const sys = new FakeSys();
    sys.addFile('f');
    sys.mkdir('d');
    sys.addFile('d/x');
    expect(run(rm, sys, ['-f', 'f', 'nope']).both).toBe('');
    expect(sys.exists('f')).toBe(false);
    expect(run(rm, sys, ['nope']).err).toBe("rm: cannot remove 'nope': No such file or directory\n");
    expect(run(rm, sys, ['d']).err).toBe("rm: cannot remove 'd': Is a directory\n");
    expect(run(rm, sys, ['-rf', 'd']).status).toBe(0);
    expect(sys.exists('d') || sys.exists('d/x')).toBe(false);
    expect(run(rm, sys, []).err).toBe("rm: missing operand\nTry 'rm --help' for more information.\n");
  });

  it('touch opens and closes (creating), truncate -s with suffixes and relative sizes', () => {
    const sys = new FakeSys();
    expect(run(touch, sys, ['t']).status).toBe(0);
    expect(sys.calls).toEqual(['open t creat', 'close t']);
    expect(run(truncate, sys, ['-s', '1m', 't']).status).toBe(0);
    expect(sys.files.get('t')!.data.length).toBe(1 << 20);
    run(truncate, sys, ['-s', '-24K', 't']);
    expect(sys.files.get('t')!.data.length).toBe((1 << 20) - 24576);
    run(truncate, sys, ['-s', '%64K', 't']);
    expect(sys.files.get('t')!.data.length).toBe(1 << 20);
    run(truncate, sys, ['-s', '102401', 't']);
    expect(sys.files.get('t')!.data.length).toBe(102401);
    run(truncate, sys, ['-s', '1MB', 't']);
    expect(sys.files.get('t')!.data.length).toBe(1000000);
    expect(run(truncate, sys, ['-s', '5b', 't']).err).toBe("truncate: Invalid number: '5b'\n");
    expect(run(truncate, sys, ['t']).err).toBe(
      "truncate: you must specify either '--size' or '--reference'\nTry 'truncate --help' for more information.\n",
    );
    expect(run(truncate, sys, ['-s', '0', '/tmp/x']).err).toBe("truncate: cannot open '/tmp/x' for writing: No such file or directory\n");
    expect(run(touch, sys, ['/tmp/x']).err).toBe("touch: cannot touch '/tmp/x': No such file or directory\n");
  });

  it('fallocate: modes, sizes and util-linux messages', () => {
    const sys = new FakeSys();
    expect(run(fallocate, sys, ['-l', '1MiB', 'f']).status).toBe(0);
    expect(run(fallocate, sys, ['-p', '-o', '4k', '-l', '4k', 'f']).status).toBe(0);
    expect(run(fallocate, sys, ['-z', '-n', '-o', '0', '-l', '0x1000', 'f']).status).toBe(0);
    expect(sys.calls.filter((c) => c.startsWith('fallocate'))).toEqual([
      'fallocate alloc 0 1048576', 'fallocate punch 4096 4096', 'fallocate zero-keep 0 4096',
    ]);
    expect(run(fallocate, sys, ['-k', '-l', '1m', 'f']).err).toBe(
      "fallocate: invalid option -- 'k'\nTry 'fallocate --help' for more information.\n",
    );
    expect(run(fallocate, sys, ['f']).err).toBe('fallocate: no length argument specified\n');
    expect(run(fallocate, sys, ['-l', 'x', 'f']).err).toBe('fallocate: invalid length value specified\n');
    expect(run(fallocate, sys, ['-p', '-l', '4k', 'nofile']).err).toBe('fallocate: cannot open nofile: No such file or directory\n');
    expect(run(fallocate, sys, ['-c', '-p', '-l', '4k', 'f']).err).toBe(
      'fallocate: mutually exclusive arguments: --collapse-range --dig-holes --punch-hole --zero-range\n',
    );
    sys.spaceLeft = 0;
    expect(run(fallocate, sys, ['-l', '1m', 'f']).err).toBe('fallocate: fallocate failed: No space left on device\n');
    sys.spaceLeft = Infinity;
    expect(run(fallocate, sys, ['-v', '-l', '1536', 'f']).out).toBe('f: 1.5 KiB (1536 bytes) allocated.\n');
  });

  it('sync: sync(2), fsync per file, syncfs with -f', () => {
    const sys = new FakeSys();
    sys.addFile('f');
    run(sync, sys, []);
    run(sync, sys, ['f']);
    run(sync, sys, ['-f', 'f']);
    expect(sys.calls.filter((c) => /sync/.test(c))).toEqual(['sync', 'fsync f', 'syncfs f']);
    expect(run(sync, sys, ['nope']).err).toBe("sync: error opening 'nope': No such file or directory\n");
  });
});

describe('chown, chgrp, ls, cat, mkfs.xfs, mount', () => {
  it('chown/chgrp take numeric ids and a few names', () => {
    const sys = new FakeSys();
    sys.addFile('f');
    run(chown, sys, ['1000:2000', 'f']);
    expect([sys.files.get('f')!.uid, sys.files.get('f')!.gid]).toEqual([1000, 2000]);
    run(chown, sys, ['nobody', 'f']);
    run(chgrp, sys, ['root', 'f']);
    expect([sys.files.get('f')!.uid, sys.files.get('f')!.gid]).toEqual([65534, 0]);
    expect(run(chown, sys, ['fsgqa', 'f']).err).toBe("chown: invalid user: 'fsgqa'\n");
    expect(run(chgrp, sys, ['nobody', 'f']).err).toBe("chgrp: invalid group: 'nobody'\n");
    expect(run(chown, sys, ['1000', 'x']).err).toBe("chown: cannot access 'x': No such file or directory\n");
  });

  it('ls lists names in byte order; cat prints contents and sysctls', () => {
    const sys = new FakeSys();
    sys.addFile('b', 3, 0x62);
    sys.addFile('a');
    expect(run(ls, sys, []).out).toBe('a\nb\n');
    expect(run(ls, sys, ['nope']).err).toBe("ls: cannot access 'nope': No such file or directory\n");
    expect(run(cat, sys, ['b', '/proc/sys/fs/xfs/speculative_prealloc_lifetime']).out).toBe('bbb300\n');
    expect(run(cat, sys, ['x']).err).toBe('cat: x: No such file or directory\n');
  });

  it('mkfs.xfs prints what the machine returns; mount/umount report failures like util-linux', () => {
    const sys = new FakeSys();
    const made: string[][] = [];
    const r = run(mkfsXfs, sys, ['-f', '/dev/loop0'], { host: { mkfs: (o) => (made.push(o), 'meta-data=...\n') } });
    expect(r.out).toBe('meta-data=...\n');
    expect(made).toEqual([['-f', '/dev/loop0']]);
    const opts: string[] = [];
    expect(run(mount, sys, ['-o', 'uquota,gquota', '/dev/loop0', '/mnt/scratch'], { host: { mount: (o) => void opts.push(o) } }).status).toBe(0);
    expect(opts).toEqual(['uquota,gquota']);
    const busy = run(umount, sys, ['/mnt/scratch'], { host: { umount: () => { throw new XfsError('EBUSY'); } } });
    expect([busy.err, busy.status]).toEqual(['umount: /mnt/scratch: target is busy.\n', 32]);
  });

  it('TOOLS has every tool by its command name', () => {
    expect(Object.keys(TOOLS).sort()).toEqual(
      ['cat', 'chgrp', 'chown', 'cp', 'fallocate', 'ls', 'md5sum', 'mkfs.xfs', 'mount', 'rm', 'stat', 'sync', 'touch', 'truncate', 'umount', 'xfs_bmap', 'xfs_io', 'xfs_quota', 'xfs_spaceman', 'setpriv'].sort(),
    );
  });
});
