# The flusher's tunables: with vm.dirty_writeback_centisecs=100 and
# vm.dirty_expire_centisecs=300, a file is written back by the first wakeup
# at least 3 s after it was dirtied. Writing a new nonzero
# dirty_writeback_centisecs wakes the flusher, which then writes back all
# dirty data at once, expired or not.
# mkfs: -m reflink=1 -d size=256m
echo 100 > /proc/sys/vm/dirty_writeback_centisecs
echo 300 > /proc/sys/vm/dirty_expire_centisecs
xfs_io -f -c "pwrite -b 64k 0 256k" a
sleep 2
xfs_io -f -c "pwrite -b 64k 0 128k" b
xfs_io -c "bmap -elpv" a
sleep 2.5
xfs_io -c "bmap -elpv" a
xfs_io -c "bmap -elpv" b
sleep 2.5
xfs_io -c "bmap -elpv" b
echo 3000 > /proc/sys/vm/dirty_expire_centisecs
xfs_io -f -c "pwrite -b 64k 0 64k" c
sleep 1
xfs_io -c "bmap -elpv" c
echo 500 > /proc/sys/vm/dirty_writeback_centisecs
sleep 1
xfs_io -c "bmap -elpv" c
stat -c "%n size %s blocks %b" a b c
