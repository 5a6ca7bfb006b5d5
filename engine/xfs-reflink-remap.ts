/**
 * FICLONE / FICLONERANGE / FIDEDUPERANGE (xfs_reflink_remap_range, xfs_reflink_remap_blocks,
 * xfs_reflink_remap_extent): the destination's blocks are replaced by references to the source's
 * written blocks, piece by piece, and the refcount btree counts the new owner.
 */
import { flushUnmapRange, writebackRange } from './xfs-aops.js';
import { readPage, zeroEof } from './xfs-file.js';
import { PAGE_SIZE } from './filemap-readahead.js';
import { delExtentDelay, isDelalloc, recEnd, replaceReal, trimReal } from './xfs-bmap.js';
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import { XFS_DIFLAG2_COWEXTSIZE, type XfsInode } from './xfs-inode.js';
import { extentTrace } from './xfs-iomap.js';
import { dropDataBlocks, setReflinkFlag } from './xfs-reflink.js';
import { hex } from './xfs-trace.js';
import { EXT_NORM, HOLESTARTBLOCK, type BmbtIrec } from './xfs-types.js';
import { traceCaller } from './xfs-flavour.js';

/** The mapping of `ip` at `off` limited to `len` blocks (xfs_bmapi_read of one record; holes included). */
function readMapping(ip: XfsInode, off: number, len: number): BmbtIrec {
  const got = ip.df.lookup(off);
  if (!got || got.startoff > off) {
    const end = got ? Math.min(got.startoff, off + len) : off + len;
    return { startoff: off, startblock: HOLESTARTBLOCK, blockcount: end - off, state: EXT_NORM };
  }
  if (isDelalloc(got)) return { ...got, startoff: off, blockcount: Math.min(recEnd(got), off + len) - off };
  return trimReal(got, off, off + len);
}

/** generic_remap_file_range_prep's checks; returns the length in bytes (0 = to the source EOF). */
function checkRange(fs: XfsFs, src: XfsInode, dst: XfsInode, soff: number, doff: number, len: number, op: string): number {
  const bs = fs.mp.blocksize;
  if (src.isDir || dst.isDir) throw new XfsError('EISDIR', op);
  if (!fs.mp.reflink) throw new XfsError('EOPNOTSUPP', op);
  if (soff < 0 || doff < 0 || len < 0) throw new XfsError('EINVAL', op);
  if (len === 0) len = Math.max(0, src.size - soff);
  if (soff + len > src.size) {
    if (soff >= src.size) return 0;
    len = src.size - soff;
  }
  if (soff % bs || doff % bs) throw new XfsError('EINVAL', op);
  // The length must be block aligned unless the range ends at the source's EOF.
  if (len % bs && soff + len !== src.size) throw new XfsError('EINVAL', op);
  if (len % bs && doff + len < dst.size) throw new XfsError('EINVAL', op);
  if (src === dst && Math.abs(soff - doff) < len) throw new XfsError('EINVAL', op);
  return len;
}

/** Map the source piece `smap` (already at destination offsets) into `dst` (xfs_reflink_remap_extent). */
function remapExtent(fs: XfsFs, dst: XfsInode, dmap: BmbtIrec, newIsize: number): BmbtIrec {
  const mp = fs.mp;
  // xfs_trans_alloc_inode: quota for a bmbt split plus the written blocks mapped in (may EDQUOT).
  const mapsWritten = dmap.startblock !== HOLESTARTBLOCK && !isDelalloc(dmap) && dmap.state === EXT_NORM;
  fs.quota.transAlloc?.(dst, mp.bmMaxLevels - 1 + (mapsWritten ? dmap.blockcount : 0), false);
  const old = readMapping(dst, dmap.startoff, dmap.blockcount);
  dmap = { ...dmap, blockcount: old.blockcount };
  extentTrace(fs, 'xfs_reflink_remap_extent_dest', dst, old);
  const written = dmap.startblock !== HOLESTARTBLOCK && !isDelalloc(dmap) && dmap.state === EXT_NORM;
  if (written && old.startblock === dmap.startblock && !isDelalloc(old)) {
    fs.quota.transCommit?.();
    return dmap; // same blocks
  }
  if (old.startblock !== HOLESTARTBLOCK) {
    if (isDelalloc(old)) {
      delExtentDelay(fs, dst, 'data', dst.df.containing(old.startoff)!, old.startoff, old.blockcount);
    } else {
      if (fs.tracer.on('xfs_bunmap')) {
        fs.tracer.emit('xfs_bunmap', {
          ino: hex(dst.ino), disize: hex(dst.diskSize), fileoff: hex(old.startoff), fsbcount: hex(old.blockcount),
          flags: 'REMAP', caller: traceCaller(fs.flavour, 'xfs_bmap_update_finish_item'),
        });
      }
      replaceReal(dst.df, old.startoff, recEnd(old), []);
      dst.nblocks -= old.blockcount;
      fs.quota.releaseAllocated(dst, old.blockcount);
      dropDataBlocks(fs, old);
    }
  }
  if (written) {
    fs.refcount.adjust(dmap.startblock, dmap.blockcount, +1);
    replaceReal(dst.df, dmap.startoff, recEnd(dmap), [dmap]);
    dst.nblocks += dmap.blockcount;
    fs.quota.chargeAllocated(dst, dmap.blockcount, false);
  }
  const newlen = Math.min(mp.fsbToB(recEnd(dmap)), newIsize);
  if (newlen > dst.size) {
    dst.size = newlen;
    dst.diskSize = newlen;
  }
  fs.quota.transCommit?.();
  return dmap;
}

