/**
 * xfs_quota `state` and `project` (xfsprogs quota/state.c, quota/project.c): accounting and
 * enforcement per type with the quota inodes and grace periods; and setting up, checking or clearing
 * a project directory tree (`project -s -p PATH ID`: project id and PROJINHERIT on every inode).
 */
import type { QuotaType } from '../../../syscalls.js';
import { Getopt } from '../lib/getopt.js';
import { asXfsError, syscall, toolPath } from '../lib/sys.js';
import { ABSOLUTE_FLAG, BLOCK_FORM, INODE_FORM, RTBLOCK_FORM, VERBOSE_FLAG, formToString, timeToString, typeToString } from './format.js';
import { usage, type QuotaCommand, type QuotaState } from './state.js';

/** state_quotafile_stat for one type. */
function stateOne(st: QuotaState, type: QuotaType, verbose: boolean): string {
  const m = st.mount!;
  if (!st.sys.quotaState) return verbose ? `${typeToString(type)} quota are not enabled on ${m.dev}\n` : '';
  const s = syscall(st.ctx, `quotactl Q_XGETQSTATV ${type}`, () => st.sys.quotaState!(type));
  let out = `${typeToString(type)} quota state on ${m.dir} (${m.dev})\n`;
  out += `  Accounting: ${s.accounting ? 'ON' : 'OFF'}\n  Enforcement: ${s.enforcing ? 'ON' : 'OFF'}\n`;
  out += s.ino === null ? '  Inode: N/A\n' : `  Inode: #${s.ino} (${s.nblks} blocks, ${s.nextents} extents)\n`;
  const grace = (f: number, t: number) => `${formToString(f)} grace time: ${timeToString(t, VERBOSE_FLAG | ABSOLUTE_FLAG)}\n`;
  out += grace(BLOCK_FORM, s.btimelimit) + `${formToString(BLOCK_FORM)} max warnings: ${s.bwarnlimit}\n`;
  out += grace(INODE_FORM, s.itimelimit) + `${formToString(INODE_FORM)} max warnings: ${s.iwarnlimit}\n`;
  return out + grace(RTBLOCK_FORM, s.rtbtimelimit);
}

function stateF(st: QuotaState, argv: string[]): void {
  let verbose = false;
  const types = new Set<QuotaType>();
  const g = new Getopt(argv.slice(1), 'af:gpuv', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'g') types.add('group');
    else if (o.opt === 'p') types.add('project');
    else if (o.opt === 'u') types.add('user');
    else if (o.opt === 'v') verbose = true;
    else if (o.opt !== 'a' && o.opt !== 'f') return usage(st, STATE);
  }
  if (g.operands().length) return usage(st, STATE);
  if (!st.mount) return;
  for (const t of ['user', 'group', 'project'] as const) {
    if (types.size === 0 || types.has(t)) st.io.out(stateOne(st, t, verbose));
  }
}

const FS_XFLAG_PROJINHERIT = 0x200;
type ProjectOp = 'check' | 'setup' | 'clear';

/** One inode of the tree walk (setup_project / check_project / clear_project). */
function projectInode(st: QuotaState, shown: string, rel: string, isDir: boolean, op: ProjectOp, prid: number): void {
  let fd: number;
  try {
    fd = syscall(st.ctx, `open ${shown}`, () => st.sys.open(rel, { readOnly: true }));
  } catch (e) {
    st.exitcode = 1;
    st.io.err(`${st.progname}: cannot open ${shown}: ${asXfsError(e).strerror}\n`);
    return;
  }
  try {
    const fsx = syscall(st.ctx, 'ioctl FS_IOC_FSGETXATTR', () => st.sys.getFsxattr(fd));
    if (op === 'check') {
      if (fsx.projid !== prid) st.io.out(`${shown} - project identifier is not set (inode=${fsx.projid}, tree=${prid})\n`);
      if (!(fsx.xflags & FS_XFLAG_PROJINHERIT) && isDir) st.io.out(`${shown} - project inheritance flag is not set\n`);
      return;
    }
    const xflags = op === 'setup' ? fsx.xflags | FS_XFLAG_PROJINHERIT : fsx.xflags & ~FS_XFLAG_PROJINHERIT;
    try {
      syscall(st.ctx, 'ioctl FS_IOC_FSSETXATTR', () => st.sys.setFsxattr(fd, { projid: op === 'setup' ? prid : 0, xflags }));
    } catch (e) {
      st.exitcode = 1;
      st.io.err(`${st.progname}: cannot ${op === 'setup' ? 'set' : 'clear'} project on ${shown}: ${asXfsError(e).strerror}\n`);
    }
  } catch (e) {
    st.exitcode = 1;
    st.io.err(`${st.progname}: cannot get flags on ${shown}: ${asXfsError(e).strerror}\n`);
  } finally {
    syscall(st.ctx, `close ${shown}`, () => st.sys.close(fd));
  }
}

