# Reference solution: ENOSPC, flush and blockgc.
stat -f -c "free %f" .
stat -c "%n size %s blocks %b" f1 f2 f3 f4
# A short write: the first 1 MiB writes reserve fine; the one that runs out of space has already
# copied some pages, so iomap returns the bytes written, and xfs_file_buffered_write does not retry.
xfs_io -f -c "pwrite -b 1m 0 24m" big 2>&1
stat -f -c "free %f" .
# Nothing fits: the first reservation fails with zero bytes written. xfs_file_buffered_write
# flushes all dirty data (xfs_flush_inodes: delalloc -> real blocks, indlen returned), runs a
# synchronous blockgc scan (post-EOF preallocation of every inode trimmed), and retries once.
xfs_io -f -c "pwrite -b {{new.mib}}m 0 {{new.mib}}m" new 2>&1
stat -c "%n size %s blocks %b" new big f1 f2 f3 f4
stat -f -c "free %f" .
