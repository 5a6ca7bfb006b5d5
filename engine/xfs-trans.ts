/**
 * The block reservation of a transaction (fs/xfs/xfs_trans.c, xfs_trans_alloc): blocks come out of
 * the free counter (xfs_dec_fdblocks, traced as xfs_freecounter_enospc when they are not there); on
 * ENOSPC the speculative preallocations of the whole filesystem are flushed (xfs_blockgc_flush_all)
 * and the reservation is tried once more.
 */
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import { blockgcFlushAll } from './xfs-icache.js';

/** Reserve `blocks` for a transaction, with xfs_trans_alloc's one flush-and-retry; throws ENOSPC. */
export function transReserveBlocks(fs: XfsFs, blocks: number): void {
  try {
    fs.mp.decFdblocks(blocks, false, 'xfs_trans_alloc');
    return;
  } catch (e) {
    if (!(e instanceof XfsError) || e.code !== 'ENOSPC') throw e;
  }
  blockgcFlushAll(fs, 'xfs_trans_alloc');
  fs.mp.decFdblocks(blocks, false, 'xfs_trans_alloc');
}
