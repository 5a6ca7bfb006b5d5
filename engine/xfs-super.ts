/**
 * The superblock side (fs/xfs/xfs_super.c, xfs_mount.c): a formatted device that can be mounted
 * and unmounted, the inode cache and namespace, statfs, sync, and eviction at unmount.
 */
import { reconcileBmbt } from './xfs-bmap-btree.js';
import { XfsAllocator } from './xfs-alloc.js';
import { XfsRefcount } from './xfs-refcount.js';
import { XfsError } from './xfs-errors.js';
import { flushInodes } from './xfs-file.js';
import type { WbState } from './fs-writeback.js';
import { timerFiresAtUs } from './timer-wheel.js';
import { NO_QUOTA, type QuotaHooks, type XfsFs, type XfsSysctls } from './xfs-fs.js';
import { blockgcQueue, canFreeEofblocks, freeEofblocks, itruncateExtents } from './xfs-icache.js';
import { XFS_ICOWBLOCKS, XFS_IEOFBLOCKS, XFS_INACTIVATING, XFS_NEED_INACTIVE, XfsInode } from './xfs-inode.js';
import { XfsMount, type MkfsOptions, type MountOptions } from './xfs-mount.js';
import { cancelCowRange } from './xfs-reflink-cancel.js';
import { hex, type Tracer } from './xfs-trace.js';
import type { StatfsResult } from './syscalls.js';
import { blockgcStartStopFields, type KernelFlavour } from './xfs-flavour.js';
import { quotaMount, quotaUnmount } from './xfs-qm.js';
import { errortagClearAll } from './xfs-errortag.js';

/** Root directory inode number; 129 and 130 are the realtime bitmap and summary inodes. */
export const ROOT_INO = 128;
const FIRST_FREE_INO = 131;

/** Delayed work queued on the simulated clock. */
interface Work {
  due: number;
  seq: number;
  key: string;
  fn: () => void;
}

/** A formatted scratch device and, while mounted, its in-core state. */
export class XfsSuper implements XfsFs {
  readonly mp: XfsMount;
  readonly alloc: XfsAllocator;
  readonly refcount: XfsRefcount;
  readonly inodes = new Map<number, XfsInode>();
  readonly dirtyInodes = new Set<XfsInode>();
  quota: QuotaHooks = NO_QUOTA;
  shutdown = false;
  mounted = false;
  readonly wb: WbState = { lastOldFlushUs: 0 };
  private work: Work[] = [];
  private workSeq = 0;
  /** The end of the time runDueWork is running work up to (the log worker skips its idle runs up to it). */
  private runUntilUs = 0;
  /**
   * In-core inodes freed but not yet reclaimed (XFS_IRECLAIMABLE), by inode number: the blockgc tags
   * they die with. A new file given the same number within the reclaim worker's 5 s gets the old
   * in-core inode back (xfs_iget_recycle), and these flags survive it (they are not among
   * XFS_IRECLAIM_RESET_FLAGS; recording 59 traces them).
   */
  private readonly reclaimable = new Map<number, number>();

  constructor(
    mkfs: MkfsOptions,
    readonly tracer: Tracer,
    readonly sysctl: XfsSysctls,
    private readonly clock: { nowUs(): number },
    readonly flavour: KernelFlavour = '6.18',
  ) {
    this.mp = new XfsMount(mkfs, { allocsize: 0, uquota: false, gquota: false, pquota: false, uenforce: false, genforce: false, penforce: false, text: '' }, tracer);
    this.alloc = new XfsAllocator(this.mp);
    this.refcount = new XfsRefcount(this.mp);
    const root = new XfsInode(ROOT_INO, true);
    this.inodes.set(ROOT_INO, root);
  }

  nowUs(): number {
    return this.clock.nowUs();
  }

  /** Mount with options: in-core counters are rebuilt from the on-disk free space. */
  mount(options: MountOptions): void {
    if (this.mounted) throw new XfsError('EBUSY', 'mount');
    this.mp.applyOptions(options);
    this.mp.initCounters(this.alloc.totalFree());
    this.mp.delallocBlks = 0;
    this.mounted = true;
    this.shutdown = false;
    this.wb.lastOldFlushUs = this.nowUs();
    errortagClearAll(this);
    this.blockgcStartStop(true);
    this.quota = quotaMount(this, options);
    this.logWorkQueue();
  }

