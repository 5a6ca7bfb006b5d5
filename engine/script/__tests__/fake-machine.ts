/**
 * A tiny in-memory Syscalls + ToolHost for the shell tests (the real engine is written elsewhere):
 * files as byte arrays, fds, an optional capacity for ENOSPC, and a log of every call with the
 * task that made it.
 */
import type { Fd, FsGeometry, OpenFlags, StatfsResult, StatResult, Syscalls, WriteSource } from '../../syscalls.js';
import { XfsError } from '../../xfs-errors.js';
import type { Tool, ToolHost } from '../tool.js';

interface Node {
  dir: boolean;
  data: Uint8Array;
}

/** Bytes [0, size) of a buffer that grows geometrically (appends stay linear). */
function resize(data: Uint8Array, size: number): Uint8Array {
  if (size <= data.buffer.byteLength) return new Uint8Array(data.buffer, 0, size);
  const out = new Uint8Array(new ArrayBuffer(Math.max(size, data.buffer.byteLength * 2)), 0, size);
  out.set(data);
  return out;
}

/** The fake kernel. */
export class FakeSys implements Syscalls {
  readonly nodes = new Map<string, Node>([['.', { dir: true, data: new Uint8Array() }]]);
  readonly fds = new Map<Fd, { path: string; append: boolean }>();
  readonly log: string[] = [];
  task = 'bash';
  /** Total bytes the fake disk holds (ENOSPC beyond). */
  capacity = Infinity;
  private nextFd = 3;

  private norm(path: string): string {
    const parts = path.split('/').filter((p) => p && p !== '.');
    return parts.length ? parts.join('/') : '.';
  }
  private parent(p: string): string {
    const i = p.lastIndexOf('/');
    return i < 0 ? '.' : p.slice(0, i);
  }
  private node(path: string, syscall: string): Node {
    const n = this.nodes.get(this.norm(path));
    if (!n) throw new XfsError('ENOENT', syscall, path);
    return n;
  }
  private used(): number {
    let s = 0;
    for (const n of this.nodes.values()) s += n.data.length;
    return s;
  }

