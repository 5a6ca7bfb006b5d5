/**
 * xfs_buffered_write_iomap_begin / _end and xfs_iomap_prealloc_size (fs/xfs/xfs_iomap.c): what a
 * buffered write, a zeroing or an unsharing pass maps for each range, and where speculative EOF
 * preallocation comes from. Every begin call reports the branch it took, for the code-path view.
 */
import {
  delExtentDelay, isDelalloc, punchDelallocRange, recEnd, reserveDelalloc, convertDelalloc,
} from './xfs-bmap.js';
import { XfsError } from './xfs-errors.js';
import { errortagTest, XFS_ERRTAG_BMAPIFORMAT } from './xfs-errortag.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { hex } from './xfs-trace.js';
import {
  EXT_NORM, HOLESTARTBLOCK, MAX_BMBT_EXTLEN, startBlockHex, type BmbtIrec, type WhichFork,
} from './xfs-types.js';
import { trimCow } from './xfs-reflink.js';
import { directWriteIomapBegin } from './xfs-iomap-direct.js';

/** iomap types (include/linux/iomap.h). */
export type IomapType = 'hole' | 'delalloc' | 'mapped' | 'unwritten';

/** IOMAP_F_NEW / IOMAP_F_SHARED. */
export const IOMAP_F_NEW = 0x1;
export const IOMAP_F_SHARED = 0x4;

/** iomap_begin request flags. */
export type IomapOp = 'write' | 'zero' | 'unshare';

/** A mapping returned by iomap_begin, in bytes. */
export interface Iomap {
  type: IomapType;
  offset: number;
  length: number;
  flags: number;
  /** The extent it came from. */
  rec: BmbtIrec | null;
  fork: WhichFork;
}

/** The branches of xfs_buffered_write_iomap_begin, named for the code-path view. */
export type IomapBranch =
  | 'extsize_direct' | 'zero_hole' | 'unshare_hole' | 'convert_delay' | 'found_cow'
  | 'found_imap' | 'shared_trim_found' | 'shared_alloc_cow' | 'hole_alloc' | 'hole_alloc_cow';

/** What one iomap_begin call decided, kept for the run result. */
export interface IomapDecision {
  ino: number;
  op: IomapOp;
  pos: number;
  count: number;
  branch: IomapBranch;
  eof: boolean;
  isize: number;
  preallocBlocks: number;
  iomap: { type: IomapType; offset: number; length: number; flags: number };
  srcmap: { type: IomapType; offset: number; length: number } | null;
}

/** Result of iomap_begin. */
export interface IomapResult {
  iomap: Iomap;
  srcmap: Iomap | null;
  /** Present when decisions are being recorded (setRecordDecisions). */
  decision: IomapDecision | null;
}

let recordDecisions = false;

/** Record the branch and inputs of every iomap_begin call (the run result's code-path view). */
export function setRecordDecisions(on: boolean): void {
  recordDecisions = on;
}

function result(
  ip: XfsInode, op: IomapOp, pos: number, count: number, branch: IomapBranch, eof: boolean, prealloc: number,
  iomap: Iomap, srcmap: Iomap | null,
): IomapResult {
  if (!recordDecisions) return { iomap, srcmap, decision: null };
  return {
    iomap, srcmap,
    decision: {
      ino: ip.ino, op, pos, count, branch, eof, isize: ip.size, preallocBlocks: prealloc,
      iomap: { type: iomap.type, offset: iomap.offset, length: iomap.length, flags: iomap.flags },
      srcmap: srcmap ? { type: srcmap.type, offset: srcmap.offset, length: srcmap.length } : null,
    },
  };
}

function toIomap(fs: XfsFs, rec: BmbtIrec, flags: number, fork: WhichFork): Iomap {
  const bs = fs.mp.blocksize;
  let type: IomapType;
  if (rec.startblock === HOLESTARTBLOCK) type = 'hole';
  else if (isDelalloc(rec)) type = 'delalloc';
  else type = rec.state === EXT_NORM ? 'mapped' : 'unwritten';
  return { type, offset: rec.startoff * bs, length: rec.blockcount * bs, flags, rec, fork };
}

