# Reflink and copy-on-write on files whose data forks pass the inode's 12 extents: a clone of a
# 16-extent file, CoW writes into it that remap extent by extent, an unshare, and a dedupe.
# mkfs: -m reflink=1 -d size=256m
truncate -s 256k a
for i in $(seq 0 15); do
  xfs_io -c "pwrite -S 0x61 $((i * 16384)) 8192" a > /dev/null
done
sync
cp --reflink=always a b
stat -c '%n %b' a b
for i in 1 5 9 13; do
  xfs_io -c "pwrite -S 0x62 $((i * 16384 + 4096)) 4096" b > /dev/null
done
sync
stat -c '%n %b' a b
xfs_io -c "bmap -v" b
xfs_io -c "funshare 0 64k" a
sync
stat -c '%n %b' a b
xfs_io -c "bmap -v" a
cp --reflink=always a c
xfs_io -c "pwrite -S 0x63 0 256k" -c fsync c > /dev/null
stat -c '%n %b' c
xfs_io -c "bmap -v" c
md5sum a b c
