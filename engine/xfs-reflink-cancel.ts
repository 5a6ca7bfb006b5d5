/**
 * Cancelling CoW staging extents (fs/xfs/xfs_reflink.c: xfs_reflink_cancel_cow_blocks): drop the
 * CoW fork's reservations and unwritten staging blocks in a range, and written ones too when
 * `cancelReal` (truncate, eviction).
 */
import { clearBlockgcTag, delExtentDelay, isDelalloc, recEnd, replaceReal, trimReal } from './xfs-bmap.js';
import type { XfsFs } from './xfs-fs.js';
import { XFS_ICOWBLOCKS, type XfsInode } from './xfs-inode.js';
import { extentTrace } from './xfs-iomap.js';
import { EXT_NORM } from './xfs-types.js';

/** Free the CoW fork's extents in [start, end) (blocks). */
export function cancelCowRange(fs: XfsFs, ip: XfsInode, start: number, end: number, cancelReal: boolean): void {
  if (!ip.cowFork) return;
  const fork = ip.cowFork;
  for (const got of fork.rangeArray(start, end).reverse()) {
    const s = Math.max(start, got.startoff);
    const e = Math.min(end, recEnd(got));
    extentTrace(fs, 'xfs_reflink_cancel_cow', ip, got);
    if (isDelalloc(got)) {
      delExtentDelay(fs, ip, 'cow', got, s, e - s);
    } else if (cancelReal || got.state !== EXT_NORM) {
      const piece = trimReal(got, s, e);
      replaceReal(fork, s, e, []);
      fs.alloc.freeExtent(piece.startblock, piece.blockcount);
      fs.mp.addFdblocks(piece.blockcount);
      ip.delayedBlks -= piece.blockcount;
      fs.quota.unreserveBlkres(ip, piece.blockcount);
    }
  }
  if (fork.count === 0 && ip.iflags & XFS_ICOWBLOCKS) clearBlockgcTag(fs, ip, XFS_ICOWBLOCKS);
}