/** Trace fields of the xfs_iomap_alloc / xfs_iomap_found class. */
export function imapTrace(
  fs: XfsFs, event: string, ip: XfsInode, pos: number, count: number, fork: WhichFork, rec: BmbtIrec,
): void {
  if (!fs.tracer.on(event)) return;
  fs.tracer.emit(event, {
    ino: hex(ip.ino), disize: hex(ip.diskSize), pos: hex(pos), bytecount: hex(count), fork,
    startoff: hex(rec.startoff), startblock: startBlockHex(rec.startblock), fsbcount: hex(rec.blockcount),
  });
}

/** Trace of the xfs_reflink_* extent class (fileoff/fsbcount/startblock/st). */
export function extentTrace(fs: XfsFs, event: string, ip: XfsInode, rec: BmbtIrec): void {
  if (!fs.tracer.on(event)) return;
  fs.tracer.emit(event, {
    ino: hex(ip.ino), fileoff: hex(rec.startoff), fsbcount: hex(rec.blockcount),
    startblock: startBlockHex(rec.startblock), st: String(rec.state),
  });
}

/**
 * xfs_iomap_prealloc_size: how many blocks of speculative preallocation an extending write gets,
 * doubling the size of the contiguous run before it, throttled by free space (and quota).
 */
export function preallocSize(fs: XfsFs, ip: XfsInode, which: WhichFork, offset: number): number {
  const mp = fs.mp;
  const fork = ip.fork(which);
  const offsetFsb = mp.bToFsbt(offset);
  if (ip.size < mp.fsbToB(mp.allocsizeBlocks)) return 0;
  let prev = fork.lookupBefore(offsetFsb);
  if (prev && recEnd(prev) > offsetFsb) prev = fork.prev(prev);
  if (!prev || recEnd(prev) < offsetFsb) return mp.allocsizeBlocks;
  let plen = prev.blockcount;
  for (let got = fork.prev(prev); got; got = fork.prev(got)) {
    if (plen > Math.floor(MAX_BMBT_EXTLEN / 2) || isDelalloc(got)) break;
    if (recEnd(got) !== prev.startoff || got.startblock + got.blockcount !== prev.startblock) break;
    plen += got.blockcount;
    prev = got;
  }
  let allocBlocks = plen * 2;
  if (allocBlocks > MAX_BMBT_EXTLEN) allocBlocks = mp.bToFsb(offset);
  allocBlocks = Math.min(2 ** 21, allocBlocks);
  let freesp = Math.max(0, mp.fdblocks);
  let shift = 0;
  if (freesp < mp.lowSpace[4]) {
    shift = 2;
    for (let i = 3; i >= 0; i--) if (freesp < mp.lowSpace[i]) shift++;
  }
  const q = fs.quota as { preallocThrottle?: (ip: XfsInode, alloc: number, freesp: number) => { qblocks: number; qshift: number; freesp: number } | null };
  const throttle = q.preallocThrottle?.(ip, allocBlocks, freesp) ?? null;
  if (throttle) {
    allocBlocks = Math.min(allocBlocks, throttle.qblocks);
    shift = Math.max(shift, throttle.qshift);
    freesp = throttle.freesp;
  }
  if (shift) allocBlocks = Math.floor(allocBlocks / 2 ** shift);
  if (allocBlocks) allocBlocks = 2 ** Math.floor(Math.log2(allocBlocks));
  if (allocBlocks > MAX_BMBT_EXTLEN) allocBlocks = MAX_BMBT_EXTLEN;
  while (allocBlocks && allocBlocks >= freesp) allocBlocks = Math.floor(allocBlocks / 16);
  if (allocBlocks < mp.allocsizeBlocks) allocBlocks = mp.allocsizeBlocks;
  if (fs.tracer.on('xfs_iomap_prealloc_size')) {
    fs.tracer.emit('xfs_iomap_prealloc_size', {
      ino: hex(ip.ino), prealloc_blocks: String(allocBlocks), shift: String(shift),
      m_allocsize_blocks: String(mp.allocsizeBlocks),
    });
  }
  return allocBlocks;
}

/**
 * xfs_buffered_write_iomap_begin: map [offset, offset+count) for a buffered write (or a zero /
 * unshare pass), reserving delalloc space as needed.
 */
