# The same as 52 without the wait: the blocks d freed are still busy when e is written back (no log
# force since d's fsync), so e goes into the rest of the hole a left, past them.
# mkfs: -m reflink=1 -d size=256m
# mount: allocsize=4k
xfs_io -f -c "pwrite -b 1m 0 4m" -c fsync a > /dev/null
xfs_io -f -c "pwrite -b 1m 0 4m" -c fsync b > /dev/null
xfs_bmap -v a b
rm a
xfs_io -f -c "pwrite -b 1m 0 1m" -c fsync c > /dev/null
xfs_bmap -v c
xfs_io -f -c "pwrite -b 1m 0 3m" -c fsync d > /dev/null
xfs_bmap -v d
rm d
sleep 1
xfs_io -f -c "pwrite -b 1m 0 1m" -c fsync e > /dev/null
xfs_bmap -v e
