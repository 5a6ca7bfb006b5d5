/**
 * xfs_io commands that are one system call each (io/fsync.c, io/sync.c, io/truncate.c,
 * io/fadvise.c): fsync, fdatasync, sync, syncfs, truncate, fadvise. A failure prints
 * `<call>: <strerror>` and sets the exit code.
 */
import type { FadviseAdvice, Fd, Syscalls } from '../../../syscalls.js';
import { Getopt } from '../lib/getopt.js';
import { syscall } from '../lib/sys.js';
import { cur, num, onFile, perror, usage } from './state.js';
import type { IoCommand, IoState } from './state.js';

/** A command that makes one call on the current file and reports `perror(what)` on failure. */
function simple(name: string, what: string, call: (sys: Syscalls, fd: Fd) => void, extra: Partial<IoCommand> = {}): IoCommand {
  return {
    name, argmin: 0, argmax: 0, flags: { foreign: true }, oneline: '', ...extra,
    run(st) {
      try {
        onFile(st, cur(st), what, call);
      } catch (e) {
        perror(st, what, e);
        st.exitcode = 1;
      }
      return 0;
    },
  };
}

function truncateF(st: IoState, argv: string[]): number {
  const size = num(st, argv[1]);
  if (size < 0) {
    st.io.out(`non-numeric truncate argument -- ${argv[1]}\n`);
    st.exitcode = 1;
    return 0;
  }
  try {
    onFile(st, cur(st), `ftruncate ${size}`, (sys, fd) => sys.ftruncate(fd, size));
  } catch (e) {
    perror(st, 'ftruncate', e);
    st.exitcode = 1;
  }
  return 0;
}

function fadviseF(st: IoState, argv: string[]): number {
  let advice: FadviseAdvice = 'normal';
  let range = false;
  const g = new Getopt(argv.slice(1), 'dnrsw', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    const table: Record<string, [FadviseAdvice, boolean]> = {
      d: ['dontneed', true], n: ['noreuse', true], r: ['random', false], s: ['sequential', false], w: ['willneed', true],
    };
    const hit = table[o.opt];
    if (!hit) {
      st.exitcode = 1;
      return usage(st, FADVISE);
    }
    [advice, range] = hit;
  }
  const rest = g.operands();
  let offset = 0, length = 0;
  if (range) {
    if (rest.length !== 2) {
      st.exitcode = 1;
      return usage(st, FADVISE);
    }
    offset = num(st, rest[0]);
    if (offset < 0) return bad(st, `non-numeric offset argument -- ${rest[0]}\n`);
    length = num(st, rest[1]);
    if (length < 0) return bad(st, `non-numeric length argument -- ${rest[1]}\n`);
  } else if (rest.length !== 0) {
    st.exitcode = 1;
    return usage(st, FADVISE);
  }
  try {
    onFile(st, cur(st), `fadvise ${advice} ${offset} ${length}`, (sys, fd) => sys.fadvise(fd, offset, length, advice));
  } catch (e) {
    perror(st, 'fadvise', e);
    st.exitcode = 1;
  }
  return 0;
}

function bad(st: IoState, msg: string): number {
  st.io.out(msg);
  st.exitcode = 1;
  return 0;
}

const FADVISE: IoCommand = {
  name: 'fadvise', argmin: 0, argmax: -1, flags: { foreign: true },
  args: '[-dnrsw] [off len]', oneline: 'advisory commands for sections of a file', run: fadviseF,
};

/** fsync, fdatasync, sync, syncfs, truncate, fadvise. */
export const syncCommands: IoCommand[] = [
  simple('fsync', 'fsync', (sys, fd) => sys.fsync(fd), {
    altname: 's', oneline: 'calls fsync(2) to flush all in-core file state to disk',
  }),
  simple('fdatasync', 'fdatasync', (sys, fd) => sys.fdatasync(fd), {
    altname: 'ds', oneline: 'calls fdatasync(2) to flush the files in-core data to disk',
  }),
  simple('syncfs', 'syncfs', (sys, fd) => sys.syncfs(fd), {
    oneline: 'calls syncfs(2) to flush all in-core filesystem state to disk',
  }),
  {
    name: 'sync', argmin: 0, argmax: 0, flags: { nofile: true, foreign: true, oneshot: true },
    oneline: 'calls sync(2) to flush all in-core filesystem state to disk',
    run(st) {
      // sync(2) cannot fail.
      syscall(st.ctx, 'sync', () => st.sys.sync());
      return 0;
    },
  },
  {
    name: 'truncate', altname: 't', argmin: 1, argmax: 1, flags: { foreign: true },
    args: 'off', oneline: 'truncates the current file at the given offset', run: truncateF,
  },
  FADVISE,
];