export function bufferedWriteIomapBegin(
  fs: XfsFs, ip: XfsInode, offset: number, count: number, op: IomapOp,
): IomapResult {
  const mp = fs.mp;
  const bs = mp.blocksize;
  if (fs.shutdown) throw new XfsError('EIO', 'iomap_begin');
  const offsetFsb = mp.bToFsbt(offset);
  let endFsb = mp.bToFsb(offset + count);
  if (ip.extszHint()) {
    const r = directWriteIomapBegin(fs, ip, offset, count, op);
    return result(ip, op, offset, count, 'extsize_direct', false, 0, r.iomap, r.srcmap);
  }

  // A data fork in neither extents nor btree format (injectable: XFS_ERRTAG_BMAPIFORMAT).
  if (errortagTest(fs, XFS_ERRTAG_BMAPIFORMAT)) throw new XfsError('EFSCORRUPTED', 'iomap_begin');
  let imap = ip.df.lookup(offsetFsb);
  const eof = imap === undefined;
  if (!imap) imap = { startoff: endFsb, startblock: HOLESTARTBLOCK, blockcount: 0, state: EXT_NORM };

  // Zeroing or unsharing a hole: nothing to do there (the CoW fork is not consulted).
  if (op !== 'write' && imap.startoff > offsetFsb) {
    const hole = { startoff: offsetFsb, startblock: HOLESTARTBLOCK, blockcount: imap.startoff - offsetFsb, state: EXT_NORM } as const;
    return result(ip, op, offset, count, op === 'zero' ? 'zero_hole' : 'unshare_hole', eof, 0, toIomap(fs, hole, 0, 'data'), null);
  }

  if (op === 'zero' && imap.startoff <= offsetFsb && isDelalloc(imap)) {
    const eofFsb = mp.bToFsb(ip.size);
    if (offsetFsb >= eofFsb) {
      // convert_delay: zeroing delalloc wholly past EOF turns it into unwritten extents.
      const stale = imap;
      const real = convertDelalloc(fs, ip, 'data', offsetFsb);
      imapTrace(fs, 'xfs_iomap_alloc', ip, offset, count, 'data', stale);
      return result(ip, op, offset, count, 'convert_delay', eof, 0, toIomap(fs, real, 0, 'data'), null);
    }
    if (endFsb > eofFsb) {
      endFsb = eofFsb;
      const s = Math.max(imap.startoff, offsetFsb);
      imap = { startoff: s, startblock: imap.startblock, blockcount: Math.min(recEnd(imap), endFsb) - s, state: imap.state };
    }
  }

  const cowInode = ip.isReflink() || (fs.sysctl.alwaysCow && mp.reflink);
  if (cowInode) {
    const cmap = ip.fork('cow').lookup(offsetFsb);
    if (cmap && cmap.startoff <= offsetFsb) {
      extentTrace(fs, 'xfs_reflink_cow_found', ip, cmap);
      return foundCow(fs, ip, op, offset, count, offsetFsb, imap, cmap, 0, 'found_cow', eof, 0);
    }
  }

  let allocFork: WhichFork = 'data';
  if (imap.startoff <= offsetFsb) {
    if (!cowInode || (op === 'zero' && imap.state !== EXT_NORM)) {
      imapTrace(fs, 'xfs_iomap_found', ip, offset, count, 'data', imap);
      return result(ip, op, offset, count, 'found_imap', eof, 0, toIomap(fs, imap, 0, 'data'), null);
    }
    const t = trimCow(fs, ip, imap, offsetFsb, endFsb);
    imap = t.imap;
    if (!t.shared) {
      imapTrace(fs, 'xfs_iomap_found', ip, offset, count, 'data', imap);
      return result(ip, op, offset, count, 'shared_trim_found', eof, 0, toIomap(fs, imap, 0, 'data'), null);
    }
    allocFork = 'cow';
    endFsb = recEnd(imap);
  } else {
    count = Math.min(count, 1024 * 4096);
    endFsb = mp.bToFsb(offset + count);
    if (fs.sysctl.alwaysCow && mp.reflink) allocFork = 'cow';
  }

  let preallocBlocks = 0;
  if (eof && offset + count > ip.size) {
    if (mp.hasAllocsize) preallocBlocks = mp.allocsizeBlocks;
    else preallocBlocks = preallocSize(fs, ip, allocFork, offset);
    if (preallocBlocks) {
      const endOffset = Math.floor((offset + count - 1) / 2 ** mp.allocsizeLog) * 2 ** mp.allocsizeLog;
      const pEndFsb = mp.bToFsbt(endOffset) + preallocBlocks;
      preallocBlocks = Math.max(0, pEndFsb - endFsb);
    }
  }

  if (allocFork === 'cow') {
    const cfork = ip.fork('cow');
    const next = cfork.lookup(offsetFsb);
    const prev = cfork.lookupBefore(offsetFsb);
    const cmap = reserveDelalloc(fs, ip, 'cow', offsetFsb, endFsb - offsetFsb, preallocBlocks, next, prev);
    imapTrace(fs, 'xfs_iomap_alloc', ip, offset, count, 'cow', cmap);
    const branch = imap.startoff <= offsetFsb ? 'shared_alloc_cow' : 'hole_alloc_cow';
    return foundCow(fs, ip, op, offset, count, offsetFsb, imap, cmap, IOMAP_F_NEW, branch, eof, preallocBlocks);
  }
  const next = eof ? undefined : imap;
  const prev = ip.df.lookupBefore(offsetFsb);
  const rec = reserveDelalloc(fs, ip, 'data', offsetFsb, endFsb - offsetFsb, preallocBlocks, next, prev);
  imapTrace(fs, 'xfs_iomap_alloc', ip, offset, count, 'data', rec);
  void bs;
  return result(ip, op, offset, count, 'hole_alloc', eof, preallocBlocks, toIomap(fs, rec, IOMAP_F_NEW, 'data'), null);
}

