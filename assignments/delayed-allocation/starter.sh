# Delayed allocation: a buffered write only reserves space.
# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -b 4k 0 16k" file
xfs_io -c "bmap -elpv" file
sync
xfs_io -c "bmap -elpv" file
