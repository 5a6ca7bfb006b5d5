/**
 * In-core inodes (struct xfs_inode): the data and CoW forks, sizes, flags, the page-cache state
 * the write path needs (dirty blocks), and the file's exact contents.
 */
import { FileContent } from './file-content.js';
import { IextTree } from './xfs-iext-tree.js';
import { RangeSet } from './range-set.js';
import type { WhichFork } from './xfs-types.js';

/** In-core i_flags bits, with the kernel's values (they are printed by trace events). */
export const XFS_ITRUNCATED = 1 << 5;
export const XFS_EOFBLOCKS_RELEASED = 1 << 6;
export const XFS_IEOFBLOCKS = 1 << 9;
/** XFS_NEED_INACTIVE and XFS_INACTIVATING: set while the inodegc worker inactivates an inode. */
export const XFS_NEED_INACTIVE = 1 << 10;
export const XFS_INACTIVATING = 1 << 13;
export const XFS_ICOWBLOCKS = 1 << 12;

/** On-disk di_flags. */
export const XFS_DIFLAG_PREALLOC = 1 << 1;
export const XFS_DIFLAG_APPEND = 1 << 4;
export const XFS_DIFLAG_PROJINHERIT = 1 << 9;
export const XFS_DIFLAG_EXTSIZE = 1 << 11;
export const XFS_DIFLAG_EXTSZINHERIT = 1 << 12;
/** di_flags2. */
export const XFS_DIFLAG2_REFLINK = 1 << 1;
export const XFS_DIFLAG2_COWEXTSIZE = 1 << 2;

/** XFS_DEFAULT_COWEXTSZ_HINT: 32 blocks. */
export const DEFAULT_COWEXTSZ_HINT = 32;

/** A fork: the extent tree plus its change counter (if_seq lives in the tree). */
export type XfsIfork = IextTree;

/** One inode. */
export class XfsInode {
  /** i_size (VFS size). */
  size = 0;
  /** i_disk_size: on-disk size, updated at I/O completion. */
  diskSize = 0;
  /** i_nblocks: real blocks owned (data fork + bmbt), excluding delalloc. */
  nblocks = 0;
  /** i_delayed_blks: delalloc blocks of both forks plus real CoW-fork blocks. */
  delayedBlks = 0;
  readonly df: XfsIfork = new IextTree();
  cowFork: XfsIfork | null = null;
  iflags = 0;
  diflags = 0;
  diflags2 = 0;
  /** Extent size hints, in blocks. */
  extsize = 0;
  cowextsize = 0;
  uid = 0;
  gid = 0;
  projid = 0;
  nlink = 1;
  mode: number;
  atime = 0;
  mtime = 0;
  ctime = 0;
  /** Page cache: dirty blocks (file block numbers) awaiting writeback. */
  readonly dirty = new RangeSet();
  /** When the inode joined the flusher's writeback list (inode->dirtied_when), microseconds. */
  dirtiedUs = 0;
  /**
   * Page cache: blocks known present (uptodate) in memory. Every dirty block is cached too, but a write
   * adds to `dirty` only, and writeback moves the cleaned range here: the cached blocks are
   * `cached ∪ dirty`. That keeps a random overwrite to one search of the small dirty set instead of a
   * second search of this one, which on a large file holds a range per extent.
   */
  readonly cached = new RangeSet();
  /** Pages carrying PG_readahead (page index → folio order): where a reader triggers the next window. */
  readonly raMarks = new Map<number, number>();
  /**
   * Large folios readahead put in the page cache (first page → order > 0); any other cached page is a
   * folio of its own. Only the history walk of page_cache_sync_ra looks at them (filemap-readahead.ts).
   */
  readonly folios = new Map<number, number>();
  /** The data fork's btree blocks (fsblocks; empty in extents format: see xfs-bmap-btree.ts). */
  readonly bmbt: number[] = [];
  /** df.seq when the btree blocks were last brought in line with the extent count. */
  bmbtSeq = 0;
  /** Exact file bytes. */
  readonly content = new FileContent();
  /** Number of open file descriptions with write access. */
  openWriters = 0;
  /** Number of open file descriptions. */
  openCount = 0;
  /** Directory entries (directories only): name → ino. */
  readonly children: Map<string, number> | null;

  constructor(
    readonly ino: number,
    isDir: boolean,
  ) {
    this.mode = isDir ? 0o040755 : 0o100644;
    this.children = isDir ? new Map() : null;
    if (isDir) this.nlink = 2;
  }

  get isDir(): boolean {
    return this.children !== null;
  }

  /** The fork named by `which` (the CoW fork is created on demand, xfs_ifork_init_cow). */
  fork(which: WhichFork): XfsIfork {
    if (which === 'data') return this.df;
    if (!this.cowFork) this.cowFork = new IextTree();
    return this.cowFork;
  }

  /** xfs_is_reflink_inode. */
  isReflink(): boolean {
    return (this.diflags2 & XFS_DIFLAG2_REFLINK) !== 0;
  }

  /** xfs_inode_has_cow_data. */
  hasCowData(): boolean {
    return this.cowFork !== null && this.cowFork.count > 0;
  }

  /** xfs_get_extsz_hint (non-realtime). */
  extszHint(): number {
    return this.diflags & XFS_DIFLAG_EXTSIZE && this.extsize ? this.extsize : 0;
  }

  /** xfs_get_cowextsz_hint. */
  cowextszHint(): number {
    let a = this.diflags2 & XFS_DIFLAG2_COWEXTSIZE ? this.cowextsize : 0;
    a = Math.max(a, this.extszHint());
    return a === 0 ? DEFAULT_COWEXTSZ_HINT : a;
  }
}
