/**
 * The flusher (fs/fs-writeback.c, the bdi writeback work): what writes dirty page cache back when
 * nobody calls sync. One writeback list per filesystem here (the scratch device is its own bdi).
 *
 * - An inode joins the list (fs.dirtyInodes, oldest first) when it gets its first dirty page, stamped
 *   with that time (inode->dirtied_when); the first inode on an empty list arms the periodic work
 *   vm.dirty_writeback_centisecs (5 s) later — 5.12 s in practice, as the timer wheel rounds a timer of
 *   that length up to a 256 ms granule (timer-wheel.ts).
 * - Each run of the work writes back, oldest first, every inode dirtied at least
 *   vm.dirty_expire_centisecs (30 s) ago (wb_check_old_data_flush, a "kupdate" pass, at most once per
 *   interval; times compared in jiffies), then re-arms itself while inodes remain on the list. A file
 *   dirtied at 0 s is written back at the sixth wakeup, ~30.7 s (the kernel: 30.83 s, recording 41).
 * - An inode leaves the list only when the flusher writes it back (periodically, for sync/syncfs and
 *   xfs_flush_inodes, or at a wakeup): fsync and the other write-and-wait paths clean its pages but
 *   leave it listed with its old time, so data written again soon after an fsync goes out when the
 *   *first* dirtying expires (recording 43).
 * - Writing a new nonzero vm.dirty_writeback_centisecs wakes the flusher at once
 *   (dirty_writeback_centisecs_handler → wakeup_flusher_threads), and that wakeup writes back every
 *   listed inode, expired or not (recording 42).
 *
 * Not modelled (docs/spec-notes.md): the background threshold (vm.dirty_background_ratio: writeback
 * once dirty data passes ~10% of memory) and dirty throttling in the writer; an expired inode is
 * written back whole in one pass rather than in 4 MiB chunks interleaved with other expired inodes.
 */
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { writebackRange } from './xfs-aops.js';
import { delayJiffies, jiffiesAt } from './timer-wheel.js';

/** The delayed-work key of the flusher's periodic work (wb->dwork). */
const WB_WORK = 'wb_workfn';
/** Centiseconds to microseconds. */
const CS = 10_000;

/** The flusher state of one filesystem (struct bdi_writeback's clock). */
export interface WbState {
  /** When the last kupdate pass ran (wb->last_old_flush), microseconds. */
  lastOldFlushUs: number;
}

/** __mark_inode_dirty(I_DIRTY_PAGES): the first dirty page puts the inode on the writeback list. */
export function markInodeDirty(fs: XfsFs, ip: XfsInode): void {
  if (ip.dirty.isEmpty() || fs.dirtyInodes.has(ip)) return;
  ip.dirtiedUs = fs.nowUs();
  fs.dirtyInodes.add(ip);
  wbWakeupDelayed(fs);
}

/** wb_wakeup_delayed: arm the periodic work one interval from now (a queued one keeps its deadline). */
function wbWakeupDelayed(fs: XfsFs): void {
  const interval = fs.sysctl.dirtyWritebackCentisecs * CS;
  if (interval > 0) fs.queueDelayedWork(WB_WORK, interval, () => wbWorkfn(fs, null));
}

/**
 * wb_workfn: the queued work item first (`all`: sync's or a wakeup's "every inode"), then the
 * kupdate pass when one is due, then re-arm while inodes remain listed. Runs as kworker.
 */
function wbWorkfn(fs: XfsFs, all: (() => void) | null): void {
  all?.();
  // wb_check_old_data_flush, in jiffies as the kernel counts.
  const now = jiffiesAt(fs.nowUs());
  const interval = fs.sysctl.dirtyWritebackCentisecs;
  if (interval > 0 && now >= jiffiesAt(fs.wb.lastOldFlushUs) + delayJiffies(interval * CS)) {
    fs.wb.lastOldFlushUs = fs.nowUs();
    writebackInodes(fs, now - delayJiffies(fs.sysctl.dirtyExpireCentisecs * CS));
  }
  if (fs.dirtyInodes.size > 0) wbWakeupDelayed(fs);
}

/** Write back (and take off the list) every listed inode first dirtied at or before jiffy `dirtiedBefore`. */
function writebackInodes(fs: XfsFs, dirtiedBefore: number): void {
  for (const ip of [...fs.dirtyInodes]) {
    if (jiffiesAt(ip.dirtiedUs) > dirtiedBefore) break; // the list is in dirtying order
    writebackRange(fs, ip);
    if (ip.dirty.isEmpty()) fs.dirtyInodes.delete(ip);
  }
}

/**
 * Run the flusher now for `work` (mod_delayed_work(0) on the periodic work, as wb_queue_work and
 * wb_start_writeback do), in kworker context: the work, the kupdate check, the re-arm.
 */
function wbRunNow(fs: XfsFs, work: () => void): void {
  fs.cancelDelayedWork(WB_WORK);
  fs.asKworker(() => wbWorkfn(fs, work));
}

/** sync_inodes_sb (sync, syncfs, xfs_flush_inodes): the flusher writes back every listed inode; the caller waits. */
export function syncInodesSb(fs: XfsFs): void {
  wbRunNow(fs, () => writebackInodes(fs, Infinity));
}

/**
 * A write of vm.dirty_writeback_centisecs: a new nonzero interval wakes the flusher
 * (wakeup_flusher_threads), which writes back everything listed when anything is.
 */
export function dirtyWritebackChanged(fs: XfsFs, old: number): void {
  const interval = fs.sysctl.dirtyWritebackCentisecs;
  if (interval === 0 || interval === old || fs.dirtyInodes.size === 0) return;
  wbRunNow(fs, () => writebackInodes(fs, Infinity));
}
