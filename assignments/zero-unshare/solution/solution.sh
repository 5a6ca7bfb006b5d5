# Reference solution: zeroing and unsharing.
xfs_io -f -c "pwrite -S 0x61 0 256k" -c fsync a
cp --reflink=always a b
# xfs_reflink_unshare -> iomap_file_unshare: IOMAP_UNSHARE requests; shared blocks get a CoW
# reservation (aligned to cowextsize) and their pages are re-dirtied, then written back at once.
xfs_io -c "funshare {{case.unoff}}k {{case.unlen}}k" b
xfs_io -c "bmap -elpv" b
# xfs_setattr_size zeroes the tail of the new last block (IOMAP_ZERO). The block is shared, so
# even zeroing must not touch it in place: a CoW reservation again.
xfs_io -c "truncate {{case.cut}}" -c "bmap -celpv" b
xfs_io -c fsync -c "bmap -elpv" b
xfs_io -c "bmap -elpv" a
