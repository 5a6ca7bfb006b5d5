/**
 * The space and quota tools on the simulated kernel: xfs_quota (limit, timer, quota, report,
 * state, project) in xfsprogs 6.1's formats, setpriv, xfs_spaceman prealloc, and xfs_io's inject,
 * shutdown and statfs. The recorded forms are checked against the recordings elsewhere
 * (conformance/__tests__/quota-recordings.test.ts); these are the other forms and the errors.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../../run/run-script.js';

function run(script: string): string {
  const r = runScript(script, { steps: false, trace: false });
  return r.output;
}

describe('xfs_quota', () => {
  it('report -ubh: human-readable sizes, names for known ids', () => {
    const out = run(`# mount: uquota
xfs_quota -x -c "limit -u bsoft=1m bhard=1536k 1000" $SCRATCH_MNT
xfs_io -f -c "pwrite 0 64k" f > /dev/null; chown 1000 f
xfs_quota -x -c 'report -ubh' $SCRATCH_MNT`);
    expect(out.split('\n')).toEqual([
      'User quota on /mnt/scratch (/dev/loop0)',
      '                        Blocks              ',
      'User ID      Used   Soft   Hard Warn/Grace   ',
      '---------- --------------------------------- ',
      'root            0      0      0  00 [------]',
      '#1000         64K     1M   1.5M  00 [------]',
      '',
      '',
    ]);
  });

  it('quota -v shows a user with a dquot, nothing for an id the kernel has no dquot for', () => {
    const out = run(`# mount: uquota
xfs_quota -x -c "limit -u bhard=1m 1000" $SCRATCH_MNT
xfs_quota -x -c "quota -u -v -b 1000" $SCRATCH_MNT
xfs_quota -x -c "quota -u -v -N -b -n 4242" $SCRATCH_MNT
echo done`);
    expect(out).toBe(
      'Disk quotas for User #1000 (1000)\n' +
        'Filesystem              Blocks      Quota      Limit  Warn/Time      Mounted on\n' +
        '/dev/loop0                   0          0       1024   00 [--------] /mnt/scratch\n' +
        'done\n',
    );
  });

  it('timer sets the default grace period; state shows it; a running timer shows the time left', () => {
    const out = run(`# mount: uquota
xfs_quota -x -c "limit -u bsoft=64k bhard=1m 1000" -c "timer -u -b 90m" $SCRATCH_MNT
xfs_io -f -c stat f > /dev/null; chown 1000 f
xfs_io -c "pwrite 0 128k" -c fsync f > /dev/null
sleep 60
xfs_quota -x -c "quota -u -N -b -n 1000" $SCRATCH_MNT
xfs_quota -x -c "state -u" $SCRATCH_MNT | grep grace`);
    expect(out.split('\n')).toEqual([
      '/dev/loop0                 128         64       1024   00 [01:29:00] /mnt/scratch',
      'Blocks grace time: [0 days 01:30:00]',
      'Inodes grace time: [7 days]',
      'Realtime Blocks grace time: [7 days]',
      '',
    ]);
  });

  it('expert commands need -x; bad limits are reported', () => {
    const out = run(`# mount: uquota
xfs_quota -c "limit -u bhard=1m 1000" $SCRATCH_MNT 2>&1
xfs_quota -x -c "limit -u bhard=1m nosuchuser" $SCRATCH_MNT 2>&1
xfs_quota -x -c "limit -u bfoo=1m 1000" $SCRATCH_MNT 2>&1; echo "rc=$?"
xfs_quota -x -c "limit -u bhard=1m 1000" /tmp 2>&1; echo "rc=$?"`);
    expect(out.split('\n')).toEqual([
      'command "limit" not found',
      'user: invalid xfs_quota name: nosuchuser',
      'xfs_quota: unrecognised argument bfoo=1m',
      'rc=1',
      'rc=0',
      '',
    ]);
  });

  it('prints nothing on a filesystem without quota', () => {
    expect(run(`xfs_quota -x -c "report -ugp" -c "state" $SCRATCH_MNT; echo rc=$?`)).toBe('rc=0\n');
  });

  it('project -s sets up a tree; statfs in it shows the project limit (q07); chproj moves usage', () => {
    const out = run(`# mount: pquota
mkdir -p d/sub
xfs_quota -x -c "project -s -p $SCRATCH_MNT/d 42" $SCRATCH_MNT | sed "s|$SCRATCH_MNT|M|"
xfs_quota -x -c "limit -p bhard=1m 42" $SCRATCH_MNT
xfs_io -c lsproj d/sub
xfs_io -f -c "pwrite 0 256k" -c fsync d/sub/f > /dev/null
stat -f -c '%b %f' d/sub
xfs_io -c statfs d | grep -E 'f_blocks|f_bavail'
xfs_quota -x -c "quota -p -N -b -n 42" $SCRATCH_MNT`);
    expect(out.split('\n')).toEqual([
      'Setting up project 42 (path M/d)...',
      'Processed 1 (/etc/projects and cmdline) paths for project 42 with recursion depth infinite (-1).',
      'projid = 42',
      '256 192',
      'statfs.f_blocks = 256',
      'statfs.f_bavail = 192',
      '/dev/loop0                 256          0       1024   00 [--------] /mnt/scratch',
      '',
    ]);
  });
});

describe('setpriv, xfs_spaceman, xfs_io inject and shutdown', () => {
  it('setpriv runs a tool as another user: files it creates are that user\'s and charged to it', () => {
    const out = run(`# mount: uquota
xfs_quota -x -c "limit -u bhard=256k 1000" $SCRATCH_MNT
setpriv --reuid=1000 --regid=1000 --clear-groups xfs_io -f -c "pwrite 0 1m" f
stat -c '%u %g %s' f
setpriv --reuid=1000 --regid=1000 chown 0 f; echo "rc=$?"
setpriv --reuid=1000 nosuchtool; echo "rc=$?"`);
    expect(out.split('\n')).toEqual([
      'pwrite: Disk quota exceeded',
      '1000 1000 262144',
      "chown: changing ownership of 'f': Operation not permitted",
      'rc=1',
      'setpriv: failed to execute nosuchtool: No such file or directory',
      'rc=127',
      '',
    ]);
  });

  it('xfs_spaceman prealloc frees post-EOF preallocation', () => {
    const out = run(`xfs_io -f -c "pwrite 0 1m" f > /dev/null
xfs_io -c "pwrite 1m 1m" f > /dev/null
stat -c %b f
xfs_spaceman -c "prealloc -s -m 1k" $SCRATCH_MNT
stat -c %b f
xfs_spaceman -c "prealloc" $SCRATCH_MNT 2>&1`);
    expect(out.split('\n')).toEqual(['6144', '4096', 'bad argument count 0 to prealloc, expected at least 1 arguments', '']);
  });

  it('inject bmapifmt makes buffered writes fail with EFSCORRUPTED; sysfs sets the frequency', () => {
    const out = run(`xfs_io -f -c "pwrite 0 4k" f > /dev/null
xfs_io -x -c "inject bmapifmt" f
cat /sys/fs/xfs/loop0/errortag/bmapifmt
echo 1 > /sys/fs/xfs/loop0/errortag/bmapifmt
xfs_io -c "pwrite 4k 4k" f
xfs_io -x -c "inject noerror" -c "pwrite 4k 4k" f | head -1
xfs_io -x -c "inject nosuchtag" f`);
    expect(out.split('\n')).toEqual([
      '100',
      'pwrite: Structure needs cleaning',
      'wrote 4096/4096 bytes at offset 4096',
      'no such tag -- nosuchtag',
      '',
    ]);
  });

  it('after shutdown every call fails with EIO, until a remount', () => {
    const out = run(`xfs_io -f -c "pwrite 0 4k" f > /dev/null
xfs_io -x -c "shutdown -f" -c "pwrite 0 4k" -c fsync f
xfs_io -c "pwrite 0 4k" f
touch g
cd / && umount $SCRATCH_MNT && mount $SCRATCH_DEV $SCRATCH_MNT && cd $SCRATCH_MNT
xfs_io -c "pwrite 0 4k" f | head -1`);
    expect(out.split('\n')).toEqual([
      'pwrite: Input/output error',
      'fsync: Input/output error',
      'f: Input/output error',
      "touch: cannot touch 'g': Input/output error",
      'wrote 4096/4096 bytes at offset 0',
      '',
    ]);
  });
});
