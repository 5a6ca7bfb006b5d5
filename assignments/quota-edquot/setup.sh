# Setup (runs before the student's script): uid {{uid}} may use at most 8 MiB; p and q belong to it.
xfs_quota -x -c "limit -u bhard=8m {{uid}}" $SCRATCH_MNT
xfs_io -f -c stat p > /dev/null; chown {{uid}} p
xfs_io -f -c stat q > /dev/null; chown {{uid}} q
