# A data fork around the inode's limit: 12 extents here, where every file has an attribute fork. The
# 13th extent takes a btree block and giving it up returns it; delalloc writeback converts in the
# middle of a pass; punching holes into one extent adds an extent per hole.
# mkfs: -m reflink=1 -d size=256m
truncate -s 1m a
for i in $(seq 0 11); do
  xfs_io -c "pwrite -S 0x61 $((i * 8192)) 4096" a > /dev/null
done
sync
stat -c '%n %b' a
xfs_io -c "pwrite -S 0x62 $((12 * 8192)) 4096" -c fsync a > /dev/null
stat -c '%n %b' a
xfs_io -c "fpunch $((12 * 8192)) 4096" a
stat -c '%n %b' a
xfs_io -c "pwrite -S 0x62 $((12 * 8192)) 4096" -c fsync a > /dev/null
xfs_io -c "truncate $((11 * 8192))" a
stat -c '%n %b' a
truncate -s 1m b
for i in $(seq 0 19); do
  xfs_io -c "pwrite -S 0x63 $((i * 8192)) 4096" b > /dev/null
done
sync
xfs_io -c "bmap -v" b
stat -c '%n %b' b
xfs_io -f -c "pwrite -S 0x64 0 96k" -c fsync c > /dev/null
for i in $(seq 0 11); do
  xfs_io -c "fpunch $((i * 8192 + 4096)) 4096" c
done
stat -c '%n %b' c
xfs_io -c "bmap -v" c
md5sum a b c
