/**
 * The simulated machine: one scratch XFS device, the system calls the tools use (Syscalls), file
 * descriptors, the simulated clock with the delayed work it drives, the tracer and the tunables.
 * Deterministic: time only moves through sleep(), and nothing reads the host's clock or entropy.
 */
import { fileDirectWrite } from './xfs-file-dio.js';
import { readKnob, writeKnob } from './sysctl.js';
import { fileBufferedWrite, fileFadvise, fileFsync, fileRead, fileRelease, flushInodes, mapForRead, setattrSize, syncFs, writebackInode, type XfsFile } from './xfs-file.js';
import { transReserveBlocks } from './xfs-trans.js';
import { reconcileBmbt } from './xfs-bmap-btree.js';
import { createSpaceRes } from './xfs-qm-vops.js';
import { FileReadahead, PAGE_SIZE, RA_PAGES, readSequentially } from './filemap-readahead.js';
import { XfsError, fail } from './xfs-errors.js';
import { parseMkfsOptions, parseMountOptions, type MkfsOptions } from './xfs-mount.js';
import { ROOT_INO, XfsSuper } from './xfs-super.js';
import { Tracer } from './xfs-trace.js';
import type { XfsSysctls } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { getbmapx, fiemap, getFsxattr, setFsxattr } from './xfs-ioctl.js';
import { fallocate } from './xfs-falloc.js';
import { reflinkRange, dedupeRange } from './xfs-reflink-remap.js';
import { mkfsOutput } from './mkfs-output.js';
import { flavourOf } from './xfs-flavour.js';
import { XFS_DIFLAG_PROJINHERIT } from './xfs-inode.js';
import { BOOT_WALL_SECS } from './xfs-qm.js';
import { qmStatvfs } from './xfs-qm-bhv.js';
import { qmGetQuota, qmGetState, qmSetQuota } from './xfs-qm-syscalls.js';
import { errortagAdd, errortagClearAll } from './xfs-errortag.js';
import { blockgcFreeSpace } from './xfs-icache.js';
import type {
  EofblocksFilter, Fd, FallocMode, FiemapExtent, FsDiskQuota, FsGeometry, FsxAttr, GetbmapxOptions, GetbmapxRec, OpenFlags,
  FadviseAdvice, QuotaLimits, QuotaType, QuotaTypeState, StatResult, StatfsResult, Syscalls, WriteSource,
} from './syscalls.js';

/** XFS_ATTRRM_SPACE_RES: the blocks an attribute removal reserves (4 KiB blocks, 512-byte inodes). */
const ATTRRM_SPACE_RES = 10;
/** coreutils md5sum reads 32 KiB per read(2). */
const MD5SUM_READ_PAGES = 32768 / PAGE_SIZE;

interface OpenFile {
  file: XfsFile;
  path: string;
}

/** Options of a new machine. */
export interface MachineOptions {
  /** Record trace events (the run result and oracle-json want them; benchmarks may not). */
  trace?: boolean;
  /** Enabled events (default: the recorder's list). */
  events?: readonly string[] | null;
  /**
   * The kernel release whose behaviour to follow where kernels differ (engine/xfs-flavour.ts):
   * a 6.1.x release follows Linux 6.1, anything else (the default) 6.18.
   */
  kernel?: string;
}

/** The machine. */
export class Machine implements Syscalls {
  readonly tracer: Tracer;
  readonly sysctl: XfsSysctls = {
    speculativePreallocLifetime: 300, dirtyExpireCentisecs: 3000, dirtyWritebackCentisecs: 500, alwaysCow: false, xfssyncdCentisecs: 3000,
  };
  private us = 0;
  private sb: XfsSuper | null = null;
  private fds = new Map<Fd, OpenFile>();
  private nextFd = 3;
  /** uid/gid of the running task. */
  cred = { uid: 0, gid: 0 };

  private readonly kernel: string | undefined;

  constructor(opts: MachineOptions = {}) {
    this.tracer = new Tracer(opts.trace ?? true, opts.events === undefined ? undefined : opts.events);
    this.kernel = opts.kernel;
  }

  // ----------------------------------------------------------------- machine services

  /** Simulated time, microseconds since boot. */
  nowUs(): number {
    return this.us;
  }

  /** Advance the clock by `seconds`, running delayed work that comes due (in order). */
  sleep(seconds: number): void {
    if (!(seconds >= 0)) throw new XfsError('EINVAL', 'sleep');
    this.advance(Math.round(seconds * 1e6));
  }

