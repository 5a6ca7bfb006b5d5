# Everyday steps of a lab session on one filesystem: a redirect that truncates a written file, a
# truncate into the middle of the post-EOF preallocation, a keep-size fallocate then a write into it,
# a punched hole, O_SYNC writes, and cp without options (a clone on XFS with reflink, coreutils 9).
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 0 256k" -c fsync f > /dev/null
echo hello > f
xfs_io -c "bmap -elpv" f
stat -c "%s %b" f
xfs_io -f -c "pwrite -S 0x62 0 1m" g > /dev/null
truncate -s 1200k g
xfs_io -c "bmap -elpv" g
xfs_io -f -c "falloc -k 0 512k" -c "pwrite -S 0x63 64k 64k" -c fsync h > /dev/null
xfs_io -c "bmap -elpv" h
stat -c "%s %b" h
xfs_io -c "fpunch 128k 64k" g
xfs_io -c "bmap -elpv" g
xfs_io -f -s -c "pwrite -S 0x64 0 32k" s > /dev/null
xfs_io -c "bmap -elpv" s
cp g g2
xfs_io -c "bmap -elpv" g2
md5sum f g h s g2
