# A new reader that reaches a page marked for readahead by an earlier reader's
# window (PG_readahead lives in the page cache, not in the file's readahead
# state) starts the next window at the first uncached page after it, sized from
# the cached run plus its request (page_cache_async_ra without valid state). A
# first read with nothing cached right before it reads just the request.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 -b 1m 0 16m" -c fsync f
echo 1 > /proc/sys/vm/drop_caches
xfs_io -c "pread 4m 64k" f
xfs_io -c "pread 4160k 64k" f
xfs_io -c "pread -b 64k 8m 128k" f
xfs_io -c "pread -b 64k 9m 64k" f
