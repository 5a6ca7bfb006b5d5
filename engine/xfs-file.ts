/**
 * File operations (fs/xfs/xfs_file.c, xfs_iops.c): the buffered write with its EDQUOT/ENOSPC retry
 * through blockgc, EOF zeroing, fsync, close-time trimming of post-EOF blocks, truncate, and reads.
 */
import { iomapFileBufferedWrite, iomapZeroRange } from './iomap-buffered-io.js';
import { writebackRange } from './xfs-aops.js';
import { FileReadahead, PAGE_SIZE, dropFolios, pageCached } from './filemap-readahead.js';
import { syncInodesSb } from './fs-writeback.js';
import { clearBlockgcTag, isDelalloc, recEnd } from './xfs-bmap.js';
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import { blockgcFreeSpace, canFreeEofblocks, freeEofblocks, itruncateExtents } from './xfs-icache.js';
import {
  XFS_DIFLAG_APPEND, XFS_EOFBLOCKS_RELEASED, XFS_IEOFBLOCKS, XFS_ITRUNCATED, type XfsInode,
} from './xfs-inode.js';
import { imapTrace } from './xfs-iomap.js';
import { hex } from './xfs-trace.js';
import { EXT_NORM, HOLESTARTBLOCK, type BmbtIrec } from './xfs-types.js';
import type { FadviseAdvice, WriteSource } from './syscalls.js';

/** s_maxbytes. */
export const MAX_FILE_SIZE = 2 ** 63 - 1;

/** An open file description. */
export interface XfsFile {
  ip: XfsInode;
  writable: boolean;
  append: boolean;
  /** O_DIRECT: writes bypass the page cache (xfs_file_dio_write). */
  direct?: boolean;
  sync: boolean;
  dsync: boolean;
  /** The open file's readahead state (struct file_ra_state). */
  ra: FileReadahead;
}

/** Quota retry hook: xfs_blockgc_free_quota (the quota manager installs it). */
export type FreeQuota = (fs: XfsFs, ip: XfsInode) => void;
let freeQuota: FreeQuota = () => {};

/** Install the EDQUOT retry's scan (xfs_blockgc_free_quota). */
export function setFreeQuota(f: FreeQuota): void {
  freeQuota = f;
}

/** xfs_flush_inodes / sync_inodes_sb: the flusher writes back every dirty inode (kworker); the caller waits. */
export function flushInodes(fs: XfsFs): void {
  syncInodesSb(fs);
}

/** sync(2) / syncfs: flush every inode and force the log. */
export function syncFs(fs: XfsFs): void {
  flushInodes(fs);
  fs.alloc.clearBusy();
}

/**
 * Write back one inode entirely and wait (filemap_write_and_wait): it stays on the flusher's list
 * with its first dirtying time, as only the flusher takes inodes off it (fs-writeback.ts).
 */
export function writebackInode(fs: XfsFs, ip: XfsInode): void {
  writebackRange(fs, ip);
}

/**
 * Zero from the old EOF up to `pos` (xfs_file_write_zero_eof before an extending write, the growing
 * xfs_setattr_size, xfs_reflink_zero_posteof): traced as xfs_zero_eof.
 */
export function zeroEof(fs: XfsFs, ip: XfsInode, pos: number): void {
  if (fs.tracer.on('xfs_zero_eof')) {
    fs.tracer.emit('xfs_zero_eof', {
      ino: hex(ip.ino), isize: hex(ip.size), disize: hex(ip.diskSize), pos: hex(ip.size), bytecount: hex(pos - ip.size),
    });
  }
  iomapZeroRange(fs, ip, ip.size, pos - ip.size);
}

/**
 * xfs_file_buffered_write: returns bytes written. When the write fails having written nothing,
 * EDQUOT frees the over-quota dquots' speculative blocks and ENOSPC flushes every inode and runs
 * a synchronous blockgc scan; then the write is tried once more.
 */
