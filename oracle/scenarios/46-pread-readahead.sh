# xfs_io pread reads 4 KiB (-b sets the size) per pread(2) without any fadvise,
# so its readahead windows grow up to the device's maximum (640 pages); a
# pread starting in the middle of a cold file reads just its first page, then
# the windows start. A window's end is rounded down to 2^min(order, 7) pages
# (7: the lowest set bit of 640), so the 640-page windows stay whole.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 -b 1m 0 16m" -c fsync f
echo 1 > /proc/sys/vm/drop_caches
xfs_io -c "pread 0 8m" f
echo 1 > /proc/sys/vm/drop_caches
xfs_io -c "pread 3m 2m" f
echo 1 > /proc/sys/vm/drop_caches
xfs_io -c "pread -b 32k 0 16m" f