  private advance(us: number): void {
    const until = this.us + us;
    this.sb?.runDueWork(until, this.setNow);
    this.us = until;
  }

  /** For runDueWork; one closure for the machine's life, not one per system call. */
  private readonly setNow = (t: number): void => {
    this.us = t;
  };

  /**
   * The simulated cost of a system call: a fixed entry cost plus a copy at 4 GB/s, so that tools
   * timing themselves (xfs_io's report line) show plausible, deterministic figures. Small enough
   * that background work (blockgc after seconds) is unaffected by a script's ordinary calls.
   */
  private cost(bytes: number): void {
    this.advance(1 + Math.floor(bytes / 4096));
  }

  /** The mounted filesystem (throws ENOENT-like errors when there is none). */
  get fs(): XfsSuper {
    if (!this.sb || !this.sb.mounted) throw new XfsError('ENOENT', 'mount', 'scratch filesystem is not mounted');
    return this.sb;
  }

  /** The device's filesystem, mounted or not (for inspection). */
  get device(): XfsSuper | null {
    return this.sb;
  }

  /** mkfs.xfs: format the scratch device; returns what mkfs.xfs prints. */
  mkfs(args: readonly string[], deviceName = '/dev/loop0'): string {
    if (this.sb?.mounted) throw new XfsError('EBUSY', 'mkfs', deviceName);
    const opts: MkfsOptions = parseMkfsOptions(args);
    this.sb = new XfsSuper(opts, this.tracer, this.sysctl, this, flavourOf(this.kernel));
    return mkfsOutput(this.sb.mp, deviceName);
  }

  /** mount the scratch device. */
  mount(options: string): void {
    if (!this.sb) throw new XfsError('EINVAL', 'mount', 'no filesystem on the scratch device');
    if (/(^|,)remount(,|$)/.test(options)) {
      this.umount();
      options = options.split(',').filter((o) => o !== 'remount').join(',');
    }
    this.sb.mount(parseMountOptions(options));
  }

  /** umount the scratch device. */
  umount(): void {
    if (!this.sb?.mounted) throw new XfsError('EINVAL', 'umount');
    if (this.fds.size) throw new XfsError('EBUSY', 'umount');
    const ctx = this.tracer.ctx;
    this.tracer.ctx = 'umount';
    try {
      this.sb.unmount();
    } finally {
      this.tracer.ctx = ctx;
    }
  }

  /** Read a host tunable (engine/sysctl.ts names them): undefined if there is no such knob. */
  readSysctl(knob: string): string | undefined {
    return readKnob(this.sysctl, this.sb?.mounted ? this.sb : null, knob);
  }

  /** Write a host tunable (engine/sysctl.ts names them); throws EINVAL or ENOENT as the kernel's files do. */
  writeSysctl(knob: string, value: string): void {
    writeKnob(this.sysctl, this.sb?.mounted ? this.sb : null, knob, value);
  }

  // ----------------------------------------------------------------- paths

  private lookup(path: string, syscall: string): XfsInode {
    const fs = this.fs;
    this.settleForks(fs);
    let ip = fs.inodes.get(ROOT_INO)!;
    for (const part of splitPath(path)) {
      if (!ip.isDir) fail('ENOTDIR', syscall, path);
      const child = ip.children!.get(part);
      if (child === undefined) fail('ENOENT', syscall, path);
      ip = fs.inodes.get(child)!;
    }
    return ip;
  }

  private parentOf(path: string, syscall: string): { dir: XfsInode; name: string } {
    const parts = splitPath(path);
    const name = parts.pop();
    if (!name) fail('EEXIST', syscall, path);
    const dir = this.lookup(parts.join('/'), syscall);
    if (!dir.isDir) fail('ENOTDIR', syscall, path);
    return { dir, name };
  }

  /** The mounted filesystem, or EIO once it has been shut down (xfs_is_shutdown checks). */
  private live(syscall: string, path?: string): XfsSuper {
    const fs = this.fs;
    if (fs.shutdown) fail('EIO', syscall, path);
    this.settleForks(fs);
    return fs;
  }

