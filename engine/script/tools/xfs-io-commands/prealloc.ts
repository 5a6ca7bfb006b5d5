/**
 * xfs_io space commands over fallocate(2) (io/prealloc.c): falloc [-c|-i|-k|-p|-u], fpunch, fzero
 * [-k], funshare, fcollapse, finsert, and the XFS ioctls resvsp/unresvsp (which the kernel maps to
 * keep-size allocation and hole punching). Failures print `fallocate: <strerror>`.
 */
import type { FallocMode } from '../../../syscalls.js';
import { XfsError } from '../../../xfs-errors.js';
import { Getopt } from '../lib/getopt.js';
import { cur, num, onFile, perror, usage } from './state.js';
import type { IoCommand, IoState } from './state.js';

/** A mode this kernel model does not have (collapse/insert range). */
type Mode = FallocMode | 'collapse' | 'insert';

/** offset_length(): both arguments through cvtnum, or null after printing which one is bad. */
function offsetLength(st: IoState, off: string, len: string): [number, number] | null {
  const o = num(st, off);
  if (o < 0) {
    st.io.out(`non-numeric offset argument -- ${off}\n`);
    return null;
  }
  const l = num(st, len);
  if (l < 0) {
    st.io.out(`non-numeric length argument -- ${len}\n`);
    return null;
  }
  return [o, l];
}

/** fallocate(fd, mode, off, len) with perror("fallocate"); `setExit` is false for fzero (as in C). */
function doFallocate(st: IoState, what: string, mode: Mode, offLen: [number, number], setExit = true): void {
  const [off, len] = offLen;
  try {
    onFile(st, cur(st), `${what} ${mode} ${off} ${len}`, (sys, fd) => {
      if (mode === 'collapse' || mode === 'insert') throw new XfsError('EOPNOTSUPP', 'fallocate');
      sys.fallocate(fd, mode, off, len);
    });
  } catch (e) {
    perror(st, what, e);
    if (setExit) st.exitcode = 1;
  }
}

function fallocF(st: IoState, argv: string[]): number {
  let mode: Mode = 'alloc';
  const g = new Getopt(argv.slice(1), 'cikpu', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    const modes: Record<string, Mode> = { c: 'collapse', i: 'insert', k: 'keep-size', p: 'punch', u: 'unshare' };
    if (modes[o.opt]) mode = modes[o.opt];
    else {
      // xfs_io prints the usage and goes on parsing.
      st.exitcode = 1;
      usage(st, FALLOC);
    }
  }
  const rest = g.operands();
  if (rest.length !== 2) {
    st.exitcode = 1;
    return usage(st, FALLOC);
  }
  const ol = offsetLength(st, rest[0], rest[1]);
  if (!ol) {
    st.exitcode = 1;
    return 0;
  }
  doFallocate(st, 'fallocate', mode, ol);
  return 0;
}

function fzeroF(st: IoState, argv: string[]): number {
  let keep = false;
  const g = new Getopt(argv.slice(1), 'k', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'k') keep = true;
    else usage(st, FZERO);
  }
  const rest = g.operands();
  if (rest.length !== 2) return usage(st, FZERO);
  const ol = offsetLength(st, rest[0], rest[1]);
  if (ol) doFallocate(st, 'fallocate', keep ? 'zero-keep' : 'zero', ol, false);
  return 0;
}

function funshareF(st: IoState, argv: string[]): number {
  const g = new Getopt(argv.slice(1), '', argv[0], (t) => st.io.err(t));
  while (g.next()) usage(st, FUNSHARE);
  const rest = g.operands();
  if (rest.length !== 2) return usage(st, FUNSHARE);
  const ol = offsetLength(st, rest[0], rest[1]);
  if (!ol) {
    st.exitcode = 1;
    return 0;
  }
  doFallocate(st, 'fallocate', 'unshare', ol);
  return 0;
}

/** A two-argument command with a fixed mode; `what` is the name perror() prints. */
function fixed(name: string, mode: Mode, what: string, oneline: string, foreign = true): IoCommand {
  return {
    name, argmin: 2, argmax: 2, flags: { foreign }, args: 'off len', oneline,
    run(st, argv) {
      const ol = offsetLength(st, argv[1], argv[2]);
      if (!ol) {
        st.exitcode = 1;
        return 0;
      }
      doFallocate(st, what, mode, ol);
      return 0;
    },
  };
}

const FALLOC: IoCommand = {
  name: 'falloc', argmin: 2, argmax: -1, flags: { foreign: true }, args: '[-c] [-k] [-p] [-u] off len',
  oneline: 'allocates space associated with part of a file via fallocate', run: fallocF,
};
const FZERO: IoCommand = {
  name: 'fzero', argmin: 2, argmax: 3, flags: { foreign: true }, args: '[-k] off len',
  oneline: 'zeroes space and eliminates holes by preallocating', run: fzeroF,
};
const FUNSHARE: IoCommand = {
  name: 'funshare', argmin: 2, argmax: 2, flags: { foreign: true }, args: 'off len',
  oneline: 'unshares shared blocks within the range', run: funshareF,
};

/** falloc, fpunch, fzero, funshare, fcollapse, finsert, resvsp, unresvsp. */
export const preallocCommands: IoCommand[] = [
  FALLOC,
  FZERO,
  FUNSHARE,
  fixed('fpunch', 'punch', 'fallocate', 'de-allocates space associated with part of a file via fallocate'),
  fixed('fcollapse', 'collapse', 'fallocate', 'de-allocates space and eliminates the hole by shifting extents'),
  fixed('finsert', 'insert', 'fallocate', 'creates new space for writing within file by shifting extents'),
  fixed('resvsp', 'keep-size', 'XFS_IOC_RESVSP64', 'reserves space associated with part of a file'),
  fixed('unresvsp', 'punch', 'XFS_IOC_UNRESVSP64', 'frees reserved space associated with part of a file', false),
];
