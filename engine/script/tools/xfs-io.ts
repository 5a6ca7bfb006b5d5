/**
 * xfs_io (xfsprogs io/init.c + libxcmd/command.c): `xfs_io [-adfinrRstVx] [-m mode] [-p prog]
 * [[-c|-C] cmd]... file...`. Opens each file, then runs the -c commands in order — each on every
 * open file (the file-table iterator), -C ones once — or, without -c, the commands read from
 * standard input. A command line is split on single spaces, as xfs_io's breakline() does. Errors
 * of one command set the exit status and the next command still runs.
 */
import type { Tool, ToolContext } from '../tool.js';
import { Getopt } from './lib/getopt.js';
import { BufferedStdio } from './lib/stdio.js';
import { findCommand, IO_COMMANDS } from './xfs-io-commands/index.js';
import { strtoulArg } from './xfs-io-commands/numbers.js';
import { closeFile, openFile } from './xfs-io-commands/state.js';
import type { IoCommand, IoFlags, IoState } from './xfs-io-commands/state.js';

/** The xfsprogs release the recordings were made with (Debian 12). */
const VERSION = '6.1.0';

/** check_command() + command(): whether the command may run now, and its argument count. */
function runCommand(st: IoState, ct: IoCommand, argv: string[]): number {
  if (!ct.flags.library) {
    if (!st.file && !ct.flags.nofile) {
      st.io.err("no files are open, try 'help open'\n");
      return 0;
    }
    if (st.file && !ct.flags.foreign && st.file.flags.foreign) {
      st.io.err(`foreign file active, ${ct.name} command is for XFS filesystems only\n`);
      return 0;
    }
  }
  const argc = argv.length - 1;
  if (argc < ct.argmin || (ct.argmax !== -1 && argc > ct.argmax)) {
    if (ct.argmax === -1) st.io.err(`bad argument count ${argc} to ${argv[0]}, expected at least ${ct.argmin} arguments\n`);
    else if (ct.argmin === ct.argmax) st.io.err(`bad argument count ${argc} to ${argv[0]}, expected ${ct.argmin} arguments\n`);
    else st.io.err(`bad argument count ${argc} to ${argv[0]}, expected between ${ct.argmin} and ${ct.argmax} arguments\n`);
    return 0;
  }
  return ct.run(st, argv);
}

/** process_input(): one command line; returns non-zero to stop (quit). */
function processInput(st: IoState, line: string, iterate: boolean): number {
  const v = line.split(' ').filter((w) => w !== '');
  if (v.length === 0) return 0;
  const ct = findCommand(v[0]);
  if (!ct) {
    st.io.err(`command "${v[0]}" not found\n`);
    return 0;
  }
  if (!iterate || ct.flags.oneshot) return runCommand(st, ct, v);
  // iterate_command(): the command runs with each open file as the current one, in table order.
  for (let j = 0; j < st.files.length; ) {
    st.file = st.files[j++];
    const error = runCommand(st, ct, v);
    if (error) return error;
  }
  return 0;
}

/** Runs xfs_io with `args` (argv without argv[0]); `progname` is what -p would set. */
export function runXfsIo(ctx: ToolContext, args: readonly string[], progname = 'xfs_io'): number {
  ctx.host.setTask('xfs_io');
  const io = new BufferedStdio(ctx);
  const st: IoState = {
    ctx, sys: ctx.sys, io, progname, files: [], file: null, exitcode: 0, bufferByte: 0, fiemapMax: -1,
    commands: IO_COMMANDS,
  };
  const finish = (status: number): number => {
    io.flush();
    // exit(): the kernel closes what is still open.
    for (const f of st.files) closeFile(st, f);
    return status;
  };
  const flags: IoFlags = {};
  const cmdlines: { text: string; iterate: boolean }[] = [];
  const g = new Getopt(args, 'ac:C:dFfiLm:p:PnrRstTVx', 'xfs_io', (t) => io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    switch (o.opt) {
      case 'a': flags.append = true; break;
      case 'c': cmdlines.push({ text: o.arg ?? '', iterate: true }); break;
      case 'C': cmdlines.push({ text: o.arg ?? '', iterate: false }); break;
      case 'd': flags.direct = true; break;
      case 'F': case 'i': case 'x': break;
      case 'f': flags.create = true; break;
      case 'm':
        if (strtoulArg(o.arg ?? '') === undefined) {
          io.err(`non-numeric mode -- ${o.arg}\n`);
          return finish(1);
        }
        break;
      case 'n': flags.nonblock = true; break;
      case 'p': st.progname = o.arg ?? ''; break;
      case 'r': flags.readOnly = true; break;
      case 's': flags.sync = true; break;
      case 't': flags.trunc = true; break;
      case 'P': flags.path = true; break;
      case 'L': flags.nofollow = true; break;
      case 'R': flags.realtime = true; break;
      case 'T': flags.tmpfile = true; break;
      case 'V':
        io.out(`${st.progname} version ${VERSION}\n`);
        return finish(0);
      default:
        io.err(`Usage: ${st.progname} [-adfinrRstVx] [-m mode] [-p prog] [[-c|-C] cmd]... file\n`);
        return finish(1);
    }
  }
  for (const path of g.operands()) {
    const f = openFile(st, path, flags);
    if (!f) return finish(1);
    // xfs_io keeps IO_FOREIGN in its flags for the files that follow.
    if (f.flags.foreign) flags.foreign = true;
    st.files.push(f);
    st.file = f;
  }
  if (cmdlines.length === 0) {
    // Interactive mode on a pipe: one command per line, no prompt (libedit does not prompt when
    // standard input is not a terminal).
    const lines = ctx.stdin.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) if (processInput(st, line, false)) break;
  } else {
    for (const c of cmdlines) if (processInput(st, c.text, c.iterate)) break;
  }
  return finish(st.exitcode);
}

/** The xfs_io tool. */
export const xfsIo: Tool = (ctx) => runXfsIo(ctx, ctx.args);
