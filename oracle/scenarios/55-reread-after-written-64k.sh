# As 54 with 64 KiB writes: each makes a 16-page folio, and the look back through them stops at page
# 63 (the xarray walk's step into the node before keeps its old offset, as in 49): a 193-page window.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 -b 1m 0 4m" -c fsync f > /dev/null
echo 1 > /proc/sys/vm/drop_caches
xfs_io -c "pwrite -S 0x62 -b 64k 0 1m" f > /dev/null
xfs_io -c "pread 1m 64k" f
