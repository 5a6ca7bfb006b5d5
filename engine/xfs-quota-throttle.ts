/**
 * The quota throttle of speculative preallocation (fs/xfs/xfs_iomap.c: xfs_quota_need_throttle,
 * xfs_quota_calc_throttle; prealloc.md §1 step 7): near a dquot's hard limit, prealloc shrinks
 * (shift 2, 4, 6 under 5 %, 3 %, 1 % left) and at the limit disappears.
 */
import { DQ_TYPES, type XfsDquot } from './xfs-dquot.js';
import type { XfsInode } from './xfs-inode.js';

/** What the throttle needs of the quota manager. */
export interface ThrottleSource {
  readonly on: Readonly<Record<'user' | 'group' | 'project', boolean>>;
  inodeDquots(ip: XfsInode): XfsDquot[];
}

/**
 * Steps 7 of xfs_iomap_prealloc_size for every quota type (user, group, project): returns the
 * capped size, the shift and the free space to squash against, or null when no dquot throttles.
 */
export function quotaThrottle(
  qm: ThrottleSource, ip: XfsInode, allocBlocks: number, freesp: number,
): { qblocks: number; qshift: number; freesp: number } | null {
  let qblocks = allocBlocks;
  let qshift = 0;
  let any = false;
  for (const dq of qm.inodeDquots(ip)) {
    if (!DQ_TYPES.includes(dq.type) || !qm.on[dq.type]) continue;
    // xfs_quota_need_throttle: a watermark exists and this allocation reaches the low one.
    if (!dq.hiWmark || dq.blk.reserved + allocBlocks < dq.loWmark) continue;
    any = true;
    // xfs_quota_calc_throttle
    if (dq.blk.reserved >= dq.hiWmark) {
      qblocks = 0;
      freesp = 0;
      continue;
    }
    const qfree = dq.hiWmark - dq.blk.reserved;
    let shift = 0;
    if (qfree < dq.lowSpace[2]) {
      shift = 2;
      if (qfree < dq.lowSpace[1]) shift += 2;
      if (qfree < dq.lowSpace[0]) shift += 2;
    }
    if (qfree < freesp) freesp = qfree;
    if (Math.floor(qfree / 2 ** shift) < Math.floor(qblocks / 2 ** qshift)) {
      qblocks = qfree;
      qshift = shift;
    }
  }
  return any ? { qblocks, qshift, freesp } : null;
}
