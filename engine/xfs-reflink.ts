/**
 * Reflink and copy-on-write on the buffered write path (fs/xfs/xfs_reflink.c): trimming a mapping
 * to shared/unshared boundaries, the CoW conversion before I/O submission, and the remap of
 * written CoW blocks into the data fork at I/O completion (xfs_reflink_end_cow).
 */
import {
  convertDelalloc, delExtentDelay, extsizeAlign, inodeAgno, isDelalloc, mergeAround, recEnd, replaceReal, setBlockgcTag, trimReal,
} from './xfs-bmap.js';
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import { XFS_DIFLAG2_REFLINK, XFS_ICOWBLOCKS, type XfsInode } from './xfs-inode.js';
import { extentTrace } from './xfs-iomap.js';
import { hex } from './xfs-trace.js';
import { DELAYSTARTBLOCK, EXT_NORM, EXT_UNWRITTEN, HOLESTARTBLOCK, type BmbtIrec } from './xfs-types.js';
import { traceCaller } from './xfs-flavour.js';

/** The xfs_bunmap event of one unmapped piece of the data fork. */
function bunmapTrace(fs: XfsFs, ip: XfsInode, rec: BmbtIrec, flags: string, caller: string): void {
  if (!fs.tracer.on('xfs_bunmap')) return;
  fs.tracer.emit('xfs_bunmap', {
    ino: hex(ip.ino), disize: hex(ip.diskSize), fileoff: hex(rec.startoff), fsbcount: hex(rec.blockcount), flags, caller,
  });
}

/** Whether the filesystem CoWs every overwrite of this inode (always_cow debug knob). */
export function isAlwaysCow(fs: XfsFs): boolean {
  return fs.sysctl.alwaysCow && fs.mp.reflink;
}

/** xfs_is_cow_inode. */
export function isCowInode(fs: XfsFs, ip: XfsInode): boolean {
  return ip.isReflink() || isAlwaysCow(fs);
}

/** xfs_reflink_set_inode_flag: the inode may now share blocks. */
export function setReflinkFlag(ip: XfsInode): void {
  ip.diflags2 |= XFS_DIFLAG2_REFLINK;
}

/**
 * xfs_bmap_trim_cow → xfs_reflink_trim_around_shared: trim `imap` to the request and then to the
 * first shared/unshared boundary; `shared` says which side the offset is on.
 */
export function trimCow(
  fs: XfsFs, ip: XfsInode, imap: BmbtIrec, offsetFsb: number, endFsb: number,
): { imap: BmbtIrec; shared: boolean } {
  const s = Math.max(imap.startoff, offsetFsb);
  const e = Math.min(recEnd(imap), endFsb);
  const t: BmbtIrec = {
    startoff: s, blockcount: e - s, state: imap.state,
    startblock: isDelalloc(imap) ? imap.startblock : imap.startblock + (s - imap.startoff),
  };
  if (isAlwaysCow(fs) && !isDelalloc(t)) return { imap: t, shared: true };
  return trimAroundShared(fs, ip, t);
}

/** xfs_reflink_trim_around_shared on a record already trimmed to the range of interest. */
export function trimAroundShared(fs: XfsFs, ip: XfsInode, t: BmbtIrec): { imap: BmbtIrec; shared: boolean } {
  if (!ip.isReflink() || isDelalloc(t) || t.state !== EXT_NORM || t.startblock === HOLESTARTBLOCK) {
    return { imap: t, shared: false };
  }
  extentTrace(fs, 'xfs_reflink_trim_around_shared', ip, t);
  const found = fs.refcount.findShared(t.startblock, t.blockcount);
  if (!found) return { imap: t, shared: false };
  if (found.start === t.startblock) return { imap: { ...t, blockcount: found.len }, shared: true };
  return { imap: { ...t, blockcount: found.start - t.startblock }, shared: false };
}

/** Whether a real extent shares any block with another owner. */
export function isSharedExtent(fs: XfsFs, ip: XfsInode, rec: BmbtIrec): boolean {
  void ip;
  return fs.refcount.findShared(rec.startblock, rec.blockcount) !== null;
}

/**
 * Give up one owner of a real data-fork extent: shared blocks lose a reference, blocks with no
 * other owner go back to the free space (xfs_refcount_decrease_extent / xfs_free_extent).
 */