/** nftw(FTW_PHYS | FTW_MOUNT): the directory before its entries. */
function walk(st: QuotaState, shown: string, rel: string, op: ProjectOp, prid: number, depth: number, maxDepth: number): void {
  if (maxDepth >= 0 && depth > maxDepth) return;
  let isDir = false;
  try {
    isDir = syscall(st.ctx, `lstat ${shown}`, () => st.sys.stat(rel)).isDir;
  } catch {
    st.exitcode = 1;
    st.io.err(`${st.progname}: cannot stat file ${shown}\n`);
    return;
  }
  projectInode(st, shown, rel, isDir, op, prid);
  if (!isDir) return;
  for (const n of syscall(st.ctx, `getdents ${shown}`, () => st.sys.readdir(rel))) {
    walk(st, `${shown}/${n}`, rel === '.' ? n : `${rel}/${n}`, op, prid, depth + 1, maxDepth);
  }
}

function projectF(st: QuotaState, argv: string[]): void {
  let op: ProjectOp | null = null;
  let depth = -1;
  const paths: string[] = [];
  const g = new Getopt(argv.slice(1), 'cd:p:sC', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'c') op = 'check';
    else if (o.opt === 's') op = 'setup';
    else if (o.opt === 'C') op = 'clear';
    else if (o.opt === 'd') depth = Math.max(-1, Number.parseInt(o.arg ?? '0', 10) || 0);
    else if (o.opt === 'p') paths.push(o.arg ?? '');
    else return usage(st, PROJECT);
  }
  const ids = g.operands();
  if (ids.length === 0) return usage(st, PROJECT);
  op ??= 'check';
  if (paths.length === 0) {
    st.exitcode = 1;
    st.io.err('projects file "/etc/projects" doesn\'t exist\n');
    return;
  }
  if (ids.length > 1) {
    st.exitcode = 1;
    st.io.err(`${st.progname}: only one projid/name can be specified when using -p <path>, ${ids.length} found.\n`);
    return;
  }
  const name = ids[0];
  if (!/^\d+$/.test(name)) {
    st.exitcode = 1;
    st.io.err(`${name} - no such project in /etc/projects or invalid project number\n`);
    return;
  }
  const prid = Number(name);
  const verb = op === 'check' ? 'Checking' : op === 'setup' ? 'Setting up' : 'Clearing';
  for (const p of paths) {
    st.io.out(`${verb} project ${name} (path ${p})...\n`);
    const w = toolPath(st.ctx, p);
    if (w.kind === 'mount') walk(st, p, w.rel, op, prid, 0, depth);
    else st.io.err(`${st.progname}: cannot stat file ${p}\n`);
  }
  st.io.out(
    `Processed ${paths.length} (/etc/projects and cmdline) paths for project ${name} with recursion depth ` +
      `${depth < 0 ? 'infinite' : 'limited'} (${depth}).\n`,
  );
}

const STATE: QuotaCommand = {
  name: 'state', argmin: 0, argmax: -1, expert: true, args: '[-gpu] [-a] [-v] [-f file]',
  oneline: 'get overall quota state information', run: stateF,
};

const PROJECT: QuotaCommand = {
  name: 'project', altname: 'tree', argmin: 1, argmax: -1, expert: true,
  args: '[-c|-s|-C|-d <depth>|-p <path>] project ...', oneline: 'check, setup or clear project quota trees', run: projectF,
};

/** `state` and `project`. */
export const adminCommands: QuotaCommand[] = [STATE, PROJECT];