  /**
   * Data forks whose extent count crossed the inode's capacity since the last system call get (or
   * lose) their btree blocks (xfs-bmap-btree.ts). Done when a call starts: the kernel does it inside
   * the transaction that added the extent, which no reader sees before the call returns.
   */
  private settleForks(fs: XfsSuper): void {
    for (const ip of fs.inodes.values()) if (ip.df.seq !== ip.bmbtSeq) reconcileBmbt(fs, ip);
  }

  /**
   * New inodes (xfs_create): the transaction's XFS_CREATE_SPACE_RES blocks first — on ENOSPC the
   * dirty data of the filesystem is written back (xfs_flush_inodes) and the reservation tried again —
   * then the quota reservation (may fail EDQUOT); project id from a PROJINHERIT parent. Inode chunks
   * are not allocated from the free space, so the reserved blocks all come back at commit.
   */
  private create(dir: XfsInode, isDir: boolean): XfsInode {
    const syscall = isDir ? 'mkdir' : 'open';
    const fs = this.live(syscall);
    const projid = dir.diflags & XFS_DIFLAG_PROJINHERIT ? dir.projid : 0;
    const resblks = createSpaceRes(fs);
    if (!transReserveBlocks(fs, resblks)) {
      flushInodes(fs);
      if (!transReserveBlocks(fs, resblks)) fail('ENOSPC', syscall);
    }
    fs.mp.addFdblocks(resblks);
    fs.quota.icreate?.(dir, this.cred.uid, this.cred.gid, projid);
    const ip = fs.createInode(isDir, this.cred.uid, this.cred.gid, projid);
    inheritHints(dir, ip);
    return ip;
  }

  private file(fd: Fd, syscall: string): OpenFile {
    const f = this.fds.get(fd);
    if (!f) fail('EBADF', syscall);
    // The file's own fork (the hot path: one comparison); the others settle at the next path lookup.
    const ip = f.file.ip;
    if (ip.df.seq !== ip.bmbtSeq && this.sb?.mounted) reconcileBmbt(this.sb, ip);
    return f;
  }

  // ----------------------------------------------------------------- Syscalls

  open(path: string, flags: OpenFlags): Fd {
    const fs = this.fs;
    let ip: XfsInode;
    try {
      ip = this.lookup(path, 'open');
      if (flags.create && flags.excl) fail('EEXIST', 'open', path);
    } catch (e) {
      if (!(e instanceof XfsError) || e.code !== 'ENOENT' || !flags.create) throw e;
      const { dir, name } = this.parentOf(path, 'open');
      ip = this.create(dir, false);
      dir.children!.set(name, ip.ino);
    }
    if (ip.isDir && !flags.readOnly) fail('EISDIR', 'open', path);
    if (fs.shutdown) fail('EIO', 'open', path);
    const writable = !flags.readOnly;
    const file: XfsFile = { ip, writable, append: !!flags.append, sync: !!flags.sync, dsync: !!flags.dsync, direct: !!flags.direct, ra: new FileReadahead() };
    if (flags.trunc && writable && ip.size > 0) setattrSize(fs, ip, 0);
    ip.openCount++;
    if (writable) ip.openWriters++;
    const fd = this.nextFd++;
    this.fds.set(fd, { file, path });
    return fd;
  }

  close(fd: Fd): void {
    const { file } = this.file(fd, 'close');
    this.fds.delete(fd);
    const ip = file.ip;
    ip.openCount--;
    if (file.writable) ip.openWriters--;
    if (this.sb?.mounted) {
      fileRelease(this.fs, file);
      if (ip.nlink === 0 && ip.openCount === 0) this.fs.destroyInode(ip);
    }
  }

  pwrite(fd: Fd, pos: number, len: number, src: WriteSource): number {
    const { file } = this.file(fd, 'pwrite');
    if (!file.writable) fail('EBADF', 'pwrite');
    if (pos < 0 || len < 0) fail('EINVAL', 'pwrite');
    this.cost(len);
    return file.direct ? fileDirectWrite(this.fs, file, pos, len, src) : fileBufferedWrite(this.fs, file, pos, len, src);
  }

  pread(fd: Fd, pos: number, len: number): Uint8Array {
    const { file } = this.file(fd, 'pread');
    if (pos < 0 || len < 0) fail('EINVAL', 'pread');
    if (this.fs.shutdown) fail('EIO', 'pread');
    this.cost(len);
    return fileRead(this.fs, file, pos, len);
  }

