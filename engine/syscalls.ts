/**
 * The system-call surface of the simulated machine: what the script tools (xfs_io, cp, stat, ...)
 * may ask of the kernel. Paths are relative to the scratch mount root ("file", "dir/f", "." for the
 * root); the script layer maps shell paths onto them. Every call may throw XfsError.
 *
 * This file holds types only, so the tools can be written against it; engine/machine.ts implements it.
 */

/** open(2) flags the tools use. */
export interface OpenFlags {
  create?: boolean; // O_CREAT
  excl?: boolean; // O_EXCL
  trunc?: boolean; // O_TRUNC
  append?: boolean; // O_APPEND
  readOnly?: boolean; // O_RDONLY (default O_RDWR)
  sync?: boolean; // O_SYNC
  dsync?: boolean; // O_DSYNC
  direct?: boolean; // O_DIRECT
}

/** What a write(2) copies: a repeated byte (xfs_io pwrite -S), or literal bytes (echo > f). */
export type WriteSource = { kind: 'pattern'; byte: number } | { kind: 'bytes'; data: Uint8Array };

/** stat(2) result; times in simulated seconds. */
export interface StatResult {
  ino: number;
  mode: number; // S_IFREG | 0644 etc.
  nlink: number;
  uid: number;
  gid: number;
  size: number;
  blocks: number; // st_blocks, 512-byte units
  blksize: number;
  atime: number;
  mtime: number;
  ctime: number;
  dev: number; // makedev(major, minor) of the scratch device
  isDir: boolean;
}

/** statfs(2) result (f_type 0x58465342 "XFSB"). */
export interface StatfsResult {
  type: number;
  bsize: number;
  frsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
  namelen: number;
  fsid: [number, number];
  flags: number;
}

/**
 * XFS_IOC_GETBMAPX's request: which fork, BMV_IF_DELALLOC off (`noDelalloc`), and bmv_count (`count`:
 * room for count - 1 records; the kernel stops filling there). No count: every record.
 */
export interface GetbmapxOptions {
  cow?: boolean;
  attr?: boolean;
  noDelalloc?: boolean;
  count?: number;
}

/** One GETBMAPX record (fs/xfs/xfs_ioctl.c semantics), in 512-byte units. */
export interface GetbmapxRec {
  offset: number; // bmv_offset (bb)
  block: number; // bmv_block (bb), -1 = hole, -2 = delalloc
  length: number; // bmv_length (bb)
  oflags: number; // BMV_OF_PREALLOC 0x1 (unwritten), BMV_OF_DELALLOC 0x2, BMV_OF_LAST 0x4, BMV_OF_SHARED 0x8
}
export const BMV_OF_PREALLOC = 0x1;
export const BMV_OF_DELALLOC = 0x2;
export const BMV_OF_LAST = 0x4;
export const BMV_OF_SHARED = 0x8;

/** One FIEMAP extent, in bytes. */
export interface FiemapExtent {
  logical: number;
  physical: number;
  length: number;
  flags: number; // FIEMAP_EXTENT_* (LAST 0x1, UNKNOWN 0x2, DELALLOC 0x4, UNWRITTEN 0x800, SHARED 0x2000)
}

/** FS_IOC_FSGETXATTR as xfs_io `stat` shows it. */
export interface FsxAttr {
  xflags: number; // FS_XFLAG_* (EXTSIZE 0x800, COWEXTSIZE 0x10000, HASATTR 0x80000000 ...)
  extsize: number; // bytes
  cowextsize: number; // bytes
  projid: number;
  nextents: number;
  naextents: number;
}

/** fallocate(2) modes. */
export type FallocMode = 'alloc' | 'keep-size' | 'punch' | 'zero' | 'zero-keep' | 'unshare';

/** The scratch filesystem's geometry, as xfs_info / the bmap tool need it. */
export interface FsGeometry {
  blocksize: number;
  agcount: number;
  agblocks: number;
  agblklog: number;
  dblocks: number;
  logblocks: number;
  sectsize: number;
  inodesize: number;
  reflink: boolean;
}

/** Quota types of quotactl(2) (USRQUOTA, GRPQUOTA, PRJQUOTA). */
export type QuotaType = 'user' | 'group' | 'project';

/**
 * struct fs_disk_quota as Q_XGETQUOTA returns it: block counts and limits in 512-byte units, the
 * block count including reservations (delalloc), timers absolute wall-clock seconds (for id 0 the
 * grace periods).
 */
export interface FsDiskQuota {
  id: number;
  blkSoftlimit: number;
  blkHardlimit: number;
  inoSoftlimit: number;
  inoHardlimit: number;
  bcount: number;
  icount: number;
  btimer: number;
  itimer: number;
  bwarns: number;
  iwarns: number;
}

/** The fields of Q_XSETQLIM a caller sets (d_fieldmask); limits in 512-byte units, timers in seconds. */
export interface QuotaLimits {
  blkSoftlimit?: number;
  blkHardlimit?: number;
  inoSoftlimit?: number;
  inoHardlimit?: number;
  btimer?: number;
  itimer?: number;
}

/** One type of Q_XGETQSTATV: flags, the quota inode (null = none) and the grace periods. */
export interface QuotaTypeState {
  accounting: boolean;
  enforcing: boolean;
  ino: number | null;
  nblks: number;
  nextents: number;
  btimelimit: number;
  itimelimit: number;
  rtbtimelimit: number;
  bwarnlimit: number;
  iwarnlimit: number;
}

