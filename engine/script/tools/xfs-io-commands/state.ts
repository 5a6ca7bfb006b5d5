/**
 * The state of one xfs_io process and the command contract (libxcmd's cmdinfo_t): the table of
 * open files with the current one, the exit code, the I/O buffer, and the helpers every command
 * uses — perror(), command_usage(), cvtnum() with the open file's geometry, openfile().
 */
import type { ToolContext } from '../../tool.js';
import type { Fd, FsGeometry, StatResult, Syscalls, WriteSource } from '../../../syscalls.js';
import { XfsError, STRERROR, type Errno } from '../../../xfs-errors.js';
import type { BufferedStdio } from '../lib/stdio.js';
import { asXfsError, syscall, toolPath } from '../lib/sys.js';
import { cvtnum } from './numbers.js';

/** How a file was opened (xfs_io's IO_* flags). */
export interface IoFlags {
  readOnly?: boolean;
  append?: boolean;
  create?: boolean;
  direct?: boolean;
  sync?: boolean;
  trunc?: boolean;
  nonblock?: boolean;
  tmpfile?: boolean;
  path?: boolean;
  nofollow?: boolean;
  realtime?: boolean;
  /** Not on XFS (IO_FOREIGN): here, /dev/null. */
  foreign?: boolean;
}

/** One entry of the file table. `fd` is null for /dev/null, which lives outside the kernel model. */
export interface OpenFile {
  name: string;
  fd: Fd | null;
  flags: IoFlags;
  geom?: FsGeometry;
}

/** One xfs_io process. */
export interface IoState {
  readonly ctx: ToolContext;
  readonly sys: Syscalls;
  readonly io: BufferedStdio;
  progname: string;
  files: OpenFile[];
  file: OpenFile | null;
  exitcode: number;
  /** Byte the I/O buffer holds (memset by pwrite -S / pread), for pwrite -u. */
  bufferByte: number;
  /** fiemap's static max_extents (it survives between fiemap commands, as in C). */
  fiemapMax: number;
  /** The command table, sorted by name (for help and lookup). */
  readonly commands: readonly IoCommand[];
}

/** Command flags (CMD_NOFILE_OK, CMD_FOREIGN_OK, CMD_FLAG_ONESHOT, CMD_FLAG_LIBRARY). */
export interface CommandFlags {
  nofile?: boolean;
  foreign?: boolean;
  oneshot?: boolean;
  library?: boolean;
}

/** A command (cmdinfo_t). run() returns non-zero to stop the command loop (quit). */
export interface IoCommand {
  name: string;
  altname?: string;
  argmin: number;
  argmax: number;
  flags: CommandFlags;
  args?: string;
  oneline: string;
  run(st: IoState, argv: string[]): number;
}

/** perror(what): `what: strerror` on stderr. */
export function perror(st: IoState, what: string, e: unknown): void {
  st.io.err(`${what}: ${asXfsError(e).strerror}\n`);
}

/** strerror() of a code. */
export function strerror(code: Errno): string {
  return STRERROR[code];
}

/** printf(msg), exitcode = 1, return 0: the argument-error pattern of xfs_io commands. */
export function fail(st: IoState, msg: string): number {
  st.io.out(msg);
  st.exitcode = 1;
  return 0;
}

/** command_usage(): `name args -- oneline` on stdout; returns 0 like the C helper. */
export function usage(st: IoState, cmd: IoCommand): number {
  st.io.out(`${cmd.name} ${cmd.args ?? '(null)'} -- ${cmd.oneline}\n`);
  return 0;
}

/** The current file (commands only run when one is open, unless flagged nofile). */
export function cur(st: IoState): OpenFile {
  if (!st.file) throw new Error('xfs_io: no current file');
  return st.file;
}

/** init_cvtnum() + cvtnum(): sizes use the open file's block and sector size (4096/512 if none). */
export function num(st: IoState, s: string): number {
  const f = st.file;
  const bs = f && !f.flags.foreign && f.geom ? f.geom.blocksize : 4096;
  const ss = f && !f.flags.foreign && f.geom ? f.geom.sectsize : 512;
  return cvtnum(bs, ss, s);
}