  /**
   * xfs_log_work_queue: the log worker runs every xfssyncd_centisecs (30 s) while the filesystem is
   * mounted and forces the log (or covers it, a synchronous superblock write: a log force too), so
   * blocks freed since the last force stop being busy without any sync.
   */
  private logWorkQueue(): void {
    this.queueDelayedWork('xfs_log_worker', this.sysctl.xfssyncdCentisecs * 10_000, () => this.logWorker());
  }

  /**
   * xfs_log_worker. Its runs with nothing busy do nothing, and nothing can free blocks before the
   * next other delayed work or the end of the current sleep: the chain of such runs is skipped
   * (their deadlines computed, not run), so a `sleep` of years stays instant.
   */
  private logWorker(): void {
    this.alloc.clearBusy();
    const delay = this.sysctl.xfssyncdCentisecs * 10_000;
    let due = timerFiresAtUs(this.nowUs(), delay);
    let limit = this.runUntilUs;
    for (const w of this.work) limit = Math.min(limit, w.due);
    while (due < limit) due = timerFiresAtUs(due, delay);
    this.work.push({ due, seq: this.workSeq++, key: 'xfs_log_worker', fn: () => this.logWorker() });
  }

  /** xfs_blockgc_start (mount) / xfs_blockgc_stop (unmount): traced only. */
  private blockgcStartStop(start: boolean): void {
    const event = start ? 'xfs_blockgc_start' : 'xfs_blockgc_stop';
    if (this.tracer.on(event)) this.tracer.emit(event, blockgcStartStopFields(this.flavour, start));
  }

  /** Unmount: write everything back, evict every inode (post-EOF blocks and CoW leftovers go). */
  unmount(): void {
    if (!this.mounted) throw new XfsError('EINVAL', 'umount');
    if (!this.shutdown) flushInodes(this);
    // Inactivation runs in the inodegc workers (kworker), before xfs_unmountfs stops blockgc.
    this.asKworker(() => {
      for (const ip of this.inodes.values()) this.evict(ip);
    });
    this.dirtyInodes.clear();
    this.blockgcStartStop(false);
    quotaUnmount(this);
    this.quota = NO_QUOTA;
    this.alloc.clearBusy();
    this.work = [];
    this.reclaimable.clear();
    this.mounted = false;
  }

  /** Inode eviction (xfs_inactive): free post-EOF blocks and the whole CoW fork; drop in-core state. */
  evict(ip: XfsInode): void {
    if (!ip.isDir && !this.shutdown) {
      // The inodegc worker inactivates: XFS_NEED_INACTIVE | XFS_INACTIVATING show in the traced
      // iflags (xfs/213). xfs_inactive cancels the CoW fork first (its blocks count in
      // i_delayed_blks), then frees post-EOF blocks.
      ip.iflags |= XFS_NEED_INACTIVE | XFS_INACTIVATING;
      this.inactiveCancelCow(ip);
      if (canFreeEofblocks(this, ip)) freeEofblocks(this, ip);
    }
    ip.iflags = 0;
    ip.cowFork = null;
    ip.dirty.clear();
    ip.cached.clear();
    ip.folios.clear();
  }

  /**
   * Queue delayed work; an item already queued keeps its deadline (queue_delayed_work). It runs when
   * its timer fires: at the end of the timer-wheel granule of now + delay (timer-wheel.ts).
   */
  queueDelayedWork(key: string, delayUs: number, fn: () => void): void {
    if (!this.mounted || this.work.some((w) => w.key === key)) return;
    this.work.push({ due: timerFiresAtUs(this.nowUs(), delayUs), seq: this.workSeq++, key, fn });
  }

  flushDelayedWork(key: string): void {
    const w = this.takeWork(key);
    if (w) this.asKworker(w.fn);
  }

  cancelDelayedWork(key: string): boolean {
    return this.takeWork(key) !== undefined;
  }

  /** Take the queued item `key` off the queue. */
  private takeWork(key: string): Work | undefined {
    const i = this.work.findIndex((w) => w.key === key);
    return i >= 0 ? this.work.splice(i, 1)[0] : undefined;
  }

  /** Run fn in the kworker trace context. */
  asKworker(fn: () => void): void {
    const ctx = this.tracer.ctx;
    this.tracer.ctx = 'kworker';
    try {
      fn();
    } finally {
      this.tracer.ctx = ctx;
    }
  }

  /** xfs_blockgc_queue. */
  blockgcQueue(): void {
    blockgcQueue(this);
  }

