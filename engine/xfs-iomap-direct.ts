/**
 * xfs_direct_write_iomap_begin: the mapping of direct I/O writes, and the extent-size-hint detour
 * of buffered writes (inodes with a hint get real, hint-aligned unwritten blocks at write time
 * instead of delalloc). Shared blocks of a reflink inode get a real CoW staging extent.
 */
import { allocTarget, recEnd, replaceReal, isDelalloc, trimReal } from './xfs-bmap.js';
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { IOMAP_F_NEW, IOMAP_F_SHARED, imapTrace, type Iomap, type IomapOp } from './xfs-iomap.js';
import { allocateCow, isCowInode } from './xfs-reflink.js';
import { EXT_NORM, EXT_UNWRITTEN, HOLESTARTBLOCK, type BmbtIrec } from './xfs-types.js';

function toMap(fs: XfsFs, rec: BmbtIrec, flags: number): Iomap {
  const bs = fs.mp.blocksize;
  const type = rec.state === EXT_NORM ? 'mapped' : 'unwritten';
  return { type, offset: rec.startoff * bs, length: rec.blockcount * bs, flags, rec, fork: 'data' };
}

/**
 * Map [offset, offset+count): an existing real extent is returned as found; a hole is allocated
 * (xfs_iomap_write_direct) as unwritten blocks aligned to the extent size hint.
 */
export function directWriteIomapBegin(
  fs: XfsFs, ip: XfsInode, offset: number, count: number, op: IomapOp, direct = false,
): { iomap: Iomap; srcmap: Iomap | null } {
  const mp = fs.mp;
  const offsetFsb = mp.bToFsbt(offset);
  count = Math.min(count, 1024 * 4096);
  let endFsb = mp.bToFsb(offset + count);
  const got = ip.df.lookup(offsetFsb);
  if (got && got.startoff <= offsetFsb && !isDelalloc(got)) {
    if (op === 'write' && isCowInode(fs, ip)) {
      const imap = trimReal(got, offsetFsb, Math.min(recEnd(got), endFsb));
      const cow = allocateCow(fs, ip, imap, direct);
      if (cow) {
        const bs = mp.blocksize;
        // out_found_cow: the length traced runs to the end of the CoW mapping.
        imapTrace(fs, 'xfs_iomap_found', ip, offset, recEnd(cow.cmap) * bs - offset, 'cow', cow.cmap);
        const iomap: Iomap = {
          type: cow.cmap.state === EXT_NORM ? 'mapped' : 'unwritten', offset: cow.cmap.startoff * bs,
          length: cow.cmap.blockcount * bs, flags: IOMAP_F_SHARED, rec: cow.cmap, fork: 'cow',
        };
        return { iomap, srcmap: toMap(fs, cow.imap, 0) };
      }
    }
    // xfs_bmapi_read maps only the range asked for.
    const imap = trimReal(got, offsetFsb, Math.min(recEnd(got), endFsb));
    imapTrace(fs, 'xfs_iomap_found', ip, offset, count, 'data', imap);
    return { iomap: toMap(fs, imap, 0), srcmap: null };
  }
  if (op !== 'write') {
    // Zeroing a hole: xfs_bmapi_read's hole record, traced as found.
    const holeEnd = got ? Math.min(got.startoff, endFsb) : endFsb;
    const bs = mp.blocksize;
    const hole: BmbtIrec = { startoff: offsetFsb, startblock: HOLESTARTBLOCK, blockcount: holeEnd - offsetFsb, state: EXT_NORM };
    imapTrace(fs, 'xfs_iomap_found', ip, offset, count, 'data', hole);
    return {
      iomap: { type: 'hole', offset: offsetFsb * bs, length: (holeEnd - offsetFsb) * bs, flags: 0, rec: null, fork: 'data' },
      srcmap: null,
    };
  }
  const extsz = ip.extszHint() || 1;
  let start = offsetFsb;
  if (offset + count > ip.size) {
    // xfs_iomap_eof_align_last_fsb: round the end up to the hint.
    endFsb = Math.ceil(endFsb / extsz) * extsz;
  }
  start = Math.floor(start / extsz) * extsz;
  const prev = ip.df.lookupBefore(offsetFsb);
  if (prev && recEnd(prev) > start && recEnd(prev) <= offsetFsb) start = recEnd(prev);
  if (got && got.startoff < endFsb) endFsb = got.startoff;
  const len = endFsb - start;
  mp.decFdblocks(len, false, 'xfs_trans_reserve');
  try {
    fs.quota.transAlloc?.(ip, len + mp.bmMaxLevels - 1, false); // XFS_DIOSTRAT_SPACE_RES, before any block
  } catch (e) {
    mp.addFdblocks(len);
    throw e;
  }
  const res = fs.alloc.alloc(allocTarget(fs, ip, ip.df, start, len), len, len);
  if (!res) {
    mp.addFdblocks(len);
    fs.quota.transCancel?.();
    throw new XfsError('ENOSPC', 'iomap_write_direct');
  }
  fs.quota.chargeAllocated(ip, res.len, false);
  fs.quota.transCommit?.();
  const rec: BmbtIrec = { startoff: start, startblock: res.fsb, blockcount: res.len, state: EXT_UNWRITTEN };
  replaceReal(ip.df, start, start + res.len, [rec]);
  ip.nblocks += res.len;
  const shown: BmbtIrec = { ...rec, startoff: offsetFsb, startblock: rec.startblock + (offsetFsb - start), blockcount: recEnd(rec) - offsetFsb };
  imapTrace(fs, 'xfs_iomap_alloc', ip, offset, count, 'data', shown);
  return { iomap: toMap(fs, rec, IOMAP_F_NEW), srcmap: null };
}
