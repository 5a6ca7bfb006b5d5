/**
 * The quota manager (fs/xfs/xfs_qm.c, xfs_qm_bhv.c and the quota parts of xfs_inode.c, xfs_iops.c,
 * xfs_ioctl.c, xfs_trans.c): the dquots of a filesystem and what survives a remount of them (the
 * quota inodes and files), quotacheck, and the QuotaHooks the rest of the engine calls — delalloc
 * reservations, transaction reservations and charges, inode creation and removal, chown and project
 * changes. Quota is off unless the mount options turn it on; the engine then keeps NO_QUOTA.
 */
import { setFreeQuota } from './xfs-file.js';
import {
  DEFAULT_GRACE, DQ_TYPES, BIGTIME_EXPIRY_MAX, BIGTIME_EXPIRY_MIN, bigtimeRound, dquotDiskAlloc, setPreallocLimits,
  XfsDquot, type DefQuota, type DqType,
} from './xfs-dquot.js';
import { NO_QUOTA, type QuotaHooks, type XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import type { MountOptions } from './xfs-mount.js';
import { blockgcFreeDquots, ICWALK_FLAG_SYNC } from './xfs-qm-blockgc.js';
import { quotaThrottle } from './xfs-quota-throttle.js';
import { qmChown, qmCreate, qmFree, qmSetProjid, reserveWithRetry } from './xfs-qm-vops.js';
import { DqTrans, reserveBydquots, type DqContext } from './xfs-trans-dquot.js';

/**
 * The wall clock of the simulated machine at boot (2026-01-01 00:00:00 UTC): grace timers are
 * absolute wall-clock times, and a bigtime timer cannot be earlier than 4 s past the epoch.
 */
export const BOOT_WALL_SECS = 1767225600;

/** The filesystem side the manager needs beyond XfsFs (XfsSuper provides it). */
export interface QmFs extends XfsFs {
  createInode(isDir: boolean, uid: number, gid: number, projid: number): XfsInode;
}

/** What one quota type keeps on disk: its dquots, its quota inode, and its quotacheck flag. */
interface TypeDisk {
  dquots: Map<number, XfsDquot>;
  /** The quota inode (sb_uquotino and friends); 0 before the type was first enabled. */
  ino: number;
  /** Dquot chunks (one filesystem block each) of the quota file: chunk index → fsblock. */
  chunks: Map<number, number>;
  /** sb_qflags *_CHKD: usage is known good; cleared by a mount without this type. */
  checked: boolean;
}

const managers = new WeakMap<XfsFs, XfsQuotaManager>();

/** The quota manager of a filesystem, if quota was ever enabled on it. */
export function quotaManager(fs: XfsFs): XfsQuotaManager | null {
  return managers.get(fs) ?? null;
}

/**
 * Mount-time quota setup (xfs_qm_newmount, xfs_qm_mount_quotas): returns the hooks to install,
 * NO_QUOTA when the options enable no quota type.
 */
export function quotaMount(fs: QmFs, opts: MountOptions): QuotaHooks {
  let qm = managers.get(fs);
  const any = opts.uquota || opts.gquota || opts.pquota;
  if (!qm) {
    if (!any) return NO_QUOTA;
    qm = new XfsQuotaManager(fs);
    managers.set(fs, qm);
  }
  qm.mount(opts);
  return any ? qm : NO_QUOTA;
}

/** Unmount: dquots are written back (clean) and dropped from memory. */
export function quotaUnmount(fs: XfsFs): void {
  managers.get(fs)?.unmount();
}

/** The dquots of one filesystem. */
export class XfsQuotaManager implements QuotaHooks, DqContext {
  private readonly disk = new Map<DqType, TypeDisk>();
  /** Accounting (XFS_*QUOTA_ACCT) and enforcement (XFS_*QUOTA_ENFD) per type, for this mount. */
  readonly on: Record<DqType, boolean> = { user: false, group: false, project: false };
  readonly enforce: Record<DqType, boolean> = { user: false, group: false, project: false };
  /** The transaction opened by transAlloc, if any. */
  private tp: DqTrans | null = null;

  constructor(readonly fs: QmFs) {
    for (const t of DQ_TYPES) this.disk.set(t, { dquots: new Map(), ino: 0, chunks: new Map(), checked: false });
  }

  get tracer() {
    return this.fs.tracer;
  }

  /** ktime_get_real_seconds() on the simulated clock. */
  nowSecs(): number {
    return BOOT_WALL_SECS + Math.floor(this.fs.nowUs() / 1e6);
  }

  /** Whether enforcement is on for a type (xfs_dquot_is_enforced). */
  enforced(type: DqType): boolean {
    return this.on[type] && this.enforce[type];
  }

  /** The defaults of a type: the id-0 dquot's limits and grace periods (xfs_get_defquota). */
  defquota(type: DqType): DefQuota {
    const d0 = this.disk.get(type)!.dquots.get(0);
    return {
      blk: { soft: d0?.blk.softlimit ?? 0, hard: d0?.blk.hardlimit ?? 0, time: d0?.blk.timer || DEFAULT_GRACE },
      ino: { soft: d0?.ino.softlimit ?? 0, hard: d0?.ino.hardlimit ?? 0, time: d0?.ino.timer || DEFAULT_GRACE },
    };
  }

  /** The quota inode and file blocks of a type, for `xfs_quota state` (0 inode = none). */
  quotaFile(type: DqType): { ino: number; blocks: number; extents: number } {
    const d = this.disk.get(type)!;
    const idx = [...d.chunks.keys()].sort((a, b) => a - b);
    const extents = idx.filter((c, i) => i === 0 || idx[i - 1] !== c - 1 || d.chunks.get(c)! !== d.chunks.get(c - 1)! + 1).length;
    return { ino: d.ino, blocks: idx.length, extents };
  }

  /** Every dquot of a type on disk, by ascending id. */
  dquots(type: DqType): XfsDquot[] {
    return [...this.disk.get(type)!.dquots.values()].sort((a, b) => a.id - b.id);
  }

  /**
   * xfs_qm_dqget: the dquot of (type, id); with `alloc`, one is made on disk if missing — a new
   * dquot chunk takes a block of the quota file (xfs_dquot_disk_alloc).
   */
  dqget(type: DqType, id: number, alloc: boolean): XfsDquot | null {
    const d = this.disk.get(type)!;
    let dq = d.dquots.get(id);
    if (dq || !alloc) return dq ?? null;
    dq = new XfsDquot(type, id);
    setPreallocLimits(dq);
    d.dquots.set(id, dq);
    const chunk = Math.floor(id / Math.floor(this.fs.mp.blocksize / 136));
    if (!d.chunks.has(chunk)) {
      const fsb = dquotDiskAlloc(this.fs, this.chunkTarget(d, chunk));
      if (fsb !== null) d.chunks.set(chunk, fsb);
    }
    return dq;
  }

  /**
   * Where xfs_bmap_adjacent aims a new quota-file block: as far from the previous chunk's block as
   * the chunks are apart in the file; the first one next to the quota inode.
   */
  private chunkTarget(d: TypeDisk, chunk: number): number {
    let prev: [number, number] | null = null;
    for (const [c, fsb] of d.chunks) if (c < chunk && (!prev || c > prev[0])) prev = [c, fsb];
    if (prev) return prev[1] + (chunk - prev[0]);
    const inopblog = Math.log2(this.fs.mp.blocksize / this.fs.mp.inodesize);
    return Math.floor(d.ino / 2 ** inopblog);
  }

  /** The id an inode has for a type. */
  static idOf(ip: XfsInode, type: DqType): number {
    return type === 'user' ? ip.uid : type === 'group' ? ip.gid : ip.projid;
  }

  /** xfs_qm_dqattach: the inode's dquots of every type that is on (user, group, project). */
  inodeDquots(ip: XfsInode): XfsDquot[] {
    return DQ_TYPES.filter((t) => this.on[t]).map((t) => this.dqget(t, XfsQuotaManager.idOf(ip, t), true)!);
  }

  /** Mount: quota inodes for newly enabled types, quotacheck where usage is not known good. */
  mount(opts: MountOptions): void {
    this.on.user = opts.uquota;
    this.on.group = opts.gquota;
    this.on.project = opts.pquota;
    this.enforce.user = opts.uenforce;
    this.enforce.group = opts.genforce;
    this.enforce.project = opts.penforce;
    for (const t of DQ_TYPES) {
      const d = this.disk.get(t)!;
      if (!this.on[t]) {
        d.checked = false; // a mount without this type turns its accounting off on disk
        continue;
      }
      if (!d.ino) d.ino = this.fs.createInode(false, 0, 0, 0).ino;
    }
    const tr = this.tracer;
    if (DQ_TYPES.some((t) => this.on[t]) && tr.on('xfs_quota_expiry_range')) {
      tr.emit('xfs_quota_expiry_range', { min: String(BIGTIME_EXPIRY_MIN), max: String(BIGTIME_EXPIRY_MAX) });
    }
    for (const t of DQ_TYPES) {
      if (!this.on[t]) continue;
      const d = this.disk.get(t)!;
      if (!d.checked) this.quotacheck(t);
      for (const dq of d.dquots.values()) {
        // Read back from disk: nothing reserved, clean, timers in bigtime units.
        dq.blk.reserved = dq.blk.count;
        dq.ino.reserved = dq.ino.count;
        dq.dirty = false;
        if (dq.id !== 0) {
          dq.blk.timer = bigtimeRound(dq.blk.timer);
          dq.ino.timer = bigtimeRound(dq.ino.timer);
        }
        setPreallocLimits(dq);
      }
      d.checked = true;
    }
  }

  /**
   * xfs_qm_quotacheck: recount every dquot of a type from the inodes (the realtime bitmap and
   * summary inodes belong to root; the quota inodes to nobody).
   */
  private quotacheck(type: DqType): void {
    const d = this.disk.get(type)!;
    for (const dq of d.dquots.values()) dq.blk.count = dq.ino.count = 0;
    const quotaInos = new Set(DQ_TYPES.map((t) => this.disk.get(t)!.ino));
    this.dqget(type, 0, true)!.ino.count += 2;
    for (const ip of this.fs.inodes.values()) {
      if (quotaInos.has(ip.ino)) continue;
      const dq = this.dqget(type, XfsQuotaManager.idOf(ip, type), true)!;
      dq.ino.count++;
      dq.blk.count += ip.nblocks;
    }
  }

  /** Unmount: every dquot reaches the disk. */
  unmount(): void {
    this.tp = null;
    for (const d of this.disk.values()) for (const dq of d.dquots.values()) dq.dirty = false;
  }

  /** A transaction: the open one (transAlloc), else a one-change transaction committed at once. */
  private inTrans(change: (tp: DqTrans) => void): void {
    if (this.tp) {
      change(this.tp);
      return;
    }
    const tp = new DqTrans(this);
    change(tp);
    tp.commit();
  }

  // ------------------------------------------------------------------ QuotaHooks

  reserveBlkres(ip: XfsInode, n: number): void {
    if (n) reserveBydquots(this, null, this.inodeDquots(ip), n, 0, false);
  }

  unreserveBlkres(ip: XfsInode, n: number): void {
    for (const dq of this.inodeDquots(ip)) dq.blk.reserved -= n;
  }

  chargeAllocated(ip: XfsInode, n: number, fromReservation: boolean): void {
    this.inTrans((tp) => {
      for (const dq of this.inodeDquots(ip)) tp.mod(dq, fromReservation ? 'DELBCOUNT' : 'BCOUNT', n);
    });
  }

  releaseAllocated(ip: XfsInode, n: number): void {
    // Frees are deferred work (xfs_bmap_unmap_extent, xfs_itruncate's rolls): their own transaction,
    // never the reserving one — there a negative count delta would not come off the reservation.
    const tp = new DqTrans(this);
    for (const dq of this.inodeDquots(ip)) tp.mod(dq, 'BCOUNT', -n);
    tp.commit();
  }

  transAlloc(ip: XfsInode, dblocks: number, force: boolean): void {
    this.tp?.commit();
    this.tp = null;
    this.tp = reserveWithRetry(this, this.inodeDquots(ip), dblocks, 0, force);
  }

  cowStaged(ip: XfsInode, n: number): void {
    const tp = this.tp;
    if (!tp) {
      this.reserveBlkres(ip, n);
      return;
    }
    for (const dq of this.inodeDquots(ip)) tp.mod(dq, 'RES_REGBLKS', -n);
  }

  transCommit(): void {
    this.tp?.commit();
    this.tp = null;
  }

  transCancel(): void {
    this.tp?.cancel();
    this.tp = null;
  }

  preallocThrottle(ip: XfsInode, allocBlocks: number, freesp: number): { qblocks: number; qshift: number; freesp: number } | null {
    return quotaThrottle(this, ip, allocBlocks, freesp);
  }

  icreate(dir: XfsInode, uid: number, gid: number, projid: number): void {
    qmCreate(this, dir, uid, gid, projid);
  }

  ifree(ip: XfsInode): void {
    qmFree(this, ip);
  }

  chown(ip: XfsInode, uid: number, gid: number, force = true): void {
    qmChown(this, ip, uid, gid, force);
  }

  setxattr(ip: XfsInode, projid: number, force: boolean): void {
    qmSetProjid(this, ip, projid, force);
  }

  unwrittenConvert(ip: XfsInode, transactions: number): void {
    // xfs_iomap_write_unwritten: XFS_DIOSTRAT_SPACE_RES(mp, 0) << 1 blocks, forced.
    const resblks = 2 * (this.fs.mp.bmMaxLevels - 1);
    const dqs = this.inodeDquots(ip);
    for (let i = 0; i < transactions; i++) {
      const tp = new DqTrans(this);
      reserveBydquots(this, tp, dqs, resblks, 0, true);
      tp.commit();
    }
  }

}

// The EDQUOT retry of xfs_file_buffered_write scans synchronously (xfs_blockgc_free_quota).
setFreeQuota((fs, ip) => {
  const qm = managers.get(fs);
  if (!qm || fs.quota !== qm) return;
  blockgcFreeDquots(fs, qm, qm.inodeDquots(ip), ICWALK_FLAG_SYNC);
});
