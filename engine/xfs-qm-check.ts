/**
 * The quota part of the consistency checker (what xfs_repair's quotacheck would find): for every
 * quota type that is on, each dquot's block count equals the blocks its inodes own, its block
 * reservation that count plus their delalloc and CoW blocks, and its inode count the inodes it owns
 * (the realtime bitmap and summary inodes are root's). Nothing may be left reserved by a transaction.
 */
import { DQ_TYPES } from './xfs-dquot.js';
import type { XfsFs } from './xfs-fs.js';
import { quotaManager, XfsQuotaManager } from './xfs-qm.js';

/** One broken quota rule (same shape as the checker's violations). */
export interface QuotaViolation {
  rule: string;
  detail: string;
}

/** Compare every dquot of the mounted filesystem with what its inodes own. */
export function checkQuota(fs: XfsFs): QuotaViolation[] {
  const qm = quotaManager(fs);
  if (!qm || fs.quota !== qm) return [];
  const out: QuotaViolation[] = [];
  const quotaInos = new Set(DQ_TYPES.map((t) => qm.quotaFile(t).ino));
  for (const type of DQ_TYPES) {
    if (!qm.on[type]) continue;
    const want = new Map<number, { blocks: number; reserved: number; inodes: number }>();
    const at = (id: number) => {
      let w = want.get(id);
      if (!w) want.set(id, (w = { blocks: 0, reserved: 0, inodes: 0 }));
      return w;
    };
    at(0).inodes += 2;
    for (const ip of fs.inodes.values()) {
      if (quotaInos.has(ip.ino)) continue;
      const w = at(XfsQuotaManager.idOf(ip, type));
      w.blocks += ip.nblocks;
      w.reserved += ip.nblocks + ip.delayedBlks;
      w.inodes++;
    }
    for (const dq of qm.dquots(type)) {
      const w = want.get(dq.id) ?? { blocks: 0, reserved: 0, inodes: 0 };
      want.delete(dq.id);
      const where = `${type} ${dq.id}`;
      if (dq.blk.count !== w.blocks) out.push({ rule: 'dquot block count equals its inodes\' blocks', detail: `${where}: ${dq.blk.count} != ${w.blocks}` });
      if (dq.blk.reserved !== w.reserved) {
        out.push({ rule: 'dquot block reservation equals blocks + delalloc/CoW reservations', detail: `${where}: ${dq.blk.reserved} != ${w.reserved}` });
      }
      if (dq.ino.count !== w.inodes || dq.ino.reserved !== w.inodes) {
        out.push({ rule: 'dquot inode count equals its inodes', detail: `${where}: ${dq.ino.count}/${dq.ino.reserved} != ${w.inodes}` });
      }
    }
    for (const [id] of want) out.push({ rule: 'every owner has a dquot', detail: `${type} ${id}` });
  }
  return out;
}
