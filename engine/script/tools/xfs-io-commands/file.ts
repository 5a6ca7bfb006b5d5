/**
 * The file-table commands of xfs_io (io/open.c, io/file.c, libxcmd help.c/quit.c): open, close
 * (which prints the remaining table), file, print, help and quit.
 */
import { Getopt } from '../lib/getopt.js';
import { closeFile, openFile, usage } from './state.js';
import type { IoCommand, IoFlags, IoState, OpenFile } from './state.js';
import { statRun } from './stat.js';
import { strtoulArg } from './numbers.js';

/** print_fileio(): ` 000  name           (xfs,non-sync,non-direct,read-write)`, [] for the current. */
function fileLine(f: OpenFile, index: number, current: boolean): string {
  const x = f.flags;
  const idx = String(index).padStart(3, '0');
  return (
    `${current ? '[' : ' '}${idx}${current ? ']' : ' '} ${f.name.padEnd(14)} ` +
    `(${x.foreign ? 'foreign' : 'xfs'},${x.sync ? 'sync' : 'non-sync'},${x.direct ? 'direct' : 'non-direct'},` +
    `${x.readOnly ? 'read-only' : 'read-write'}${x.realtime ? ',real-time' : ''}${x.append ? ',append-only' : ''}` +
    `${x.nonblock ? ',non-block' : ''}${x.tmpfile ? ',tmpfile' : ''}${x.path ? ',path' : ''}${x.nofollow ? ',nofollow' : ''})\n`
  );
}

/** filelist_f(): the whole table. */
export function fileList(st: IoState): string {
  return st.files.map((f, i) => fileLine(f, i, f === st.file)).join('');
}

function openF(st: IoState, argv: string[]): number {
  if (argv.length === 1) {
    if (st.file) return statRun(st, argv);
    st.io.err("no files are open, try 'help open'\n");
    st.exitcode = 1;
    return 0;
  }
  const flags: IoFlags = {};
  const g = new Getopt(argv.slice(1), 'FLPRTacdfm:nrstx', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    switch (o.opt) {
      case 'F': break;
      case 'a': flags.append = true; break;
      case 'c': case 'f': flags.create = true; break;
      case 'd': flags.direct = true; break;
      case 'm':
        if (strtoulArg(o.arg ?? '') === undefined) {
          st.io.out(`non-numeric mode -- ${o.arg}\n`);
          st.exitcode = 1;
          return 0;
        }
        break;
      case 'n': flags.nonblock = true; break;
      case 'r': flags.readOnly = true; break;
      case 's': flags.sync = true; break;
      case 't': flags.trunc = true; break;
      case 'R': case 'x': flags.realtime = true; break;
      case 'T': flags.tmpfile = true; break;
      case 'P': flags.path = true; break;
      case 'L': flags.nofollow = true; break;
      default:
        st.exitcode = 1;
        return usage(st, OPEN);
    }
  }
  const rest = g.operands();
  if (rest.length !== 1) {
    st.exitcode = 1;
    return usage(st, OPEN);
  }
  if (flags.readOnly && flags.tmpfile) {
    st.io.err('-T and -r options are incompatible\n');
    st.exitcode = 1;
    return -1;
  }
  const special = flags.path || flags.nofollow;
  const others = Object.entries(flags).some(([k, v]) => v && k !== 'path' && k !== 'nofollow');
  if (special && others) {
    st.io.err('-P and -L are incompatible with the other options\n');
    st.exitcode = 1;
    return -1;
  }
  const f = openFile(st, rest[0], flags);
  if (!f) {
    st.exitcode = 1;
    return 0;
  }
  st.files.push(f);
  st.file = f;
  return 0;
}

function closeF(st: IoState): number {
  const f = st.file;
  if (!f) return 0;
  closeFile(st, f);
  const at = st.files.indexOf(f);
  st.files.splice(at, 1);
  st.file = st.files.length ? st.files[Math.min(at, st.files.length - 1)] : null;
  st.io.out(fileList(st));
  return 0;
}

function fileF(st: IoState, argv: string[]): number {
  if (argv.length > 1) {
    const i = parseInt(argv[1], 10) || 0;
    if (i < 0 || i >= st.files.length) {
      st.io.out(`value ${i} is out of range (0-${st.files.length - 1})\n`);
      st.exitcode = 1;
      return 0;
    }
    st.file = st.files[i];
  }
  st.io.out(fileList(st));
  return 0;
}

/** help_oneline(): `name args -- oneline` (the table lists `name (or alt)`). */
function helpLine(c: IoCommand, asked?: string): string {
  const head = asked !== undefined ? `${asked} ` : `${c.name} ${c.altname ? `(or ${c.altname}) ` : ''}`;
  return `${head}${c.args ? `${c.args} ` : ''}-- ${c.oneline}\n`;
}

function helpF(st: IoState, argv: string[]): number {
  if (argv.length === 1) {
    st.io.out(st.commands.map((c) => helpLine(c)).join('') + "\nUse 'help commandname' for extended help.\n");
    return 0;
  }
  const c = st.commands.find((x) => x.name === argv[1] || x.altname === argv[1]);
  st.io.out(c ? helpLine(c, argv[1]) : `command ${argv[1]} not found\n`);
  return 0;
}

const OPEN: IoCommand = {
  name: 'open', altname: 'o', argmin: 0, argmax: -1, flags: { nofile: true, foreign: true, oneshot: true },
  args: '[-acdrstxRTPL] [-m mode] [path]', oneline: 'open the file specified by path', run: openF,
};

/** open, close, file, print, help and quit. */
export const fileCommands: IoCommand[] = [
  OPEN,
  {
    name: 'close', altname: 'c', argmin: 0, argmax: 0, flags: { foreign: true, oneshot: true },
    oneline: 'close the current open file', run: closeF,
  },
  {
    name: 'file', altname: 'f', argmin: 0, argmax: 1, flags: { foreign: true, oneshot: true },
    args: '[N]', oneline: 'set the current file', run: fileF,
  },
  {
    name: 'print', altname: 'p', argmin: 0, argmax: 0, flags: { nofile: true, foreign: true, oneshot: true },
    oneline: 'list current open files and memory mappings', run: (st) => (st.io.out(fileList(st)), 0),
  },
  {
    name: 'help', altname: '?', argmin: 0, argmax: 1, flags: { oneshot: true, library: true },
    args: '[command]', oneline: 'help for one or all commands', run: helpF,
  },
  {
    name: 'quit', altname: 'q', argmin: -1, argmax: -1, flags: { oneshot: true, library: true },
    oneline: 'exit the program', run: () => 1,
  },
];
