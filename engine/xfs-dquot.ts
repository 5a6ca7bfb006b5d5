/**
 * The in-core dquot (fs/xfs/xfs_dquot.c, xfs_dquot.h): one user, group or project id's usage and
 * limits — blocks (`q_blk`) and inodes (`q_ino`), each with a count, a reservation that includes the
 * count, soft and hard limits, a grace timer and a warning count — plus the prealloc throttle
 * watermarks and the DIRTY flag that the xfs_trans_mod_dquot trace prints.
 */

import type { XfsFs } from './xfs-fs.js';

/** Quota types, in the order the kernel walks a transaction's dquots (XFS_QM_TRANS_USR/GRP/PRJ). */
export type DqType = 'user' | 'group' | 'project';
/** Every quota type, in transaction order. */
export const DQ_TYPES: readonly DqType[] = ['user', 'group', 'project'];

/** The trace's `type` flag name of each quota type (XFS_DQTYPE_USER 1, PROJ 2, GROUP 4). */
export const DQTYPE_TRACE: Record<DqType, string> = { user: 'USER', group: 'GROUP', project: 'PROJ' };

/** The grace period when the id-0 dquot sets none (XFS_DQ_GRACE_DEFAULT... seven days). */
export const DEFAULT_GRACE = 7 * 24 * 60 * 60;

/**
 * Bigtime quota timers (xfs_dquot_format.h): the earliest and latest expiry a bigtime filesystem can
 * store, traced by xfs_quota_expiry_range at mount. Timers are stored in units of 4 s.
 */
export const BIGTIME_EXPIRY_MIN = 4;
export const BIGTIME_EXPIRY_MAX = 16299260424;

/** One resource of a dquot (struct xfs_dquot_res). */
export interface DquotRes {
  /** Blocks or inodes in use on disk. */
  count: number;
  /** count plus outstanding reservations (delalloc, transactions): what limits are checked against. */
  reserved: number;
  softlimit: number;
  hardlimit: number;
  /** Grace expiry (absolute seconds) or, for the id-0 dquot, the default grace period; 0 = none. */
  timer: number;
  warnings: number;
}

function newRes(): DquotRes {
  return { count: 0, reserved: 0, softlimit: 0, hardlimit: 0, timer: 0, warnings: 0 };
}

/** A dquot. */
export class XfsDquot {
  readonly blk: DquotRes = newRes();
  readonly ino: DquotRes = newRes();
  /** XFS_DQFLAG_DIRTY: logged by a committed transaction and not yet written back. */
  dirty = false;
  /**
   * XFS_DQTYPE_BIGTIME: xfs_trans_log_dquot upgrades every non-zero id on a bigtime filesystem, and
   * dquots allocated after mkfs are born with it; the id-0 dquot made by quotacheck never gets it.
   */
  bigtime: boolean;
  /** q_prealloc_hi_wmark / lo_wmark and q_low_space[1%, 3%, 5%] (xfs_dquot_set_prealloc_limits). */
  hiWmark = 0;
  loWmark = 0;
  lowSpace: [number, number, number] = [0, 0, 0];

  constructor(
    readonly type: DqType,
    readonly id: number,
  ) {
    this.bigtime = id !== 0;
  }

  /** The trace's `type` field: `USER`, `GROUP|BIGTIME`, ... */
  traceType(): string {
    return DQTYPE_TRACE[this.type] + (this.bigtime ? '|BIGTIME' : '');
  }

  /** XFS_IS_DQUOT_UNINITIALIZED: no limits and no usage; getquota answers ENOENT for it. */
  uninitialized(): boolean {
    const b = this.blk;
    const i = this.ino;
    return !b.hardlimit && !b.softlimit && !b.count && !i.hardlimit && !i.softlimit && !i.count;
  }
}

/**
 * xfs_dquot_set_prealloc_limits: the watermarks of the speculative-prealloc throttle. No hard
 * limit means no throttling; without a soft limit the low watermark is 95 % of the hard one.
 */
