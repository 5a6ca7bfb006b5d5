# A new reader's first read at page 80 of a file whose pages 0-79 are cached
# (a sequential stream went this way): page_cache_sync_ra looks back through the
# page cache for the run before it, and here reads 17 pages: its walk of the
# page-cache xarray stops early after a large folio (docs/spec-notes.md).
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 -b 1m 0 16m" -c fsync f
echo 1 > /proc/sys/vm/drop_caches
xfs_io -c "pread 0 64k" f
xfs_io -c "pread 320k 64k" f
