/**
 * Post-EOF block freeing and blockgc (fs/xfs/xfs_icache.c, xfs_bmap_util.c): the rules for when
 * speculative preallocation may be trimmed, xfs_free_eofblocks via xfs_itruncate_extents, the
 * background blockgc worker on the simulated clock, and the synchronous scans of the ENOSPC/EDQUOT
 * retries.
 */
import { clearBlockgcTag, freeRealBlocks, unmapRange } from './xfs-bmap.js';
import type { XfsFs } from './xfs-fs.js';
import {
  XFS_DIFLAG2_REFLINK, XFS_DIFLAG_APPEND, XFS_DIFLAG_PREALLOC, XFS_ICOWBLOCKS, XFS_IEOFBLOCKS, type XfsInode,
} from './xfs-inode.js';
import { hex } from './xfs-trace.js';
import { traceCaller } from './xfs-flavour.js';
import { cancelCowRange } from './xfs-reflink-cancel.js';
import { punchDelallocRange } from './xfs-bmap.js';

/** XFS_MAX_FILEOFF as the bunmap trace prints the length to it (fileoff + fsbcount). */
const BUNMAP_END = 0x400000001fffffn;

/**
 * xfs_itruncate_extents_flags on the data fork: unmap everything from B_TO_FSB(newSize) to the end
 * (and cancel the CoW fork from there), with the itruncate/bunmap traces, then the eofblocks tag clear
 * of its callers that trim or truncate a live file (not inactivation's: `clearEofTag` false).
 */
export function itruncateExtents(fs: XfsFs, ip: XfsInode, newSize: number, flags: string, clearEofTag = true): void {
  const tr = fs.tracer;
  const start = fs.mp.bToFsb(newSize);
  if (tr.on('xfs_itruncate_extents_start')) {
    tr.emit('xfs_itruncate_extents_start', { ino: hex(ip.ino), disize: hex(ip.diskSize), new_size: hex(newSize) });
  }
  if (tr.on('xfs_bunmap')) {
    tr.emit('xfs_bunmap', {
      ino: hex(ip.ino), disize: hex(ip.diskSize), fileoff: hex(start), fsbcount: '0x' + (BUNMAP_END - BigInt(start)).toString(16),
      flags, caller: traceCaller(fs.flavour, 'xfs_bunmapi_range'),
    });
  }
  unmapRange(fs, ip, 'data', start, Number.MAX_SAFE_INTEGER, freeRealBlocks);
  if (ip.hasCowData()) cancelCowRange(fs, ip, start, Number.MAX_SAFE_INTEGER, true);
  // xfs_itruncate_clear_reflink_flags: a reflink inode with an empty CoW fork is untagged (traced
  // each time, flag set or not: generic/296 shows it right after the cancel's own clear).
  if (ip.isReflink()) {
    if (ip.df.count === 0 && !ip.hasCowData()) ip.diflags2 &= ~XFS_DIFLAG2_REFLINK;
    if (!ip.hasCowData()) clearBlockgcTag(fs, ip, XFS_ICOWBLOCKS);
  }
  if (tr.on('xfs_itruncate_extents_end')) {
    tr.emit('xfs_itruncate_extents_end', { ino: hex(ip.ino), disize: hex(ip.diskSize), new_size: hex(newSize) });
  }
  if (clearEofTag) clearBlockgcTag(fs, ip, XFS_IEOFBLOCKS);
}

/** xfs_can_free_eofblocks: is there anything past EOF (or any delalloc) worth trimming? */
export function canFreeEofblocks(fs: XfsFs, ip: XfsInode): boolean {
  if (ip.isDir) return false;
  if (ip.size === 0 && ip.dirty.isEmpty() && ip.delayedBlks === 0) return false;
  if (ip.diflags & XFS_DIFLAG_PREALLOC && ip.delayedBlks === 0) return false;
  // 6.1 (force = false from release and blockgc): preallocated and append-only files never.
  if (fs.flavour === '6.1' && ip.diflags & (XFS_DIFLAG_PREALLOC | XFS_DIFLAG_APPEND)) return false;
  if (ip.delayedBlks !== 0) return true;
  const last = ip.df.last();
  return !!last && last.startoff + last.blockcount > fs.mp.bToFsb(ip.size);
}

/** xfs_free_eofblocks: drop the blocks past EOF. */
export function freeEofblocks(fs: XfsFs, ip: XfsInode): void {
  if (ip.diflags & (XFS_DIFLAG_PREALLOC | XFS_DIFLAG_APPEND)) {
    if (ip.delayedBlks) punchDelallocRange(fs, ip, 'data', fs.mp.bToFsb(ip.size), Number.MAX_SAFE_INTEGER);
    clearBlockgcTag(fs, ip, XFS_IEOFBLOCKS);
    return;
  }
  itruncateExtents(fs, ip, ip.size, 'NODISCARD');
}

/** struct xfs_icwalk flag bits as xfs_blockgc_free_space prints them (XFS_ICWALK_FLAG_*). */
function icwalkFlags(icw: Icwalk): number {
  return (icw.sync ? 1 : 0) | (icw.uid !== undefined ? 2 : 0) | (icw.gid !== undefined ? 4 : 0)
    | (icw.prid !== undefined ? 8 : 0) | (icw.minFileSize ? 16 : 0) | (icw.union ? 1 << 26 : 0);
}

