# Assignment: reflink and the CoW fork. Edit, Run, then press Check.
# orig: 256 KiB (64 blocks) of "a", written back.
xfs_io -f -c "pwrite -S 0x61 0 256k" -c fsync orig
# copy shares all 64 blocks with orig.
cp --reflink=always orig copy
# Overwrite block {{case.block}} of copy with "b", with a CoW extent size hint of {{case.cowkib}} KiB.
xfs_io -c "cowextsize {{case.cowkib}}k" -c "pwrite -S 0x62 {{case.kib}}k 4k" copy

# TODO 1: print the CoW fork of copy (xfs_io -c "bmap -celpv" copy) before writeback.
# TODO 2: fsync copy in a separate xfs_io command.
# TODO 3: print the data-fork maps of copy and of orig (bmap -elpv).
