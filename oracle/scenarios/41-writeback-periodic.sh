# The periodic flusher writes back dirty data once it is older than
# vm.dirty_expire_centisecs (30 s), without any sync: file a, dirtied at 0 s,
# is written back by a flusher wakeup (every vm.dirty_writeback_centisecs,
# 5 s) past 30 s; file b, dirtied at 20 s, is still delalloc at 42 s.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -b 64k 0 256k" a
xfs_io -c "bmap -elpv" a
sleep 20
xfs_io -f -c "pwrite -b 64k 0 128k" b
xfs_io -c "bmap -elpv" a
sleep 22
xfs_io -c "bmap -elpv" a
xfs_io -c "bmap -elpv" b
stat -c "%n size %s blocks %b" a b
