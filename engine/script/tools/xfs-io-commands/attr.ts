/**
 * xfs_io inode-attribute commands over FS_IOC_FSGETXATTR / FSSETXATTR (io/open.c, io/cowextsize.c,
 * io/attr.c): extsize and cowextsize (`[1048576] file` when read; setting one also sets the
 * EXTSIZE/EXTSZINHERIT or COWEXTSIZE flag), chproj/lsproj (`projid = 42`) and lsattr.
 * The -R/-D recursive forms are accepted but act on the open file only.
 */
import type { FsxAttr } from '../../../syscalls.js';
import { Getopt } from '../lib/getopt.js';
import { asXfsError } from '../lib/sys.js';
import { cur, fileStat, num, onFile, perror, usage } from './state.js';
import type { IoCommand, IoState, OpenFile } from './state.js';
import { printXattr } from './stat.js';

const FS_XFLAG_EXTSIZE = 0x800;
const FS_XFLAG_EXTSZINHERIT = 0x1000;
const FS_XFLAG_COWEXTSIZE = 0x10000;

const getx = (st: IoState, f: OpenFile): FsxAttr => onFile(st, f, 'ioctl FS_IOC_FSGETXATTR', (sys, fd) => sys.getFsxattr(fd));

/** -D / -R parsing shared by the attribute commands; null after usage. */
function recurseOpts(st: IoState, cmd: IoCommand, argv: string[], setExit: boolean): string[] | null {
  let all = false, dirs = false;
  const g = new Getopt(argv.slice(1), 'DR', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'D') dirs = true;
    else if (o.opt === 'R') all = true;
    else {
      if (setExit) st.exitcode = 1;
      usage(st, cmd);
      return null;
    }
  }
  if (all && dirs && cmd.name !== 'lsproj') {
    st.io.err(`${st.progname}: -R and -D options are mutually exclusive\n`);
    st.exitcode = 1;
    return null;
  }
  return g.operands();
}

/** extsize / cowextsize: read or set one size hint. */
function hintCommand(which: 'extsize' | 'cowextsize'): IoCommand['run'] {
  const cow = which === 'cowextsize';
  const getName = cow ? 'XFS_IOC_FSGETXATTR' : 'FS_IOC_FSGETXATTR';
  const setName = cow ? 'XFS_IOC_FSSETXATTR' : 'FS_IOC_FSSETXATTR';
  return (st, argv) => {
    const rest = recurseOpts(st, cow ? COWEXTSIZE : EXTSIZE, argv, !cow);
    if (!rest) return 0;
    const f = cur(st);
    let value = -1;
    if (rest.length > 0) {
      value = num(st, rest[0]);
      if (value < 0) {
        st.io.out(`non-numeric ${which} argument -- ${rest[0]}\n`);
        st.exitcode = 1;
        return 0;
      }
    }
    const failed = (name: string, e: unknown): number => {
      st.io.out(`${st.progname}: ${name} ${f.name}: ${asXfsError(e).strerror}\n`);
      st.exitcode = 1;
      return 0;
    };
    let fsx: FsxAttr;
    if (value < 0) {
      try {
        fsx = getx(st, f);
      } catch (e) {
        return failed(getName, e);
      }
      st.io.out(`[${cow ? fsx.cowextsize : fsx.extsize}] ${f.name}\n`);
      return 0;
    }
    let isDir: boolean, isReg: boolean;
    try {
      const s = fileStat(st, f);
      isDir = s.isDir;
      isReg = (s.mode & 0o170000) === 0o100000 || (!s.isDir && (s.mode & 0o170000) === 0);
    } catch (e) {
      perror(st, cow ? 'fstat64' : 'fstat', e);
      st.exitcode = 1;
      return 0;
    }
    try {
      fsx = getx(st, f);
    } catch (e) {
      return failed(getName, e);
    }
    let xflags = fsx.xflags;
    if (cow && (isReg || isDir)) xflags |= FS_XFLAG_COWEXTSIZE;
    else if (!cow && isReg) xflags |= FS_XFLAG_EXTSIZE;
    else if (!cow && isDir) xflags |= FS_XFLAG_EXTSZINHERIT;
    else {
      st.io.out(`invalid target file type - file ${f.name}\n`);
      if (!cow) st.exitcode = 1;
      return 0;
    }
    try {
      onFile(st, f, 'ioctl FS_IOC_FSSETXATTR', (sys, fd) =>
        sys.setFsxattr(fd, cow ? { xflags, cowextsize: value } : { xflags, extsize: value }),
      );
    } catch (e) {
      return failed(setName, e);
    }
    return 0;
  };
}

