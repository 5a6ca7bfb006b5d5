# O_SYNC direct I/O writes: allocating ones (into a hole) and overwrites of written blocks.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -d -s -c "pwrite -S 0x61 -b 64k 0 128k" f > /dev/null
xfs_io -d -s -c "pwrite -S 0x62 -b 64k 0 128k" f > /dev/null
xfs_io -c "bmap -elpv" f
md5sum f
