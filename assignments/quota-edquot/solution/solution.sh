# Reference solution: quota, EDQUOT and blockgc.
# mount: uquota
q() { local l; l=$(xfs_quota -x -c "quota -u -v -N -b -n $1" $SCRATCH_MNT); set -- $l; echo "uid quota used=$2 soft=$3 hard=$4"; }
xfs_io -c "pwrite -b 64k 0 1m" p > /dev/null
xfs_io -c "pwrite -b 64k 1m 1m" p > /dev/null
sync
stat -c 'p size=%s blocks=%b' p
q {{uid}}
# The last 1 MiB write's reservation (xfs_quota_reserve_blkres in xfs_bmapi_reserve_delalloc) would
# pass the hard limit: EDQUOT with nothing written. xfs_file_buffered_write calls
# xfs_blockgc_free_quota: a blockgc scan limited to this uid's inodes trims p's post-EOF blocks,
# and the write is retried once — and fits.
xfs_io -c "pwrite -b 1m 0 5888k" q
stat -c 'p size=%s blocks=%b' p
stat -c 'q size=%s blocks=%b' q
q {{uid}}
# Quota counted delalloc reservations already: writeback does not change the usage.
sync
q {{uid}}