export function fileBufferedWrite(fs: XfsFs, file: XfsFile, pos: number, len: number, src: WriteSource): number {
  const ip = file.ip;
  if (len === 0) return 0;
  if (fs.shutdown) throw new XfsError('EIO', 'pwrite');
  let clearedSpace = false;
  for (;;) {
    if (file.append) pos = ip.size;
    if (pos + len > MAX_FILE_SIZE) throw new XfsError('EFBIG', 'pwrite');
    if (pos > ip.size) zeroEof(fs, ip, pos);
    if (fs.tracer.on('xfs_file_buffered_write')) {
      fs.tracer.emit('xfs_file_buffered_write', {
        ino: hex(ip.ino), disize: hex(ip.diskSize), pos: hex(pos), bytecount: hex(len),
      });
    }
    try {
      const n = iomapFileBufferedWrite(fs, ip, pos, len, src);
      fs.mp.stats.xs_write_calls++;
      fs.mp.stats.xs_write_bytes += n;
      ip.mtime = ip.ctime = fs.nowUs() / 1e6;
      // generic_write_sync: an O_SYNC or O_DSYNC write ends in vfs_fsync_range of what it wrote (traced).
      if (file.sync || file.dsync) writeSync(fs, ip, pos, pos + n);
      return n;
    } catch (e) {
      if (!(e instanceof XfsError) || clearedSpace) throw e;
      if (e.code === 'EDQUOT') {
        clearedSpace = true;
        fs.mp.stats.xs_write_retry_edquot++;
        freeQuota(fs, ip);
        continue;
      }
      if (e.code === 'ENOSPC') {
        clearedSpace = true;
        fs.mp.stats.xs_write_retry_enospc++;
        flushInodes(fs);
        blockgcFreeSpace(fs, { sync: true }, 'xfs_file_buffered_write');
        continue;
      }
      throw e;
    }
  }
}

/** generic_write_sync after an O_SYNC or O_DSYNC write of [start, end): a traced fsync of it. */
export function writeSync(fs: XfsFs, ip: XfsInode, start: number, end: number): void {
  fsyncRange(fs, ip, start, end, true);
}

/** The fsync write-and-wait of a byte range (no trace of its own). */
function fsyncRange(fs: XfsFs, ip: XfsInode, start: number, end: number, traced: boolean): void {
  if (traced && fs.tracer.on('xfs_file_fsync')) {
    fs.tracer.emit('xfs_file_fsync', { ino: hex(ip.ino), iflags: hex(ip.iflags) });
  }
  writebackRange(fs, ip, start, end);
  if (traced) fs.alloc.clearBusy(); // the log force of fsync
}

/** xfs_file_fsync (and fdatasync): write back and wait for the whole file. */
export function fileFsync(fs: XfsFs, ip: XfsInode): void {
  if (fs.shutdown) throw new XfsError('EIO', 'fsync');
  fsyncRange(fs, ip, 0, Number.MAX_SAFE_INTEGER, true);
}

/** xfs_file_release: the first write-close trims post-EOF blocks (the dirty-release rule). */
export function fileRelease(fs: XfsFs, file: XfsFile): void {
  const ip = file.ip;
  if (fs.shutdown) return;
  if (fs.flavour === '6.1') {
    releaseV61(fs, ip);
    return;
  }
  if (ip.iflags & XFS_ITRUNCATED) {
    ip.iflags &= ~(XFS_ITRUNCATED | XFS_EOFBLOCKS_RELEASED);
    if (ip.delayedBlks > 0) writebackInode(fs, ip);
  }
  if (ip.nlink === 0 || !file.writable || ip.diflags & XFS_DIFLAG_APPEND) return;
  if (ip.iflags & XFS_EOFBLOCKS_RELEASED) return;
  if (canFreeEofblocks(fs, ip)) {
    ip.iflags |= XFS_EOFBLOCKS_RELEASED;
    freeEofblocks(fs, ip);
  }
}

/**
 * xfs_release as Linux 6.1 has it: every close of a regular file (read-only ones too) trims post-EOF
 * blocks unless XFS_IDIRTY_RELEASE (the same bit as 6.18's XFS_EOFBLOCKS_RELEASED) is set, and sets
 * that bit only after a trim that leaves delalloc blocks behind (docs/spec-notes.md).
 */
