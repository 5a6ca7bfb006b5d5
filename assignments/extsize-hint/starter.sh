# Assignment: extent size hints. Edit, Run, then press Check.
# hinted gets an extent size hint of {{hint.kib}} KiB before its first write.
xfs_io -f -c "extsize {{hint.kib}}k" -c extsize hinted
# 4 KiB of "a" at {{off.kib}} KiB, and the map inside the same xfs_io (before the close).
xfs_io -c "pwrite -S 0x61 {{off.kib}}k 4k" -c "bmap -elpv" hinted

# TODO 1: print the map of hinted again now that xfs_io has closed it.
# TODO 2: fsync hinted in a separate xfs_io, and print its map.
# TODO 3: the same 4 KiB write into a new file plain (no hint), with its map.
