/**
 * The consistency checker (what xfs_repair would say of the in-core state): space accounting,
 * extent trees sorted and non-overlapping, no block owned twice, indlen and delayed-block
 * accounting. Tests run it after every operation.
 */
import { isDelalloc, recEnd } from './xfs-bmap.js';
import type { XfsSuper } from './xfs-super.js';
import { checkQuota } from './xfs-qm-check.js';
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
  const cowOwned: [number, number, string][] = [];
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
          if (which === 'cow') {
            cowOwned.push([r.startblock, r.blockcount, where]);
            delayed += r.blockcount;
          } else {
            owned.push([r.startblock, r.blockcount, where]);
            nblocks += r.blockcount;
          }
        }
      }
    }
    for (const fsb of ip.bmbt) owned.push([fsb, 1, `ino ${ip.ino} bmbt block ${fsb}`]);
    nblocks += ip.bmbt.length;
    if (delayed !== ip.delayedBlks) bad('i_delayed_blks equals delalloc + CoW blocks', `ino ${ip.ino}: ${ip.delayedBlks} != ${delayed}`);
    if (nblocks !== ip.nblocks) bad('i_nblocks equals real data-fork blocks + btree blocks', `ino ${ip.ino}: ${ip.nblocks} != ${nblocks}`);
    if (ip.diskSize > ip.size) bad('i_disk_size <= i_size', `ino ${ip.ino}: ${ip.diskSize} > ${ip.size}`);
  }
  if (delallocTotal !== mp.delallocBlks) bad('m_delalloc_blks equals the delalloc records', `${mp.delallocBlks} != ${delallocTotal}`);
  checkOwnership(fs, owned, cowOwned, bad);
  // free + used + reserved = total: the free counter plus the reserve pool, the per-AG reservations
  // and every delalloc reservation account for exactly the AGs' free space.
  const free = fs.alloc.totalFree();
  const accounted = mp.fdblocks + mp.resAvail + mp.agResv + mp.delallocBlks;
  if (accounted !== free) bad('fdblocks + reserve + AG resv + delalloc = free space', `${accounted} != ${free}`);
  if (mp.resAvail < 0 || mp.resAvail > mp.resTotal) bad('0 <= res_avail <= res_total', `${mp.resAvail}/${mp.resTotal}`);
  if (mp.fdblocks < 0) bad('fdblocks >= 0', String(mp.fdblocks));
  // Quota: dquot usage = the blocks its inodes own plus their reservations.
  v.push(...checkQuota(fs));
  return v;
}

/**
 * Block ownership: every data-fork block's refcount equals its number of owners (records only for
 * counts >= 2), CoW staging blocks belong to one CoW fork, carry a COW-domain record and are in no
 * data fork, and no owned block is free.
 */
function checkOwnership(
  fs: XfsSuper, owned: [number, number, string][], cowOwned: [number, number, string][],
  bad: (rule: string, detail: string) => void,
): void {
  const mp = fs.mp;
  // Sweep the data-fork owners into (block range, owner count) segments.
  const edges = new Map<number, number>();
  for (const [fsb, len] of owned) {
    edges.set(fsb, (edges.get(fsb) ?? 0) + 1);
    edges.set(fsb + len, (edges.get(fsb + len) ?? 0) - 1);
  }
  const points = [...edges.keys()].sort((a, b) => a - b);
  let count = 0;
  for (let i = 0; i < points.length - 1; i++) {
    count += edges.get(points[i])!;
    const s = points[i];
    const e = points[i + 1];
    if (count === 0 || e <= s) continue;
    // Split at AG boundaries: refcount records are per AG.
    for (let at = s; at < e;) {
      const agEnd = mp.agbToFsb(mp.fsbToAgno(at) + 1, 0);
      const stop = Math.min(e, agEnd);
      for (const run of fs.refcount.runs(at, stop - at)) {
        if (run.refcount !== count) {
          bad('refcount equals the number of owners', `ag ${mp.fsbToAgno(at)} agbno ${run.agbno}+${run.len}: refcount ${run.refcount}, owners ${count}`);
        }
      }
      at = stop;
    }
  }
  for (let agno = 0; agno < mp.agcount; agno++) {
    for (const r of fs.refcount.sharedRecords(agno)) {
      const fsb = mp.agbToFsb(agno, r.startoff);
      if (!owned.some(([f, l]) => f < fsb + r.blockcount && fsb < f + l)) {
        bad('refcount records only for owned blocks', `ag ${agno} agbno ${r.startoff}+${r.blockcount} refcount ${r.startblock}`);
      }
    }
  }
  const all = [...owned.map((o) => [...o, 'data'] as const), ...cowOwned.map((o) => [...o, 'cow'] as const)];
  for (const [fsb, len, where] of all) {
    const agno = mp.fsbToAgno(fsb);
    const agbno = mp.fsbToAgbno(fsb);
    if (fs.alloc.free[agno].overlaps(agbno, agbno + len) || fs.alloc.busy[agno].overlaps(agbno, agbno + len)) {
      bad('owned blocks are not free', where);
    }
  }
  for (let agno = 0; agno < mp.agcount; agno++) {
    const m = fs.alloc.unionMismatch(agno);
    if (m) bad('the allocator\'s free ∪ busy set is the union of its free and busy sets', m);
  }
  const sortedCow = [...cowOwned].sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < sortedCow.length; i++) {
    const [fsb, len, where] = sortedCow[i];
    if (i > 0 && fsb < sortedCow[i - 1][0] + sortedCow[i - 1][1]) bad('CoW blocks owned once', `${sortedCow[i - 1][2]} and ${where}`);
    if (owned.some(([f, l]) => f < fsb + len && fsb < f + l)) bad('CoW fork blocks are in no data fork', where);
    const agno = mp.fsbToAgno(fsb);
    const agbno = mp.fsbToAgbno(fsb);
    const cow = fs.refcount.cow[agno];
    let covered = 0;
    for (const [s, e] of cow.ranges(agbno, agbno + len)) covered += e - s;
    if (covered !== len) bad('CoW staging blocks carry a COW-domain record', where);
  }
}