export function setPreallocLimits(dq: XfsDquot): void {
  const hi = dq.blk.hardlimit;
  const onepct = Math.floor(hi / 100);
  dq.hiWmark = hi;
  dq.loWmark = dq.blk.softlimit || onepct * 95;
  dq.lowSpace = [onepct, onepct * 3, onepct * 5];
}

/** xfs_dquot_lowsp: within 1 % of the hard limit (or past it; no limit at all counts as low). */
export function dquotLowsp(dq: XfsDquot): boolean {
  return dq.blk.hardlimit - dq.blk.reserved < dq.lowSpace[0];
}

/** Default limits and grace periods of one quota type (struct xfs_def_quota), from the id-0 dquot. */
export interface DefQuota {
  blk: { soft: number; hard: number; time: number };
  ino: { soft: number; hard: number; time: number };
}

/** xfs_dquot_set_timeout: an expiry clamped to what a bigtime timer can hold. */
export function clampTimeout(expiry: number): number {
  return Math.min(Math.max(expiry, BIGTIME_EXPIRY_MIN), BIGTIME_EXPIRY_MAX);
}

/**
 * xfs_qm_adjust_res_timer: start the grace timer when the count goes over a limit, stop it when the
 * count is back under both (xfs_qm_adjust_dqtimers; run at transaction commit for non-zero ids).
 * The count, not the reservation: delalloc alone never starts the timer (q04).
 */
export function adjustResTimer(res: DquotRes, graceSecs: number, nowSecs: number): void {
  const over = (res.softlimit && res.count > res.softlimit) || (res.hardlimit && res.count > res.hardlimit);
  if (over) {
    if (res.timer === 0) res.timer = clampTimeout(nowSecs + graceSecs);
  } else {
    res.timer = 0;
  }
}

/**
 * xfs_qm_adjust_dqlimits: a dquot without limits of its own takes the defaults (the id-0 dquot's
 * limits); the throttle watermarks follow block-limit changes.
 */
export function adjustDqlimits(dq: XfsDquot, defq: DefQuota): void {
  let prealloc = false;
  if (defq.blk.soft && !dq.blk.softlimit) {
    dq.blk.softlimit = defq.blk.soft;
    prealloc = true;
  }
  if (defq.blk.hard && !dq.blk.hardlimit) {
    dq.blk.hardlimit = defq.blk.hard;
    prealloc = true;
  }
  if (defq.ino.soft && !dq.ino.softlimit) dq.ino.softlimit = defq.ino.soft;
  if (defq.ino.hard && !dq.ino.hardlimit) dq.ino.hardlimit = defq.ino.hard;
  if (prealloc) setPreallocLimits(dq);
}

/** Bigtime timers reach the disk in 4-second units, rounded up (xfs_dq_unix_to_bigtime). */
export function bigtimeRound(timer: number): number {
  return timer ? Math.ceil(timer / 4) * 4 : 0;
}

/**
 * xfs_dquot_disk_alloc's block for a new dquot chunk: the free block nearest `target` in its AG
 * (XFS_ALLOCTYPE_NEAR_BNO), from the reserve pool if need be; null when there is none.
 */
export function dquotDiskAlloc(fs: XfsFs, target: number): number | null {
  const { mp, alloc } = fs;
  try {
    mp.decFdblocks(1, true, 'xfs_dquot_disk_alloc');
  } catch {
    return null;
  }
  const agno = mp.fsbToAgno(target);
  const agbno = mp.fsbToAgbno(target);
  for (let d = 0; d < mp.agblocks; d++) {
    for (const b of d ? [agbno - d, agbno + d] : [agbno]) {
      if (b >= 0 && b < mp.agblocks && alloc.free[agno]?.has(b) && alloc.allocExact(mp.agbToFsb(agno, b), 1)) {
        return mp.agbToFsb(agno, b);
      }
    }
  }
  const r = alloc.alloc(target, 1, 1, false);
  if (r) return r.fsb;
  mp.addFdblocks(1);
  return null;
}
