/**
 * The extent-map ioctls (fs/xfs/xfs_ioctl.c / xfs_bmap_util.c: xfs_getbmap; iomap fiemap) and
 * FS_IOC_FSGETXATTR / FSSETXATTR.
 */
import { isDelalloc, recEnd, trimReal } from './xfs-bmap.js';
import { writebackRange } from './xfs-aops.js';
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import {
  XFS_DIFLAG2_COWEXTSIZE, XFS_DIFLAG_APPEND, XFS_DIFLAG_PROJINHERIT, XFS_DIFLAG_EXTSIZE, XFS_DIFLAG_EXTSZINHERIT,
  XFS_DIFLAG_PREALLOC, type XfsInode,
} from './xfs-inode.js';
import { EXT_NORM, EXT_UNWRITTEN, HOLESTARTBLOCK, startBlockHex, type BmbtIrec } from './xfs-types.js';
import { hex } from './xfs-trace.js';
import { hasAttrFork } from './xfs-bmap-btree.js';
import {
  BMV_OF_DELALLOC, BMV_OF_LAST, BMV_OF_PREALLOC, BMV_OF_SHARED,
  type FiemapExtent, type FsxAttr, type GetbmapxOptions, type GetbmapxRec,
} from './syscalls.js';
import { isSharedExtent, trimAroundShared } from './xfs-reflink.js';

/**
 * xfs_getbmap: the fork's extents in 512-byte units, holes included. The data fork is shown up to
 * EOF (post-EOF preallocation hidden) unless the file has preallocated/append-only flags or an
 * extent size hint; the CoW fork is shown whole.
 */
export function getbmapx(fs: XfsFs, ip: XfsInode, opts: GetbmapxOptions): GetbmapxRec[] {
  if (opts.attr) return [];
  const mp = fs.mp;
  const bb = mp.blocksize / 512;
  const fork = opts.cow ? ip.cowFork : ip.df;
  if (opts.cow && !fork) return [];
  // No extent at all: with BMV_IF_DELALLOC a whole-file hole is reported, even an empty one
  // ("0: [0..-1]: hole" for an empty file; xfs_getbmap_report_hole).
  if (!opts.cow && !opts.noDelalloc && ip.df.count === 0) {
    return [{ offset: 0, block: -1, length: mp.bToFsb(ip.size) * bb, oflags: BMV_OF_LAST }];
  }
  let endFsb: number;
  if (opts.cow) {
    const last = fork!.last();
    endFsb = last ? recEnd(last) : 0;
  } else if (ip.extszHint() || ip.diflags & (XFS_DIFLAG_PREALLOC | XFS_DIFLAG_APPEND)) {
    const last = fork!.last();
    endFsb = Math.max(mp.bToFsb(ip.size), last ? recEnd(last) : 0);
  } else {
    endFsb = mp.bToFsb(ip.size);
  }
  const out: GetbmapxRec[] = [];
  // xfs_getbmap_full: the caller's map holds count - 1 records; the kernel stops there, before the
  // next extent is looked at (so a second, larger call traces the first one's pieces again).
  const full = (): boolean => opts.count !== undefined && out.length >= opts.count - 1;
  let at = 0;
  for (const rec of fork!.rangeArray(0, endFsb)) {
    const s = Math.max(rec.startoff, 0);
    if (s > at) out.push({ offset: at * bb, block: -1, length: (s - at) * bb, oflags: 0 });
    if (full()) return out;
    const e = Math.min(recEnd(rec), endFsb);
    if (!opts.cow && ip.isReflink() && !isDelalloc(rec)) {
      // xfs_getbmap_report_one: written extents of a reflink inode are reported in pieces that
      // are wholly shared or wholly unshared (each piece traces xfs_reflink_trim_around_shared).
      for (let p = s; p < e;) {
        const { imap, shared } = trimAroundShared(fs, ip, trimReal(rec, p, e));
        out.push(bmapRec(fs, imap, imap.startoff, recEnd(imap), bb, shared));
        if (full()) return out;
        p = recEnd(imap);
      }
    } else {
      out.push(bmapRec(fs, rec, s, e, bb, false));
      if (full()) return out;
    }
    at = e;
  }
  if (at < endFsb && !opts.cow) out.push({ offset: at * bb, block: -1, length: (endFsb - at) * bb, oflags: 0 });
  if (out.length) out[out.length - 1].oflags |= BMV_OF_LAST;
  return out;
}

