/**
 * The data fork's format (fs/xfs/libxfs/xfs_bmap.c, xfs_bmap_btree.c): an inode holds its extents in
 * its literal area while they fit (XFS_IFORK_MAXEXT: 21 with 512-byte inodes and no attribute fork);
 * past that the fork becomes a B+tree whose blocks belong to the file — counted in st_blocks and
 * taken from the free space (xfs_bmap_extents_to_btree) — and back to extents when they fit again
 * (xfs_bmap_btree_to_extents). generic/195 shows the one leaf block (st_blocks 8200, not 8192).
 *
 * The block count is exact while one leaf holds the extents (251 with 4 KiB blocks). Past that the
 * kernel's count depends on the order of its splits; the engine assumes half-full leaves (what
 * appends leave behind) and 251-way nodes under a root of 20 in the inode: an estimate.
 */
import { inodeAgno } from './xfs-bmap.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import type { XfsMount } from './xfs-mount.js';

/** struct xfs_dinode with v3 fields: what precedes the literal area. */
const DINODE_V3_SIZE = 176;
/** A bmbt record, and a node's key + pointer: 16 bytes each. */
const REC_SIZE = 16;
/** The long-format btree block header with CRCs. */
const LBLOCK_CRC_LEN = 72;
/** The in-inode root's header (struct xfs_bmdr_block). */
const BMDR_HDR = 4;

/** XFS_IFORK_MAXEXT of the data fork: extents the literal area holds. */
export function maxInodeExtents(mp: XfsMount): number {
  return Math.floor((mp.inodesize - DINODE_V3_SIZE) / REC_SIZE);
}

/** Blocks of the data fork's btree for `nextents` real extents (0 in extents format). */
export function bmbtBlocksFor(mp: XfsMount, nextents: number): number {
  if (nextents <= maxInodeExtents(mp)) return 0;
  const perBlock = Math.floor((mp.blocksize - LBLOCK_CRC_LEN) / REC_SIZE);
  const rootPtrs = Math.floor((mp.inodesize - DINODE_V3_SIZE - BMDR_HDR) / REC_SIZE);
  let level = nextents <= perBlock ? 1 : Math.ceil(nextents / Math.floor(perBlock / 2));
  let total = level;
  while (level > rootPtrs) {
    level = Math.ceil(level / perBlock);
    total += level;
  }
  return total;
}

/**
 * Bring the inode's btree blocks in line with its real extent count: allocate (near the inode's AG
 * start, charged to its dquots) or free the difference. Cheap when the fork has not changed.
 */
export function reconcileBmbt(fs: XfsFs, ip: XfsInode): void {
  if (ip.df.seq === ip.bmbtSeq) return;
  ip.bmbtSeq = ip.df.seq;
  const want = bmbtBlocksFor(fs.mp, ip.df.realCount);
  const mp = fs.mp;
  while (ip.bmbt.length < want) {
    const res = fs.alloc.alloc(mp.agbToFsb(inodeAgno(fs, ip), 0), 1);
    if (!res) break; // a full filesystem: the kernel's transaction would have failed earlier
    if (mp.fdblocks > 0) mp.fdblocks--;
    else mp.resAvail--;
    ip.bmbt.push(res.fsb);
    ip.nblocks++;
    fs.quota.chargeAllocated(ip, 1, false);
  }
  while (ip.bmbt.length > want) {
    const fsb = ip.bmbt.pop()!;
    fs.alloc.freeExtent(fsb, 1);
    mp.addFdblocks(1);
    ip.nblocks--;
    fs.quota.releaseAllocated(ip, 1);
  }
}
