# Reference solution: speculative EOF preallocation.
xfs_io -f -c "pwrite -b 4k 0 {{log.kib}}k" -c stat log | grep -e wrote -e stat.size -e stat.blocks
# xfs_release -> xfs_free_eofblocks: the first close trims what lies past EOF.
stat -c "%s %b" log
# The second close keeps it: the inode is flagged XFS_IEOFBLOCKS_RELEASED, so an appending
# workload does not pay for preallocation again on every close. blockgc reclaims it later.
xfs_io -c "pwrite -b 4k {{log.kib}}k 64k" log
stat -c "%s %b" log
umount $SCRATCH_MNT
mount -o allocsize={{alloc.kib}}k $SCRATCH_DEV $SCRATCH_MNT
cd $SCRATCH_MNT
xfs_io -f -c "pwrite 0 4k" -c stat fixed | grep -e wrote -e stat.blocks