export function dropDataBlocks(fs: XfsFs, rec: BmbtIrec): void {
  for (const f of fs.refcount.adjust(rec.startblock, rec.blockcount, -1)) {
    fs.alloc.freeExtent(f.fsb, f.len);
    fs.mp.addFdblocks(f.len);
  }
}

/**
 * xfs_reflink_convert_cow (buffered submission, no trace): the unwritten CoW extents under an
 * ioend become written before the bio goes out.
 */
export function convertCowForIo(ip: XfsInode, startFsb: number, endFsb: number): void {
  const fork = ip.cowFork;
  if (!fork) return;
  for (const got of fork.rangeArray(startFsb, endFsb)) {
    if (isDelalloc(got) || got.state !== EXT_UNWRITTEN) continue;
    const piece = trimReal(got, startFsb, endFsb);
    replaceReal(fork, piece.startoff, recEnd(piece), [{ ...piece, state: EXT_NORM }]);
  }
}

/**
 * xfs_reflink_end_cow: at completion of a SHARED ioend, move the written CoW blocks of
 * [offset, offset+count) into the data fork, piece by piece, each cut to the data-fork mapping it
 * replaces; the replaced blocks lose a reference (REMAP unmapping).
 */
export function endCow(fs: XfsFs, ip: XfsInode, offset: number, count: number): void {
  const tr = fs.tracer;
  if (tr.on('xfs_reflink_end_cow')) {
    tr.emit('xfs_reflink_end_cow', {
      ino: hex(ip.ino), isize: hex(ip.size), disize: hex(ip.diskSize), pos: hex(offset), bytecount: hex(count),
    });
  }
  const mp = fs.mp;
  const cfork = ip.cowFork;
  if (!cfork) return;
  let off = mp.bToFsbt(offset);
  const end = mp.bToFsb(offset + count);
  while (off < end) {
    // Skip CoW extents that are not written real blocks (delalloc or unwritten).
    let got = cfork.lookup(off);
    while (got && got.startoff < end && (isDelalloc(got) || got.state !== EXT_NORM)) got = cfork.next(got);
    if (!got || got.startoff >= end) break;
    let del = trimReal(got, Math.max(off, got.startoff), end);
    const data = ip.df.lookup(del.startoff);
    let old: BmbtIrec;
    if (!data || data.startoff > del.startoff) {
      const holeEnd = data ? Math.min(data.startoff, recEnd(del)) : recEnd(del);
      old = { startoff: del.startoff, startblock: HOLESTARTBLOCK, blockcount: holeEnd - del.startoff, state: EXT_NORM };
    } else {
      old = isDelalloc(data)
        ? { ...data, startoff: del.startoff, blockcount: Math.min(recEnd(data), recEnd(del)) - del.startoff }
        : trimReal(data, del.startoff, recEnd(del));
    }
    del = trimReal(del, del.startoff, recEnd(old));
    mp.stats.xs_cow_remap_pieces++;
    extentTrace(fs, 'xfs_reflink_cow_remap_from', ip, del);
    // xfs_bmapi_read hands delalloc out as DELAYSTARTBLOCK.
    extentTrace(fs, 'xfs_reflink_cow_remap_to', ip, isDelalloc(old) ? { ...old, startblock: DELAYSTARTBLOCK } : old);
    if (old.startblock !== HOLESTARTBLOCK) {
      if (isDelalloc(old)) {
        // Delalloc under the CoW extent is removed with xfs_bunmapi before the remap (generic/195).
        bunmapTrace(fs, ip, old, '', 'xfs_bunmapi');
        delExtentDelay(fs, ip, 'data', data!, old.startoff, old.blockcount);
      } else {
        bunmapTrace(fs, ip, old, 'REMAP', traceCaller(fs.flavour, 'xfs_bmap_update_finish_item'));
        replaceReal(ip.df, old.startoff, recEnd(old), []);
        ip.nblocks -= old.blockcount;
        fs.quota.releaseAllocated(ip, old.blockcount);
        dropDataBlocks(fs, old);
      }
    }
    // The staging blocks become the file's: out of the CoW fork and the COW domain, into the data fork.
    fs.refcount.freeCow(del.startblock, del.blockcount);
    replaceReal(cfork, del.startoff, recEnd(del), []);
    replaceReal(ip.df, del.startoff, recEnd(del), [{ ...del, state: EXT_NORM }]);
    mergeAround(ip.df, del.startoff);
    ip.delayedBlks -= del.blockcount;
    ip.nblocks += del.blockcount;
    fs.quota.chargeAllocated(ip, del.blockcount, true);
    off = recEnd(del);
  }
}