function releaseV61(fs: XfsFs, ip: XfsInode): void {
  if (ip.isDir) return;
  if (ip.iflags & XFS_ITRUNCATED) {
    ip.iflags &= ~(XFS_ITRUNCATED | XFS_EOFBLOCKS_RELEASED);
    if (ip.delayedBlks > 0) writebackInode(fs, ip);
  }
  if (ip.nlink === 0 || !canFreeEofblocks(fs, ip) || ip.iflags & XFS_EOFBLOCKS_RELEASED) return;
  freeEofblocks(fs, ip);
  if (ip.delayedBlks) ip.iflags |= XFS_EOFBLOCKS_RELEASED;
}

/**
 * xfs_setattr_size (truncate/ftruncate): growing zeroes from the old EOF (xfs_zero_eof is traced);
 * shrinking zeroes the partial last block, writes back what the new on-disk size will expose,
 * drops the page cache past EOF and unmaps the blocks past it.
 */
export function setattrSize(fs: XfsFs, ip: XfsInode, newSize: number): void {
  if (fs.shutdown) throw new XfsError('EIO', 'truncate');
  if (newSize < 0 || newSize > MAX_FILE_SIZE) throw new XfsError('EINVAL', 'truncate');
  const mp = fs.mp;
  const oldSize = ip.size;
  if (newSize > oldSize) {
    zeroEof(fs, ip, newSize);
  } else if (fs.flavour === '6.1' && newSize <= oldSize) {
    // 6.1 writes the page holding the new EOF back first (filemap_write_and_wait_range(newsize,
    // newsize)) so that iomap sees real blocks under a dirty page; 6.18 zeroes dirty pages itself.
    const page = Math.floor(newSize / 4096) * 4096;
    writebackRange(fs, ip, page, page + 4096);
    const blockEnd = Math.ceil(newSize / mp.blocksize) * mp.blocksize;
    if (newSize % mp.blocksize && oldSize > newSize) iomapZeroRange(fs, ip, newSize, blockEnd - newSize);
  } else if (newSize % mp.blocksize) {
    // xfs_truncate_page: zero the tail of the new last block.
    // iomap_truncate_page zeroes to the end of the block, whatever the old size.
    const blockEnd = Math.ceil(newSize / mp.blocksize) * mp.blocksize;
    if (oldSize > newSize) iomapZeroRange(fs, ip, newSize, blockEnd - newSize);
  }
  // The new size is in place before the write-back (the recordings' completions see it), and the
  // blocks the new on-disk size exposes are written first.
  ip.size = newSize;
  if (newSize > ip.diskSize) writebackRange(fs, ip, ip.diskSize, newSize);
  // truncate_setsize: page cache past the new EOF goes away.
  ip.content.truncate(newSize);
  ip.dirty.remove(mp.bToFsb(newSize), Number.MAX_SAFE_INTEGER);
  ip.cached.remove(mp.bToFsb(newSize), Number.MAX_SAFE_INTEGER);
  dropFolios(ip, Math.floor(newSize / PAGE_SIZE), Number.MAX_SAFE_INTEGER);
  ip.diskSize = newSize;
  ip.mtime = ip.ctime = fs.nowUs() / 1e6;
  if (newSize <= oldSize) {
    // xfs_setattr_size: the extents go first (their traces show the flags before), then the inode is
    // marked for the flush at close, then the truncate down drops the post-EOF blocks' tag (58).
    itruncateExtents(fs, ip, newSize, '', false);
    ip.iflags |= XFS_ITRUNCATED;
    clearBlockgcTag(fs, ip, XFS_IEOFBLOCKS);
  }
}

/**
 * Buffered read: bytes [pos, pos+len) capped at EOF. Blocks not in the page cache are mapped
 * (xfs_read_iomap_begin traces xfs_iomap_found for each mapping) and then cached.
 */
