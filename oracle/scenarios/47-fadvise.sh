# posix_fadvise through xfs_io's fadvise: WILLNEED reads a range ahead, at most
# the file's readahead maximum (640 pages) in 2 MiB chunks; DONTNEED drops the
# clean pages of a range, so the next read maps them again; RANDOM reads just
# what is asked; SEQUENTIAL doubles the maximum (a first read in the middle of
# a cold file still reads only itself, then the windows grow).
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 -b 1m 0 16m" -c fsync f
echo 1 > /proc/sys/vm/drop_caches
xfs_io -c "pread -b 64k 0 64k" f
xfs_io -c "fadvise -d 0 1m" f
xfs_io -c "pread -b 64k 0 64k" f
xfs_io -c "fadvise -w 4m 1m" f
sleep 1
xfs_io -c "fadvise -d 4m 1m" -c "pread -b 64k 4m 64k" f
xfs_io -c "fadvise -w 8m 8m" f
sleep 1
echo 1 > /proc/sys/vm/drop_caches
xfs_io -c "fadvise -r" -c "pread -b 64k 8m 256k" f
xfs_io -c "fadvise -s" -c "pread -b 32k 12m 1m" f
xfs_io -f -c "pwrite -S 0x62 0 64k" -c "fadvise -d 0 64k" -c "bmap -v" g
