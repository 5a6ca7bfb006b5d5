/**
 * Reflink and copy-on-write (fs/xfs/xfs_reflink.c). This landing has the pieces the buffered-write
 * path consults; the refcount btree, remapping and CoW completion arrive with the CoW work.
 */
import { isDelalloc, recEnd } from './xfs-bmap.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { extentTrace } from './xfs-iomap.js';
import { EXT_NORM, type BmbtIrec } from './xfs-types.js';

/** Refcount lookups; the default says nothing is shared (no refcount btree yet). */
export interface SharedLookup {
  /** First shared run overlapping [fsb, fsb+len): {start, len} or null. */
  findShared(fs: XfsFs, fsb: number, len: number): { start: number; len: number } | null;
}

let sharedLookup: SharedLookup = { findShared: () => null };

/** Install the refcount lookup (the refcount btree module does this). */
export function setSharedLookup(l: SharedLookup): void {
  sharedLookup = l;
}

/**
 * xfs_bmap_trim_cow → xfs_reflink_trim_around_shared: trim `imap` (already known to start at or
 * before offsetFsb) to the request and then to the first shared/unshared boundary.
 */
export function trimCow(
  fs: XfsFs, ip: XfsInode, imap: BmbtIrec, offsetFsb: number, endFsb: number,
): { imap: BmbtIrec; shared: boolean } {
  const s = Math.max(imap.startoff, offsetFsb);
  const e = Math.min(recEnd(imap), endFsb);
  const delta = s - imap.startoff;
  let t: BmbtIrec = {
    startoff: s, blockcount: e - s, state: imap.state,
    startblock: isDelalloc(imap) ? imap.startblock : imap.startblock + delta,
  };
  if (fs.sysctl.alwaysCow && !isDelalloc(t)) return { imap: t, shared: true };
  if (isDelalloc(t) || t.state !== EXT_NORM) return { imap: t, shared: false };
  extentTrace(fs, 'xfs_reflink_trim_around_shared', ip, t);
  const found = sharedLookup.findShared(fs, t.startblock, t.blockcount);
  if (!found) return { imap: t, shared: false };
  if (found.start === t.startblock) {
    t = { ...t, blockcount: found.len };
    return { imap: t, shared: true };
  }
  t = { ...t, blockcount: found.start - t.startblock };
  return { imap: t, shared: false };
}

/** Whether a real extent shares any block with another owner (refcount ≥ 2). */
export function isSharedExtent(fs: XfsFs, ip: XfsInode, rec: BmbtIrec): boolean {
  void ip;
  return sharedLookup.findShared(fs, rec.startblock, rec.blockcount) !== null;
}
