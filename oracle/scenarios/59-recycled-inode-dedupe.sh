# A file removed and a new one created right after get the same inode number and, within the reclaim
# worker's 5 s, the same in-core inode: its eofblocks flag survives (xfs_iget_recycle). Then a clone
# of the new file is partly zeroed, unshared, and deduplicated against it (the compare reads each
# uncached page on its own).
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x41 0 192k" -c fsync f1 > /dev/null
rm f1
xfs_io -f -c "pwrite -S 0x51 -b 256k 0 1m" -c fsync big > /dev/null
cp --reflink=always big clone
xfs_io -c "fzero 64k 64k" -c "funshare 512k 64k" -c fsync clone > /dev/null
xfs_io -c "dedupe big 768k 768k 64k" clone
xfs_io -c "bmap -elpv" clone
stat -f -c "free %f avail %a" .
md5sum big clone