/** XFS_IOC_FREE_EOFBLOCKS filter (struct xfs_fs_eofblocks). */
export interface EofblocksFilter {
  sync?: boolean;
  uid?: number;
  gid?: number;
  prid?: number;
  minFileSize?: number;
}

/** A file descriptor number, per machine. */
export type Fd = number;

/** The kernel's system-call surface. */
/** posix_fadvise advice (POSIX_FADV_*). */
export type FadviseAdvice = 'normal' | 'dontneed' | 'noreuse' | 'random' | 'sequential' | 'willneed';

export interface Syscalls {
  open(path: string, flags: OpenFlags): Fd;
  close(fd: Fd): void;
  /** pwrite(2); returns bytes written (short on ENOSPC/EDQUOT after progress). */
  pwrite(fd: Fd, pos: number, len: number, src: WriteSource): number;
  /** pread(2); returns the bytes read (len capped at EOF). */
  pread(fd: Fd, pos: number, len: number): Uint8Array;
  /**
   * posix_fadvise(2) of [offset, offset+len) (len 0: to EOF): `sequential` doubles the file's
   * readahead maximum (cat and md5sum ask for it), `random` turns readahead off, `normal` restores
   * it; `willneed` reads the range ahead, `dontneed` starts writeback of its dirty pages and drops
   * its clean ones; `noreuse` does nothing.
   */
  fadvise(fd: Fd, offset: number, len: number, advice: FadviseAdvice): void;
  fsync(fd: Fd): void;
  fdatasync(fd: Fd): void;
  syncfs(fd: Fd): void;
  sync(): void;
  ftruncate(fd: Fd, size: number): void;
  truncate(path: string, size: number): void;
  fallocate(fd: Fd, mode: FallocMode, offset: number, len: number): void;
  /** FICLONERANGE (len 0 = to EOF) or whole-file FICLONE when all of soff/doff/len are undefined. */
  reflink(srcFd: Fd, dstFd: Fd, soff?: number, doff?: number, len?: number): void;
  /** FIDEDUPERANGE; returns bytes deduped. */
  dedupe(srcFd: Fd, dstFd: Fd, soff: number, doff: number, len: number): number;
  fstat(fd: Fd): StatResult;
  stat(path: string): StatResult;
  statfs(path: string): StatfsResult;
  getbmapx(fd: Fd, opts: GetbmapxOptions): GetbmapxRec[];
  /** FS_IOC_FIEMAP; `sync` is FIEMAP_FLAG_SYNC (write the file's dirty data back first). */
  fiemap(fd: Fd, opts?: { start?: number; len?: number; sync?: boolean }): FiemapExtent[];
  getFsxattr(fd: Fd): FsxAttr;
  setFsxattr(fd: Fd, attr: Partial<Pick<FsxAttr, 'xflags' | 'extsize' | 'cowextsize' | 'projid'>>): void;
  /**
   * fsetxattr("system.posix_acl_access") of the ACL a mode implies, as `cp -p` sets it: the kernel
   * keeps the mode and removes the (absent) ACL attribute (xfs_set_acl(NULL)).
   */
  setModeAcl?(fd: Fd): void;
  unlink(path: string): void;
  mkdir(path: string): void;
  rmdir(path: string): void;
  rename(from: string, to: string): void;
  readdir(path: string): string[];
  exists(path: string): boolean;
  chown(path: string, uid: number | undefined, gid: number | undefined): void;
  /** md5 of the whole file, as md5sum prints it (hex). */
  md5(path: string): string;
  geometry(): FsGeometry;
  // ---- optional: quota, credentials and administration (a machine without them answers ENOSYS)
  /** fstatfs(2) of an open file (project directories report their quota). */
  fstatfs?(fd: Fd): StatfsResult;
  /** Q_XGETQUOTA (`next`: Q_XGETNEXTQUOTA, the first id >= `id`); ESRCH quota off, ENOENT no dquot. */
  quotaGet?(type: QuotaType, id: number, next?: boolean): FsDiskQuota;
  /** Q_XSETQLIM (root only). */
  quotaSet?(type: QuotaType, id: number, limits: QuotaLimits): void;
  /** Q_XGETQSTATV for one type. */
  quotaState?(type: QuotaType): QuotaTypeState;
  /** time(2): wall-clock seconds of the simulated machine. */
  time?(): number;
  /** The running task's credentials. */
  getCred?(): { uid: number; gid: number };
  /**
   * A child task with other credentials (fork + setresgid/setresuid + exec): `run` executes with
   * them, the caller's are untouched afterwards. Only root may become someone else (EPERM).
   */
  runAs?<T>(uid: number, gid: number, run: () => T): T;
  /** XFS_IOC_GOINGDOWN: shut the filesystem down (flags 0 default, 1 log flush, 2 no log flush). */
  goingDown?(flags: number): void;
  /** XFS_IOC_ERROR_INJECTION / XFS_IOC_ERROR_CLEARALL on the scratch filesystem. */
  errorInject?(tag: number): void;
  errorClearAll?(): void;
  /** XFS_IOC_FREE_EOFBLOCKS: a blockgc scan with a filter. */
  freeEofblocks?(filter: EofblocksFilter): void;
}
