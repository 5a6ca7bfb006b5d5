# Unlinking a file frees it in the inodegc worker (xfs_inactive): a file with dirty delalloc pages
# never written back, and one of two reflinked files (its extents stay with the other).
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 0 64k" d > /dev/null
rm d
xfs_io -f -c "pwrite -S 0x62 0 256k" -c fsync a > /dev/null
cp --reflink=always a b
rm a
xfs_io -c "pwrite -S 0x63 0 4k" -c fsync b > /dev/null
xfs_bmap -v b
stat -f -c "free %f" .
