/**
 * Cancelling CoW staging extents (fs/xfs/xfs_reflink.c: xfs_reflink_cancel_cow_blocks): drop the
 * CoW fork's reservations and unwritten staging blocks in a range, and written ones too when
 * `cancelReal` (truncate, eviction).
 */
import { clearBlockgcTag, delExtentDelay, freeRealBlocks, isDelalloc, recEnd, replaceReal, trimReal } from './xfs-bmap.js';
import type { XfsFs } from './xfs-fs.js';
import { XFS_ICOWBLOCKS, type XfsInode } from './xfs-inode.js';
import { extentTrace } from './xfs-iomap.js';
import { DELAYSTARTBLOCK, EXT_NORM } from './xfs-types.js';

/** Free the CoW fork's extents in [start, end) (blocks). */
export function cancelCowRange(fs: XfsFs, ip: XfsInode, start: number, end: number, cancelReal: boolean): void {
  if (!ip.cowFork) return;
  const fork = ip.cowFork;
  for (const got of fork.rangeArray(start, end).reverse()) {
    const s = Math.max(start, got.startoff);
    const e = Math.min(end, recEnd(got));
    // The piece as traced: trimmed to the range; a front-trimmed delalloc piece loses its indlen
    // encoding and prints DELAYSTARTBLOCK (37, generic-148).
    const shown = isDelalloc(got)
      ? { ...got, startoff: s, blockcount: e - s, startblock: s > got.startoff ? DELAYSTARTBLOCK : got.startblock }
      : trimReal(got, s, e);
    extentTrace(fs, 'xfs_reflink_cancel_cow', ip, shown);
    if (isDelalloc(got)) {
      delExtentDelay(fs, ip, 'cow', got, s, e - s);
    } else if (cancelReal || got.state !== EXT_NORM) {
      const piece = trimReal(got, s, e);
      replaceReal(fork, s, e, []);
      freeRealBlocks(fs, ip, 'cow', piece);
    }
  }
  if (fork.count === 0 && ip.iflags & XFS_ICOWBLOCKS) clearBlockgcTag(fs, ip, XFS_ICOWBLOCKS);
}