/** Filter of a blockgc walk (struct xfs_icwalk); null = background walk, no filter, not sync. */
export interface Icwalk {
  sync: boolean;
  union?: boolean;
  uid?: number;
  gid?: number;
  prid?: number;
  /** XFS_ICWALK_FLAG_MINFILESIZE: skip files smaller than this (bytes). */
  minFileSize?: number;
}

function icwalkMatch(ip: XfsInode, icw: Icwalk | null): boolean {
  if (!icw) return true;
  if (icw.minFileSize && ip.size < icw.minFileSize) return false;
  const checks: boolean[] = [];
  if (icw.uid !== undefined) checks.push(ip.uid === icw.uid);
  if (icw.gid !== undefined) checks.push(ip.gid === icw.gid);
  if (icw.prid !== undefined) checks.push(ip.projid === icw.prid);
  if (checks.length === 0) return true;
  return icw.union ? checks.some(Boolean) : checks.every(Boolean);
}

/** xfs_blockgc_scan_inode: the eofblocks then the cowblocks pass for one inode. */
function blockgcScanInode(fs: XfsFs, ip: XfsInode, icw: Icwalk | null): void {
  if (ip.iflags & XFS_IEOFBLOCKS && icwalkMatch(ip, icw)) {
    // xfs_inode_free_eofblocks: a background walk leaves files with dirty pages alone.
    if (!icw?.sync && !ip.dirty.isEmpty()) {
      // skip
    } else if (!canFreeEofblocks(fs, ip)) {
      if (fs.tracer.on('xfs_inode_free_eofblocks_invalid')) {
        fs.tracer.emit('xfs_inode_free_eofblocks_invalid', { ino: hex(ip.ino), iflags: hex(ip.iflags) });
      }
      clearBlockgcTag(fs, ip, XFS_IEOFBLOCKS);
    } else {
      freeEofblocks(fs, ip);
      fs.mp.stats.xs_eofblocks_freed++;
    }
  }
  if (ip.iflags & XFS_ICOWBLOCKS && icwalkMatch(ip, icw)) {
    if (!ip.hasCowData()) {
      if (fs.tracer.on('xfs_inode_free_cowblocks_invalid')) {
        fs.tracer.emit('xfs_inode_free_cowblocks_invalid', { ino: hex(ip.ino), iflags: hex(ip.iflags) });
      }
      clearBlockgcTag(fs, ip, XFS_ICOWBLOCKS);
    } else if ((icw?.sync || ip.openWriters === 0) && ip.dirty.isEmpty()) {
      cancelCowRange(fs, ip, 0, Number.MAX_SAFE_INTEGER, false);
    }
  }
}

/** Tagged inodes in ascending inode order (the per-AG radix-tree walk). */
function taggedInodes(fs: XfsFs): XfsInode[] {
  return [...fs.inodes.values()]
    .filter((ip) => ip.iflags & (XFS_IEOFBLOCKS | XFS_ICOWBLOCKS))
    .sort((a, b) => a.ino - b.ino);
}

/** xfs_blockgc_free_space: a synchronous (or not) scan of every tagged inode matching `icw`. */
export function blockgcFreeSpace(fs: XfsFs, icw: Icwalk, caller: string): void {
  if (fs.tracer.on('xfs_blockgc_free_space')) {
    fs.tracer.emit('xfs_blockgc_free_space', {
      flags: hex(icwalkFlags(icw)), uid: String(icw.uid ?? 0), gid: String(icw.gid ?? 0),
      prid: String(icw.prid ?? 0), minsize: String(icw.minFileSize ?? 0), scan_limit: '0', caller: traceCaller(fs.flavour, caller),
    });
  }
  fs.mp.stats.xs_blockgc_scans++;
  for (const ip of taggedInodes(fs)) blockgcScanInode(fs, ip, icw);
}

const WORKER_FIELDS = {
  m_features: '0x19bf2ab', opstate: 'clean|inodegc|blockgc', s_flags: '0x70810000', caller: 'process_one_work',
};

/**
 * xfs_blockgc_queue: if any inode is tagged, queue the background worker to run after
 * speculative_prealloc_lifetime seconds (an already-queued worker keeps its deadline).
 */
export function blockgcQueue(fs: XfsFs): void {
  if (taggedInodes(fs).length === 0) return;
  fs.queueDelayedWork('blockgc', fs.sysctl.speculativePreallocLifetime * 1_000_000, () => blockgcWorker(fs));
}

/**
 * xfs_blockgc_flush_all: the background worker runs now (when any inode is tagged) instead of at its
 * deadline — what a transaction that hit ENOSPC does before its one retry.
 */
export function blockgcFlushAll(fs: XfsFs, caller: string): void {
  if (fs.tracer.on('xfs_blockgc_flush_all')) fs.tracer.emit('xfs_blockgc_flush_all', { ...WORKER_FIELDS, caller });
  // Only AGs holding tagged inodes have their worker pulled in; a worker queued for inodes untagged
  // since then still runs at its deadline (generic/171).
  if (taggedInodes(fs).length > 0) fs.flushDelayedWork('blockgc');
}

/** xfs_blockgc_worker: a background (non-sync, unfiltered) walk, then requeue while tags remain. */
function blockgcWorker(fs: XfsFs): void {
  if (fs.tracer.on('xfs_blockgc_worker')) fs.tracer.emit('xfs_blockgc_worker', { ...WORKER_FIELDS });
  fs.mp.stats.xs_blockgc_worker++;
  for (const ip of taggedInodes(fs)) blockgcScanInode(fs, ip, null);
  blockgcQueue(fs);
}
