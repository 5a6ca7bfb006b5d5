# The layouts of the bench's 1M-extent files, at a small scale. f is fallocated 8 KiB at a time in
# turn with 4 KiB of g, so each of f's extents lands after g's last block and none touches the next;
# then f is written whole. s is truncated up first and then written every other block: below EOF
# there is no speculative preallocation, so holes stay between its written blocks.
# mkfs: -m reflink=1 -d size=256m
touch f g
for i in $(seq 0 15); do
  xfs_io -c "falloc $((i * 8192)) 8192" f
  xfs_io -c "falloc $((i * 4096)) 4096" g
done
xfs_io -c "pwrite -S 0x61 0 128k" f > /dev/null
xfs_io -c fsync -c "bmap -elpv" f
truncate -s 128k s
for i in $(seq 0 15); do
  xfs_io -c "pwrite -S 0x61 $((i * 8192)) 4096" s > /dev/null
done
sync
xfs_io -c "bmap -elpv" s
stat -c '%n %s %b' f g s
md5sum f s
