# A reflink into a destination past its EOF first zeroes the destination's
# speculative post-EOF preallocation between the old EOF and the new range
# (xfs_reflink_zero_posteof: xfs_zero_eof, then the zeroed pages are written
# back with the rest of the flushed range), so the blocks that end up inside
# the new EOF are real, zero-filled extents, never delalloc without pages.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 0 64k" -c fsync src
xfs_io -f -c "pwrite -b 64k 0 256k" dst
xfs_io -c "pwrite -b 64k 256k 256k" dst
xfs_io -c "bmap -elpv" dst
xfs_io -c "reflink src 0 1m 64k" dst
xfs_io -c "bmap -elpv" dst
stat -c "%n size %s blocks %b" dst
md5sum dst
