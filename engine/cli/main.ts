/**
 * The `xfslab` command line: run a lab script on a fresh simulated XFS and print what it printed
 * (or the oracle recording format), and run the conformance suite. Node-only (reads files).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { runScript } from '../run/run-script.js';
import { runOracle } from '../run/oracle-json.js';
import { formatTraceEvent } from '../run/trace-format.js';

/** Where output goes (tests pass their own). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const HELP = `xfslab — XFS Lab's command line

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
  xfslab help             this text

Commands a script may use:
  xfs_io [-f] [-x] [-d] [-r] [-s] [-c CMD]... FILE
      pwrite [-S pattern] [-b bsize] [-q] [-R] [-Z seed] off len, pread [-v] off len,
      fsync, fdatasync, sync, syncfs, truncate, bmap [-a -c -e -l -p -v], fiemap [-v], stat,
      statfs, falloc [-k], fpunch, fzero [-k], funshare, reflink, dedupe, extsize, cowextsize,
      open, close
  xfs_bmap [-v] FILE, cp [--reflink=always] SRC DST, rm, touch, truncate -s SIZE FILE,
  fallocate [-k|-p|-z] [-o OFF] -l LEN FILE, sync, md5sum, stat -c FMT, stat -f -c FMT,
  echo (also > /proc/sys/fs/xfs/KNOB), seq, sleep (advances the simulated clock), chown,
  chgrp, mkfs.xfs, mount, umount, and the shell: variables, $(...), $((...)), for, while, if,
  [ ], functions, redirections, pipes into grep/head/tail/wc/cut/sort/awk, cmd & + wait.
`;

function usage(io: CliIo, msg: string): number {
  io.err(`xfslab: ${msg}\nTry 'xfslab help'.\n`);
  return 2;
}

/** Entry point: returns the exit status. */
export function main(argv: string[], io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): number {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    io.out(HELP);
    return 0;
  }
  if (cmd !== 'run') return usage(io, `unknown command '${cmd}'`);
  let format = 'text';
  let trace = false;
  let seed = 0;
  let file: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format') format = rest[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '--trace') trace = true;
    else if (a === '--seed') seed = Number(rest[++i]);
    else if (a.startsWith('--seed=')) seed = Number(a.slice(7));
    else if (a.startsWith('-')) return usage(io, `unknown option '${a}'`);
    else if (!file) file = a;
    else return usage(io, `unexpected argument '${a}'`);
  }
  if (!file) return usage(io, 'run needs a SCRIPT');
  if (format !== 'text' && format !== 'oracle-json') return usage(io, `--format must be text or oracle-json, not '${format}'`);
  if (!Number.isInteger(seed)) return usage(io, '--seed needs an integer');
  let script: string;
  try {
    script = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`xfslab: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  if (format === 'oracle-json') {
    const json = runOracle(script, basename(file).replace(/\.sh$/, ''), { seed });
    io.out(JSON.stringify(json, null, 1) + '\n');
    return 0;
  }
  const res = runScript(script, { seed, trace, steps: false });
  // A script that does not parse runs nothing: say where, once, as compilers do.
  if (res.error) io.err(`${file}:${res.error.line}:${res.error.col}: ${res.error.message}\n`);
  else io.out(res.output);
  if (res.limitExceeded) io.err(`xfslab: stopped: ${res.limitExceeded}\n`);
  if (trace) for (const e of res.trace) io.out(formatTraceEvent(e) + '\n');
  return res.exitCode;
}