  fadvise(fd: Fd, offset: number, len: number, advice: FadviseAdvice): void {
    const { file } = this.file(fd, 'fadvise');
    if (offset < 0 || len < 0) fail('EINVAL', 'fadvise');
    fileFadvise(this.fs, file, offset, len, advice);
  }

  fsync(fd: Fd): void {
    fileFsync(this.fs, this.file(fd, 'fsync').file.ip);
  }

  fdatasync(fd: Fd): void {
    fileFsync(this.fs, this.file(fd, 'fdatasync').file.ip);
  }

  syncfs(fd: Fd): void {
    this.file(fd, 'syncfs');
    syncFs(this.fs);
  }

  sync(): void {
    if (this.sb?.mounted && !this.sb.shutdown) syncFs(this.sb);
  }

  ftruncate(fd: Fd, size: number): void {
    const { file } = this.file(fd, 'ftruncate');
    if (!file.writable) fail('EINVAL', 'ftruncate');
    setattrSize(this.fs, file.ip, size);
  }

  truncate(path: string, size: number): void {
    const ip = this.lookup(path, 'truncate');
    if (ip.isDir) fail('EISDIR', 'truncate', path);
    setattrSize(this.fs, ip, size);
  }

  fallocate(fd: Fd, mode: FallocMode, offset: number, len: number): void {
    const { file } = this.file(fd, 'fallocate');
    if (!file.writable) fail('EBADF', 'fallocate');
    if (offset < 0 || len <= 0) fail('EINVAL', 'fallocate');
    fallocate(this.live('fallocate'), file.ip, mode, offset, len);
  }

  reflink(srcFd: Fd, dstFd: Fd, soff?: number, doff?: number, len?: number): void {
    const src = this.file(srcFd, 'reflink').file;
    const dst = this.file(dstFd, 'reflink').file;
    reflinkRange(this.fs, src.ip, dst.ip, soff ?? 0, doff ?? 0, len ?? 0);
  }

  dedupe(srcFd: Fd, dstFd: Fd, soff: number, doff: number, len: number): number {
    const src = this.file(srcFd, 'dedupe').file;
    const dst = this.file(dstFd, 'dedupe').file;
    return dedupeRange(this.fs, src.ip, dst.ip, soff, doff, len);
  }

  fstat(fd: Fd): StatResult {
    return this.statInode(this.file(fd, 'fstat').file.ip);
  }

  stat(path: string): StatResult {
    return this.statInode(this.lookup(path, 'stat'));
  }

  private statInode(ip: XfsInode): StatResult {
    const bb = this.fs.mp.blocksize / 512;
    return {
      ino: ip.ino, mode: ip.mode, nlink: ip.nlink, uid: ip.uid, gid: ip.gid,
      size: ip.isDir ? 6 + 0 * ip.children!.size : ip.size,
      blocks: (ip.nblocks + ip.delayedBlks) * bb, blksize: this.fs.mp.blocksize,
      atime: ip.atime, mtime: ip.mtime, ctime: ip.ctime, dev: (7 << 8) | 0, isDir: ip.isDir,
    };
  }

  statfs(path: string): StatfsResult {
    return qmStatvfs(this.fs, this.lookup(path, 'statfs'), this.fs.statfs());
  }

  fstatfs(fd: Fd): StatfsResult {
    return qmStatvfs(this.fs, this.file(fd, 'fstatfs').file.ip, this.fs.statfs());
  }

  getbmapx(fd: Fd, opts: GetbmapxOptions): GetbmapxRec[] {
    const { file } = this.file(fd, 'getbmapx');
    if (opts.noDelalloc && !opts.cow && !opts.attr) writebackInode(this.fs, file.ip);
    return getbmapx(this.fs, file.ip, opts);
  }

  fiemap(fd: Fd, opts?: { start?: number; len?: number; sync?: boolean }): FiemapExtent[] {
    return fiemap(this.fs, this.file(fd, 'fiemap').file.ip, opts ?? {});
  }

  getFsxattr(fd: Fd): FsxAttr {
    return getFsxattr(this.fs, this.file(fd, 'fsgetxattr').file.ip);
  }

  setFsxattr(fd: Fd, attr: Partial<Pick<FsxAttr, 'xflags' | 'extsize' | 'cowextsize' | 'projid'>>): void {
    const ip = this.file(fd, 'fssetxattr').file.ip;
    setFsxattr(this.live('fssetxattr'), ip, attr);
  }

