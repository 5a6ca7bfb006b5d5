/**
 * FALLOC_FL_UNSHARE_RANGE (xfs_falloc_unshare_range → xfs_reflink_unshare → iomap_file_unshare):
 * shared blocks of the range get a CoW reservation and their page cache is re-dirtied, so that
 * writeback copies them and completion remaps the copies; then holes are preallocated.
 */
import { writebackRange } from './xfs-aops.js';
import { iterEnd, markDirty, reportDecision } from './iomap-buffered-io.js';
import { allocFileSpace } from './xfs-falloc.js';
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { IOMAP_F_SHARED, bufferedWriteIomapBegin, bufferedWriteIomapEnd } from './xfs-iomap.js';
import { hex } from './xfs-trace.js';

/** xfs_reflink_unshare + the hole preallocation of xfs_falloc_unshare_range. */
export function unshareRange(fs: XfsFs, ip: XfsInode, offset: number, len: number): void {
  if (fs.shutdown) throw new XfsError('EIO', 'fallocate');
  if (ip.isReflink()) {
    if (fs.tracer.on('xfs_reflink_unshare')) {
      fs.tracer.emit('xfs_reflink_unshare', {
        ino: hex(ip.ino), isize: hex(ip.size), disize: hex(ip.diskSize), pos: hex(offset), bytecount: hex(len),
      });
    }
    // iomap_file_unshare works inside EOF only.
    const end = Math.min(offset + len, ip.size);
    let cur = offset;
    while (cur < end) {
      const r = bufferedWriteIomapBegin(fs, ip, cur, end - cur, 'unshare');
      reportDecision(r.decision);
      const n = Math.min(end - cur, iterEnd(r.iomap, r.srcmap) - cur);
      if (r.iomap.flags & IOMAP_F_SHARED) {
        // The folios are read from the old shared copy (srcmap) and dirtied again.
        markDirty(fs, ip, cur, n);
        bufferedWriteIomapEnd(fs, ip, cur, n, n, r.iomap);
      }
      cur += n;
    }
    if (end > offset) writebackRange(fs, ip, offset, end);
  }
  allocFileSpace(fs, ip, offset, len);
}
