/**
 * The generic iomap buffered I/O loop (fs/iomap/buffered-io.c) as XFS drives it: the write
 * iteration that copies into the page cache mapping by mapping, and iomap_zero_range.
 * The engine copies without page faults, so a mapping is always consumed whole (no short copy).
 */
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { bufferedWriteIomapBegin, bufferedWriteIomapEnd, setRecordDecisions, type Iomap, type IomapDecision } from './xfs-iomap.js';
import type { WriteSource } from './syscalls.js';
import { writebackRange } from './xfs-aops.js';
import { markInodeDirty } from './fs-writeback.js';
import { GUESS_MIN } from './xfs-iext-btree.js';
import { PAGE_SIZE, noteWriteFolios } from './filemap-readahead.js';

/** Observer of iomap_begin decisions (the run result records them). */
export type IomapObserver = (d: IomapDecision) => void;
let observer: IomapObserver | null = null;

/** Hand an iomap_begin decision to the observer (callers outside this loop: unshare). */
export function reportDecision(d: IomapDecision | null): void {
  if (observer && d) observer(d);
}

/** Install (or clear) the iomap decision observer. */
export function setIomapObserver(o: IomapObserver | null): void {
  observer = o;
  setRecordDecisions(o !== null);
}

function sliceSource(src: WriteSource, from: number, len: number): WriteSource {
  return src.kind === 'pattern' ? src : { kind: 'bytes', data: src.data.subarray(from, from + len) };
}

/**
 * Where one iteration over a mapping ends (iomap_length_trim): at the end of the mapping, or of the
 * source mapping when there is one that is not a hole (the data under a CoW extent: a CoW
 * preallocation reaching past the shared blocks is written in a later iteration, found in the CoW fork).
 */
export function iterEnd(iomap: Iomap, srcmap: Iomap | null): number {
  const end = iomap.offset + iomap.length;
  return srcmap && srcmap.type !== 'hole' ? Math.min(end, srcmap.offset + srcmap.length) : end;
}

/**
 * Dirty the page-cache blocks covering [pos, pos+len) (dirty blocks count as cached: see
 * XfsInode.cached); the inode's first dirty page puts it on the flusher's list.
 */
export function markDirty(fs: XfsFs, ip: XfsInode, pos: number, len: number): void {
  if (len <= 0) return;
  const s = fs.mp.bToFsbt(pos);
  const e = fs.mp.bToFsb(pos + len);
  ip.dirty.add(s, e);
  markInodeDirty(fs, ip);
}

/**
 * iomap_file_buffered_write: returns the bytes written. An error on the first mapping is thrown;
 * an error after progress ends the write short (the error is dropped, as the kernel does).
 */
export function iomapFileBufferedWrite(fs: XfsFs, ip: XfsInode, pos: number, len: number, src: WriteSource): number {
  let written = 0;
  while (written < len) {
    const cur = pos + written;
    const remaining = len - written;
    // On a file of many extents, look the offset up in the fork and in the contents at once (their
    // cache misses overlap); small trees stay in cache and skip the call.
    if (ip.df.count >= GUESS_MIN) ip.content.seekWith(cur, ip.df, fs.mp.bToFsbt(cur));
    let r;
    try {
      r = bufferedWriteIomapBegin(fs, ip, cur, remaining, 'write');
    } catch (e) {
      if (written > 0) return written;
      throw e;
    }
    if (observer && r.decision) observer(r.decision);
    const length = Math.min(remaining, iterEnd(r.iomap, r.srcmap) - cur);
    // Writes of two pages or more may put large folios in the page cache (a page at a time makes none).
    if (length >= 2 * PAGE_SIZE) noteWriteFolios(fs, ip, cur, length);
    ip.content.write(cur, length, sliceSource(src, written, length));
    markDirty(fs, ip, cur, length);
    if (cur + length > ip.size) ip.size = cur + length;
    written += length;
    bufferedWriteIomapEnd(fs, ip, cur, length, length, r.iomap);
  }
  return written;
}

/**
 * iomap_zero_range over [pos, pos+len): zero the page cache over delalloc and written mappings;
 * holes and unwritten extents read as zeros already, but dirty cache over them is written back first
 * so the lookup sees the converted extents.
 */
export function iomapZeroRange(fs: XfsFs, ip: XfsInode, pos: number, len: number): void {
  const mp = fs.mp;
  const bs = mp.blocksize;
  const end = pos + len;
  let cur = pos;
  const zeroMapped = (at: number, n: number) => {
    ip.content.zero(at, n);
    markDirty(fs, ip, at, n);
  };
  if (pos % bs && ip.dirty.has(mp.bToFsbt(pos))) {
    const n = Math.min(len, bs - (pos % bs));
    const r = bufferedWriteIomapBegin(fs, ip, cur, n, 'zero');
    if (observer && r.decision) observer(r.decision);
    zeroMapped(cur, n);
    cur += n;
  }
  let rangeDirty = cur < end && ip.dirty.overlaps(mp.bToFsbt(cur), mp.bToFsb(end));
  while (cur < end) {
    const r = bufferedWriteIomapBegin(fs, ip, cur, end - cur, 'zero');
    if (observer && r.decision) observer(r.decision);
    const m = r.srcmap ?? r.iomap;
    const n = Math.min(end - cur, iterEnd(r.iomap, r.srcmap) - cur);
    if (m.type === 'hole' || m.type === 'unwritten') {
      if (rangeDirty) {
        rangeDirty = false;
        writebackRange(fs, ip, cur, end);
        continue;
      }
      cur += n;
      continue;
    }
    zeroMapped(cur, n);
    bufferedWriteIomapEnd(fs, ip, cur, n, n, r.iomap);
    cur += n;
  }
}
