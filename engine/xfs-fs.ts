/**
 * The mounted filesystem as the kernel-side modules see it: one object carrying the mount, the
 * allocator, the inode cache, the tracer, the clock and the tunables. The modules are functions
 * over it (as fs/xfs functions take a struct xfs_mount / xfs_inode), which keeps each file about
 * one kernel concept. engine/xfs-super.ts builds it.
 */
import type { WbState } from './fs-writeback.js';
import type { XfsAllocator } from './xfs-alloc.js';
import type { XfsRefcount } from './xfs-refcount.js';
import type { XfsInode } from './xfs-inode.js';
import type { XfsMount } from './xfs-mount.js';
import type { Tracer } from './xfs-trace.js';
import type { KernelFlavour } from './xfs-flavour.js';

/** Quota hooks of the write path (the quota manager implements them; the default does nothing). */
export interface QuotaHooks {
  /** xfs_quota_reserve_blkres: reserve `n` blocks for the inode's dquots (may throw EDQUOT). */
  reserveBlkres(ip: XfsInode, n: number): void;
  /** Undo a reservation. */
  unreserveBlkres(ip: XfsInode, n: number): void;
  /** Reserved blocks became allocated (DELBCOUNT / BCOUNT). */
  chargeAllocated(ip: XfsInode, n: number, fromReservation: boolean): void;
  /** Allocated blocks were freed. */
  releaseAllocated(ip: XfsInode, n: number): void;
  /**
   * The quota part of xfs_trans_alloc_inode: reserve `dblocks` for a transaction on `ip` (traced;
   * may throw EDQUOT, or ENOSPC for a project quota, after one blockgc retry unless `force`).
   * Charges made until transCommit() belong to that transaction.
   */
  transAlloc?(ip: XfsInode, dblocks: number, force: boolean): void;
  /** Commit the transaction opened by transAlloc: apply deltas, give back unused reservation. */
  transCommit?(): void;
  /** Cancel it: give its whole reservation back. */
  transCancel?(): void;
  /**
   * `n` blocks allocated into the CoW fork by the open transaction: they stay reserved, as delalloc
   * blocks do (XFS_TRANS_DQ_RES_BLKS -n, so the commit keeps them out of the unused reservation).
   */
  cowStaged?(ip: XfsInode, n: number): void;
  /** xfs_quota_need_throttle / xfs_quota_calc_throttle for xfs_iomap_prealloc_size; null = none. */
  preallocThrottle?(ip: XfsInode, allocBlocks: number, freesp: number): { qblocks: number; qshift: number; freesp: number } | null;
  /** Inode creation in `dir` for these ids (xfs_trans_alloc_icreate + dqattach; may throw EDQUOT). */
  icreate?(dir: XfsInode, uid: number, gid: number, projid: number): void;
  /** The last link and reference went: the inode's count leaves its dquots (xfs_ifree). */
  ifree?(ip: XfsInode): void;
  /** chown/chgrp (xfs_setattr_nonsize): move usage to the new dquots; `force` = CAP_FOWNER. */
  chown?(ip: XfsInode, uid: number, gid: number, force?: boolean): void;
  /** FS_IOC_FSSETXATTR (xfs_ioctl_setattr): dquot lookup, and the project change if any. */
  setxattr?(ip: XfsInode, projid: number, force: boolean): void;
  /** xfs_iomap_write_unwritten: one forced reservation per conversion transaction. */
  unwrittenConvert?(ip: XfsInode, transactions: number): void;
}

/** No quota: every hook is a no-op. */
export const NO_QUOTA: QuotaHooks = {
  reserveBlkres() {},
  unreserveBlkres() {},
  chargeAllocated() {},
  releaseAllocated() {},
};

/** Tunables under /proc/sys/fs/xfs, the flusher's under /proc/sys/vm, and the debug knobs. */
export interface XfsSysctls {
  /** speculative_prealloc_lifetime (xfs_blockgc_secs), seconds. */
  speculativePreallocLifetime: number;
  /** vm.dirty_expire_centisecs: how old dirty data must be before the flusher writes it back. */
  dirtyExpireCentisecs: number;
  /** vm.dirty_writeback_centisecs: the flusher's wakeup interval (0: no periodic writeback). */
  dirtyWritebackCentisecs: number;
  /** always_cow debug knob. */
  alwaysCow: boolean;
  /** xfssyncd_centisecs: the log worker's interval (xfs_log_worker forces the log). */
  xfssyncdCentisecs: number;
}

/** The mounted filesystem. */
export interface XfsFs {
  readonly mp: XfsMount;
  readonly alloc: XfsAllocator;
  /** Refcount btrees: shared blocks and CoW staging records. */
  readonly refcount: XfsRefcount;
  readonly tracer: Tracer;
  readonly inodes: Map<number, XfsInode>;
  readonly quota: QuotaHooks;
  readonly sysctl: XfsSysctls;
  /** Simulated time in microseconds. */
  nowUs(): number;
  /**
   * Queue delayed work `key` to run `delayUs` from now, when its timer fires (timer-wheel.ts; an item
   * already queued keeps its deadline, as queue_delayed_work). The work runs with the trace ctx "kworker".
   */
  queueDelayedWork(key: string, delayUs: number, fn: () => void): void;
  /** flush_delayed_work after mod_delayed_work(0): run the queued item now, if one is queued. */
  flushDelayedWork(key: string): void;
  /** cancel_delayed_work: drop the queued item; whether one was queued. */
  cancelDelayedWork(key: string): boolean;
  /** Run fn in the kworker trace context (work done by a kernel thread on the task's behalf). */
  asKworker(fn: () => void): void;
  /** The flusher's clock (fs-writeback.ts). */
  readonly wb: WbState;
  /** xfs_blockgc_queue: (re)arm the background blockgc worker if any inode is tagged. */
  blockgcQueue(): void;
  /** The flusher's writeback list: inodes in the order they were first dirtied (fs-writeback.ts). */
  readonly dirtyInodes: Set<XfsInode>;
  /** Whether the filesystem was shut down (every call fails with EIO). */
  shutdown: boolean;
  /** Whose behaviour to follow where kernels differ (engine/xfs-flavour.ts); '6.18' by default. */
  readonly flavour: KernelFlavour;
}