function bmapRec(fs: XfsFs, rec: BmbtIrec, s: number, e: number, bb: number, shared: boolean): GetbmapxRec {
  if (isDelalloc(rec)) return { offset: s * bb, block: -2, length: (e - s) * bb, oflags: BMV_OF_DELALLOC };
  let oflags = rec.state === EXT_UNWRITTEN ? BMV_OF_PREALLOC : 0;
  if (shared) oflags |= BMV_OF_SHARED;
  const fsb = rec.startblock + (s - rec.startoff);
  return { offset: s * bb, block: fs.mp.fsbToDaddr(fsb), length: (e - s) * bb, oflags };
}

/** FIEMAP's whole-file length (LLONG_MAX bytes) and the block where its last hole ends (2^63 >> 12). */
const FIEMAP_MAX_BYTES = 2n ** 63n - 1n;
const FIEMAP_END_FSB = 2 ** 51;

/**
 * iomap_fiemap asks xfs_read_iomap_begin for each mapping from `start`, extents and holes alike, up to
 * the last extent and the hole after it: an xfs_iomap_found each, the bytes left to LLONG_MAX as its
 * count (recording 60).
 */
function traceFiemapMappings(fs: XfsFs, ip: XfsInode, start: number): void {
  if (!fs.tracer.on('xfs_iomap_found')) return;
  const bs = fs.mp.blocksize;
  const emit = (rec: BmbtIrec): void => {
    const pos = rec.startoff * bs;
    fs.tracer.emit('xfs_iomap_found', {
      ino: hex(ip.ino), disize: hex(ip.diskSize), pos: hex(pos), bytecount: '0x' + (FIEMAP_MAX_BYTES - BigInt(pos)).toString(16),
      fork: 'data', startoff: hex(rec.startoff), startblock: startBlockHex(rec.startblock), fsbcount: hex(rec.blockcount),
    });
  };
  let at = start;
  for (const rec of ip.df.range(start, FIEMAP_END_FSB)) {
    if (rec.startoff > at) emit({ startoff: at, startblock: HOLESTARTBLOCK, blockcount: rec.startoff - at, state: EXT_NORM });
    const from = Math.max(at, rec.startoff);
    emit({ ...rec, startoff: from, startblock: isDelalloc(rec) ? rec.startblock : rec.startblock + (from - rec.startoff), blockcount: recEnd(rec) - from });
    at = recEnd(rec);
  }
  emit({ startoff: at, startblock: HOLESTARTBLOCK, blockcount: FIEMAP_END_FSB - at, state: EXT_NORM });
}

/**
 * FIEMAP over the data fork, in bytes. With FIEMAP_FLAG_SYNC (`sync`: xfs_io asks for it) the file's
 * dirty data is written back first (fiemap_prep's filemap_write_and_wait), so delalloc shows as the
 * blocks writeback gives it (recording 60).
 */
export function fiemap(fs: XfsFs, ip: XfsInode, opts: { start?: number; len?: number; sync?: boolean }): FiemapExtent[] {
  const mp = fs.mp;
  if (opts.sync) writebackRange(fs, ip);
  const bs = mp.blocksize;
  const start = mp.bToFsbt(opts.start ?? 0);
  const end = opts.len === undefined ? Number.MAX_SAFE_INTEGER : mp.bToFsb((opts.start ?? 0) + opts.len);
  const out: FiemapExtent[] = [];
  traceFiemapMappings(fs, ip, start);
  for (const rec of ip.df.range(start, end)) {
    let flags = 0;
    let physical = 0;
    if (isDelalloc(rec)) flags |= 0x4 | 0x2;
    else {
      physical = mp.fsbToDaddr(rec.startblock) * 512;
      if (rec.state === EXT_UNWRITTEN) flags |= 0x800;
      if (ip.isReflink() && isSharedExtent(fs, ip, rec)) flags |= 0x2000;
    }
    out.push({ logical: rec.startoff * bs, physical, length: rec.blockcount * bs, flags });
  }
  if (out.length) out[out.length - 1].flags |= 0x1;
  return out;
}