  setModeAcl(fd: Fd): void {
    const ip = this.file(fd, 'fsetxattr').file.ip;
    const fs = this.live('fsetxattr');
    // xfs_attr_set of a removal: its transaction reserves XFS_ATTRRM_SPACE_RES (10 blocks with 4 KiB
    // blocks, as xfs/213 records), finds no attribute and is cancelled.
    fs.quota.transAlloc?.(ip, ATTRRM_SPACE_RES, false);
    fs.quota.transCancel?.();
  }

  unlink(path: string): void {
    const { dir, name } = this.parentOf(path, 'unlink');
    this.live('unlink', path);
    const ino = dir.children!.get(name);
    if (ino === undefined) fail('ENOENT', 'unlink', path);
    const ip = this.fs.inodes.get(ino)!;
    if (ip.isDir) fail('EISDIR', 'unlink', path);
    dir.children!.delete(name);
    ip.nlink--;
    if (ip.nlink === 0 && ip.openCount === 0) this.fs.destroyInode(ip);
  }

  mkdir(path: string): void {
    const { dir, name } = this.parentOf(path, 'mkdir');
    if (dir.children!.has(name)) fail('EEXIST', 'mkdir', path);
    const ip = this.create(dir, true);
    dir.children!.set(name, ip.ino);
    dir.nlink++;
  }

  rmdir(path: string): void {
    const { dir, name } = this.parentOf(path, 'rmdir');
    const ino = dir.children!.get(name);
    if (ino === undefined) fail('ENOENT', 'rmdir', path);
    const ip = this.fs.inodes.get(ino)!;
    if (!ip.isDir) fail('ENOTDIR', 'rmdir', path);
    if (ip.children!.size) fail('ENOTEMPTY', 'rmdir', path);
    dir.children!.delete(name);
    dir.nlink--;
    this.fs.quota.ifree?.(ip);
    this.fs.inodes.delete(ino);
  }

  rename(from: string, to: string): void {
    const a = this.parentOf(from, 'rename');
    const ino = a.dir.children!.get(a.name);
    if (ino === undefined) fail('ENOENT', 'rename', from);
    const b = this.parentOf(to, 'rename');
    const old = b.dir.children!.get(b.name);
    if (old !== undefined && old !== ino) {
      const oip = this.fs.inodes.get(old)!;
      oip.nlink--;
      if (oip.nlink === 0 && oip.openCount === 0) this.fs.destroyInode(oip);
    }
    a.dir.children!.delete(a.name);
    b.dir.children!.set(b.name, ino);
  }

  readdir(path: string): string[] {
    const ip = this.lookup(path, 'readdir');
    if (!ip.isDir) fail('ENOTDIR', 'readdir', path);
    return [...ip.children!.keys()].sort();
  }

  exists(path: string): boolean {
    try {
      this.lookup(path, 'stat');
      return true;
    } catch {
      return false;
    }
  }

  chown(path: string, uid: number | undefined, gid: number | undefined): void {
    const ip = this.lookup(path, 'chown');
    this.live('chown', path);
    const nu = uid ?? ip.uid;
    const ng = gid ?? ip.gid;
    // Only root may give a file away (or to a group it is not in: no supplementary groups here).
    if (this.cred.uid !== 0 && (nu !== ip.uid || ip.uid !== this.cred.uid || (ng !== ip.gid && ng !== this.cred.gid))) {
      fail('EPERM', 'chown', path);
    }
    // CAP_FOWNER (root) forces the quota reservation past any limit (q06).
    this.fs.quota.chown?.(ip, nu, ng, this.cred.uid === 0);
    ip.uid = nu;
    ip.gid = ng;
    ip.ctime = this.us / 1e6;
  }

  md5(path: string): string {
    const ip = this.lookup(path, 'open');
    if (ip.isDir) fail('EISDIR', 'read', path);
    // md5sum reads the whole file through the page cache, 32 KiB per read(2), with readahead (after
    // fadvise(SEQUENTIAL), as coreutils does).
    readSequentially(this.fs, ip, MD5SUM_READ_PAGES, (pos, end) => mapForRead(this.fs, ip, pos, end), 2 * RA_PAGES);
    return ip.content.md5(ip.size);
  }

  geometry(): FsGeometry {
    const mp = this.fs.mp;
    return {
      blocksize: mp.blocksize, agcount: mp.agcount, agblocks: mp.agblocks, agblklog: mp.agblklog,
      dblocks: mp.dblocks, logblocks: mp.logblocks, sectsize: mp.sectsize, inodesize: mp.inodesize,
      reflink: mp.reflink,
    };
  }

