/**
 * Quota as statfs(2) sees it (fs/xfs/xfs_qm_bhv.c: xfs_qm_statvfs, xfs_fill_statvfs_from_dquot):
 * statfs of a directory tree under an enforced project quota (a PROJINHERIT directory) reports the
 * project's limit as the filesystem size and what the project has left as free (q07).
 */
import type { XfsFs } from './xfs-fs.js';
import { XFS_DIFLAG_PROJINHERIT, type XfsInode } from './xfs-inode.js';
import { quotaManager } from './xfs-qm.js';
import type { StatfsResult } from './syscalls.js';

/** xfs_fs_statfs's project-quota adjustment of `st` for the inode `ip` statfs was asked about. */
export function qmStatvfs(fs: XfsFs, ip: XfsInode, st: StatfsResult): StatfsResult {
  const qm = quotaManager(fs);
  if (!qm || fs.quota !== qm || !(ip.diflags & XFS_DIFLAG_PROJINHERIT) || !qm.enforced('project')) return st;
  const dq = qm.dqget('project', ip.projid, false);
  if (!dq) return st;
  const out = { ...st };
  let limit = dq.blk.softlimit || dq.blk.hardlimit;
  if (limit && out.blocks > limit) {
    out.blocks = limit;
    out.bfree = out.bavail = limit > dq.blk.reserved ? limit - dq.blk.reserved : 0;
  }
  limit = dq.ino.softlimit || dq.ino.hardlimit;
  if (limit && out.files > limit) {
    out.files = limit;
    out.ffree = limit > dq.ino.reserved ? limit - dq.ino.reserved : 0;
  }
  return out;
}
