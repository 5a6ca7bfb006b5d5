# Assignment: ENOSPC, flush and blockgc. Edit, Run, then press Check.
# setup.sh (run before this script) made f1..f4: 2112 KiB each, with post-EOF preallocation kept.
stat -f -c "free %f" .
stat -c "%n size %s blocks %b" f1 f2 f3 f4
# Fill the 32 MiB filesystem: 24 MiB in 1 MiB writes (2>&1 shows the error, if any).
xfs_io -f -c "pwrite -b 1m 0 24m" big 2>&1
stat -f -c "free %f" .

# TODO 1: write {{new.mib}} MiB to a new file new in ONE write(2) call (-b {{new.mib}}m), with 2>&1.
# TODO 2: print size and blocks of new, big and f1..f4, and the free blocks.
