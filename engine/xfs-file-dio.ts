/**
 * Direct I/O writes (xfs_file_dio_write, iomap_dio_rw): the page cache over the range is written
 * back and dropped, blocks are mapped or allocated at once (xfs_direct_write_iomap_begin), the data
 * goes to the disk, and completion (xfs_dio_write_end_io, in the writer's context) converts
 * unwritten extents, remaps CoW staging blocks and moves the sizes.
 */
import { writebackRange } from './xfs-aops.js';
import { PAGE_SIZE, dropFolios } from './filemap-readahead.js';
import { convertUnwritten } from './xfs-bmap.js';
import { XfsError } from './xfs-errors.js';
import type { XfsFile } from './xfs-file.js';
import { fileBufferedWrite, MAX_FILE_SIZE, writeSync, zeroEof } from './xfs-file.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { directWriteIomapBegin } from './xfs-iomap-direct.js';
import { iterEnd } from './iomap-buffered-io.js';
import { endCow, isCowInode } from './xfs-reflink.js';
import { hex } from './xfs-trace.js';
import type { WriteSource } from './syscalls.js';

function sizeEvent(fs: XfsFs, event: string, ip: XfsInode, pos: number, count: number): void {
  if (fs.tracer.on(event)) {
    fs.tracer.emit(event, { ino: hex(ip.ino), isize: hex(ip.size), disize: hex(ip.diskSize), pos: hex(pos), bytecount: hex(count) });
  }
}

/** A direct write of [pos, pos+len); returns the bytes written. */
export function fileDirectWrite(fs: XfsFs, file: XfsFile, pos: number, len: number, src: WriteSource): number {
  const ip = file.ip;
  const mp = fs.mp;
  if (len === 0) return 0;
  if (fs.shutdown) throw new XfsError('EIO', 'pwrite');
  if (file.append) pos = ip.size;
  // The logical sector size (512) is the alignment direct I/O needs.
  if (pos % 512 || len % 512) throw new XfsError('EINVAL', 'pwrite');
  if (pos + len > MAX_FILE_SIZE) throw new XfsError('EFBIG', 'pwrite');
  if ((pos % mp.blocksize || len % mp.blocksize) && isCowInode(fs, ip)) {
    // Sub-block direct writes to a CoW inode fall back to the page cache (-ENOTBLK).
    if (fs.tracer.on('xfs_reflink_bounce_dio_write')) {
      fs.tracer.emit('xfs_reflink_bounce_dio_write', { ino: hex(ip.ino), disize: hex(ip.diskSize), pos: hex(pos), bytecount: hex(len) });
    }
    return fileBufferedWrite(fs, file, pos, len, src);
  }
  if (pos > ip.size) zeroEof(fs, ip, pos);
  if (fs.tracer.on('xfs_file_direct_write')) {
    fs.tracer.emit('xfs_file_direct_write', { ino: hex(ip.ino), disize: hex(ip.diskSize), pos: hex(pos), bytecount: hex(len) });
  }
  // kiocb_invalidate_pages: the cached copy of the range is written back and dropped.
  writebackRange(fs, ip, pos, pos + len);
  ip.cached.remove(mp.bToFsbt(pos), mp.bToFsb(pos + len));
  dropFolios(ip, Math.floor(pos / PAGE_SIZE), Math.ceil((pos + len) / PAGE_SIZE));
  let written = 0;
  let cow = false;
  let unwritten = false;
  while (written < len) {
    const cur = pos + written;
    let r;
    try {
      r = directWriteIomapBegin(fs, ip, cur, len - written, 'write', true);
    } catch (e) {
      if (written > 0) break;
      throw e;
    }
    const n = Math.min(len - written, iterEnd(r.iomap, r.srcmap) - cur);
    ip.content.write(cur, n, src.kind === 'pattern' ? src : { kind: 'bytes', data: src.data.subarray(written, written + n) });
    if (r.iomap.fork === 'cow') cow = true;
    else if (r.iomap.type === 'unwritten') unwritten = true;
    written += n;
  }
  fs.mp.stats.xs_write_calls++;
  fs.mp.stats.xs_write_bytes += written;
  // xfs_dio_write_end_io, synchronously in the writer's context.
  sizeEvent(fs, 'xfs_end_io_direct_write', ip, pos, written);
  if (cow) endCow(fs, ip, pos, written);
  if (unwritten) {
    sizeEvent(fs, 'xfs_unwritten_convert', ip, pos, written);
    convertUnwritten(ip, 'data', mp.bToFsbt(pos), mp.bToFsb(pos + written));
  }
  if (pos + written > ip.size) ip.size = pos + written;
  if (pos + written > ip.diskSize) {
    if (!unwritten) sizeEvent(fs, 'xfs_setfilesize', ip, pos, written);
    ip.diskSize = Math.min(pos + written, ip.size);
  }
  ip.mtime = ip.ctime = fs.nowUs() / 1e6;
  // O_SYNC/O_DSYNC: iomap_dio_complete ends in generic_write_sync (recording 61: after overwrites too,
  // the loop device offering no FUA).
  if (file.sync || file.dsync) writeSync(fs, ip, pos, pos + written);
  return written;
}