function chprojF(st: IoState, argv: string[]): number {
  const rest = recurseOpts(st, CHPROJ, argv, true);
  if (!rest) return 0;
  if (rest.length !== 1) {
    st.exitcode = 1;
    return usage(st, CHPROJ);
  }
  // prid_from_string(): a decimal id (no /etc/projects names on the simulated machine).
  if (!/^\d+$/.test(rest[0]) || Number(rest[0]) > 0xffffffff) {
    st.io.out(`invalid project ID -- ${rest[0]}\n`);
    st.exitcode = 1;
    return 0;
  }
  const projid = Number(rest[0]);
  const f = cur(st);
  try {
    getx(st, f);
    onFile(st, f, 'ioctl FS_IOC_FSSETXATTR', (sys, fd) => sys.setFsxattr(fd, { projid }));
  } catch (e) {
    perror(st, 'setprojid', e);
    st.exitcode = 1;
  }
  return 0;
}

function lsprojF(st: IoState, argv: string[]): number {
  const rest = recurseOpts(st, LSPROJ, argv, true);
  if (!rest) return 0;
  if (rest.length !== 0) {
    st.exitcode = 1;
    return usage(st, LSPROJ);
  }
  try {
    st.io.out(`projid = ${getx(st, cur(st)).projid}\n`);
  } catch (e) {
    perror(st, 'getprojid', e);
    st.exitcode = 1;
  }
  return 0;
}

function lsattrF(st: IoState, argv: string[]): number {
  let all = false, verbose = false;
  const g = new Getopt(argv.slice(1), 'DRav', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'a') all = true;
    else if (o.opt === 'v') verbose = true;
    else if (o.opt !== 'D' && o.opt !== 'R') {
      st.exitcode = 1;
      return usage(st, LSATTR);
    }
  }
  const f = cur(st);
  try {
    const x = getx(st, f);
    const flags = printXattr(x.xflags, verbose);
    const shown = verbose ? flags : flags.slice(1, -1);
    if (all) st.io.out(`${shown}/${printXattr(-1, false).slice(1, -1)} ${f.name} \n`);
    else st.io.out(`${shown} ${f.name} \n`);
  } catch (e) {
    st.io.err(`${st.progname}: cannot get flags on ${f.name}: ${asXfsError(e).strerror}\n`);
    st.exitcode = 1;
  }
  return 0;
}

const EXTSIZE: IoCommand = {
  name: 'extsize', argmin: 0, argmax: -1, flags: {}, args: '[-D | -R] [extsize]',
  oneline: 'get/set preferred extent size (in bytes) for the open file', run: hintCommand('extsize'),
};
const COWEXTSIZE: IoCommand = {
  name: 'cowextsize', argmin: 0, argmax: -1, flags: {}, args: '[-D | -R] [cowextsize]',
  oneline: 'get/set preferred CoW extent size (in bytes) for the open file', run: hintCommand('cowextsize'),
};
const CHPROJ: IoCommand = {
  name: 'chproj', argmin: 1, argmax: -1, flags: { foreign: true }, args: '[-D | -R] projid',
  oneline: 'change project identifier on the currently open file', run: chprojF,
};
const LSPROJ: IoCommand = {
  name: 'lsproj', argmin: 0, argmax: 1, flags: { foreign: true }, args: '[-D | -R]',
  oneline: 'list project identifier set on the currently open file', run: lsprojF,
};
const LSATTR: IoCommand = {
  name: 'lsattr', argmin: 0, argmax: 1, flags: { foreign: true }, args: '[-R|-D|-a|-v]',
  oneline: 'list extended inode flags set on the currently open file', run: lsattrF,
};

/** extsize, cowextsize, chproj, lsproj, lsattr. */
export const attrCommands: IoCommand[] = [EXTSIZE, COWEXTSIZE, CHPROJ, LSPROJ, LSATTR];
