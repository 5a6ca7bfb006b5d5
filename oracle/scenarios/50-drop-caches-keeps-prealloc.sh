# echo 3 > /proc/sys/vm/drop_caches drops clean page cache and unused dentries
# and inodes, but neither the fsynced file nor the dirty one loses its post-EOF
# preallocation (st_blocks stays 3968): the dirty data stays dirty, and nothing
# is trimmed.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -b 4k 0 64k" file
xfs_io -c "pwrite -b 4k 64k 960k" -c fsync file
xfs_io -f -c "pwrite -b 4k 0 64k" dirty
xfs_io -c "pwrite -b 4k 64k 960k" dirty
stat -c "%n size %s blocks %b" file dirty
echo 3 > /proc/sys/vm/drop_caches
stat -c "%n size %s blocks %b" file dirty
xfs_io -c "bmap -elpv" file dirty
md5sum file
