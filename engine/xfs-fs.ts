/**
 * The mounted filesystem as the kernel-side modules see it: one object carrying the mount, the
 * allocator, the inode cache, the tracer, the clock and the tunables. The modules are functions
 * over it (as fs/xfs functions take a struct xfs_mount / xfs_inode), which keeps each file about
 * one kernel concept. engine/xfs-super.ts builds it.
 */
import type { XfsAllocator } from './xfs-alloc.js';
import type { XfsRefcount } from './xfs-refcount.js';
import type { XfsInode } from './xfs-inode.js';
import type { XfsMount } from './xfs-mount.js';
import type { Tracer } from './xfs-trace.js';

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
}

/** No quota: every hook is a no-op. */
export const NO_QUOTA: QuotaHooks = {
  reserveBlkres() {},
  unreserveBlkres() {},
  chargeAllocated() {},
  releaseAllocated() {},
};

/** Tunables under /proc/sys/fs/xfs and the debug knobs. */
export interface XfsSysctls {
  /** speculative_prealloc_lifetime (xfs_blockgc_secs), seconds. */
  speculativePreallocLifetime: number;
  /** always_cow debug knob. */
  alwaysCow: boolean;
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
   * Queue delayed work `key` to run `delayUs` from now (queue_delayed_work: an item already queued
   * keeps its deadline). The work runs with the trace ctx "kworker".
   */
  queueDelayedWork(key: string, delayUs: number, fn: () => void): void;
  /** xfs_blockgc_queue: (re)arm the background blockgc worker if any inode is tagged. */
  blockgcQueue(): void;
  /** Dirty inodes in the order they were dirtied (the writeback list). */
  readonly dirtyInodes: Set<XfsInode>;
  /** Whether the filesystem was shut down (every call fails with EIO). */
  shutdown: boolean;
}