function foundCow(
  fs: XfsFs, ip: XfsInode, op: IomapOp, offset: number, count: number, offsetFsb: number, imap: BmbtIrec,
  cmap: BmbtIrec, flags: number, branch: IomapBranch, eof: boolean, prealloc: number,
): IomapResult {
  let srcmap: Iomap | null = null;
  if (imap.startoff <= offsetFsb) {
    srcmap = toIomap(fs, imap, 0, 'data');
  } else if (recEnd(cmap) > imap.startoff && imap.blockcount > 0) {
    const s = Math.max(cmap.startoff, offsetFsb);
    cmap = { ...cmap, startoff: s, blockcount: imap.startoff - s };
  } else if (cmap.startoff < offsetFsb && imap.blockcount > 0) {
    cmap = { ...cmap, startoff: offsetFsb, blockcount: Math.min(recEnd(cmap), imap.startoff) - offsetFsb };
  }
  return result(ip, op, offset, count, branch, eof, prealloc, toIomap(fs, cmap, flags | IOMAP_F_SHARED, 'cow'), srcmap);
}

/**
 * xfs_buffered_write_iomap_end: punch the part of a new delalloc reservation that the write did not
 * use and that backs no dirty page cache ([round_up(offset+written), round_up(offset+length))).
 */
export function bufferedWriteIomapEnd(
  fs: XfsFs, ip: XfsInode, offset: number, length: number, written: number, iomap: Iomap,
): void {
  if (iomap.type !== 'delalloc' || !(iomap.flags & IOMAP_F_NEW)) return;
  const bs = fs.mp.blocksize;
  const startByte = written === 0 ? offset : Math.ceil((offset + written) / bs) * bs;
  const endByte = Math.ceil((offset + length) / bs) * bs;
  if (startByte >= endByte) return;
  const which: WhichFork = iomap.flags & IOMAP_F_SHARED ? 'cow' : 'data';
  // iomap_write_delalloc_release: blocks under dirty page cache inside EOF keep their reservation.
  let punchStart = fs.mp.bToFsbt(startByte);
  const endFsb = fs.mp.bToFsb(endByte);
  const scanEnd = Math.min(endFsb, fs.mp.bToFsb(Math.min(ip.size, endByte)));
  for (const [s, e] of ip.dirty.ranges(punchStart, scanEnd)) {
    if (s > punchStart) punchDelallocRange(fs, ip, which, punchStart, s);
    punchStart = e;
  }
  if (punchStart < endFsb) punchDelallocRange(fs, ip, which, punchStart, endFsb);
  void delExtentDelay;
}
