# Reads of a cold file go through readahead windows, each window's uncached
# pages mapped by one xfs_iomap_found: cat (128 KiB reads) and md5sum (32 KiB
# reads) ask for sequential access (fadvise), which doubles the device's
# readahead maximum (read_ahead_kb 2560: 640 pages, so 1280); a window's end
# is rounded down to its folio size. drop_caches=1 empties the clean page
# cache between the reads.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 -b 1m 0 16m" -c fsync f
echo 1 > /proc/sys/vm/drop_caches
cat f > /dev/null
echo 1 > /proc/sys/vm/drop_caches
md5sum f
echo 1 > /proc/sys/vm/drop_caches
cat /proc/sys/vm/drop_caches
xfs_io -c "pread -q 4m 64k" f
md5sum f
