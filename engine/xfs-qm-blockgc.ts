/**
 * Quota-driven blockgc (fs/xfs/xfs_icache.c: xfs_blockgc_free_dquots, xfs_blockgc_free_quota): when
 * a reservation hits a quota limit, free the speculative preallocations of the inodes charged to the
 * dquots that are low on space, in one scan with the UNION filter.
 */
import { dquotLowsp, type DqType, type XfsDquot } from './xfs-dquot.js';
import type { XfsFs } from './xfs-fs.js';
import { blockgcFreeSpace, type Icwalk } from './xfs-icache.js';

/** XFS_ICWALK_FLAG_SYNC: wait for the scan (and trim inodes with dirty pages too). */
export const ICWALK_FLAG_SYNC = 1;

/** Which quota types are enforced (the manager answers). */
export interface EnforcementInfo {
  enforced(type: DqType): boolean;
}

/**
 * xfs_blockgc_free_dquots: add each dquot that is low on space (xfs_dquot_lowsp) to a UNION
 * filter and scan. The group dquot is gated on *user* enforcement, as the kernel does
 * (XFS_IS_UQUOTA_ENFORCED in both places). Nothing low → no scan, no trace.
 */
export function blockgcFreeDquots(fs: XfsFs, qm: EnforcementInfo, dqs: readonly XfsDquot[], flags: number): void {
  const byType = (t: DqType) => dqs.find((d) => d.type === t);
  const icw: Icwalk = { sync: (flags & ICWALK_FLAG_SYNC) !== 0, union: true };
  let doWork = false;
  const u = byType('user');
  const g = byType('group');
  const p = byType('project');
  if (qm.enforced('user') && u && dquotLowsp(u)) {
    icw.uid = u.id;
    doWork = true;
  }
  if (qm.enforced('user') && g && dquotLowsp(g)) {
    icw.gid = g.id;
    doWork = true;
  }
  if (qm.enforced('project') && p && dquotLowsp(p)) {
    icw.prid = p.id;
    doWork = true;
  }
  if (doWork) blockgcFreeSpace(fs, icw, 'xfs_blockgc_free_dquots');
}
