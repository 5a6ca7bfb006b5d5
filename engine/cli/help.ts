/** The text of `xfslab help`: every command and option, and the commands a lab script may use. */
export const HELP = `xfslab — XFS Lab's command line

usage:
  xfslab run SCRIPT [--format text|oracle-json] [--trace] [--seed N]
      Run a lab script (bash, fstests style) on a fresh simulated XFS made from its
      '# mkfs:' / '# mount:' header (default: mkfs.xfs -m reflink=1 -d size=256m), with
      the working directory at the mount point ($SCRATCH_MNT = /mnt/scratch).
      --format text         print what the script printed (default); exit with its status
      --format oracle-json  print the run in the real-kernel recording format (oracle/README.md):
                            output, body_rc, trace, and state.final / after_sync / after_remount
      --trace               (text format) also print the kernel trace events, as ftrace prints them
      --seed N              seed for random choices the script asks for (default 0)

  xfslab assignment validate DIR... [--variants N]
      Check assignment folders (docs/assignments.md); a folder without an assignment.json, such
      as assignments/, stands for each of its sub-folders that has one. First the schema of
      assignment.json and
      solution/checks.json (errors name the file, the field and what was expected), then, for
      every variant (all combinations, or a sample of N, default 16), that the reference solution
      scores 100% and the starter does not. Exit status 1 if any assignment fails.

  xfslab submission create DIR --student ID --script FILE [--answer CHECK=VALUE]...
                           [--answers FILE.json] [--out FILE]
      Make a submission file for the assignment in DIR, as the app's Submit does (for trying an
      assignment, and for sample submissions). Default output: DIR-ID.xfslab.json in the
      current folder.

  xfslab submission samples DIR... --out FOLDER [--student ID]
      Write six sample submissions of each assignment (a folder such as assignments/ stands for
      each one in it) as FOLDER/ASSIGNMENT--KIND.xfslab.json, to try a grading setup: the
      reference solution with the expected answers, a partial one (the starter with the expected
      answers), a syntax error, an endless loop, a write of 10^9 bytes, and the solution edited
      after export. --student sets the student id (default: sample-ASSIGNMENT).

  xfslab grade SUBMISSION... --assignments DIR [--format table|json|gradescope|junit|csv]
               [--out FILE] [--jobs N] [--timeout MS]
      Grade submission files (or folders of *.xfslab.json) against the assignments in DIR:
      each script is re-run from a clean filesystem in a worker thread with the assignment's
      limits (time, commands, output, memory), every check counts (hidden ones too), with
      partial credit. A submission ends as: graded; not-gradable (syntax error: nothing ran,
      no score); timeout or limit-exceeded (checks of the run get no points); engine-error
      (the simulator failed: no score); rejected (edited after export, or not a submission).
      --format table       a summary table (default)
      --format json        every report in full, as a JSON list
      --format gradescope  Gradescope's results.json (exactly one submission)
      --format junit       JUnit XML, one test suite per submission
      --format csv         a gradebook, one row per submission, one column per check
      --out FILE           write there instead of stdout (the summary then goes to stdout)
      --jobs N             worker threads (default: the number of CPUs)
      --timeout MS         wall-time limit per submission (default: the assignment's)
      A progress bar is drawn on stderr when it is a terminal.

  xfslab help             this text

Commands a script may use:
  xfs_io [-f] [-x] [-d] [-r] [-s] [-c CMD]... FILE
      pwrite [-S pattern] [-b bsize] [-q] [-R] [-Z seed] off len, pread [-b bsize] [-v] off len,
      fadvise [-d|-n|-r|-s|-w] [off len], fsync, fdatasync, sync, syncfs, truncate,
      bmap [-a -c -e -l -p -v], fiemap [-v], stat,
      statfs, falloc [-k], fpunch, fzero [-k], funshare, reflink, dedupe, extsize, cowextsize,
      open, close; with -x: inject [TAG], shutdown [-f]
  xfs_quota [-x] -c 'limit|timer|quota|report|state|project ...' MOUNT (quota mount options:
      uquota, gquota, pquota, usrquota, qnoenforce, ...), xfs_spaceman -c 'prealloc -s' MOUNT,
      setpriv --reuid=UID --regid=GID CMD ARGS (run as another user),
  xfs_bmap [-v] FILE, cp [--reflink=always] SRC DST, rm, touch, truncate -s SIZE FILE,
  fallocate [-k|-p|-z] [-o OFF] -l LEN FILE, sync, md5sum, stat -c FMT, stat -f -c FMT,
  echo (also > /proc/sys/fs/xfs/KNOB, /proc/sys/vm/dirty_{expire,writeback}_centisecs,
  /proc/sys/vm/drop_caches), seq,
  sleep (advances the simulated clock; the flusher, blockgc and the log worker run when due), chown,
  chgrp, mkfs.xfs, mount, umount, and the shell: variables, $(...), $((...)), for, while, if,
  [ ], functions, redirections, pipes into grep/head/tail/wc/cut/sort/awk, cmd & + wait.
`;