  // ----------------------------------------------------------------- quota, credentials, admin

  quotaGet(type: QuotaType, id: number, next = false): FsDiskQuota {
    return qmGetQuota(this.fs, type, id, next);
  }

  quotaSet(type: QuotaType, id: number, limits: QuotaLimits): void {
    if (this.cred.uid !== 0) fail('EPERM', 'quotactl');
    qmSetQuota(this.fs, type, id, limits);
  }

  quotaState(type: QuotaType): QuotaTypeState {
    return qmGetState(this.fs, type);
  }

  time(): number {
    return BOOT_WALL_SECS + Math.floor(this.us / 1e6);
  }

  getCred(): { uid: number; gid: number } {
    return { ...this.cred };
  }

  runAs<T>(uid: number, gid: number, run: () => T): T {
    if (this.cred.uid !== 0 && (uid !== this.cred.uid || gid !== this.cred.gid)) fail('EPERM', 'setresuid');
    const saved = this.cred;
    this.cred = { uid, gid };
    try {
      return run();
    } finally {
      this.cred = saved;
    }
  }

  goingDown(flags: number): void {
    const fs = this.fs;
    if (this.cred.uid !== 0) fail('EPERM', 'XFS_IOC_GOINGDOWN');
    if (flags < 0 || flags > 2) fail('EINVAL', 'XFS_IOC_GOINGDOWN');
    // XFS_FSOP_GOING_FLAGS_DEFAULT freezes (syncing everything) first; LOGFLUSH / NOLOGFLUSH do not.
    if (flags === 0 && !fs.shutdown) syncFs(fs);
    fs.shutdown = true;
  }

  errorInject(tag: number): void {
    if (this.cred.uid !== 0) fail('EPERM', 'XFS_IOC_ERROR_INJECTION');
    errortagAdd(this.fs, tag);
  }

  errorClearAll(): void {
    if (this.cred.uid !== 0) fail('EPERM', 'XFS_IOC_ERROR_CLEARALL');
    errortagClearAll(this.fs);
  }

  freeEofblocks(filter: EofblocksFilter): void {
    const fs = this.live('XFS_IOC_FREE_EOFBLOCKS');
    if (fs.tracer.on('xfs_ioc_free_eofblocks')) {
      fs.tracer.emit('xfs_ioc_free_eofblocks', {
        flags: '0x' + ((filter.sync ? 1 : 0) | (filter.uid !== undefined ? 2 : 0) | (filter.gid !== undefined ? 4 : 0)
          | (filter.prid !== undefined ? 8 : 0) | (filter.minFileSize ? 16 : 0)).toString(16),
        uid: String(filter.uid ?? 0), gid: String(filter.gid ?? 0), prid: String(filter.prid ?? 0),
        minsize: String(filter.minFileSize ?? 0), scan_limit: '0', caller: 'xfs_file_ioctl',
      });
    }
    const { sync, uid, gid, prid, minFileSize } = filter;
    blockgcFreeSpace(fs, { sync: !!sync, uid, gid, prid, minFileSize }, 'xfs_file_ioctl');
  }

  /** Inode of a path (for inspection: run results, oracle-json). */
  inodeOf(path: string): XfsInode {
    return this.lookup(path, 'stat');
  }

  /** Open descriptors count (tools must close what they open). */
  get openFds(): number {
    return this.fds.size;
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p && p !== '.');
}

/** New inodes inherit the directory's extent size hints (EXTSZINHERIT / COWEXTSIZE). */
function inheritHints(dir: XfsInode, ip: XfsInode): void {
  if (dir.diflags & 0x1000 /* EXTSZINHERIT */ && dir.extsize) {
    ip.extsize = dir.extsize;
    ip.diflags |= ip.isDir ? 0x1000 : 0x800;
  }
  if (dir.diflags2 & 0x4 /* COWEXTSIZE */ && dir.cowextsize) {
    ip.cowextsize = dir.cowextsize;
    ip.diflags2 |= 0x4;
  }
  // xfs_inode_inherit_flags: subdirectories of a project tree are project trees too.
  if (ip.isDir && dir.diflags & XFS_DIFLAG_PROJINHERIT) ip.diflags |= XFS_DIFLAG_PROJINHERIT;
}
