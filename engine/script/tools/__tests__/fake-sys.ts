/**
 * A FAKE kernel and tool context for the tool tests: in-memory files whose extent maps and
 * attributes are whatever the test sets (typically taken from a recording), a call log, and
 * injectable failures. It models no XFS behaviour; the real engine replaces it.
 */
import type {
  Fd, FiemapExtent, FsGeometry, FsxAttr, GetbmapxOptions, GetbmapxRec, OpenFlags, StatfsResult, StatResult, Syscalls, WriteSource, FallocMode,
} from '../../../syscalls.js';
import type { ResolvedPath, ToolContext, ToolHost } from '../../tool.js';
import { XfsError, type Errno } from '../../../xfs-errors.js';
import { md5Hex } from '../../../md5.js';

/** A fake inode. */
export interface FakeFile {
  data: Uint8Array;
  isDir: boolean;
  ino: number;
  uid: number;
  gid: number;
  nlink: number;
  blocks?: number;
  bmap?: GetbmapxRec[];
  cowBmap?: GetbmapxRec[];
  fiemap?: FiemapExtent[];
  fsx: FsxAttr;
  mtime: number;
}

/** The default 256 MiB scratch filesystem of the recordings (mkfs -d size=256m). */
export const GEOMETRY: FsGeometry = {
  blocksize: 4096, agcount: 4, agblocks: 16384, agblklog: 14, dblocks: 65536, logblocks: 1368,
  sectsize: 512, inodesize: 512, reflink: true,
};

/** In-memory Syscalls with a call log and failure hooks. */
export class FakeSys implements Syscalls {
  files = new Map<string, FakeFile>([['.', newFile(128, true)]]);
  fds = new Map<Fd, { rel: string; flags: OpenFlags }>();
  calls: string[] = [];
  geom: FsGeometry = { ...GEOMETRY };
  statfsResult: StatfsResult = {
    type: 0x58465342, bsize: 4096, frsize: 4096, blocks: 64168, bfree: 60242, bavail: 60242, files: 131072,
    ffree: 131067, namelen: 255, fsid: [0x700, 0], flags: 4128,
  };
  /** Throw this errno from the n-th pwrite (1-based). */
  failWriteAt?: { call: number; code: Errno };
  /** Bytes the filesystem accepts before writes become short, then ENOSPC. */
  spaceLeft = Infinity;
  reflinkError?: Errno;
  private nextFd = 3;
  private nextIno = 131;
  private writes = 0;

  /** Creates (or replaces) a file with `size` bytes of `byte`. */
  addFile(rel: string, size = 0, byte = 0): FakeFile {
    const f = newFile(this.nextIno++, false);
    f.data = new Uint8Array(size).fill(byte);
    this.files.set(rel, f);
    return f;
  }

  private file(fd: Fd): FakeFile {
    const e = this.fds.get(fd);
    if (!e) throw new XfsError('EBADF');
    return this.files.get(e.rel)!;
  }

  private lookup(path: string, call: string): FakeFile {
    const f = this.files.get(path);
    if (!f) throw new XfsError('ENOENT', call, path);
    return f;
  }

