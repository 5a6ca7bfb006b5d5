/**
 * The bmap layer over the in-core forks (libxfs/xfs_bmap.c and the delalloc helpers that moved to
 * xfs_iomap.c): delalloc reservation with its indlen and retry, delalloc deletion and its
 * accounting, conversion of delalloc to real (unwritten) blocks, unwritten → written conversion,
 * and unmapping of ranges.
 */
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import { XFS_ICOWBLOCKS, XFS_IEOFBLOCKS, type XfsIfork, type XfsInode } from './xfs-inode.js';
import { worstIndlen } from './xfs-mount.js';
import { hex } from './xfs-trace.js';
import { reconcileBmbt } from './xfs-bmap-btree.js';
import {
  EXT_NORM, EXT_UNWRITTEN, MAX_BMBT_EXTLEN, isNullStartBlock, nullStartBlock, startBlockVal,
  type BmbtIrec, type ExtState, type WhichFork,
} from './xfs-types.js';

/** Whether a record is a delalloc reservation. */
export function isDelalloc(rec: BmbtIrec): boolean {
  return isNullStartBlock(rec.startblock);
}

/** End offset (exclusive) of a record. */
export function recEnd(rec: BmbtIrec): number {
  return rec.startoff + rec.blockcount;
}

function mk(startoff: number, startblock: number, blockcount: number, state: ExtState = EXT_NORM): BmbtIrec {
  return { startoff, startblock, blockcount, state };
}

/** Set an in-core inode flag with its tag trace (xfs_inode_set_eofblocks_tag / _cowblocks_tag). */
export function setBlockgcTag(fs: XfsFs, ip: XfsInode, flag: number): void {
  const event = flag === XFS_IEOFBLOCKS ? 'xfs_inode_set_eofblocks_tag' : 'xfs_inode_set_cowblocks_tag';
  if (fs.tracer.on(event)) fs.tracer.emit(event, { ino: hex(ip.ino), iflags: hex(ip.iflags) });
  const first = (ip.iflags & (XFS_IEOFBLOCKS | XFS_ICOWBLOCKS)) === 0;
  ip.iflags |= flag;
  if (first) fs.blockgcQueue();
}

/** Clear an in-core blockgc flag, tracing the flags as they were. */
export function clearBlockgcTag(fs: XfsFs, ip: XfsInode, flag: number): void {
  const event = flag === XFS_IEOFBLOCKS ? 'xfs_inode_clear_eofblocks_tag' : 'xfs_inode_clear_cowblocks_tag';
  if (fs.tracer.on(event)) fs.tracer.emit(event, { ino: hex(ip.ino), iflags: hex(ip.iflags) });
  ip.iflags &= ~flag;
}

/**
 * xfs_bmapi_reserve_delalloc: reserve `len` blocks at `off` (+ `prealloc` speculative blocks) as a
 * delalloc record in `which`. `next` is the first record after `off` (undefined at EOF). On
 * ENOSPC/EDQUOT the reservation is tried once more without preallocation, tracing
 * xfs_delalloc_enospc for each failed attempt. Returns the record as created (before merging).
 */
