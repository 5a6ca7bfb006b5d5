/**
 * FICLONE / FICLONERANGE / FIDEDUPERANGE (xfs_reflink_remap_range). The refcount btree and the
 * remap path come with the copy-on-write work; until then sharing is refused the way a
 * filesystem without reflink refuses it.
 */
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';

/** Share [soff, soff+len) of src into dst at doff (len 0 = to EOF). */
export function reflinkRange(fs: XfsFs, src: XfsInode, dst: XfsInode, soff: number, doff: number, len: number): void {
  void fs; void src; void dst; void soff; void doff; void len;
  throw new XfsError('EOPNOTSUPP', 'reflink');
}

/** Deduplicate identical ranges; returns bytes deduped. */
export function dedupeRange(fs: XfsFs, src: XfsInode, dst: XfsInode, soff: number, doff: number, len: number): number {
  void fs; void src; void dst; void soff; void doff; void len;
  throw new XfsError('EOPNOTSUPP', 'dedupe');
}
