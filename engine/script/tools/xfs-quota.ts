/**
 * xfs_quota (xfsprogs quota/init.c + libxcmd): `xfs_quota [-x] [-p prog] [-c cmd]... [path]`. The
 * filesystem table holds the scratch filesystem when it is mounted with quota on (and the path, if
 * given, names its mount point or device); commands run once each, in order, or are read from
 * standard input. Expert commands (limit, timer, report, state, project) need -x. Formats follow
 * xfsprogs 6.1, the recordings' version.
 */
import type { Tool, ToolContext } from '../tool.js';
import { Getopt } from './lib/getopt.js';
import { BufferedStdio } from './lib/stdio.js';
import { adminCommands } from './xfs-quota-commands/admin.js';
import { editCommands } from './xfs-quota-commands/edit.js';
import { reportCommands } from './xfs-quota-commands/report.js';
import type { QuotaCommand, QuotaMount, QuotaState } from './xfs-quota-commands/state.js';

const VERSION = '6.1.0';

const HELP: QuotaCommand = {
  name: 'help', altname: '?', argmin: 0, argmax: 1, expert: false, args: '[command]',
  oneline: 'help for one or all commands', run: () => {},
};
const QUIT: QuotaCommand = { name: 'quit', altname: 'q', argmin: -1, argmax: -1, expert: false, args: '', oneline: 'exit the program', run: () => {} };

/** The command table, by name as add_command() sorts it. */
function commands(expert: boolean): QuotaCommand[] {
  return [...adminCommands, ...editCommands, ...reportCommands, HELP, QUIT]
    .filter((c) => expert || !c.expert)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** fs_table_initialise: the scratch filesystem, if mounted with some quota on and named by the path. */
function fsTable(ctx: ToolContext, path: string | undefined): QuotaMount | null {
  const mnt = ctx.host.mountPoint;
  const dev = ctx.host.device;
  if (path !== undefined) {
    const clean = path.replace(/\/+$/, '') || '/';
    const abs = clean.startsWith('/') ? clean : `${ctx.cwd.replace(/\/+$/, '')}/${clean}`;
    if (abs !== mnt && abs !== dev) return null;
  }
  const state = ctx.sys.quotaState;
  if (!state) return null;
  try {
    const on = (['user', 'group', 'project'] as const).some((t) => state.call(ctx.sys, t).accounting);
    return on ? { dir: mnt, dev } : null;
  } catch {
    return null; // not mounted
  }
}

/** The xfs_quota tool. */
export const xfsQuota: Tool = (ctx) => {
  ctx.host.setTask('xfs_quota');
  const io = new BufferedStdio(ctx);
  const st: QuotaState = { ctx, sys: ctx.sys, io, progname: 'xfs_quota', exitcode: 0, mount: null };
  let expert = false;
  const lines: string[] = [];
  const g = new Getopt(ctx.args, 'c:d:D:fP:p:t:xV', 'xfs_quota', (t) => io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    switch (o.opt) {
      case 'c': lines.push(o.arg ?? ''); break;
      case 'p': st.progname = o.arg ?? ''; break;
      case 'x': expert = true; break;
      case 'V':
        io.out(`${st.progname} version ${VERSION}\n`);
        io.flush();
        return 0;
      case 'd': case 'D': case 'f': case 'P': case 't': break;
      default:
        io.err(`Usage: ${st.progname} [-V] [-x] [-f] [-p prog] [-c cmd]... [-d project]... [path]\n`);
        io.flush();
        return 1;
    }
  }
  st.mount = fsTable(ctx, g.operands()[0]);
  const table = commands(expert);
  if (lines.length === 0) lines.push(...ctx.stdin.split('\n').filter((l) => l !== ''));
  for (const line of lines) {
    const v = line.split(' ').filter((w) => w !== '');
    if (v.length === 0) continue;
    const ct = table.find((c) => c.name === v[0] || c.altname === v[0]);
    if (!ct) {
      io.err(`command "${v[0]}" not found\n`);
      continue;
    }
    if (ct === QUIT) break;
    if (ct === HELP) {
      io.out(table.map((c) => `${c.name}${c.altname ? ` (or ${c.altname})` : ''} ${c.args} -- ${c.oneline}\n`).join(''));
      continue;
    }
    const argc = v.length - 1;
    if (argc < ct.argmin || (ct.argmax !== -1 && argc > ct.argmax)) {
      io.err(`bad argument count ${argc} to ${v[0]}, expected ${ct.argmax === -1 ? `at least ${ct.argmin}` : ct.argmin === ct.argmax ? ct.argmin : `between ${ct.argmin} and ${ct.argmax}`} arguments\n`);
      continue;
    }
    ct.run(st, v);
  }
  io.flush();
  return st.exitcode;
};
