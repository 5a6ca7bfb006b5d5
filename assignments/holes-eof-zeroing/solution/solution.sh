# Reference solution: holes, sub-block writes and EOF zeroing.
xfs_io -f -c "pwrite -S 0x61 0 {{head.bytes}}" -c fsync sparse
# xfs_file_write_checks sees pos > i_size: xfs_zero_eof zeroes [old EOF, pos) through
# iomap_zero_range. The partial block 0 is mapped: its tail is zeroed in the page cache.
# The rest is a hole: IOMAP_ZERO over a hole returns the hole, nothing is allocated.
xfs_io -c "pwrite -S 0x62 {{far.kib}}k 4k" -c "bmap -elpv" sparse
# A hole with an extent after it: eof = false, so no speculative preallocation; the 100 bytes
# still reserve a whole block (the rest of it is zeroed in the page cache).
xfs_io -c "pwrite -S 0x63 {{mid.kib}}k 100" -c "bmap -elpv" sparse
xfs_io -c "pread -v {{head.before}} 16" sparse
