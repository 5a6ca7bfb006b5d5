/**
 * The shell's view of the file namespace. A path under the mount point goes to the engine through
 * Syscalls (so `echo hi > f`, `cat f`, `rm f` are system calls on the simulated XFS, traced under
 * the current task); /proc/sys/fs/xfs/<knob> and /proc/sys/vm/<knob> go to the host's sysctls; /dev/null and /dev/zero
 * are devices; anything else lives in MemFs. Contents are shell byte strings (bytes.ts).
 */
import type { Fd, Syscalls, WriteSource } from '../../syscalls.js';
import { XfsError } from '../../xfs-errors.js';
import type { ResolvedPath, ToolHost } from '../tool.js';
import { fromBytes } from './bytes.js';
import { MemFs } from './memfs.js';

/** What stat tells the shell. */
export interface FileInfo {
  type: 'file' | 'dir' | 'char' | 'block';
  size: number;
}

/** A file opened for reading; read() returns '' at end of file. */
export interface Reader {
  read(max: number): string;
  close(): void;
}

/** A file opened for writing by a redirection: each write() is one write(2). */
export interface WriteFile {
  /** The path as the user wrote it resolved, for messages. */
  readonly label: string;
  /** st_blksize (stdio buffer size) for engine files, 0 elsewhere (no buffering needed). */
  readonly blksize: number;
  /** How many fd-table slots refer to it; closed when it drops to 0. */
  refs: number;
  write(data: Uint8Array): void;
  close(): void;
}

const PROC = '/proc/sys/fs/xfs';
const PROC_VM = '/proc/sys/vm';
const SYSFS_DEBUG = '/sys/fs/xfs/debug';
const CHUNK = 131072; // coreutils' io_blksize for reads

