/**
 * The block reservation of a transaction (fs/xfs/xfs_trans.c, xfs_trans_alloc): blocks come out of
 * the free counter (xfs_dec_fdblocks, traced as xfs_freecounter_enospc when they are not there); on
 * ENOSPC the speculative preallocations of the whole filesystem are flushed (xfs_blockgc_flush_all)
 * and the reservation is tried once more.
 */
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';
import { blockgcFlushAll } from './xfs-icache.js';

/** Take `blocks` from the free counter; false (traced) when they are not there. */
function tryDecFdblocks(fs: XfsFs, blocks: number): boolean {
  try {
    fs.mp.decFdblocks(blocks, false, 'xfs_trans_alloc');
    return true;
  } catch (e) {
    if (e instanceof XfsError && e.code === 'ENOSPC') return false;
    throw e;
  }
}

/** Reserve `blocks` for a transaction, with xfs_trans_alloc's one flush-and-retry; false on ENOSPC. */
export function transReserveBlocks(fs: XfsFs, blocks: number): boolean {
  if (tryDecFdblocks(fs, blocks)) return true;
  blockgcFlushAll(fs, 'xfs_trans_alloc');
  return tryDecFdblocks(fs, blocks);
}