  /** Run the work that is due before `untilUs`, in deadline order, as kworker. Returns the next deadline run. */
  runDueWork(untilUs: number, setNow: (us: number) => void): void {
    this.runUntilUs = untilUs;
    for (;;) {
      // Every system call comes here: nothing due is the common case, answered without sorting.
      let due = false;
      for (let i = 0; i < this.work.length && !due; i++) due = this.work[i].due < untilUs;
      if (!due) return;
      this.work.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const w = this.work[0];
      if (!w || w.due >= untilUs) return;
      this.work.shift();
      setNow(w.due);
      this.asKworker(w.fn);
    }
  }

  /** Allocate an inode number: the lowest free one (the first chunk's free inodes are used first). */
  allocIno(): number {
    let ino = FIRST_FREE_INO;
    while (this.inodes.has(ino)) ino++;
    return ino;
  }

  /** Create an inode. */
  createInode(isDir: boolean, uid: number, gid: number, projid: number): XfsInode {
    const ip = new XfsInode(this.allocIno(), isDir);
    ip.uid = uid;
    ip.gid = gid;
    ip.projid = projid;
    ip.atime = ip.mtime = ip.ctime = this.nowUs() / 1e6;
    const recycled = this.reclaimable.get(ip.ino);
    if (recycled !== undefined) {
      ip.iflags |= recycled;
      this.reclaimable.delete(ip.ino);
    }
    this.inodes.set(ip.ino, ip);
    return ip;
  }

  /** xfs_inactive's first step: the whole CoW fork is cancelled (traced). */
  private inactiveCancelCow(ip: XfsInode): void {
    if (!ip.hasCowData()) return;
    if (this.tracer.on('xfs_reflink_cancel_cow_range')) {
      this.tracer.emit('xfs_reflink_cancel_cow_range', {
        ino: hex(ip.ino), isize: hex(ip.size), disize: hex(ip.diskSize), pos: '0x0', bytecount: '0xffffffffffffffff',
      });
    }
    cancelCowRange(this, ip, 0, Number.MAX_SAFE_INTEGER, true);
  }

  /**
   * Free an unlinked, closed inode and all its blocks: the inodegc worker's xfs_inactive (kworker).
   * The CoW fork is cancelled; a regular file with a size or data is truncated to nothing
   * (xfs_inactive_truncate: the disk size goes to 0 first, then xfs_itruncate_extents, traced).
   */
  destroyInode(ip: XfsInode): void {
    this.asKworker(() => {
      ip.iflags |= XFS_NEED_INACTIVE | XFS_INACTIVATING; // as in evict()
      this.inactiveCancelCow(ip);
      if (!ip.isDir && (ip.diskSize !== 0 || ip.size !== 0 || ip.df.count > 0)) {
        ip.diskSize = 0;
        ip.size = 0;
        itruncateExtents(this, ip, 0, '', false);
      }
    });
    // The truncation above unmapped the data fork and the cancel emptied the CoW fork; the btree
    // blocks go with the extents.
    reconcileBmbt(this, ip);
    this.quota.ifree?.(ip);
    // Reclaimable until the reclaim worker runs (xfs_reclaim_work_queue: every xfssyncd_centisecs / 6).
    this.reclaimable.set(ip.ino, ip.iflags & (XFS_IEOFBLOCKS | XFS_ICOWBLOCKS));
    this.queueDelayedWork('xfs_reclaim_worker', Math.floor(this.sysctl.xfssyncdCentisecs / 6) * 10_000, () => this.reclaimable.clear());
    this.dirtyInodes.delete(ip);
    this.inodes.delete(ip.ino);
  }

  /** statfs(2) (xfs_fs_statfs). */
  statfs(): StatfsResult {
    const mp = this.mp;
    const free = mp.freeForStatfs();
    const used = this.inodes.size + 2; // + realtime bitmap and summary inodes
    const maxicount = Math.floor((mp.dblocks * 25) / 100) * (mp.blocksize / mp.inodesize);
    const icount = Math.max(64, Math.ceil(used / 64) * 64);
    const files = Math.min(icount + free * (mp.blocksize / mp.inodesize), maxicount);
    return {
      type: 0x58465342, bsize: mp.blocksize, frsize: mp.blocksize, blocks: mp.dblocks - mp.logblocks,
      bfree: free, bavail: free, files, ffree: files - used, namelen: 255, fsid: [0x700, 0], flags: 4128,
    };
  }
}