/** Absolute, normalised form of `path` relative to `cwd` (no symlinks: `..` is lexical). */
export function normalizePath(path: string, cwd: string): string {
  const out: string[] = [];
  for (const part of (path.startsWith('/') ? path : cwd + '/' + path).split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** The shell's file namespace. */
export class ShellFs {
  /** Task name for the engine calls that follow (`bash`, or the running command). */
  task = 'bash';
  readonly mem: MemFs;

  constructor(
    private readonly sys: Syscalls,
    private readonly host: ToolHost,
  ) {
    this.mem = new MemFs(host.mountPoint, host.device);
  }

  /** Where `path` (relative to `cwd`) lives. */
  resolve(path: string, cwd: string): ResolvedPath {
    const abs = normalizePath(path, cwd);
    const mp = normalizePath(this.host.mountPoint, '/');
    if (abs === mp) return { where: 'mount', rel: '.' };
    if (abs.startsWith(mp + '/')) return { where: 'mount', rel: abs.slice(mp.length + 1) };
    if (abs.startsWith(PROC + '/')) return { where: 'proc', knob: abs.slice(PROC.length + 1) };
    // The flusher's tunables (/proc/sys/vm/dirty_expire_centisecs, ...) are host knobs "vm/<knob>".
    if (abs.startsWith(PROC_VM + '/')) return { where: 'proc', knob: 'vm/' + abs.slice(PROC_VM.length + 1) };
    // XFS debug knobs (/sys/fs/xfs/debug/always_cow) are host tunables too, named "debug/<knob>".
    if (abs.startsWith(SYSFS_DEBUG + '/')) return { where: 'proc', knob: 'debug/' + abs.slice(SYSFS_DEBUG.length + 1) };
    // Error injection knobs of the scratch device: /sys/fs/xfs/<dev>/errortag/<tag> → "errortag/<tag>".
    const tag = /^\/sys\/fs\/xfs\/[^/]+\/(errortag\/[^/]+)$/.exec(abs);
    if (tag) return { where: 'proc', knob: tag[1] };
    if (abs === '/dev/null') return { where: 'devnull' };
    return { where: 'other', abs };
  }

  /** Name the task and mark a step before an engine call. */
  private enter(step?: string): void {
    this.host.setTask(this.task);
    if (step) this.host.step(step);
  }

  /** stat(2); throws XfsError (ENOENT...). */
  stat(path: string, cwd: string): FileInfo {
    const r = this.resolve(path, cwd);
    switch (r.where) {
      case 'mount': {
        this.enter();
        const st = this.sys.stat(r.rel);
        return { type: st.isDir ? 'dir' : 'file', size: st.size };
      }
      case 'proc':
        if (!this.knobExists(r.knob)) throw new XfsError('ENOENT', 'stat', path);
        return { type: 'file', size: 0 };
      case 'devnull':
        return { type: 'char', size: 0 };
      case 'other': {
        const n = this.mem.get(r.abs);
        if (!n) throw new XfsError('ENOENT', 'stat', path);
        return { type: n.kind, size: n.kind === 'file' ? n.data.length : 0 };
      }
    }
  }

  /** stat, or undefined when it fails. */
  tryStat(path: string, cwd: string): FileInfo | undefined {
    try {
      return this.stat(path, cwd);
    } catch (e) {
      if (e instanceof XfsError) return undefined;
      throw e;
    }
  }

  /** Directory entries (without . and ..), sorted. */
  readdir(path: string, cwd: string): string[] {
    const r = this.resolve(path, cwd);
    if (r.where === 'mount') {
      this.enter();
      return this.sys.readdir(r.rel).filter((n) => n !== '.' && n !== '..').sort();
    }
    if (r.where === 'other') return this.mem.readdir(r.abs);
    throw new XfsError('ENOTDIR', 'opendir', path);
  }

  /** Whether a sysctl knob exists (a write-only one, such as vm/drop_caches, refuses reads with EACCES). */
  private knobExists(knob: string): boolean {
    try {
      return this.host.readSysctl(knob) !== undefined;
    } catch (e) {
      if (e instanceof XfsError && e.code === 'EACCES') return true;
      throw e;
    }
  }

  /** Open for reading. */
  openRead(path: string, cwd: string): Reader {
    const r = this.resolve(path, cwd);
    if (r.where === 'mount') return this.engineReader(r.rel);
    if (r.where === 'devnull') return { read: () => '', close: () => {} };
    if (r.where === 'proc') {
      const v = this.host.readSysctl(r.knob);
      if (v === undefined) throw new XfsError('ENOENT', 'open', path);
      return stringReader(v.endsWith('\n') ? v : v + '\n');
    }
    const n = this.mem.get(r.abs);
    if (n?.kind === 'char' && n.dev === 'zero') return { read: (max) => '\0'.repeat(max), close: () => {} };
    return stringReader(this.mem.readFile(r.abs));
  }

  /** Whole-file text (not for /dev/zero). */
  readFile(path: string, cwd: string): string {
    const rd = this.openRead(path, cwd);
    if (this.resolve(path, cwd).where === 'other' && this.mem.get(normalizePath(path, cwd))?.kind === 'char') {
      rd.close();
      throw new XfsError('EINVAL', 'read', path);
    }
    try {
      let out = '';
      for (let s = rd.read(CHUNK); s !== ''; s = rd.read(CHUNK)) out += s;
      return out;
    } finally {
      rd.close();
    }
  }

  private engineReader(rel: string): Reader {
    this.enter(`open ${rel}`);
    const fd = this.sys.open(rel, { readOnly: true });
    let pos = 0;
    let closed = false;
    return {
      read: (max) => {
        if (closed) return '';
        this.enter(`read ${rel} ${pos} ${max}`);
        const data = this.sys.pread(fd, pos, max);
        pos += data.length;
        return fromBytes(data);
      },
      close: () => {
        if (closed) return;
        closed = true;
        this.enter(`close ${rel}`);
        this.sys.close(fd);
      },
    };
  }

  /** Open for writing (`>`: trunc, `>>`: append), creating the file. */
  openWrite(path: string, cwd: string, mode: { append: boolean; trunc: boolean; excl?: boolean }): WriteFile {
    const r = this.resolve(path, cwd);
    switch (r.where) {
      case 'mount': {
        this.enter(`open ${r.rel}`);
        const fd = this.sys.open(r.rel, { create: true, trunc: mode.trunc, append: mode.append, excl: mode.excl });
        return new EngineFile(this.sys, (s) => this.enter(s), fd, r.rel, mode.append);
      }
      case 'proc': {
        if (!this.knobExists(r.knob)) throw new XfsError('ENOENT', 'open', path);
        return simpleFile(path, (d) => this.host.writeSysctl(r.knob, fromBytes(d).replace(/\n$/, '')));
      }
      case 'devnull':
        return simpleFile(path, () => {});
      case 'other': {
        const node = this.mem.openWrite(r.abs, { trunc: mode.trunc, excl: mode.excl });
        return simpleFile(path, (d) => {
          if (node.kind === 'file') node.data += fromBytes(d);
        });
      }
    }
  }

  /** unlink(2) */
  unlink(path: string, cwd: string): void {
    const r = this.writable(path, cwd, 'unlink');
    if (r.where === 'mount') {
      this.enter(`unlink ${r.rel}`);
      this.sys.unlink(r.rel);
    } else this.mem.unlink(r.abs);
  }

  /** mkdir(2) */
  mkdir(path: string, cwd: string): void {
    const r = this.writable(path, cwd, 'mkdir');
    if (r.where === 'mount') {
      this.enter(`mkdir ${r.rel}`);
      this.sys.mkdir(r.rel);
    } else this.mem.mkdir(r.abs);
  }

  /** rmdir(2) */
  rmdir(path: string, cwd: string): void {
    const r = this.writable(path, cwd, 'rmdir');
    if (r.where === 'mount') {
      this.enter(`rmdir ${r.rel}`);
      this.sys.rmdir(r.rel);
    } else this.mem.rmdir(r.abs);
  }

  /** rename(2); across the mount boundary it fails with EXDEV, as between two filesystems. */
  rename(from: string, to: string, cwd: string): void {
    const a = this.writable(from, cwd, 'rename');
    const b = this.writable(to, cwd, 'rename');
    if (a.where === 'mount' && b.where === 'mount') {
      this.enter(`rename ${a.rel} ${b.rel}`);
      this.sys.rename(a.rel, b.rel);
    } else if (a.where === 'other' && b.where === 'other') this.mem.rename(a.abs, b.abs);
    else throw new XfsError('EXDEV', 'rename', from);
  }

  private writable(path: string, cwd: string, syscall: string): { where: 'mount'; rel: string } | { where: 'other'; abs: string } {
    const r = this.resolve(path, cwd);
    if (r.where === 'mount' || r.where === 'other') return r;
    throw new XfsError('EPERM', syscall, path);
  }
}

/** A file on the scratch mount, written with pwrite at the fd's offset (or at EOF for O_APPEND). */
class EngineFile implements WriteFile {
  refs = 0;
  readonly blksize: number;
  private offset = 0;

  constructor(
    private readonly sys: Syscalls,
    private readonly enter: (step: string) => void,
    private readonly fd: Fd,
    readonly label: string,
    private readonly append: boolean,
  ) {
    this.blksize = sys.fstat(fd).blksize || 4096;
  }

  write(data: Uint8Array): void {
    let done = 0;
    while (done < data.length) {
      const pos = this.append ? this.sys.fstat(this.fd).size : this.offset;
      const part = done === 0 ? data : data.subarray(done);
      this.enter(`write ${this.label} ${pos} ${part.length}`);
      const n = this.sys.pwrite(this.fd, pos, part.length, source(part));
      if (n <= 0) throw new XfsError('ENOSPC', 'write', this.label);
      this.offset = pos + n;
      done += n;
    }
  }

  close(): void {
    this.enter(`close ${this.label}`);
    this.sys.close(this.fd);
  }
}

/** A run of one repeated byte is a pattern write (cheap for the engine); anything else literal bytes. */
function source(data: Uint8Array): WriteSource {
  const b = data[0]!;
  for (let i = 1; i < data.length; i++) if (data[i] !== b) return { kind: 'bytes', data: data.slice() };
  return { kind: 'pattern', byte: b };
}

function simpleFile(label: string, write: (d: Uint8Array) => void): WriteFile {
  return { label, blksize: 0, refs: 0, write, close: () => {} };
}

function stringReader(text: string): Reader {
  let pos = 0;
  return {
    read: (max) => {
      const s = text.slice(pos, pos + max);
      pos += s.length;
      return s;
    },
    close: () => {},
  };
}
