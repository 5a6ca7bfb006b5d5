# Reference solution: delayed allocation.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -b 4k 0 16k" file
xfs_io -c "bmap -elpv" file
sync
xfs_io -c "bmap -elpv" file
# One write(2): one xfs_buffered_write_iomap_begin over the hole, one delalloc reservation.
xfs_io -f -c "pwrite -S 0x61 -b {{size.kib}}k 0 {{size.kib}}k" data
# BLOCK-RANGE says delalloc: blocks reserved, none chosen yet.
xfs_io -c "bmap -elpv" data
# Writeback: xfs_map_blocks -> xfs_bmapi_convert_delalloc allocates real (unwritten) blocks;
# I/O completion converts them to written and moves i_disk_size.
xfs_io -c fsync data
xfs_io -c "bmap -elpv" data
stat -c "size %s blocks %b" data