/** The filesystem block size cvtnum uses (pwrite/pread default buffer size). */
export function blockSize(st: IoState): number {
  const f = st.file;
  return f && !f.flags.foreign && f.geom ? f.geom.blocksize : 4096;
}

/** A system call on the current file; /dev/null answers EINVAL to anything but read and write. */
export function onFile<T>(st: IoState, f: OpenFile, label: string, call: (sys: Syscalls, fd: Fd) => T): T {
  return syscall(st.ctx, label, () => {
    if (f.fd === null) throw new XfsError('EINVAL', label.split(' ')[0]);
    return call(st.sys, f.fd);
  });
}

/** pwrite(2) on a file; /dev/null swallows everything. */
export function filePwrite(st: IoState, f: OpenFile, pos: number, len: number, src: WriteSource): number {
  // A write loop makes one step per call: with steps off, skip building a label and a closure per write.
  if (st.ctx.host.recordsSteps === false) return f.fd === null ? len : st.sys.pwrite(f.fd, pos, len, src);
  return syscall(st.ctx, `pwrite ${pos} ${len}`, () => (f.fd === null ? len : st.sys.pwrite(f.fd, pos, len, src)));
}

/** pread(2) on a file; /dev/null reads nothing. */
export function filePread(st: IoState, f: OpenFile, pos: number, len: number): Uint8Array {
  return syscall(st.ctx, `pread ${pos} ${len}`, () => (f.fd === null ? new Uint8Array(0) : st.sys.pread(f.fd, pos, len)));
}

/** fstat(2); /dev/null is the character device 1,3. */
export function fileStat(st: IoState, f: OpenFile): StatResult {
  return syscall(st.ctx, 'fstat', () => {
    if (f.fd !== null) return st.sys.fstat(f.fd);
    return {
      ino: 4, mode: 0o20666, nlink: 1, uid: 0, gid: 0, size: 0, blocks: 0, blksize: 4096,
      atime: 0, mtime: 0, ctime: 0, dev: 5, isDir: false,
    };
  });
}

/**
 * openfile(): open(2) with the IO_* flags; a directory asked for read-write is reopened read-only
 * (as xfs_io does). Errors print `path: strerror`. Returns null on failure.
 */
export function openFile(st: IoState, path: string, flags: IoFlags): OpenFile | null {
  const where = toolPath(st.ctx, path);
  if (where.kind === 'devnull') return { name: path, fd: null, flags: { ...flags, foreign: true } };
  if (where.kind !== 'mount') {
    st.io.err(`${path}: ${strerror(where.kind === 'absent' ? where.code : 'ENOENT')}\n`);
    return null;
  }
  const f: IoFlags = { ...flags };
  const open = (): Fd =>
    syscall(st.ctx, `open ${path}`, () =>
      st.sys.open(where.rel, {
        create: f.create, trunc: f.trunc, append: f.append, readOnly: f.readOnly, sync: f.sync, direct: f.direct,
      }),
    );
  let fd: Fd;
  try {
    fd = open();
  } catch (e) {
    const err = asXfsError(e);
    if (err.code !== 'EISDIR' || f.readOnly || f.tmpfile) {
      perror(st, path, err);
      return null;
    }
    f.readOnly = true;
    try {
      fd = open();
    } catch (e2) {
      perror(st, path, e2);
      return null;
    }
  }
  const geom = syscall(st.ctx, 'ioctl XFS_IOC_FSGEOMETRY', () => st.sys.geometry());
  return { name: path, fd, flags: f, geom };
}

/** close(2) of a file-table entry. */
export function closeFile(st: IoState, f: OpenFile): void {
  if (f.fd !== null) {
    const fd = f.fd;
    syscall(st.ctx, `close ${f.name}`, () => st.sys.close(fd));
  }
}
