/**
 * fallocate(2) (xfs_file_fallocate, xfs_bmap_util.c): preallocation of unwritten extents
 * (xfs_alloc_file_space), hole punching (xfs_free_file_space) and zero range
 * (xfs_zero_file_space). Unsharing arrives with the copy-on-write work.
 */
import { iomapZeroRange } from './iomap-buffered-io.js';
import { flushUnmapRange } from './xfs-aops.js';
import { allocTarget, convertDelalloc, freeRealBlocks, isDelalloc, replaceReal, unmapRange } from './xfs-bmap.js';
import { XfsError } from './xfs-errors.js';
import { setattrSize } from './xfs-file.js';
import type { XfsFs } from './xfs-fs.js';
import { XFS_DIFLAG_PREALLOC, type XfsInode } from './xfs-inode.js';
import { hex } from './xfs-trace.js';
import { EXT_UNWRITTEN, MAX_BMBT_EXTLEN, type BmbtIrec } from './xfs-types.js';
import type { FallocMode } from './syscalls.js';
import { unshareRange } from './xfs-reflink-unshare.js';

function inodeEvent(fs: XfsFs, event: string, ip: XfsInode): void {
  if (fs.tracer.on(event)) fs.tracer.emit(event, { ino: hex(ip.ino), iflags: hex(ip.iflags) });
}

/** xfs_alloc_file_space: unwritten extents over the holes (and delalloc) of the range. */
export function allocFileSpace(fs: XfsFs, ip: XfsInode, offset: number, len: number): void {
  inodeEvent(fs, 'xfs_alloc_file_space', ip);
  const mp = fs.mp;
  const start = mp.bToFsbt(offset);
  const end = mp.bToFsb(offset + len);
  let at = start;
  while (at < end) {
    const got = ip.df.lookup(at);
    if (got && got.startoff <= at) {
      if (isDelalloc(got)) convertDelalloc(fs, ip, 'data', at);
      else at = got.startoff + got.blockcount;
      continue;
    }
    const holeEnd = Math.min(end, got ? got.startoff : end);
    const want = holeEnd - at;
    mp.decFdblocks(want, false);
    try {
      // xfs_trans_alloc_inode: quota for the rest of the range plus a bmbt split, before any block.
      fs.quota.transAlloc?.(ip, Math.min(end - at, MAX_BMBT_EXTLEN) + mp.bmMaxLevels - 1, false);
    } catch (e) {
      mp.addFdblocks(want);
      throw e;
    }
    const res = fs.alloc.alloc(allocTarget(fs, ip, ip.df, at, want), want);
    if (!res) {
      mp.addFdblocks(want);
      fs.quota.transCancel?.();
      throw new XfsError('ENOSPC', 'fallocate');
    }
    if (res.len < want) mp.addFdblocks(want - res.len);
    fs.quota.chargeAllocated(ip, res.len, false);
    fs.quota.transCommit?.();
    const rec: BmbtIrec = { startoff: at, startblock: res.fsb, blockcount: res.len, state: EXT_UNWRITTEN };
    replaceReal(ip.df, at, at + res.len, [rec]);
    ip.nblocks += res.len;
    at += res.len;
  }
}

/** xfs_free_file_space: zero the partial blocks at the edges and unmap the whole blocks between. */
export function freeFileSpace(fs: XfsFs, ip: XfsInode, offset: number, len: number): void {
  inodeEvent(fs, 'xfs_free_file_space', ip);
  const mp = fs.mp;
  const start = mp.bToFsb(offset);
  const end = mp.bToFsbt(offset + len);
  if (end > start) {
    if (fs.tracer.on('xfs_bunmap')) {
      fs.tracer.emit('xfs_bunmap', {
        ino: hex(ip.ino), disize: hex(ip.diskSize), fileoff: hex(start), fsbcount: hex(end - start), flags: '', caller: 'xfs_bunmapi',
      });
    }
    unmapRange(fs, ip, 'data', start, end, freeRealBlocks);
  }
  // The partial blocks at either end are zeroed in the page cache (xfs_zero_range).
  const headEnd = Math.min(offset + len, mp.fsbToB(start));
  if (headEnd > offset && offset < ip.size) iomapZeroRange(fs, ip, offset, Math.min(headEnd, ip.size) - offset);
  const tailStart = Math.max(offset, mp.fsbToB(end));
  if (end >= start && tailStart < offset + len && tailStart < ip.size) {
    iomapZeroRange(fs, ip, tailStart, Math.min(offset + len, ip.size) - tailStart);
  }
  ip.content.zero(offset, Math.max(0, Math.min(offset + len, ip.size) - offset));
}

/** fallocate(2) on an XFS inode. */
export function fallocate(fs: XfsFs, ip: XfsInode, mode: FallocMode, offset: number, len: number): void {
  if (fs.shutdown) throw new XfsError('EIO', 'fallocate');
  const mp = fs.mp;
  switch (mode) {
    case 'alloc':
    case 'keep-size':
      allocFileSpace(fs, ip, offset, len);
      ip.diflags |= XFS_DIFLAG_PREALLOC;
      if (mode === 'alloc' && offset + len > ip.size) setattrSize(fs, ip, offset + len);
      return;
    case 'punch':
      flushUnmapRange(fs, ip, offset, len);
      freeFileSpace(fs, ip, offset, len);
      return;
    case 'zero':
    case 'zero-keep': {
      flushUnmapRange(fs, ip, offset, len);
      inodeEvent(fs, 'xfs_zero_file_space', ip);
      freeFileSpace(fs, ip, offset, len);
      const s = Math.floor(offset / mp.blocksize) * mp.blocksize;
      const e = Math.ceil((offset + len) / mp.blocksize) * mp.blocksize;
      allocFileSpace(fs, ip, s, e - s);
      ip.diflags |= XFS_DIFLAG_PREALLOC;
      if (mode === 'zero' && offset + len > ip.size) setattrSize(fs, ip, offset + len);
      return;
    }
    case 'unshare':
      unshareRange(fs, ip, offset, len);
      ip.diflags |= XFS_DIFLAG_PREALLOC;
      if (offset + len > ip.size) setattrSize(fs, ip, offset + len);
      return;
  }
}
