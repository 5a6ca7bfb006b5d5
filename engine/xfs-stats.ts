/**
 * XFS statistics (fs/xfs/xfs_stats.h, /proc/fs/xfs/stat): counters of the paths the lab models,
 * kept per machine. Incrementing a field is all the hot path pays.
 */

/** The counters (a subset of the kernel's, with its names). */
export interface XfsStats {
  /** xs_write_calls / xs_write_bytes: buffered and direct write(2) calls. */
  xs_write_calls: number;
  xs_write_bytes: number;
  xs_read_calls: number;
  xs_read_bytes: number;
  /** delalloc reservations (xfs_bmapi_reserve_delalloc) and their ENOSPC/EDQUOT failures. */
  xs_delalloc_reserve: number;
  xs_delalloc_enospc: number;
  /** writeback conversions of delalloc (xfs_bmapi_convert_delalloc steps). */
  xs_convert_delalloc: number;
  /** I/O completions (ioends) by kind. */
  xs_ioend_unwritten: number;
  xs_ioend_cow: number;
  xs_ioend_mapped: number;
  /** xfs_file_buffered_write retries after EDQUOT / ENOSPC. */
  xs_write_retry_edquot: number;
  xs_write_retry_enospc: number;
  /** blockgc: background worker runs, synchronous scans, inodes trimmed. */
  xs_blockgc_worker: number;
  xs_blockgc_scans: number;
  xs_eofblocks_freed: number;
  /** reflink remaps and CoW end_cow pieces. */
  xs_reflink_remaps: number;
  xs_cow_remap_pieces: number;
}

/** Fresh counters. */
export function newStats(): XfsStats {
  return {
    xs_write_calls: 0, xs_write_bytes: 0, xs_read_calls: 0, xs_read_bytes: 0,
    xs_delalloc_reserve: 0, xs_delalloc_enospc: 0, xs_convert_delalloc: 0,
    xs_ioend_unwritten: 0, xs_ioend_cow: 0, xs_ioend_mapped: 0,
    xs_write_retry_edquot: 0, xs_write_retry_enospc: 0,
    xs_blockgc_worker: 0, xs_blockgc_scans: 0, xs_eofblocks_freed: 0,
    xs_reflink_remaps: 0, xs_cow_remap_pieces: 0,
  };
}