export function reserveDelalloc(
  fs: XfsFs, ip: XfsInode, which: WhichFork, off: number, len: number, prealloc: number,
  next: BmbtIrec | undefined, prev: BmbtIrec | undefined,
): BmbtIrec {
  const mp = fs.mp;
  let useCowextszhint = which === 'cow' && prealloc === 0;
  for (;;) {
    let aoff = off;
    let alen = Math.min(len + prealloc, MAX_BMBT_EXTLEN);
    if (next) alen = Math.min(alen, next.startoff - aoff);
    if (prealloc && alen >= len) prealloc = alen - len;
    if (useCowextszhint) {
      [aoff, alen] = extsizeAlign(ip.cowextszHint(), aoff, alen, prev, next);
    }
    try {
      fs.quota.reserveBlkres(ip, alen);
      const indlen = worstIndlen(mp, alen);
      try {
        mp.decFdblocks(alen + indlen, false);
      } catch (e) {
        fs.quota.unreserveBlkres(ip, alen);
        throw e;
      }
      ip.delayedBlks += alen;
      mp.delallocBlks += alen + indlen;
      mp.stats.xs_delalloc_reserve++;
      const got = mk(aoff, nullStartBlock(indlen), alen);
      addExtentHoleDelay(fs, ip, which, got);
      if (which === 'data' && prealloc) setBlockgcTag(fs, ip, XFS_IEOFBLOCKS);
      if (which === 'cow' && (prealloc || aoff < off || alen > len)) setBlockgcTag(fs, ip, XFS_ICOWBLOCKS);
      return got;
    } catch (e) {
      if (!(e instanceof XfsError) || (e.code !== 'ENOSPC' && e.code !== 'EDQUOT')) throw e;
      mp.stats.xs_delalloc_enospc++;
      if (fs.tracer.on('xfs_delalloc_enospc')) {
        fs.tracer.emit('xfs_delalloc_enospc', {
          ino: hex(ip.ino), isize: hex(ip.size), disize: hex(ip.diskSize), pos: hex(off), bytecount: hex(len),
        });
      }
      if (prealloc || useCowextszhint) {
        useCowextszhint = false;
        prealloc = 0;
        continue;
      }
      throw e;
    }
  }
}

/**
 * xfs_bmap_extsize_align for a delalloc CoW reservation (delay=1, convert=0): widen [aoff, aoff+alen)
 * to `extsz` boundaries; a previous record in the way moves the start forward and a next one moves it
 * back, each keeping the length (generic/171: 32 blocks again and again at offsets 1, 2, 3...), and
 * only a hole too small for the whole piece cuts the length.
 */
export function extsizeAlign(
  extsz: number, origOff: number, origLen: number, prev: BmbtIrec | undefined, next: BmbtIrec | undefined,
): [number, number] {
  const origEnd = origOff + origLen;
  let off = origOff;
  let len = origLen;
  let temp = off % extsz;
  if (temp) {
    len += temp;
    off -= temp;
  }
  temp = (off + len) % extsz;
  if (temp) len += extsz - temp;
  if (len > MAX_BMBT_EXTLEN) len = MAX_BMBT_EXTLEN - (MAX_BMBT_EXTLEN % extsz);
  const prevo = prev ? recEnd(prev) : 0;
  if (off !== origOff && off < prevo) off = prevo;
  if (next && off + len !== origEnd && off + len > next.startoff) off = next.startoff > len ? next.startoff - len : 0;
  if (off !== origOff && off < prevo) off = prevo;
  if (next && off + len !== origEnd && off + len > next.startoff) len = next.startoff - off;
  if (off > origOff || off + len < origEnd) return [origOff, origLen];
  return [off, len];
}

/** xfs_bmap_add_extent_hole_delay: insert a delalloc record, merging with delalloc neighbours. */
function addExtentHoleDelay(fs: XfsFs, ip: XfsInode, which: WhichFork, rec: BmbtIrec): void {
  const fork = ip.fork(which);
  const left = fork.lookupBefore(rec.startoff);
  const right = fork.lookup(rec.startoff);
  const leftContig = !!left && recEnd(left) === rec.startoff && isDelalloc(left)
    && left.blockcount + rec.blockcount <= MAX_BMBT_EXTLEN;
  const rightContig = !!right && recEnd(rec) === right.startoff && isDelalloc(right)
    && rec.blockcount + right.blockcount <= MAX_BMBT_EXTLEN
    && (!leftContig || left!.blockcount + rec.blockcount + right.blockcount <= MAX_BMBT_EXTLEN);
  let oldlen = 0;
  let newlen = 0;
  const newInd = startBlockVal(rec.startblock);
  if (leftContig && rightContig) {
    const len = left!.blockcount + rec.blockcount + right!.blockcount;
    oldlen = startBlockVal(left!.startblock) + newInd + startBlockVal(right!.startblock);
    newlen = Math.min(worstIndlen(fs.mp, len), oldlen);
    fork.remove(right!.startoff);
    fork.update(left!.startoff, mk(left!.startoff, nullStartBlock(newlen), len));
  } else if (leftContig) {
    const len = left!.blockcount + rec.blockcount;
    oldlen = startBlockVal(left!.startblock) + newInd;
    newlen = Math.min(worstIndlen(fs.mp, len), oldlen);
    fork.update(left!.startoff, mk(left!.startoff, nullStartBlock(newlen), len));
  } else if (rightContig) {
    const len = rec.blockcount + right!.blockcount;
    oldlen = newInd + startBlockVal(right!.startblock);
    newlen = Math.min(worstIndlen(fs.mp, len), oldlen);
    fork.update(right!.startoff, mk(rec.startoff, nullStartBlock(newlen), len));
  } else {
    fork.insert(rec);
  }
  if (oldlen !== newlen) {
    fs.mp.addFdblocks(oldlen - newlen);
    fs.mp.delallocBlks -= oldlen - newlen;
  }
}