export function fileRead(fs: XfsFs, file: XfsFile, pos: number, len: number): Uint8Array {
  const ip = file.ip;
  const n = Math.max(0, Math.min(len, ip.size - pos));
  if (n === 0) return new Uint8Array(0);
  // filemap_read: the pages of the request through on-demand readahead (filemap-readahead.ts).
  const first = Math.floor(pos / PAGE_SIZE);
  file.ra.read(fs, ip, first, Math.ceil((pos + len) / PAGE_SIZE) - first, (s, e) => mapForRead(fs, ip, s, e), pos + n);
  fs.mp.stats.xs_read_calls++;
  fs.mp.stats.xs_read_bytes += n;
  ip.atime = fs.nowUs() / 1e6;
  return ip.content.read(pos, n);
}

/**
 * generic_fadvise over [offset, offset+len) (len 0: to EOF). The readahead advice goes to the open
 * file; WILLNEED reads the range ahead; DONTNEED starts writeback of the range's dirty pages (in the
 * caller's context) and drops the clean pages wholly inside it — not those it just wrote, which are
 * still under writeback when the kernel invalidates.
 */
export function fileFadvise(fs: XfsFs, file: XfsFile, offset: number, len: number, advice: FadviseAdvice): void {
  const ip = file.ip;
  if (advice === 'normal' || advice === 'sequential' || advice === 'random') return file.ra.advise(advice);
  if (advice === 'noreuse') return;
  const end = len === 0 ? Number.MAX_SAFE_INTEGER : offset + len;
  if (advice === 'willneed') {
    const first = Math.floor(offset / PAGE_SIZE);
    const pages = len === 0 ? Number.MAX_SAFE_INTEGER : Math.floor((end - 1) / PAGE_SIZE) + 1 - first;
    file.ra.willneed(fs, ip, first, pages, (s, e) => mapForRead(fs, ip, s, e));
    return;
  }
  const mp = fs.mp;
  const s = mp.bToFsbt(offset);
  const e = len === 0 ? Number.MAX_SAFE_INTEGER : mp.bToFsb(end);
  const wasDirty = [...ip.dirty.ranges(s, e)];
  writebackRange(fs, ip, offset, end);
  // Whole pages only: a partial page at either end stays.
  const from = mp.bToFsb(Math.ceil(offset / PAGE_SIZE) * PAGE_SIZE);
  const to = len === 0 ? Number.MAX_SAFE_INTEGER : mp.bToFsbt(Math.floor(end / PAGE_SIZE) * PAGE_SIZE);
  if (to > from) {
    ip.cached.remove(from, to);
    dropFolios(ip, Math.floor(mp.fsbToB(from) / PAGE_SIZE), Math.ceil(mp.fsbToB(to) / PAGE_SIZE));
  }
  for (const [a, b] of wasDirty) ip.cached.add(a, b);
}

/** read_mapping_folio: page `page` of the file into the page cache on its own if it is not there. */
export function readPage(fs: XfsFs, ip: XfsInode, page: number): void {
  if (pageCached(fs, ip, page)) return;
  mapForRead(fs, ip, page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  ip.cached.add(fs.mp.bToFsbt(page * PAGE_SIZE), fs.mp.bToFsb((page + 1) * PAGE_SIZE));
}

/**
 * xfs_read_iomap_begin over [pos, end) (bytes, block-aligned): an xfs_iomap_found per mapping, each
 * with the rest of the range as its byte count, as iomap's read iteration asks for it.
 */
export function mapForRead(fs: XfsFs, ip: XfsInode, pos: number, end: number): void {
  const mp = fs.mp;
  const e = mp.bToFsb(end);
  for (let at = mp.bToFsbt(pos); at < e;) {
    const got = ip.df.lookup(at);
    let rec: BmbtIrec;
    if (!got || got.startoff > at) {
      rec = { startoff: at, startblock: HOLESTARTBLOCK, blockcount: Math.min(e, got ? got.startoff : e) - at, state: EXT_NORM };
    } else {
      const stop = Math.min(recEnd(got), e);
      const delta = at - got.startoff;
      rec = { startoff: at, blockcount: stop - at, state: got.state, startblock: isDelalloc(got) ? got.startblock : got.startblock + delta };
    }
    imapTrace(fs, 'xfs_iomap_found', ip, at * mp.blocksize, (e - at) * mp.blocksize, 'data', rec);
    at = recEnd(rec);
  }
}
