/**
 * The data fork's format (fs/xfs/libxfs/xfs_bmap.c, xfs_bmap_btree.c): an inode holds its extents in
 * its literal area while they fit (XFS_IFORK_MAXEXT: 12 with 512-byte inodes and an attribute fork at
 * the default offset, as every file on the 6.18 recorder has; 21 with none, as on the 6.1 guest);
 * past that the fork becomes a B+tree whose blocks belong to the file — counted in st_blocks and
 * taken from the free space (xfs_bmap_extents_to_btree) — and back to extents when they fit again
 * (xfs_bmap_btree_to_extents). generic/195 shows the one leaf block (st_blocks 8200, not 8192).
 *
 * The block count is exact while one leaf holds the extents (251 with 4 KiB blocks). Past that the
 * kernel's count depends on the order of its splits; the engine assumes half-full leaves (what
 * appends leave behind) and 251-way nodes under a root in the inode (11 pointers with the attribute
 * fork, 20 without): an estimate.
 */
import { inodeFsb } from './xfs-bmap.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';

/** struct xfs_dinode with v3 fields: what precedes the literal area. */
const DINODE_V3_SIZE = 176;
/** A bmbt record, and a node's key + pointer: 16 bytes each. */
const REC_SIZE = 16;
/** The long-format btree block header with CRCs. */
const LBLOCK_CRC_LEN = 72;
/** The in-inode root's header (struct xfs_bmdr_block). */
const BMDR_HDR = 4;
/** MINABTPTRS: key/pointer pairs an attribute fork's btree root must have room for. */
const MINABTPTRS = 2;

/** XFS_BMDR_SPACE_CALC: bytes of an in-inode btree root with n keys and pointers. */
const bmdrSpace = (n: number): number => BMDR_HDR + n * REC_SIZE;

/**
 * Whether files have an attribute fork. On the 6.18 recorder every new file gets an empty one
 * (xfs_icreate_want_attrfork: fsxattr says has-xattr, xfs_db reads di_forkoff 24 and no attributes;
 * recording 62 converts to a btree at 13 extents). Debian's 6.1 guest gives them none (xflags 0 in
 * the quota recordings).
 */
export function hasAttrFork(fs: XfsFs): boolean {
  return fs.flavour === '6.18';
}

/**
 * XFS_IFORK_DSIZE: the bytes of the literal area the data fork has. With an attribute fork made at
 * inode creation, everything before xfs_default_attroffset (rounded down to the 8-byte di_forkoff
 * unit); without one, all of it.
 */
function dataForkSize(fs: XfsFs): number {
  if (!hasAttrFork(fs)) return fs.mp.inodesize - DINODE_V3_SIZE;
  // xfs_default_attroffset for inodes larger than 256 bytes (the engine's are 512).
  return (bmdrSpace(6 * MINABTPTRS) >> 3) << 3;
}

/** XFS_IFORK_MAXEXT of the data fork: extents the literal area holds. */
export function maxInodeExtents(fs: XfsFs): number {
  return Math.floor(dataForkSize(fs) / REC_SIZE);
}

/** Blocks of the data fork's btree for `nextents` real extents (0 in extents format). */
export function bmbtBlocksFor(fs: XfsFs, nextents: number): number {
  if (nextents <= maxInodeExtents(fs)) return 0;
  const mp = fs.mp;
  const perBlock = Math.floor((mp.blocksize - LBLOCK_CRC_LEN) / REC_SIZE);
  const rootPtrs = Math.floor((dataForkSize(fs) - BMDR_HDR) / REC_SIZE);
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
  const want = bmbtBlocksFor(fs, ip.df.realCount);
  const mp = fs.mp;
  while (ip.bmbt.length < want) {
    // xfs_bmap_extents_to_btree: near the inode (xfs_alloc_vextent_start_ag at XFS_INO_TO_FSB).
    const res = fs.alloc.alloc(inodeFsb(fs, ip), 1, 1, false);
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