/**
 * xfs_reflink_allocate_cow (the direct-write path: DIO, extent-size-hint inodes): for a written
 * data mapping `imap` starting at the write offset, find or make the real CoW staging extent that
 * covers it. Returns null when the blocks are not shared (write in place). With `convertNow` (DIO)
 * the staging blocks are marked written before the I/O (xfs_reflink_convert_cow).
 */
export function allocateCow(fs: XfsFs, ip: XfsInode, imap: BmbtIrec, convertNow: boolean): { cmap: BmbtIrec; imap: BmbtIrec } | null {
  const off = imap.startoff;
  const cfork = ip.fork('cow');
  let cmap = cfork.lookup(off);
  if (!cmap || cmap.startoff > off) {
    // xfs_find_trim_cow_extent: no CoW extent here; only shared blocks need one.
    const limit = cmap ? Math.min(recEnd(imap), cmap.startoff) : recEnd(imap);
    const t = trimCow(fs, ip, imap, off, limit);
    if (!t.shared) return null;
    imap = t.imap;
    // xfs_reflink_fill_cow_hole: real unwritten staging blocks, aligned to the CoW extent size hint.
    const prev = cfork.lookupBefore(off);
    const [aoff, alen] = extsizeAlign(ip.cowextszHint(), off, imap.blockcount, prev, cmap);
    fs.mp.decFdblocks(alen, false, 'xfs_trans_reserve');
    try {
      fs.quota.transAlloc?.(ip, alen + fs.mp.bmMaxLevels - 1, false); // XFS_DIOSTRAT_SPACE_RES(resaligned)
    } catch (e) {
      fs.mp.addFdblocks(alen);
      throw e;
    }
    // xfs_reflink_fill_cow_hole looks again once it holds its transaction and the exclusive lock
    // (generic/612 and 326 trace the trim twice).
    trimCow(fs, ip, imap, off, limit);
    const res = fs.alloc.alloc(fs.mp.agbToFsb(inodeAgno(fs, ip), 0), alen);
    if (!res || res.len < off + imap.blockcount - aoff) {
      if (res) {
        fs.alloc.freeExtent(res.fsb, res.len);
      }
      fs.mp.addFdblocks(alen);
      fs.quota.transCancel?.();
      throw new XfsError('ENOSPC', 'reflink_allocate_cow');
    }
    if (res.len < alen) fs.mp.addFdblocks(alen - res.len);
    if (fs.quota.cowStaged) fs.quota.cowStaged(ip, res.len);
    else fs.quota.reserveBlkres(ip, res.len);
    fs.quota.transCommit?.();
    fs.refcount.allocCow(res.fsb, res.len);
    cmap = { startoff: aoff, startblock: res.fsb, blockcount: res.len, state: EXT_UNWRITTEN };
    cfork.insert(cmap);
    // xfs_bmapi_write joins it to a contiguous neighbour of the same state (generic/612: two 1 MiB
    // staging extents allocated back to back are one CoW record at writeback).
    mergeAround(cfork, cmap.startoff);
    ip.delayedBlks += res.len;
    setBlockgcTag(fs, ip, XFS_ICOWBLOCKS);
  } else {
    // A CoW extent already covers the offset: it is used even over unshared blocks.
    if (isDelalloc(cmap)) cmap = convertDelalloc(fs, ip, 'cow', off);
    imap = trimReal(imap, off, Math.min(recEnd(imap), recEnd(cmap)));
  }
  // xfs_reflink_convert_unwritten: the piece of the CoW extent under this write.
  let piece = trimReal(cmap, off, Math.min(recEnd(cmap), recEnd(imap)));
  if (convertNow && piece.state === EXT_UNWRITTEN) {
    extentTrace(fs, 'xfs_reflink_convert_cow', ip, piece);
    piece = { ...piece, state: EXT_NORM };
    replaceReal(cfork, piece.startoff, recEnd(piece), [piece]);
  }
  return { cmap: piece, imap: trimReal(imap, off, recEnd(piece)) };
}
