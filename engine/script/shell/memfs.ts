/**
 * The shell's own files: everything outside the scratch mount, /proc/sys/fs/xfs and /dev/null
 * (/tmp, /root, the directories above the mount point, /dev/zero). A map from absolute path to
 * node; contents are shell byte strings (bytes.ts). Errors are XfsError like the engine's, so callers print one way.
 */
import { XfsError } from '../../xfs-errors.js';

/** A node of the in-memory tree. */
export type MemNode = { kind: 'dir' } | { kind: 'file'; data: string } | { kind: 'char'; dev: 'null' | 'zero' } | { kind: 'block' };

/** Parent directory of an absolute path ("/" for "/x"). */
export function parentOf(abs: string): string {
  const i = abs.lastIndexOf('/');
  return i <= 0 ? '/' : abs.slice(0, i);
}

/** The in-memory file tree. */
export class MemFs {
  private readonly nodes = new Map<string, MemNode>([['/', { kind: 'dir' }]]);

  /** Create the standard directories, the mount point's parents and the device nodes. */
  constructor(mountPoint: string, device: string) {
    for (const d of ['/tmp', '/root', '/dev', '/proc/sys/fs/xfs', '/proc/sys/vm', parentOf(mountPoint), mountPoint]) this.mkdirp(d);
    this.nodes.set('/dev/null', { kind: 'char', dev: 'null' });
    this.nodes.set('/dev/zero', { kind: 'char', dev: 'zero' });
    if (device.startsWith('/dev/')) this.nodes.set(device, { kind: 'block' });
  }

  /** The node at `abs`, if any. */
  get(abs: string): MemNode | undefined {
    return this.nodes.get(abs);
  }

  private dirOrThrow(abs: string, syscall: string, path: string): void {
    const n = this.nodes.get(abs);
    if (!n) throw new XfsError('ENOENT', syscall, path);
    if (n.kind !== 'dir') throw new XfsError('ENOTDIR', syscall, path);
  }

  /** mkdir -p */
  mkdirp(abs: string): void {
    let cur = '';
    for (const part of abs.split('/').filter(Boolean)) {
      cur += '/' + part;
      if (!this.nodes.has(cur)) this.nodes.set(cur, { kind: 'dir' });
    }
  }

  /** mkdir(2) */
  mkdir(abs: string): void {
    if (this.nodes.has(abs)) throw new XfsError('EEXIST', 'mkdir', abs);
    this.dirOrThrow(parentOf(abs), 'mkdir', abs);
    this.nodes.set(abs, { kind: 'dir' });
  }

  /** Open for writing: create (unless `noCreate`), truncate or keep. Returns the node. */
  openWrite(abs: string, opts: { trunc: boolean; excl?: boolean }): MemNode {
    let n = this.nodes.get(abs);
    if (n && opts.excl) throw new XfsError('EEXIST', 'open', abs);
    if (!n) {
      this.dirOrThrow(parentOf(abs), 'open', abs);
      n = { kind: 'file', data: '' };
      this.nodes.set(abs, n);
    } else if (n.kind === 'dir') throw new XfsError('EISDIR', 'open', abs);
    else if (n.kind === 'file' && opts.trunc) n.data = '';
    return n;
  }

  /** Whole-file text; /dev/null reads empty. */
  readFile(abs: string): string {
    const n = this.nodes.get(abs);
    if (!n) throw new XfsError('ENOENT', 'open', abs);
    if (n.kind === 'dir') throw new XfsError('EISDIR', 'read', abs);
    return n.kind === 'file' ? n.data : '';
  }

  /** Names in a directory, sorted. */
  readdir(abs: string): string[] {
    this.dirOrThrow(abs, 'opendir', abs);
    const prefix = abs === '/' ? '/' : abs + '/';
    const out: string[] = [];
    for (const p of this.nodes.keys()) if (p !== abs && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) out.push(p.slice(prefix.length));
    return out.sort();
  }

  /** unlink(2) */
  unlink(abs: string): void {
    const n = this.nodes.get(abs);
    if (!n) throw new XfsError('ENOENT', 'unlink', abs);
    if (n.kind === 'dir') throw new XfsError('EISDIR', 'unlink', abs);
    this.nodes.delete(abs);
  }

  /** rmdir(2) */
  rmdir(abs: string): void {
    this.dirOrThrow(abs, 'rmdir', abs);
    if (this.readdir(abs).length > 0) throw new XfsError('ENOTEMPTY', 'rmdir', abs);
    if (abs === '/') throw new XfsError('EBUSY', 'rmdir', abs);
    this.nodes.delete(abs);
  }

  /** rename(2), directories with their contents. */
  rename(from: string, to: string): void {
    const n = this.nodes.get(from);
    if (!n) throw new XfsError('ENOENT', 'rename', from);
    this.dirOrThrow(parentOf(to), 'rename', to);
    const moved = [...this.nodes.entries()].filter(([p]) => p === from || p.startsWith(from + '/'));
    for (const [p] of moved) this.nodes.delete(p);
    for (const [p, node] of moved) this.nodes.set(to + p.slice(from.length), node);
  }
}
