# At the default tunables, background work finishes what the script left: the
# flusher writes the file back 30 s after its first dirtying (its post-EOF
# preallocation becomes real blocks), and the blockgc worker, queued for
# speculative_prealloc_lifetime (300 s, up to 16 s later through the timer
# wheel), then trims the post-EOF blocks of the now clean file.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -b 4k 0 64k" file
xfs_io -c "pwrite -b 4k 64k 960k" file
stat -c "size %s blocks %b" file
sleep 40
stat -c "size %s blocks %b" file
xfs_io -c "bmap -elpv" file
sleep 290
stat -c "size %s blocks %b" file
xfs_io -c "bmap -elpv" file