/** Share [soff, soff+len) of `src` into `dst` at `doff`; returns the bytes remapped. */
export function reflinkRange(fs: XfsFs, src: XfsInode, dst: XfsInode, soff: number, doff: number, len: number, op = 'reflink'): number {
  if (fs.shutdown) throw new XfsError('EIO', op);
  len = checkRange(fs, src, dst, soff, doff, len, op);
  if (len === 0) return 0;
  const mp = fs.mp;
  // Dirty data of both ranges reaches the disk first, so the source's blocks are real
  // (generic_remap_file_range_prep).
  writebackRange(fs, src, soff, soff + len);
  writebackRange(fs, dst, doff, doff + len);
  // xfs_reflink_zero_posteof: a range past the destination's EOF first zeroes what lies between, so
  // speculative preallocation there becomes unwritten extents (convert_delay), never delalloc left
  // inside the new EOF without pages (recording 44). Then xfs_flush_unmap_range of the destination,
  // from the old EOF when the range starts past it.
  if (doff > dst.size) zeroEof(fs, dst, doff);
  const flushFrom = Math.min(doff, dst.size);
  flushUnmapRange(fs, dst, flushFrom, doff + len - flushFrom);
  if (fs.tracer.on('xfs_reflink_remap_range')) {
    fs.tracer.emit('xfs_reflink_remap_range', {
      bytecount: hex(len), ino: hex(src.ino), isize: hex(src.size), disize: hex(src.diskSize), pos: hex(soff),
      dest_ino: hex(dst.ino), dest_isize: hex(dst.size), dest_disize: hex(dst.diskSize), dest_pos: hex(doff),
    });
  }
  setReflinkFlag(src);
  setReflinkFlag(dst);
  mp.stats.xs_reflink_remaps++;
  const newIsize = doff + len;
  let srcoff = mp.bToFsbt(soff);
  let destoff = mp.bToFsbt(doff);
  let blocks = mp.bToFsb(soff + len) - srcoff;
  while (blocks > 0) {
    const smap = readMapping(src, srcoff, blocks);
    extentTrace(fs, 'xfs_reflink_remap_extent_src', src, smap);
    const dmap = remapExtent(fs, dst, { ...smap, startoff: destoff }, newIsize);
    srcoff += dmap.blockcount;
    destoff += dmap.blockcount;
    blocks -= dmap.blockcount;
  }
  dst.content.copyRange(src.content, soff, doff, len);
  if (soff === 0 && doff === 0 && len >= src.size && src.diflags2 & XFS_DIFLAG2_COWEXTSIZE) {
    dst.cowextsize = src.cowextsize;
    dst.diflags2 |= XFS_DIFLAG2_COWEXTSIZE;
  }
  dst.mtime = dst.ctime = fs.nowUs() / 1e6;
  return len;
}

/** Deduplicate: remap only when both ranges hold the same bytes; returns the bytes deduped. */
export function dedupeRange(fs: XfsFs, src: XfsInode, dst: XfsInode, soff: number, doff: number, len: number): number {
  const n = checkRange(fs, src, dst, soff, doff, len, 'dedupe');
  if (n === 0) return 0;
  // generic_remap_file_range_prep: both ranges written back, then compared page by page through
  // the page cache (vfs_dedupe_file_range_compare: a source page, then a destination page; one not
  // cached is read on its own, read_mapping_folio; recording 59).
  writebackRange(fs, src, soff, soff + n);
  writebackRange(fs, dst, doff, doff + n);
  for (let at = 0; at < n; at += PAGE_SIZE) {
    readPage(fs, src, Math.floor((soff + at) / PAGE_SIZE));
    readPage(fs, dst, Math.floor((doff + at) / PAGE_SIZE));
  }
  const a = src.content.read(soff, n);
  const b = dst.content.read(doff, Math.min(n, Math.max(0, dst.size - doff)));
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) return 0;
  return reflinkRange(fs, src, dst, soff, doff, n, 'dedupe');
}
