# Assignment: quota, EDQUOT and blockgc. Edit, Run, then press Check.
# mount: uquota
# setup.sh (run before this script) gave uid {{uid}} a hard block limit of 8 MiB and made p and q its files.
# q UID: print that user's block usage in KiB (xfs_quota -b -N -n prints one line of numbers).
q() { local l; l=$(xfs_quota -x -c "quota -u -v -N -b -n $1" $SCRATCH_MNT); set -- $l; echo "uid quota used=$2 soft=$3 hard=$4"; }
# p: 1 MiB, closed (the first close trims), then 1 MiB more in a second open (that close keeps
# the speculative preallocation); sync turns everything into real blocks.
xfs_io -c "pwrite -b 64k 0 1m" p > /dev/null
xfs_io -c "pwrite -b 64k 1m 1m" p > /dev/null
sync
stat -c 'p size=%s blocks=%b' p
q {{uid}}

# TODO 1: write 5888 KiB to q in 1 MiB writes: xfs_io -c "pwrite -b 1m 0 5888k" q
#         (2 MiB of p + 5888 KiB = 8 MiB minus 256 KiB: it fits only without p's preallocation).
# TODO 2: print p's and q's size and blocks, and uid {{uid}}'s usage.
# TODO 3: sync, and print the usage again.
