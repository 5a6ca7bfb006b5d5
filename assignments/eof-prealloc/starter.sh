# Assignment: speculative EOF preallocation. Edit this script, Run it, then press Check.
# Step 1 (given): append {{log.kib}} KiB to log in 4 KiB writes, and stat it before xfs_io closes it.
xfs_io -f -c "pwrite -b 4k 0 {{log.kib}}k" -c stat log | grep -e wrote -e stat.size -e stat.blocks

# TODO 2: now that xfs_io has exited (the first close of log), print: stat -c "%s %b" log
# TODO 3: append 64 KiB more with a second xfs_io -c "pwrite -b 4k {{log.kib}}k 64k" log,
#         then print stat -c "%s %b" log again.
# TODO 4: unmount $SCRATCH_MNT, mount $SCRATCH_DEV on it again with -o allocsize={{alloc.kib}}k,
#         cd $SCRATCH_MNT, write 4 KiB at offset 0 of a new file fixed, and stat it
#         inside the same xfs_io (xfs_io -f -c "pwrite 0 4k" -c stat fixed).
