/**
 * xfs_io `stat` and `statfs` (io/stat.c): the fd.* lines, fstat(2) fields, the FS_IOC_FSGETXATTR
 * fields with the flag letters of printxattr() (`0x80000000 [----------------X]`), XFS_IOC_DIOINFO;
 * and statfs(2) + geometry + counts.
 */
import type { StatResult } from '../../../syscalls.js';
import { Getopt } from '../lib/getopt.js';
import { asXfsError, syscall } from '../lib/sys.js';
import { ctime } from '../lib/time.js';
import { cur, fileStat, onFile, perror, usage } from './state.js';
import type { IoCommand, IoState, OpenFile } from './state.js';

/** FS_XFLAG_* in printxattr() order, with their letters and long names (io/attr.c). */
export const XFLAGS: readonly [number, string, string][] = [
  [0x00000001, 'r', 'realtime'],
  [0x00000002, 'p', 'prealloc'],
  [0x00000008, 'i', 'immutable'],
  [0x00000010, 'a', 'append-only'],
  [0x00000020, 's', 'sync'],
  [0x00000040, 'A', 'no-atime'],
  [0x00000080, 'd', 'no-dump'],
  [0x00000100, 't', 'rt-inherit'],
  [0x00000200, 'P', 'proj-inherit'],
  [0x00000400, 'n', 'nosymlinks'],
  [0x00000800, 'e', 'extsize'],
  [0x00001000, 'E', 'extsz-inherit'],
  [0x00002000, 'f', 'no-defrag'],
  [0x00004000, 'S', 'filestream'],
  [0x00008000, 'x', 'dax'],
  [0x00010000, 'C', 'cowextsize'],
  [0x80000000, 'X', 'has-xattr'],
];

/** printxattr(flags, verbose, ..., braces): `[-p--------------X]` or `[prealloc, has-xattr]`. */
export function printXattr(flags: number, verbose: boolean): string {
  const parts: string[] = [];
  for (const [bit, short, long] of XFLAGS) {
    const set = (flags & bit) !== 0;
    if (verbose) {
      if (set) parts.push(long);
    } else parts.push(set ? short : '-');
  }
  return `[${parts.join(verbose ? ', ' : '')}]`;
}

/** filetype() of io/stat.c. */
function fileType(st: StatResult): string {
  switch (st.mode & 0o170000) {
    case 0o140000: return 'socket';
    case 0o040000: return 'directory';
    case 0o020000: return 'char device';
    case 0o060000: return 'block device';
    case 0o100000: return 'regular file';
    case 0o120000: return 'symbolic link';
    case 0o010000: return 'fifo';
    default: return '(null)';
  }
}

const major = (dev: number): number => Math.floor(dev / 256) % 4096 | (Math.floor(dev / 2 ** 32) & ~0xfff);
const minor = (dev: number): number => (dev % 256) | (Math.floor(dev / 4096) & ~0xff);

function fdFlags(f: OpenFile): string {
  const x = f.flags;
  return (
    `${x.sync ? 'sync' : 'non-sync'},${x.direct ? 'direct' : 'non-direct'},${x.readOnly ? 'read-only' : 'read-write'}` +
    `${x.realtime ? ',real-time' : ''}${x.append ? ',append-only' : ''}${x.nonblock ? ',non-block' : ''}${x.tmpfile ? ',tmpfile' : ''}`
  );
}

function rawStat(s: StatResult): string {
  const sec = (t: number): number => Math.floor(t);
  const nsec = (t: number): number => Math.round((t - Math.floor(t)) * 1e9);
  return [
    `stat.blksize = ${s.blksize}`, `stat.nlink = ${s.nlink}`, `stat.uid = ${s.uid}`, `stat.gid = ${s.gid}`,
    `stat.mode: 0${s.mode.toString(8)}`, `stat.ino = ${s.ino}`, `stat.size = ${s.size}`, `stat.blocks = ${s.blocks}`,
    `stat.atime.tv_sec = ${sec(s.atime)}`, `stat.atime.tv_nsec = ${nsec(s.atime)}`,
    `stat.ctime.tv_sec = ${sec(s.ctime)}`, `stat.ctime.tv_nsec = ${nsec(s.ctime)}`,
    `stat.mtime.tv_sec = ${sec(s.mtime)}`, `stat.mtime.tv_nsec = ${nsec(s.mtime)}`,
    'stat.rdev_major = 0', 'stat.rdev_minor = 0',
    `stat.dev_major = ${major(s.dev)}`, `stat.dev_minor = ${minor(s.dev)}`,
  ].join('\n') + '\n';
}

