# Setup (runs before the student's script): four append-only files, each written in two opens.
# The second close keeps the speculative preallocation past EOF (the dirty-release rule).
for i in 1 2 3 4; do
  xfs_io -f -c "pwrite -b 4k 0 64k" f$i > /dev/null
  xfs_io -c "pwrite -b 4k 64k 2m" f$i > /dev/null
done
