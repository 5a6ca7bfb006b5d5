# Assignment: zeroing and unsharing. Edit, Run, then press Check.
xfs_io -f -c "pwrite -S 0x61 0 256k" -c fsync a
cp --reflink=always a b
# Unshare {{case.unlen}} KiB of b at {{case.unoff}} KiB: b gets its own copy of those blocks.
xfs_io -c "funshare {{case.unoff}}k {{case.unlen}}k" b

# TODO 1: print b's data-fork map (bmap -elpv).
# TODO 2: truncate b to {{case.cut}} bytes with xfs_io -c "truncate {{case.cut}}" b, then print its CoW fork (bmap -celpv).
# TODO 3: fsync b, and print the data-fork maps of b and a.
