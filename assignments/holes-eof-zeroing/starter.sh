# Assignment: holes, sub-block writes and EOF zeroing. Edit, Run, then press Check.
# A {{head.bytes}}-byte file of "a" (0x61), written back so that block 0 is on disk.
xfs_io -f -c "pwrite -S 0x61 0 {{head.bytes}}" -c fsync sparse
# Then 4 KiB of "b" (0x62) far beyond EOF, at {{far.kib}} KiB.
xfs_io -c "pwrite -S 0x62 {{far.kib}}k 4k" -c "bmap -elpv" sparse

# TODO 1: write 100 bytes of "c" (0x63) into the hole at {{mid.kib}} KiB, and print the map.
# TODO 2: read 16 bytes around the old EOF: xfs_io -c "pread -v {{head.before}} 16" sparse
