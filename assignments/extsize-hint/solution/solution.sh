# Reference solution: extent size hints.
xfs_io -f -c "extsize {{hint.kib}}k" -c extsize hinted
# xfs_get_extsz_hint() != 0: xfs_buffered_write_iomap_begin hands the request to
# xfs_direct_write_iomap_begin, which allocates real unwritten blocks aligned to the hint.
xfs_io -c "pwrite -S 0x61 {{off.kib}}k 4k" -c "bmap -elpv" hinted
# The close trims the blocks past EOF (xfs_free_eofblocks).
xfs_io -c "bmap -elpv" hinted
# Writeback finds a real extent (xfs_map_blocks_found); completion converts only the written block.
xfs_io -c fsync -c "bmap -elpv" hinted
xfs_io -f -c "pwrite -S 0x61 {{off.kib}}k 4k" -c "bmap -elpv" plain
