/**
 * The consistency checker (what xfs_repair would say of the in-core state): space accounting,
 * extent trees sorted and non-overlapping, no block owned twice, indlen and delayed-block
 * accounting. Tests run it after every operation.
 */
import { isDelalloc, recEnd } from './xfs-bmap.js';
import type { XfsSuper } from './xfs-super.js';
import { MAX_BMBT_EXTLEN, startBlockVal } from './xfs-types.js';

/** One broken rule. */
export interface InvariantViolation {
  rule: string;
  detail: string;
}

/** Check the mounted filesystem; returns the violations (empty when consistent). */
export function checkInvariants(fs: XfsSuper): InvariantViolation[] {
  const v: InvariantViolation[] = [];
  const mp = fs.mp;
  const bad = (rule: string, detail: string) => v.push({ rule, detail });
  const owned: [number, number, string][] = [];
  let delallocTotal = 0;
  for (const ip of fs.inodes.values()) {
    let delayed = 0;
    let nblocks = 0;
    for (const which of ['data', 'cow'] as const) {
      const fork = which === 'data' ? ip.df : ip.cowFork;
      if (!fork) continue;
      let prevEnd = -1;
      for (const r of fork.all()) {
        const where = `ino ${ip.ino} ${which} [${r.startoff}+${r.blockcount}]`;
        if (r.startoff < prevEnd) bad('extents sorted and non-overlapping', where);
        if (r.blockcount < 1 || r.blockcount > MAX_BMBT_EXTLEN) bad('extent length in range', where);
        prevEnd = recEnd(r);
        if (isDelalloc(r)) {
          const indlen = startBlockVal(r.startblock);
          if (indlen < 1 && r.startblock !== -1) bad('delalloc indlen >= 1', where);
          delallocTotal += r.blockcount + Math.max(0, indlen);
          delayed += r.blockcount;
        } else {
          owned.push([r.startblock, r.blockcount, where]);
          if (which === 'cow') delayed += r.blockcount;
          else nblocks += r.blockcount;
        }
      }
    }
    if (delayed !== ip.delayedBlks) bad('i_delayed_blks equals delalloc + CoW blocks', `ino ${ip.ino}: ${ip.delayedBlks} != ${delayed}`);
    if (nblocks !== ip.nblocks) bad('i_nblocks equals real data-fork blocks', `ino ${ip.ino}: ${ip.nblocks} != ${nblocks}`);
    if (ip.diskSize > ip.size) bad('i_disk_size <= i_size', `ino ${ip.ino}: ${ip.diskSize} > ${ip.size}`);
  }
  if (delallocTotal !== mp.delallocBlks) bad('m_delalloc_blks equals the delalloc records', `${mp.delallocBlks} != ${delallocTotal}`);
  owned.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < owned.length; i++) {
    if (owned[i][0] < owned[i - 1][0] + owned[i - 1][1]) bad('no block owned twice', `${owned[i - 1][2]} and ${owned[i][2]}`);
  }
  for (const [fsb, len, where] of owned) {
    const agno = mp.fsbToAgno(fsb);
    const agbno = mp.fsbToAgbno(fsb);
    if (fs.alloc.free[agno].overlaps(agbno, agbno + len) || fs.alloc.busy[agno].overlaps(agbno, agbno + len)) {
      bad('owned blocks are not free', where);
    }
  }
  // free + used + reserved = total: the free counter plus the reserve pool, the per-AG reservations
  // and every delalloc reservation account for exactly the AGs' free space.
  const free = fs.alloc.totalFree();
  const accounted = mp.fdblocks + mp.resAvail + mp.agResv + mp.delallocBlks;
  if (accounted !== free) bad('fdblocks + reserve + AG resv + delalloc = free space', `${accounted} != ${free}`);
  if (mp.resAvail < 0 || mp.resAvail > mp.resTotal) bad('0 <= res_avail <= res_total', `${mp.resAvail}/${mp.resTotal}`);
  if (mp.fdblocks < 0) bad('fdblocks >= 0', String(mp.fdblocks));
  return v;
}
