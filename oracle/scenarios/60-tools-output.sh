# What the everyday tools print about a file as it changes: xfs_io stat and fiemap, stat -c, util-linux
# fallocate (punch, zero range, keep size), truncate with a relative size, and touch of an existing file.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 0 300k" t > /dev/null
xfs_io -c "stat" t | grep -v time
xfs_io -c "fiemap -v" t
fallocate -p -o 64k -l 64k t
fallocate -z -o 128k -l 32k t
fallocate -n -o 1m -l 256k t
truncate -s +100k t
touch t
stat -c "%s %b %B" t
xfs_io -c "fiemap -v" t
sync
xfs_io -c "fiemap -v" t
xfs_io -c "stat" t | grep -v time
md5sum t
