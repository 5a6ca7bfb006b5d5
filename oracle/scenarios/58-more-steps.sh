# More everyday steps: two files appended in turn (their preallocations side by side), echo >> appends,
# a sparse file written out of order and synced, an extent size hint, direct I/O writes over a
# buffered file's cached pages, a CoW overwrite of a clone, and the reflinked file truncated to 0.
# mkfs: -m reflink=1 -d size=256m
for i in 1 2 3 4; do
  xfs_io -f -c "pwrite -S 0x61 $(( (i - 1) * 64 ))k 64k" a > /dev/null
  xfs_io -f -c "pwrite -S 0x62 $(( (i - 1) * 64 ))k 64k" b > /dev/null
done
xfs_bmap -v a b
for i in 1 2 3; do echo "line $i" >> log; done
cat log
xfs_io -f -c "pwrite -S 0x63 1m 64k" -c "pwrite -S 0x64 0 64k" -c "pwrite -S 0x65 512k 4k" sp > /dev/null
sync
xfs_io -c "bmap -elpv" sp
xfs_io -f -c "extsize 256k" -c "pwrite -S 0x66 8k 8k" -c fsync x > /dev/null
xfs_io -c "bmap -elpv" x
xfs_io -f -c "pwrite -S 0x67 0 128k" d > /dev/null
xfs_io -d -c "pwrite -S 0x68 32k 32k" d > /dev/null
xfs_io -c "bmap -elpv" d
cp --reflink=always a c
xfs_io -c "pwrite -S 0x69 4k 4k" -c fsync c > /dev/null
xfs_io -c "bmap -elpv" a c
xfs_io -c "truncate 0" a
xfs_bmap -v c
md5sum a b log sp x d c
