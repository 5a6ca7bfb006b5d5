# fsync writes the pages back but leaves the inode on the flusher's dirty
# list with its first dirtying time: data written again 20 s later is written
# back by the flusher once the *first* dirtying is 30 s old (at ~30-35 s),
# not 30 s after the second write. A file written only at 20 s (b) waits.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -b 64k 0 64k" -c fsync a
sleep 20
xfs_io -c "pwrite -b 64k 64k 64k" a
xfs_io -f -c "pwrite -b 64k 0 64k" b
sleep 20
xfs_io -c "bmap -elpv" a
xfs_io -c "bmap -elpv" b