const FS_XFLAG_PREALLOC = 0x2;
const FS_XFLAG_APPEND = 0x10;
const FS_XFLAG_PROJINHERIT = 0x200;
const FS_XFLAG_EXTSIZE = 0x800;
const FS_XFLAG_EXTSZINHERIT = 0x1000;
const FS_XFLAG_COWEXTSIZE = 0x10000;
const FS_XFLAG_HASATTR = 0x80000000;

/** FS_IOC_FSGETXATTR. */
export function getFsxattr(fs: XfsFs, ip: XfsInode): FsxAttr {
  let xflags = hasAttrFork(fs) ? FS_XFLAG_HASATTR : 0;
  if (ip.diflags & XFS_DIFLAG_PREALLOC) xflags |= FS_XFLAG_PREALLOC;
  if (ip.diflags & XFS_DIFLAG_APPEND) xflags |= FS_XFLAG_APPEND;
  if (ip.diflags & XFS_DIFLAG_PROJINHERIT) xflags |= FS_XFLAG_PROJINHERIT;
  if (ip.diflags & XFS_DIFLAG_EXTSIZE) xflags |= FS_XFLAG_EXTSIZE;
  if (ip.diflags & XFS_DIFLAG_EXTSZINHERIT) xflags |= FS_XFLAG_EXTSZINHERIT;
  if (ip.diflags2 & XFS_DIFLAG2_COWEXTSIZE) xflags |= FS_XFLAG_COWEXTSIZE;
  // xfs_fill_fsxattr counts the in-core records (xfs_iext_count): delalloc ones included.
  const nextents = ip.df.count;
  return {
    xflags: xflags >>> 0, extsize: ip.extsize * fs.mp.blocksize, cowextsize: ip.cowextsize * fs.mp.blocksize,
    projid: ip.projid, nextents, naextents: 0,
  };
}

/** FS_IOC_FSSETXATTR: extent size hints, append-only, project id. */
export function setFsxattr(fs: XfsFs, ip: XfsInode, attr: Partial<Pick<FsxAttr, 'xflags' | 'extsize' | 'cowextsize' | 'projid'>>): void {
  const bs = fs.mp.blocksize;
  if (attr.extsize !== undefined) {
    if (attr.extsize % bs) throw new XfsError('EINVAL', 'FS_IOC_FSSETXATTR');
    const blocks = attr.extsize / bs;
    if (!ip.isDir && blocks !== ip.extsize && ip.df.count > 0) throw new XfsError('EINVAL', 'FS_IOC_FSSETXATTR');
    ip.extsize = blocks;
    const flag = ip.isDir ? XFS_DIFLAG_EXTSZINHERIT : XFS_DIFLAG_EXTSIZE;
    if (blocks) ip.diflags |= flag;
    else ip.diflags &= ~flag;
  }
  if (attr.cowextsize !== undefined) {
    if (attr.cowextsize % bs) throw new XfsError('EINVAL', 'FS_IOC_FSSETXATTR');
    ip.cowextsize = attr.cowextsize / bs;
    if (ip.cowextsize) ip.diflags2 |= XFS_DIFLAG2_COWEXTSIZE;
    else ip.diflags2 &= ~XFS_DIFLAG2_COWEXTSIZE;
  }
  if (attr.xflags !== undefined) {
    if (attr.xflags & FS_XFLAG_APPEND) ip.diflags |= XFS_DIFLAG_APPEND;
    else ip.diflags &= ~XFS_DIFLAG_APPEND;
    if (attr.xflags & FS_XFLAG_PROJINHERIT) ip.diflags |= XFS_DIFLAG_PROJINHERIT;
    else ip.diflags &= ~XFS_DIFLAG_PROJINHERIT;
  }
  // xfs_ioctl_setattr: with quota on, the dquots are looked up (and a project change moves usage).
  fs.quota.setxattr?.(ip, attr.projid ?? ip.projid, true);
  if (attr.projid !== undefined) ip.projid = attr.projid;
}