function statF(st: IoState, argv: string[]): number {
  const f = cur(st);
  let raw = false, verbose = false;
  const g = new Getopt(argv.slice(1), 'rv', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'r') raw = true;
    else if (o.opt === 'v') verbose = true;
    else {
      st.exitcode = 1;
      return usage(st, STAT);
    }
  }
  let s: StatResult;
  try {
    s = fileStat(st, f);
  } catch (e) {
    perror(st, 'fstat', e);
    st.exitcode = 1;
    return 0;
  }
  if (raw) {
    st.io.out(rawStat(s));
    return 0;
  }
  let text = `fd.path = "${f.name}"\nfd.flags = ${fdFlags(f)}\n`;
  text += `stat.ino = ${s.ino}\nstat.type = ${fileType(s)}\nstat.size = ${s.size}\nstat.blocks = ${s.blocks}\n`;
  if (verbose) text += `stat.atime = ${ctime(s.atime)}stat.mtime = ${ctime(s.mtime)}stat.ctime = ${ctime(s.ctime)}`;
  st.io.out(text);
  if (f.flags.foreign) return 0;
  try {
    const x = onFile(st, f, 'ioctl FS_IOC_FSGETXATTR', (sys, fd) => sys.getFsxattr(fd));
    st.io.out(
      `fsxattr.xflags = 0x${(x.xflags >>> 0).toString(16)} ${printXattr(x.xflags, verbose)}\n` +
        `fsxattr.projid = ${x.projid}\nfsxattr.extsize = ${x.extsize}\nfsxattr.cowextsize = ${x.cowextsize}\n` +
        `fsxattr.nextents = ${x.nextents}\nfsxattr.naextents = ${x.naextents}\n`,
    );
  } catch (e) {
    perror(st, 'FS_IOC_FSGETXATTR', e);
  }
  // XFS_IOC_DIOINFO: the loop device's 512-byte logical sectors (d_maxiosz = INT_MAX rounded down).
  syscall(st.ctx, 'ioctl XFS_IOC_DIOINFO', () => undefined);
  st.io.out('dioattr.mem = 0x200\ndioattr.miniosz = 512\ndioattr.maxiosz = 2147483136\n');
  return 0;
}

function statfsF(st: IoState, argv: string[]): number {
  const f = cur(st);
  let flags = 0;
  const g = new Getopt(argv.slice(1), 'cgs', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'c') flags |= 4;
    else if (o.opt === 'g') flags |= 2;
    else if (o.opt === 's') flags |= 1;
    else {
      st.exitcode = 1;
      return usage(st, STATFS);
    }
  }
  if (!flags) flags = 7;
  st.io.out(`fd.path = "${f.name}"\n`);
  const root = '.';
  if (flags & 1) {
    try {
      // fstatfs(2) of the open file: a project directory reports its quota (xfs_qm_statvfs).
      const s = onFile(st, f, 'fstatfs', (sys, fd) => (sys.fstatfs ? sys.fstatfs(fd) : sys.statfs(root)));
      st.io.out(
        `statfs.f_bsize = ${s.bsize}\nstatfs.f_blocks = ${s.blocks}\nstatfs.f_bavail = ${s.bavail}\n` +
          `statfs.f_files = ${s.files}\nstatfs.f_ffree = ${s.ffree}\nstatfs.f_flags = 0x${s.flags.toString(16)}\n`,
      );
    } catch (e) {
      perror(st, 'fstatfs', e);
      st.exitcode = 1;
    }
  }
  if (f.flags.foreign) return 0;
  if (flags & 2) {
    const g2 = onFile(st, f, 'ioctl XFS_IOC_FSGEOMETRY', (sys) => sys.geometry());
    st.io.out(
      `geom.bsize = ${g2.blocksize}\ngeom.agcount = ${g2.agcount}\ngeom.agblocks = ${g2.agblocks}\n` +
        `geom.datablocks = ${g2.dblocks}\ngeom.rtblocks = 0\ngeom.rtextents = 0\ngeom.rtextsize = 1\n` +
        'geom.sunit = 0\ngeom.swidth = 0\n',
    );
  }
  if (flags & 4) {
    // XFS_IOC_FSCOUNTS is not part of the syscall surface: free data blocks from statfs, and the
    // inode counters, which no script compares (they are per-CPU approximations on a real box).
    try {
      const s = onFile(st, f, 'ioctl XFS_IOC_FSCOUNTS', (sys) => sys.statfs(root));
      st.io.out(`counts.freedata = ${s.bfree}\ncounts.freertx = 0\ncounts.freeino = 0\ncounts.allocino = 0\n`);
    } catch (e) {
      st.io.err(`XFS_IOC_FSCOUNTS: ${asXfsError(e).strerror}\n`);
      st.exitcode = 1;
    }
  }
  return 0;
}

const STAT: IoCommand = {
  name: 'stat',
  argmin: 0,
  argmax: 1,
  flags: { foreign: true },
  args: '[-v|-r]',
  oneline: 'statistics on the currently open file',
  run: statF,
};

const STATFS: IoCommand = {
  name: 'statfs',
  argmin: 0,
  argmax: -1,
  flags: { foreign: true },
  args: '[-c] [-g] [-s]',
  oneline: 'statistics on the filesystem of the currently open file',
  run: statfsF,
};

/** The `stat` and `statfs` commands. */
export const statCommands: IoCommand[] = [STAT, STATFS];

/** stat_f, for `open` with no argument (it shows the current file). */
export const statRun = statF;
