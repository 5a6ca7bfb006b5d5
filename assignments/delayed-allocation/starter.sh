# Delayed allocation: a buffered write only reserves space.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -b 4k 0 16k" file
xfs_io -c "bmap -elpv" file
sync
xfs_io -c "bmap -elpv" file

# Your part (see the instructions): {{size.kib}} KiB of "a" into a new file data, in ONE write(2).
# TODO 1: xfs_io -f -c "pwrite -S 0x61 -b {{size.kib}}k 0 {{size.kib}}k" data
# TODO 2: print the extent map of data before anything is written back.
# TODO 3: write data back with fsync, in a separate xfs_io command.
# TODO 4: print the map again, and stat -c "size %s blocks %b" data.
