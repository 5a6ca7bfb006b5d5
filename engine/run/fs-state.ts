/**
 * Snapshots of the filesystem state for the run result and the oracle-json output: per file the
 * sizes, block counts, both forks' extents, and the space counters.
 */
import { isDelalloc, recEnd } from '../xfs-bmap.js';
import type { Machine } from '../machine.js';
import type { XfsInode } from '../xfs-inode.js';
import { ROOT_INO } from '../xfs-super.js';
import { EXT_UNWRITTEN, startBlockVal, type BmbtIrec } from '../xfs-types.js';
import { isSharedExtent } from '../xfs-reflink.js';

/** The kind of an extent as the views show it. */
export type ExtentKind = 'delalloc' | 'unwritten' | 'written';

/** One extent of a fork, in filesystem blocks. */
export interface ExtentView {
  off: number;
  len: number;
  kind: ExtentKind;
  /** Physical fsblock (real extents) or null. */
  block: number | null;
  /** delalloc: the indirect blocks reserved with it. */
  indlen?: number;
  shared?: boolean;
}

/** One file. */
export interface FileView {
  path: string;
  ino: number;
  size: number;
  diskSize: number;
  stBlocks: number;
  dataFork: ExtentView[];
  cowFork: ExtentView[];
  iflags: number;
}

/** Space counters. */
export interface SpaceView {
  blocksize: number;
  dblocks: number;
  agcount: number;
  agblocks: number;
  fdblocks: number;
  setAside: number;
  resAvail: number;
  resTotal: number;
  delallocBlks: number;
  freeBlocks: number;
  agFree: number[];
  bavail: number;
  /** Blocks of dirty page cache over all files (what the flusher, sync or fsync will write back). */
  dirtyBlocks: number;
  /** Blocks freed since the last log force: free, but not reused until the log is forced (busy extents). */
  busyBlocks: number;
  /** The simulated clock, microseconds since boot (sleep and the flusher's 30 s run on it). */
  clockUs: number;
}

/** Extents of one fork as views. */
export function forkView(m: Machine, ip: XfsInode, which: 'data' | 'cow'): ExtentView[] {
  const fork = which === 'data' ? ip.df : ip.cowFork;
  if (!fork) return [];
  const out: ExtentView[] = [];
  for (const r of fork.all()) {
    if (which === 'data' && ip.isReflink() && !isDelalloc(r)) out.push(...sharedPieces(m, r));
    else out.push(extentView(m, ip, r, which));
  }
  return out;
}

/**
 * A real data-fork record of a reflink inode, cut where sharing starts or stops, as `bmap -elpv`
 * prints it: a record is one run on disk, but only part of it may be shared.
 */
function sharedPieces(m: Machine, r: BmbtIrec): ExtentView[] {
  const out: ExtentView[] = [];
  const kind: ExtentKind = r.state === EXT_UNWRITTEN ? 'unwritten' : 'written';
  let off = 0;
  while (off < r.blockcount) {
    const hit = m.fs.refcount.findShared(r.startblock + off, r.blockcount - off);
    const sharedAt = hit ? hit.start - r.startblock : r.blockcount;
    if (sharedAt > off) out.push({ off: r.startoff + off, len: sharedAt - off, kind, block: r.startblock + off });
    if (!hit) break;
    out.push({ off: r.startoff + sharedAt, len: hit.len, kind, block: hit.start, shared: true });
    off = sharedAt + hit.len;
  }
  return out;
}

function extentView(m: Machine, ip: XfsInode, r: BmbtIrec, which: 'data' | 'cow'): ExtentView {
  if (isDelalloc(r)) return { off: r.startoff, len: r.blockcount, kind: 'delalloc', block: null, indlen: startBlockVal(r.startblock) };
  const v: ExtentView = { off: r.startoff, len: r.blockcount, kind: r.state === EXT_UNWRITTEN ? 'unwritten' : 'written', block: r.startblock };
  if (which === 'data' && ip.isReflink() && isSharedExtent(m.fs, ip, r)) v.shared = true;
  return v;
}

/** Every regular file under the mount, path → inode, in path order. */
export function listFiles(m: Machine): Map<string, XfsInode> {
  const fs = m.fs;
  const out = new Map<string, XfsInode>();
  const walk = (dir: XfsInode, prefix: string) => {
    for (const [name, ino] of [...dir.children!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const ip = fs.inodes.get(ino);
      if (!ip) continue;
      const p = prefix ? `${prefix}/${name}` : name;
      if (ip.isDir) walk(ip, p);
      else out.set(p, ip);
    }
  };
  walk(fs.inodes.get(ROOT_INO)!, '');
  return out;
}

/** inode number → path (for trace display), root as ".". */
export function inodePaths(m: Machine): Map<number, string> {
  const fs = m.fs;
  const out = new Map<number, string>([[ROOT_INO, '.']]);
  const walk = (dir: XfsInode, prefix: string) => {
    for (const [name, ino] of dir.children!) {
      const p = prefix ? `${prefix}/${name}` : name;
      if (!out.has(ino)) out.set(ino, p);
      const ip = fs.inodes.get(ino);
      if (ip?.isDir) walk(ip, p);
    }
  };
  walk(fs.inodes.get(ROOT_INO)!, '');
  return out;
}

/** A view of one file. */
export function fileView(m: Machine, path: string, ip: XfsInode): FileView {
  const bb = m.fs.mp.blocksize / 512;
  return {
    path, ino: ip.ino, size: ip.size, diskSize: ip.diskSize, stBlocks: (ip.nblocks + ip.delayedBlks) * bb,
    dataFork: forkView(m, ip, 'data'), cowFork: forkView(m, ip, 'cow'), iflags: ip.iflags,
  };
}

/** The space counters. */
export function spaceView(m: Machine): SpaceView {
  const fs = m.fs;
  const mp = fs.mp;
  return {
    blocksize: mp.blocksize, dblocks: mp.dblocks, agcount: mp.agcount, agblocks: mp.agblocks,
    fdblocks: mp.fdblocks, setAside: mp.setAside, resAvail: mp.resAvail, resTotal: mp.resTotal,
    delallocBlks: mp.delallocBlks, freeBlocks: fs.alloc.totalFree(),
    agFree: Array.from({ length: mp.agcount }, (_, i) => fs.alloc.agFree(i)), bavail: mp.freeForStatfs(),
    dirtyBlocks: [...fs.dirtyInodes].reduce((n, ip) => n + ip.dirty.total(), 0),
    busyBlocks: fs.alloc.busy.reduce((n, b) => n + b.total(), 0), clockUs: m.nowUs(),
  };
}

/** Whether a fork view ends past EOF (for the timeline's prealloc marking). */
export function extentEnd(e: ExtentView): number {
  return e.off + e.len;
}
void recEnd;
