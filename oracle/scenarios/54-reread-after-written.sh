# A new reader's first read right after pages 4 KiB buffered writes put in the page cache (one page
# per folio): page_cache_sync_ra's look back (page_cache_prev_miss) counts them all the way to page 0
# and doubles the count: a 513-page window.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 -b 1m 0 4m" -c fsync f > /dev/null
echo 1 > /proc/sys/vm/drop_caches
xfs_io -c "pwrite -S 0x62 0 1m" f > /dev/null
xfs_io -c "pread 1m 64k" f
