/**
 * The quota "vops" of inode operations (fs/xfs/xfs_qm.c: xfs_qm_vop_dqalloc, xfs_qm_vop_chown,
 * xfs_qm_vop_create_dqattach; xfs_trans.c: xfs_trans_alloc_icreate, xfs_trans_alloc_ichange;
 * xfs_inode.c: xfs_ifree): what creating, removing, chown/chgrp and a project change do to the
 * dquots, transaction by transaction, with the traces the kernel emits.
 */
import { XfsError } from './xfs-errors.js';
import { DQ_TYPES, type DqType, type XfsDquot } from './xfs-dquot.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { blockgcFreeDquots } from './xfs-qm-blockgc.js';
import type { XfsQuotaManager } from './xfs-qm.js';
import { hex } from './xfs-trace.js';
import { DqTrans, reserveBydquots } from './xfs-trans-dquot.js';

/** XFS_CREATE_SPACE_RES / XFS_MKDIR_SPACE_RES: inode chunk + inobt/finobt splits + a directory entry. */
export function createSpaceRes(fs: XfsFs): number {
  const mp = fs.mp;
  const inopb = mp.blocksize / mp.inodesize;
  const iallocBlks = Math.max(1, 64 / inopb);
  // xfs_btree_compute_maxlevels for the inobt: 16-byte records, 4+4-byte node entries, v5 headers.
  const leafMin = Math.floor((mp.blocksize - 56) / 16 / 2);
  const nodeMin = Math.floor((mp.blocksize - 56) / 8 / 2);
  let blocks = Math.ceil((mp.agblocks * inopb) / 64 / leafMin);
  let levels = 1;
  while (blocks > 1) {
    blocks = Math.ceil(blocks / nodeMin);
    levels++;
  }
  const dirBlocks = 7; // XFS_DAENTER_DBS: XFS_DA_NODE_MAXDEPTH + 2, one block each
  return iallocBlks + 2 * levels + dirBlocks + dirBlocks * (mp.bmMaxLevels - 1);
}

/** xfs_qm_vop_dqalloc's trace: the inode the dquots are looked up for (the parent, for a create). */
function dqallocTrace(qm: XfsQuotaManager, ip: XfsInode): void {
  if (qm.tracer.on('xfs_dquot_dqalloc')) qm.tracer.emit('xfs_dquot_dqalloc', { ino: hex(ip.ino), iflags: hex(ip.iflags) });
}

/**
 * A transaction reservation with the kernel's one retry: on EDQUOT/ENOSPC, cancel, free
 * speculative blocks of the dquots concerned (xfs_blockgc_free_dquots, not waiting) and try again.
 */
export function reserveWithRetry(
  qm: XfsQuotaManager, dqs: readonly XfsDquot[], nblks: number, ninos: number, force: boolean,
): DqTrans {
  for (let retried = false; ; retried = true) {
    const tp = new DqTrans(qm);
    try {
      reserveBydquots(qm, tp, dqs, nblks, ninos, force);
      return tp;
    } catch (e) {
      tp.cancel();
      if (retried || !(e instanceof XfsError) || (e.code !== 'EDQUOT' && e.code !== 'ENOSPC')) throw e;
      blockgcFreeDquots(qm.fs, qm, dqs, 0);
    }
  }
}

/**
 * xfs_create's quota part: dquots for the new owner ids, XFS_CREATE_SPACE_RES blocks and one inode
 * reserved in each (EDQUOT at a limit), then the inode counted (ICOUNT).
 */
export function qmCreate(qm: XfsQuotaManager, dir: XfsInode, uid: number, gid: number, projid: number): void {
  dqallocTrace(qm, dir);
  const ids: Record<DqType, number> = { user: uid, group: gid, project: projid };
  const dqs = DQ_TYPES.filter((t) => qm.on[t]).map((t) => qm.dqget(t, ids[t], true)!);
  const tp = reserveWithRetry(qm, dqs, createSpaceRes(qm.fs), 1, false);
  // xfs_qm_vop_create_dqattach: the new inode counts for each of its dquots.
  for (const dq of dqs) tp.mod(dq, 'ICOUNT', 1);
  tp.commit();
}

/** xfs_ifree: the freed inode leaves its dquots' inode counts (its blocks went with the truncate). */
export function qmFree(qm: XfsQuotaManager, ip: XfsInode): void {
  const tp = new DqTrans(qm);
  for (const dq of qm.inodeDquots(ip)) tp.mod(dq, 'ICOUNT', -1);
  tp.commit();
}

/**
 * chown/chgrp (xfs_setattr_nonsize): the new dquots reserve the inode's blocks (delalloc included)
 * and one inode — forced for root (CAP_FOWNER), else limited — then the usage moves.
 */
export function qmChown(qm: XfsQuotaManager, ip: XfsInode, uid: number, gid: number, force: boolean): void {
  dqallocTrace(qm, ip);
  const nu = qm.on.user && uid !== ip.uid ? qm.dqget('user', uid, true) : null;
  const ng = qm.on.group && gid !== ip.gid ? qm.dqget('group', gid, true) : null;
  const news = [nu, ng].filter((d): d is XfsDquot => d !== null);
  if (!news.length) return;
  const tp = reserveWithRetry(qm, news, ip.nblocks + ip.delayedBlks, 1, force);
  if (nu) vopChown(tp, ip, qm.dqget('user', ip.uid, true)!, nu);
  if (ng) vopChown(tp, ip, qm.dqget('group', ip.gid, true)!, ng);
  tp.commit();
}

/** FS_IOC_FSSETXATTR (xfs_ioctl_setattr): a project id change moves the usage like a chown. */
export function qmSetProjid(qm: XfsQuotaManager, ip: XfsInode, projid: number, force: boolean): void {
  dqallocTrace(qm, ip);
  if (!qm.on.project || projid === ip.projid) return;
  const np = qm.dqget('project', projid, true)!;
  const tp = reserveWithRetry(qm, [np], ip.nblocks + ip.delayedBlks, 1, force);
  vopChown(tp, ip, qm.dqget('project', ip.projid, true)!, np);
  tp.commit();
}

/**
 * xfs_qm_vop_chown: the usage moves from the old dquot to the new one; the new one's transaction
 * reservation for the delalloc blocks becomes their in-core reservation, and the old one's goes.
 */
function vopChown(tp: DqTrans, ip: XfsInode, prev: XfsDquot, next: XfsDquot): void {
  tp.mod(prev, 'BCOUNT', -ip.nblocks);
  tp.mod(prev, 'ICOUNT', -1);
  tp.mod(next, 'BCOUNT', ip.nblocks);
  tp.mod(next, 'ICOUNT', 1);
  tp.mod(next, 'RES_REGBLKS', -ip.delayedBlks);
  prev.blk.reserved -= ip.delayedBlks;
}