/** xfs_bmap_split_indlen: share `ores` indirect blocks between two pieces wanting l1 and l2. */
function splitIndlen(ores: number, l1: number, l2: number): [number, number] {
  const resfactor = Math.floor((ores * 100) / (l1 + l2));
  let n1 = Math.floor((l1 * resfactor) / 100);
  let n2 = Math.floor((l2 * resfactor) / 100);
  let rem = ores - n1 - n2;
  if (rem && n2 === 0 && l2 > 0) {
    n2++;
    rem--;
  }
  while (rem) {
    if (n1 < l1) {
      n1++;
      if (--rem === 0) break;
    }
    if (n2 < l2) {
      n2++;
      rem--;
    }
    if (n1 >= l1 && n2 >= l2) break;
  }
  return [n1, n2];
}

/**
 * xfs_bmap_del_extent_delay: remove [start, start+len) from the delalloc record `got`, returning
 * the data blocks and surplus indirect reservation to the free counter and quota.
 */
export function delExtentDelay(
  fs: XfsFs, ip: XfsInode, which: WhichFork, got: BmbtIrec, start: number, len: number,
): void {
  const fork = ip.fork(which);
  const mp = fs.mp;
  let daOld = startBlockVal(got.startblock);
  let daNew = 0;
  let del = len;
  fs.quota.unreserveBlkres(ip, len);
  ip.delayedBlks -= len;
  const gotEnd = recEnd(got);
  const end = start + len;
  if (start === got.startoff && end === gotEnd) {
    fork.remove(got.startoff);
  } else if (start === got.startoff) {
    daNew = Math.min(worstIndlen(mp, gotEnd - end), daOld);
    fork.update(got.startoff, mk(end, nullStartBlock(daNew), gotEnd - end));
  } else if (end === gotEnd) {
    daNew = Math.min(worstIndlen(mp, start - got.startoff), daOld);
    fork.update(got.startoff, mk(got.startoff, nullStartBlock(daNew), start - got.startoff));
  } else {
    let gotIndlen = worstIndlen(mp, start - got.startoff);
    let newIndlen = worstIndlen(mp, gotEnd - end);
    daNew = gotIndlen + newIndlen;
    if (daNew > daOld) {
      const stolen = Math.min(daNew - daOld, del);
      daOld += stolen;
      del -= stolen;
      if (daNew > daOld) [gotIndlen, newIndlen] = splitIndlen(daOld, gotIndlen, newIndlen);
      daNew = gotIndlen + newIndlen;
    }
    fork.update(got.startoff, mk(got.startoff, nullStartBlock(gotIndlen), start - got.startoff));
    fork.insert(mk(end, nullStartBlock(newIndlen), gotEnd - end));
  }
  mp.addFdblocks(daOld - daNew + del);
  mp.delallocBlks -= len + (daOld - daNew) - (len - del);
}

