# Reference solution: reflink and the CoW fork.
xfs_io -f -c "pwrite -S 0x61 0 256k" -c fsync orig
cp --reflink=always orig copy
# The data-fork lookup finds a written extent; xfs_bmap_trim_cow finds it shared, so the write is
# redirected: a delalloc reservation in the CoW fork, aligned to cowextsize (shared_alloc_cow),
# with the shared extent as srcmap for any read-modify-write.
xfs_io -c "cowextsize {{case.cowkib}}k" -c "pwrite -S 0x62 {{case.kib}}k 4k" copy
xfs_io -c "bmap -celpv" copy
# Writeback allocates real blocks in the CoW fork; I/O completion (xfs_reflink_end_cow) remaps the
# written block into the data fork and drops a reference on the old shared block.
xfs_io -c fsync copy
xfs_io -c "bmap -elpv" copy
xfs_io -c "bmap -elpv" orig
