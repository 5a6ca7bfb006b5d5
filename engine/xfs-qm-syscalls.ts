/**
 * quotactl(2) on XFS (fs/xfs/xfs_qm_syscalls.c, xfs_quotaops.c): Q_XGETQUOTA / Q_XGETNEXTQUOTA,
 * Q_XSETQLIM and Q_XGETQSTATV, in the units of struct fs_disk_quota (512-byte blocks, absolute
 * timers). What `xfs_quota` is built on.
 */
import { XfsError } from './xfs-errors.js';
import { clampTimeout, DEFAULT_GRACE, setPreallocLimits, adjustDqlimits, adjustResTimer, type XfsDquot } from './xfs-dquot.js';
import type { XfsFs } from './xfs-fs.js';
import { quotaManager, type XfsQuotaManager } from './xfs-qm.js';
import type { FsDiskQuota, QuotaLimits, QuotaType, QuotaTypeState } from './syscalls.js';

function managerOn(fs: XfsFs, type: QuotaType): XfsQuotaManager {
  const qm = quotaManager(fs);
  // quotactl on a type whose accounting is off: ESRCH.
  if (!qm || fs.quota !== qm || !qm.on[type]) throw new XfsError('ESRCH', 'quotactl');
  return qm;
}

/** xfs_qm_scall_getquota_fill_qc: a dquot as userspace sees it. */
function fillQuota(fs: XfsFs, qm: XfsQuotaManager, dq: XfsDquot): FsDiskQuota {
  const bb = fs.mp.blocksize / 512;
  // Timers of a type that is not enforced read as zero (the kernel keeps them ticking inside).
  const enforced = qm.enforced(dq.type);
  return {
    id: dq.id,
    blkSoftlimit: dq.blk.softlimit * bb, blkHardlimit: dq.blk.hardlimit * bb,
    inoSoftlimit: dq.ino.softlimit, inoHardlimit: dq.ino.hardlimit,
    bcount: dq.blk.reserved * bb, icount: dq.ino.reserved,
    btimer: enforced ? dq.blk.timer : 0, itimer: enforced ? dq.ino.timer : 0,
    bwarns: dq.blk.warnings, iwarns: dq.ino.warnings,
  };
}

/**
 * Q_XGETQUOTA: ENOENT when the dquot is not on disk or is all zeroes (XFS_IS_DQUOT_UNINITIALIZED).
 * With `next` (Q_XGETNEXTQUOTA): the first initialised dquot at or after `id`.
 */
export function qmGetQuota(fs: XfsFs, type: QuotaType, id: number, next: boolean): FsDiskQuota {
  const qm = managerOn(fs, type);
  const dq = next
    ? qm.dquots(type).find((d) => d.id >= id && !d.uninitialized())
    : qm.dqget(type, id, false);
  if (!dq || dq.uninitialized()) throw new XfsError('ENOENT', 'quotactl');
  return fillQuota(fs, qm, dq);
}

/** xfs_setqlim_limits: a hard limit below the soft one changes nothing. */
function setLimits(res: XfsDquot['blk'], hard: number, soft: number): boolean {
  if (hard !== 0 && hard < soft) return false;
  res.hardlimit = hard;
  res.softlimit = soft;
  return true;
}

/**
 * Q_XSETQLIM (xfs_qm_scall_setqlim): limits in bytes round up to blocks; for id 0 they (and the
 * timers, which are then grace periods) become the type's defaults. A non-zero id's timer is
 * restarted if it is now over a limit. The dquot is logged: DIRTY.
 */
export function qmSetQuota(fs: XfsFs, type: QuotaType, id: number, lim: QuotaLimits): void {
  const qm = managerOn(fs, type);
  const dq = qm.dqget(type, id, true)!;
  const bs = fs.mp.blocksize;
  const toFsb = (bb: number) => Math.ceil((bb * 512) / bs);
  const bhard = lim.blkHardlimit !== undefined ? toFsb(lim.blkHardlimit) : dq.blk.hardlimit;
  const bsoft = lim.blkSoftlimit !== undefined ? toFsb(lim.blkSoftlimit) : dq.blk.softlimit;
  if (setLimits(dq.blk, bhard, bsoft)) setPreallocLimits(dq);
  if (lim.btimer !== undefined) dq.blk.timer = id === 0 ? Math.max(0, lim.btimer) : clampTimeout(lim.btimer);
  setLimits(dq.ino, lim.inoHardlimit ?? dq.ino.hardlimit, lim.inoSoftlimit ?? dq.ino.softlimit);
  if (lim.itimer !== undefined) dq.ino.timer = id === 0 ? Math.max(0, lim.itimer) : clampTimeout(lim.itimer);
  if (id !== 0) {
    const defq = qm.defquota(type);
    adjustDqlimits(dq, defq);
    adjustResTimer(dq.blk, defq.blk.time, qm.nowSecs());
    adjustResTimer(dq.ino, defq.ino.time, qm.nowSecs());
    dq.bigtime = true;
  }
  dq.dirty = true;
}

/** Q_XGETQSTATV for one type (xfs_qm_fill_state): flags, quota inode, grace periods. */
export function qmGetState(fs: XfsFs, type: QuotaType): QuotaTypeState {
  const qm = quotaManager(fs);
  const none: QuotaTypeState = {
    accounting: false, enforcing: false, ino: 0, nblks: 0, nextents: 0,
    btimelimit: 0, itimelimit: 0, rtbtimelimit: 0, bwarnlimit: 0, iwarnlimit: 0,
  };
  // No quota at all: the kernel answers a zeroed state (inode #0).
  if (!qm || fs.quota !== qm) return none;
  const file = qm.quotaFile(type);
  if (!file.ino) return { ...none, ino: null };
  const defq = qm.on[type] ? qm.defquota(type) : null;
  return {
    accounting: qm.on[type], enforcing: qm.enforced(type), ino: file.ino, nblks: file.blocks, nextents: file.extents,
    btimelimit: defq?.blk.time ?? 0, itimelimit: defq?.ino.time ?? 0, rtbtimelimit: defq ? DEFAULT_GRACE : 0,
    bwarnlimit: 0, iwarnlimit: 0,
  };
}
