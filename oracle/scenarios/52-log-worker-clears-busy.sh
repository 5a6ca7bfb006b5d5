# Blocks freed by an unlink stay busy until the log is forced: a new file written right after goes
# past them (c). The log worker forces the log every xfssyncd_centisecs (30 s) on its own, so after
# a 35 s sleep the blocks freed by the next unlink are free again (e lands where d was).
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
sleep 35
xfs_io -f -c "pwrite -b 1m 0 1m" -c fsync e > /dev/null
xfs_bmap -v e