/**
 * xfs_bmap_punch_delalloc_range: drop the delalloc parts of [start, end) (blocks) in `which`;
 * real extents are left alone.
 */
export function punchDelallocRange(fs: XfsFs, ip: XfsInode, which: WhichFork, start: number, end: number): void {
  if (which === 'cow' && !ip.cowFork) return;
  const fork = ip.fork(which);
  const recs = fork.rangeArray(start, end).reverse();
  for (const got of recs) {
    if (!isDelalloc(got)) continue;
    const s = Math.max(start, got.startoff);
    const e = Math.min(end, recEnd(got));
    delExtentDelay(fs, ip, which, got, s, e - s);
  }
  if (which === 'cow' && fork.count === 0 && ip.iflags & XFS_ICOWBLOCKS) {
    clearBlockgcTag(fs, ip, XFS_ICOWBLOCKS);
  }
}

/** Cut the record `rec` down to [s, e) (real records only), returning the remaining piece. */
export function trimReal(rec: BmbtIrec, s: number, e: number): BmbtIrec {
  const ns = Math.max(s, rec.startoff);
  const ne = Math.min(e, recEnd(rec));
  return mk(ns, rec.startblock + (ns - rec.startoff), ne - ns, rec.state);
}

/**
 * Replace the mappings of real records overlapping [s, e) with `recs` (callers handle delalloc
 * records themselves). Edge records are split; merges with neighbours happen afterwards.
 */
export function replaceReal(fork: XfsIfork, s: number, e: number, recs: BmbtIrec[]): void {
  for (const got of fork.rangeArray(s, e)) {
    fork.remove(got.startoff);
    if (got.startoff < s) fork.insert(trimReal(got, got.startoff, s));
    if (recEnd(got) > e) fork.insert(trimReal(got, e, recEnd(got)));
  }
  for (const r of recs) fork.insert(r);
  for (const r of recs) mergeAround(fork, r.startoff);
  if (recs.length === 0) {
    const l = fork.lookupBefore(s - 1);
    if (l) mergeAround(fork, l.startoff);
  }
}

function canMerge(a: BmbtIrec, b: BmbtIrec): boolean {
  return !isDelalloc(a) && !isDelalloc(b) && recEnd(a) === b.startoff
    && a.startblock + a.blockcount === b.startblock && a.state === b.state
    && a.blockcount + b.blockcount <= MAX_BMBT_EXTLEN;
}

/** Merge the real record starting at `startoff` with contiguous neighbours of the same state. */
export function mergeAround(fork: XfsIfork, startoff: number): void {
  let cur = fork.containing(startoff);
  if (!cur) return;
  const left = fork.prev(cur);
  if (left && canMerge(left, cur)) {
    fork.remove(cur.startoff);
    cur = mk(left.startoff, left.startblock, left.blockcount + cur.blockcount, cur.state);
    fork.update(left.startoff, cur);
  }
  const right = fork.next(cur);
  if (right && canMerge(cur, right)) {
    fork.remove(right.startoff);
    fork.update(cur.startoff, mk(cur.startoff, cur.startblock, cur.blockcount + right.blockcount, cur.state));
  }
}

/** XFS_ALLOC_GAP_UNITS: a gap to a neighbour this many times the length or less is kept in the target. */
const ALLOC_GAP_UNITS = 4;

/**
 * Allocation target for a new extent of `len` blocks at file block `off` (xfs_bmap_adjacent): next to
 * the real extent before it (past the same gap, when small), or before the one after it, whichever is
 * nearer; else the inode's own block. A delalloc conversion (`wasdel`) is never "at EOF" and has no
 * real extent after it. The allocator then takes the free extent nearest the target.
 */