  open(path: string, flags: OpenFlags): Fd {
    this.calls.push(`open ${path}${flags.readOnly ? ' ro' : ''}${flags.create ? ' creat' : ''}`);
    let f = this.files.get(path);
    if (!f) {
      if (!flags.create) throw new XfsError('ENOENT', 'open', path);
      f = this.addFile(path);
    } else if (flags.excl && flags.create) throw new XfsError('EEXIST', 'open', path);
    if (f.isDir && !flags.readOnly) throw new XfsError('EISDIR', 'open', path);
    if (flags.trunc) f.data = new Uint8Array(0);
    const fd = this.nextFd++;
    this.fds.set(fd, { rel: path, flags });
    return fd;
  }
  close(fd: Fd): void {
    this.calls.push(`close ${this.fds.get(fd)?.rel}`);
    this.fds.delete(fd);
  }
  pwrite(fd: Fd, pos: number, len: number, src: WriteSource): number {
    this.calls.push(`pwrite ${pos} ${len}`);
    this.writes++;
    if (this.failWriteAt && this.failWriteAt.call === this.writes) throw new XfsError(this.failWriteAt.code, 'write');
    if (len > 0 && this.spaceLeft <= 0) throw new XfsError('ENOSPC', 'write');
    const n = Math.min(len, this.spaceLeft);
    this.spaceLeft -= n;
    const f = this.file(fd);
    const end = pos + n;
    if (end > f.data.length) {
      const grown = new Uint8Array(end);
      grown.set(f.data);
      f.data = grown;
    }
    for (let i = 0; i < n; i++) f.data[pos + i] = src.kind === 'pattern' ? src.byte : src.data[i];
    return n;
  }
  fadvise(fd: Fd, offset: number, len: number, advice: string): void {
    this.calls.push(`fadvise ${advice} ${offset} ${len}`);
    this.file(fd);
  }
  pread(fd: Fd, pos: number, len: number): Uint8Array {
    this.calls.push(`pread ${pos} ${len}`);
    const f = this.file(fd);
    if (f.isDir) throw new XfsError('EISDIR', 'read');
    return f.data.slice(pos, Math.min(f.data.length, pos + len));
  }
  fsync(fd: Fd): void { this.calls.push(`fsync ${this.fds.get(fd)?.rel}`); }
  fdatasync(fd: Fd): void { this.calls.push(`fdatasync ${this.fds.get(fd)?.rel}`); }
  syncfs(fd: Fd): void { this.calls.push(`syncfs ${this.fds.get(fd)?.rel}`); }
  sync(): void { this.calls.push('sync'); }
  ftruncate(fd: Fd, size: number): void {
    this.calls.push(`ftruncate ${size}`);
    const f = this.file(fd);
    const d = new Uint8Array(size);
    d.set(f.data.subarray(0, size));
    f.data = d;
  }
  truncate(path: string, size: number): void {
    const fd = this.open(path, {});
    this.ftruncate(fd, size);
    this.close(fd);
  }
  fallocate(fd: Fd, mode: FallocMode, offset: number, len: number): void {
    this.calls.push(`fallocate ${mode} ${offset} ${len}`);
    if (this.spaceLeft < len && (mode === 'alloc' || mode === 'keep-size')) throw new XfsError('ENOSPC', 'fallocate');
    const f = this.file(fd);
    if ((mode === 'alloc' || mode === 'zero') && offset + len > f.data.length) {
      const grown = new Uint8Array(offset + len);
      grown.set(f.data);
      f.data = grown;
    }
  }
  reflink(srcFd: Fd, dstFd: Fd, soff?: number, doff?: number, len?: number): void {
    this.calls.push(soff === undefined ? 'reflink' : `reflink ${soff} ${doff} ${len}`);
    if (this.reflinkError) throw new XfsError(this.reflinkError, 'ioctl');
    const s = this.file(srcFd), d = this.file(dstFd);
    if (soff === undefined) d.data = s.data.slice();
    else {
      const n = len || s.data.length - soff;
      const end = (doff ?? 0) + n;
      if (end > d.data.length) {
        const g = new Uint8Array(end);
        g.set(d.data);
        d.data = g;
      }
      d.data.set(s.data.subarray(soff, soff + n), doff);
    }
  }
  dedupe(_s: Fd, _d: Fd, _soff: number, _doff: number, len: number): number {
    this.calls.push(`dedupe ${len}`);
    return len;
  }
  fstat(fd: Fd): StatResult {
    return this.statOf(this.file(fd));
  }
  stat(path: string): StatResult {
    this.calls.push(`stat ${path}`);
    return this.statOf(this.lookup(path, 'stat'));
  }
  private statOf(f: FakeFile): StatResult {
    return {
      ino: f.ino, mode: f.isDir ? 0o40755 : 0o100644, nlink: f.nlink, uid: f.uid, gid: f.gid, size: f.data.length,
      blocks: f.blocks ?? Math.ceil(f.data.length / 4096) * 8, blksize: 4096, atime: f.mtime, mtime: f.mtime,
      ctime: f.mtime, dev: 7 * 256, isDir: f.isDir,
    };
  }
  statfs(path: string): StatfsResult {
    this.lookup(path, 'statfs');
    return { ...this.statfsResult };
  }
  getbmapx(fd: Fd, opts: GetbmapxOptions): GetbmapxRec[] {
    this.calls.push(`getbmapx${opts.cow ? ' cow' : ''}${opts.noDelalloc ? ' flush' : ''}`);
    this.bmapCounts.push(opts.count);
    const f = this.file(fd);
    const all = (opts.cow ? f.cowBmap : f.bmap) ?? [];
    // The kernel fills at most bmv_count - 1 records.
    return opts.count === undefined ? all : all.slice(0, opts.count - 1);
  }
  /** bmv_count of each GETBMAPX call. */
  readonly bmapCounts: (number | undefined)[] = [];
  fiemap(fd: Fd): FiemapExtent[] {
    return this.file(fd).fiemap ?? [];
  }
  getFsxattr(fd: Fd): FsxAttr {
    return { ...this.file(fd).fsx };
  }
  setFsxattr(fd: Fd, attr: Partial<Pick<FsxAttr, 'xflags' | 'extsize' | 'cowextsize' | 'projid'>>): void {
    this.calls.push(`setfsxattr ${JSON.stringify(attr)}`);
    Object.assign(this.file(fd).fsx, attr);
  }
  unlink(path: string): void {
    this.calls.push(`unlink ${path}`);
    const f = this.lookup(path, 'unlink');
    if (f.isDir) throw new XfsError('EISDIR', 'unlink', path);
    this.files.delete(path);
  }
  mkdir(path: string): void {
    if (this.files.has(path)) throw new XfsError('EEXIST', 'mkdir', path);
    this.files.set(path, newFile(this.nextIno++, true));
  }
  rmdir(path: string): void {
    this.calls.push(`rmdir ${path}`);
    if (this.readdir(path).length) throw new XfsError('ENOTEMPTY', 'rmdir', path);
    this.files.delete(path);
  }
  rename(from: string, to: string): void {
    this.files.set(to, this.lookup(from, 'rename'));
    this.files.delete(from);
  }
  readdir(path: string): string[] {
    const f = this.lookup(path, 'readdir');
    if (!f.isDir) throw new XfsError('ENOTDIR', 'readdir', path);
    const prefix = path === '.' ? '' : `${path}/`;
    return [...this.files.keys()]
      .filter((k) => k !== '.' && k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
      .map((k) => k.slice(prefix.length));
  }
  exists(path: string): boolean {
    return this.files.has(path);
  }
  chown(path: string, uid: number | undefined, gid: number | undefined): void {
    this.calls.push(`chown ${path} ${uid} ${gid}`);
    const f = this.lookup(path, 'chown');
    if (uid !== undefined) f.uid = uid;
    if (gid !== undefined) f.gid = gid;
  }
  md5(path: string): string {
    return md5Hex(this.lookup(path, 'open').data);
  }
  geometry(): FsGeometry {
    return this.geom;
  }
}

function newFile(ino: number, isDir: boolean): FakeFile {
  return {
    data: new Uint8Array(0), isDir, ino, uid: 0, gid: 0, nlink: isDir ? 2 : 1, mtime: 0,
    fsx: { xflags: 0, extsize: 0, cowextsize: 0, projid: 0, nextents: 0, naextents: 0 },
  };
}

/** What a test run produced: stdout, stderr, both interleaved (as with 2>&1), steps, exit status. */
export interface RunResult {
  out: string;
  err: string;
  both: string;
  steps: string[];
  tasks: string[];
  status: number;
}

/** Options of a fake run. */
export interface RunOptions {
  stdin?: string;
  cwd?: string;
  /** Seconds the clock advances at each step (default 0: a frozen clock). */
  tick?: number;
  host?: Partial<ToolHost>;
}

/** Runs a tool on the fake kernel, with /mnt/scratch as the scratch mount and cwd. */
export function run(tool: (ctx: ToolContext) => number, sys: FakeSys, args: string[], o: RunOptions = {}): RunResult {
  const r: RunResult = { out: '', err: '', both: '', steps: [], tasks: [], status: 0 };
  let now = 100;
  const mnt = '/mnt/scratch';
  const cwd = o.cwd ?? mnt;
  const host: ToolHost = {
    setTask: (n) => r.tasks.push(n),
    step: (label) => {
      r.steps.push(label);
      now += o.tick ?? 0;
    },
    sleep: (s) => { now += s; },
    now: () => now,
    readSysctl: (k) => (k === 'speculative_prealloc_lifetime' ? '300' : undefined),
    writeSysctl: () => undefined,
    mkfs: () => '',
    mount: () => undefined,
    umount: () => undefined,
    mountPoint: mnt,
    device: '/dev/loop0',
    ...o.host,
  };
  const ctx: ToolContext = {
    args, sys, host, stdin: o.stdin ?? '', cwd, env: { SCRATCH_MNT: mnt },
    out: (t) => { r.out += t; r.both += t; },
    err: (t) => { r.err += t; r.both += t; },
    resolve: (p): ResolvedPath => {
      const abs = normalize(p.startsWith('/') ? p : `${cwd}/${p}`);
      if (abs === '/dev/null') return { where: 'devnull' };
      if (abs.startsWith('/proc/sys/fs/xfs/')) return { where: 'proc', knob: abs.slice('/proc/sys/fs/xfs/'.length) };
      if (abs === mnt) return { where: 'mount', rel: '.' };
      if (abs.startsWith(`${mnt}/`)) return { where: 'mount', rel: abs.slice(mnt.length + 1) };
      return { where: 'other', abs };
    },
  };
  r.status = tool(ctx);
  return r;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