  open(path: string, flags: OpenFlags): Fd {
    const p = this.norm(path);
    this.log.push(`${this.task} open ${p}${flags.append ? ' append' : ''}${flags.trunc ? ' trunc' : ''}`);
    let n = this.nodes.get(p);
    if (!n) {
      if (!flags.create) throw new XfsError('ENOENT', 'open', path);
      if (!this.nodes.get(this.parent(p))?.dir) throw new XfsError('ENOENT', 'open', path);
      n = { dir: false, data: new Uint8Array() };
      this.nodes.set(p, n);
    } else if (flags.excl && flags.create) throw new XfsError('EEXIST', 'open', path);
    if (n.dir && !flags.readOnly) throw new XfsError('EISDIR', 'open', path);
    if (flags.trunc) n.data = new Uint8Array();
    const fd = this.nextFd++;
    this.fds.set(fd, { path: p, append: !!flags.append });
    return fd;
  }
  close(fd: Fd): void {
    const f = this.fds.get(fd);
    if (!f) throw new XfsError('EBADF', 'close');
    this.log.push(`${this.task} close ${f.path}`);
    this.fds.delete(fd);
  }
  pwrite(fd: Fd, pos: number, len: number, src: WriteSource): number {
    const f = this.fds.get(fd);
    if (!f) throw new XfsError('EBADF', 'pwrite');
    const n = this.nodes.get(f.path)!;
    const room = this.capacity - this.used();
    const grow = Math.max(0, pos + len - n.data.length);
    if (grow > room) {
      if (room <= 0) throw new XfsError('ENOSPC', 'pwrite');
      len -= grow - room;
    }
    this.log.push(`${this.task} pwrite ${f.path} ${pos} ${len}${src.kind === 'pattern' ? ` pattern ${src.byte}` : ''}`);
    const data = resize(n.data, Math.max(n.data.length, pos + len));
    if (src.kind === 'pattern') data.fill(src.byte, pos, pos + len);
    else data.set(src.data.subarray(0, len), pos);
    n.data = data;
    return len;
  }
  fadvise(fd: Fd): void {
    if (!this.fds.has(fd)) throw new XfsError('EBADF', 'fadvise');
  }
  pread(fd: Fd, pos: number, len: number): Uint8Array {
    const f = this.fds.get(fd);
    if (!f) throw new XfsError('EBADF', 'pread');
    return this.nodes.get(f.path)!.data.slice(pos, pos + len);
  }
  private statOf(n: Node): StatResult {
    return { ino: 131, mode: n.dir ? 0o40755 : 0o100644, nlink: 1, uid: 0, gid: 0, size: n.data.length, blocks: Math.ceil(n.data.length / 4096) * 8, blksize: 4096, atime: 0, mtime: 0, ctime: 0, dev: 0x700, isDir: n.dir };
  }
  fstat(fd: Fd): StatResult {
    const f = this.fds.get(fd);
    if (!f) throw new XfsError('EBADF', 'fstat');
    return this.statOf(this.nodes.get(f.path)!);
  }
  stat(path: string): StatResult {
    return this.statOf(this.node(path, 'stat'));
  }
  unlink(path: string): void {
    const p = this.norm(path);
    if (this.node(p, 'unlink').dir) throw new XfsError('EISDIR', 'unlink', path);
    this.log.push(`${this.task} unlink ${p}`);
    this.nodes.delete(p);
  }
  mkdir(path: string): void {
    const p = this.norm(path);
    if (this.nodes.has(p)) throw new XfsError('EEXIST', 'mkdir', path);
    if (!this.nodes.get(this.parent(p))?.dir) throw new XfsError('ENOENT', 'mkdir', path);
    this.log.push(`${this.task} mkdir ${p}`);
    this.nodes.set(p, { dir: true, data: new Uint8Array() });
  }
  rmdir(path: string): void {
    const p = this.norm(path);
    this.node(p, 'rmdir');
    if (this.readdir(p).length) throw new XfsError('ENOTEMPTY', 'rmdir', path);
    this.log.push(`${this.task} rmdir ${p}`);
    this.nodes.delete(p);
  }
  rename(from: string, to: string): void {
    const a = this.norm(from);
    const n = this.node(a, 'rename');
    this.log.push(`${this.task} rename ${a} ${this.norm(to)}`);
    this.nodes.delete(a);
    this.nodes.set(this.norm(to), n);
  }
  readdir(path: string): string[] {
    const p = this.norm(path);
    if (!this.node(p, 'readdir').dir) throw new XfsError('ENOTDIR', 'readdir', path);
    const prefix = p === '.' ? '' : p + '/';
    return [...this.nodes.keys()].filter((k) => k !== '.' && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length));
  }
  exists(path: string): boolean {
    return this.nodes.has(this.norm(path));
  }
  /** File text (test helper). */
  text(path: string): string {
    return new TextDecoder().decode(this.node(path, 'read').data);
  }
  private unsupported(): never {
    throw new XfsError('EOPNOTSUPP');
  }
  fsync(): void {}
  fdatasync(): void {}
  syncfs(): void {}
  sync(): void {}
  ftruncate(): void {
    this.unsupported();
  }
  truncate(): void {
    this.unsupported();
  }
  fallocate(): void {
    this.unsupported();
  }
  reflink(): void {
    this.unsupported();
  }
  dedupe(): number {
    return this.unsupported();
  }
  statfs(): StatfsResult {
    return this.unsupported();
  }
  getbmapx(): never {
    return this.unsupported();
  }
  fiemap(): never {
    return this.unsupported();
  }
  getFsxattr(): never {
    return this.unsupported();
  }
  setFsxattr(): void {
    this.unsupported();
  }
  chown(): void {}
  md5(): string {
    return '0'.repeat(32);
  }
  geometry(): FsGeometry {
    return { blocksize: 4096, agcount: 4, agblocks: 16384, agblklog: 14, dblocks: 65536, logblocks: 1024, sectsize: 512, inodesize: 512, reflink: true };
  }
}

/** The fake host: task names go to the fake kernel's log; a simulated clock. */
export class FakeHost implements ToolHost {
  readonly steps: string[] = [];
  readonly sysctls = new Map([
    ['speculative_prealloc_lifetime', '300'],
    ['vm/dirty_expire_centisecs', '3000'],
    ['vm/dirty_writeback_centisecs', '500'],
    ['vm/drop_caches', '0'],
  ]);
  clock = 0;
  readonly mountPoint = '/mnt/scratch';
  readonly device = '/dev/loop0';
  constructor(private readonly sys: FakeSys) {}
  setTask(name: string): void {
    this.sys.task = name;
  }
  step(label: string): void {
    this.steps.push(label);
  }
  sleep(seconds: number): void {
    this.sys.log.push(`${this.sys.task} sleep ${seconds}`);
    this.clock += seconds;
  }
  now(): number {
    return this.clock;
  }
  readSysctl(knob: string): string | undefined {
    return this.sysctls.get(knob);
  }
  writeSysctl(knob: string, value: string): void {
    if (!/^\d+$/.test(value)) throw new XfsError('EINVAL', 'write');
    this.sys.log.push(`sysctl ${knob}=${value}`);
    this.sysctls.set(knob, value);
  }
  mkfs(): string {
    return '';
  }
  mount(): void {}
  umount(): void {}
}

/** A fake tool that prints its name and arguments. */
export const echoTool =
  (name: string): Tool =>
  (ctx) => {
    ctx.out(`${name} ${ctx.args.join(' ')}\n`);
    return 0;
  };

/** A fresh fake machine. */
export function fakeMachine(): { sys: FakeSys; host: FakeHost } {
  const sys = new FakeSys();
  return { sys, host: new FakeHost(sys) };
}