export function allocTarget(fs: XfsFs, ip: XfsInode, fork: XfsIfork, off: number, len: number, wasdel = false): number {
  const mp = fs.mp;
  const valid = (x: number, y: number): boolean =>
    x >= 0 && mp.fsbToAgno(x) === mp.fsbToAgno(y) && mp.fsbToAgno(x) < mp.agcount && mp.fsbToAgbno(x) < mp.agblocks;
  const before = off > 0 ? fork.lookupBefore(off - 1) : undefined;
  const prev = before && !isDelalloc(before) ? before : undefined;
  const next = wasdel ? undefined : fork.lookup(off);
  if (!wasdel && !next) {
    // At EOF: the block after the previous extent, plus the gap in the file.
    if (prev && valid(prev.startblock + prev.blockcount, prev.startblock)) {
      const b = prev.startblock + prev.blockcount;
      const adjust = off - recEnd(prev);
      return adjust && valid(b + adjust, prev.startblock) ? b + adjust : b;
    }
    return inodeFsb(fs, ip);
  }
  let prevbno = -1;
  let prevdiff = 0;
  if (prev && valid(prev.startblock + prev.blockcount, prev.startblock)) {
    const adjust = off - recEnd(prev);
    prevbno = prev.startblock + prev.blockcount;
    prevdiff = adjust;
    if (prevdiff <= ALLOC_GAP_UNITS * len && valid(prevbno + adjust, prev.startblock)) prevbno += adjust;
    else prevdiff += adjust;
  }
  let gotbno = -1;
  let gotdiff = 0;
  if (next && !isDelalloc(next)) {
    const adjust = next.startoff - off;
    gotdiff = adjust;
    gotbno = next.startblock;
    if (gotdiff <= ALLOC_GAP_UNITS * len && valid(gotbno - gotdiff, gotbno)) gotbno -= adjust;
    else if (valid(gotbno - len, gotbno)) {
      gotbno -= len;
      gotdiff += adjust - len;
    } else gotdiff += adjust;
  }
  if (prevbno >= 0 && gotbno >= 0) return prevdiff <= gotdiff ? prevbno : gotbno;
  if (prevbno >= 0) return prevbno;
  if (gotbno >= 0) return gotbno;
  return inodeFsb(fs, ip);
}

/** XFS_INO_TO_FSB: the block holding the inode. */
export function inodeFsb(fs: XfsFs, ip: XfsInode): number {
  const inopblog = Math.log2(fs.mp.blocksize / fs.mp.inodesize);
  const agbno = Math.floor(ip.ino / 2 ** inopblog) % 2 ** fs.mp.agblklog;
  return fs.mp.agbToFsb(inodeAgno(fs, ip), agbno);
}

/** The AG of an inode (inode numbers encode it; the first chunk lives in AG 0). */
export function inodeAgno(fs: XfsFs, ip: XfsInode): number {
  const inopblog = Math.log2(fs.mp.blocksize / fs.mp.inodesize);
  return Math.min(Math.floor(ip.ino / 2 ** (fs.mp.agblklog + inopblog)), fs.mp.agcount - 1);
}

/**
 * xfs_bmapi_convert_delalloc: allocate real blocks for the delalloc record containing `off` in
 * `which`; new extents are unwritten (XFS_BMAPI_PREALLOC). Returns the real record covering `off`
 * (pieces are allocated from the record's start, so fragmented free space takes several rounds).
 */
export function convertDelalloc(fs: XfsFs, ip: XfsInode, which: WhichFork, off: number): BmbtIrec {
  // xfs_bmapi_convert_delalloc: convert from the start of the delalloc extent, again and again
  // when free space is fragmented, until the mapping covers `off`.
  for (;;) {
    const got = ip.fork(which).containing(off);
    if (!got) throw new XfsError('EAGAIN', 'convert_delalloc');
    if (!isDelalloc(got)) return got;
    const real = convertOneDelalloc(fs, ip, which, got);
    if (real.startoff <= off && off < recEnd(real)) return real;
  }
}

function convertOneDelalloc(fs: XfsFs, ip: XfsInode, which: WhichFork, got: BmbtIrec): BmbtIrec {
  const fork = ip.fork(which);
  const mp = fs.mp;
  const target = allocTarget(fs, ip, fork, got.startoff, got.blockcount, true);
  const res = fs.alloc.alloc(target, got.blockcount);
  if (!res) throw new XfsError('ENOSPC', 'convert_delalloc');
  mp.stats.xs_convert_delalloc++;
  const daOld = startBlockVal(got.startblock);
  const restLen = got.blockcount - res.len;
  const daNew = restLen ? Math.min(worstIndlen(mp, restLen), daOld) : 0;
  const real = mk(got.startoff, res.fsb, res.len, EXT_UNWRITTEN);
  fork.remove(got.startoff);
  fork.insert(real);
  if (restLen) fork.insert(mk(got.startoff + res.len, nullStartBlock(daNew), restLen));
  mergeAround(fork, real.startoff);
  mp.addFdblocks(daOld - daNew);
  mp.delallocBlks -= res.len + daOld - daNew;
  if (which === 'data') {
    ip.nblocks += res.len;
    ip.delayedBlks -= res.len;
    fs.quota.chargeAllocated(ip, res.len, true);
  } else {
    // CoW staging blocks: a COW-domain refcount record; quota stays a reservation until remap.
    fs.refcount.allocCow(res.fsb, res.len);
  }
  // The fork's format follows in the same transaction: its btree block is allocated (or freed) before
  // the next piece's allocation and before any log force clears the busy extents it must avoid (63).
  if (which === 'data') reconcileBmbt(fs, ip);
  return real;
}

/**
 * Convert the unwritten parts of [start, end) of the data fork to written (XFS_BMAPI_CONVERT),
 * merging with neighbours.
 */
export function convertUnwritten(ip: XfsInode, which: WhichFork, start: number, end: number): void {
  const fork = ip.fork(which);
  for (const got of fork.rangeArray(start, end)) {
    if (isDelalloc(got) || got.state !== EXT_UNWRITTEN) continue;
    const piece = trimReal(got, start, end);
    replaceReal(fork, piece.startoff, recEnd(piece), [{ ...piece, state: EXT_NORM }]);
  }
}

/**
 * __xfs_bunmapi over [start, end) of `which`: delalloc pieces are dropped with their reservation,
 * real pieces are freed (via `freeReal`, which knows about sharing). Works from the end backwards,
 * as the kernel does.
 */
export function unmapRange(
  fs: XfsFs, ip: XfsInode, which: WhichFork, start: number, end: number,
  freeReal: (fs: XfsFs, ip: XfsInode, which: WhichFork, rec: BmbtIrec) => void,
): void {
  if (which === 'cow' && !ip.cowFork) return;
  const fork = ip.fork(which);
  for (const got of fork.rangeArray(start, end).reverse()) {
    const s = Math.max(start, got.startoff);
    const e = Math.min(end, recEnd(got));
    if (isDelalloc(got)) {
      delExtentDelay(fs, ip, which, got, s, e - s);
      continue;
    }
    const piece = trimReal(got, s, e);
    replaceReal(fork, s, e, []);
    freeReal(fs, ip, which, piece);
  }
  if (which === 'data') reconcileBmbt(fs, ip);
}

/**
 * Free a real unmapped piece: data-fork blocks lose one reference (shared blocks stay with their
 * other owners), CoW staging blocks are freed with their COW-domain record.
 */
export function freeRealBlocks(fs: XfsFs, ip: XfsInode, which: WhichFork, rec: BmbtIrec): void {
  if (which === 'data') {
    ip.nblocks -= rec.blockcount;
    fs.quota.releaseAllocated(ip, rec.blockcount);
    for (const f of fs.refcount.adjust(rec.startblock, rec.blockcount, -1)) {
      fs.alloc.freeExtent(f.fsb, f.len);
      fs.mp.addFdblocks(f.len);
    }
  } else {
    fs.refcount.freeCow(rec.startblock, rec.blockcount);
    fs.alloc.freeExtent(rec.startblock, rec.blockcount);
    fs.mp.addFdblocks(rec.blockcount);
    ip.delayedBlks -= rec.blockcount;
    fs.quota.unreserveBlkres(ip, rec.blockcount);
  }
}
