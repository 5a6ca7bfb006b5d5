/**
 * Writeback and I/O completion (fs/xfs/xfs_aops.c): xfs_map_blocks finds or allocates the mapping
 * of each dirty block (converting delalloc to unwritten extents, the whole extent at once), blocks
 * are gathered into ioends, and completion converts unwritten extents, remaps CoW staging blocks
 * and moves the on-disk size.
 */
import { convertDelalloc, convertUnwritten, isDelalloc, recEnd, trimReal } from './xfs-bmap.js';
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';
import { imapTrace } from './xfs-iomap.js';
import { PAGE_SIZE, dropFolios } from './filemap-readahead.js';
import { convertCowForIo, endCow } from './xfs-reflink.js';
import { hex } from './xfs-trace.js';
import { EXT_NORM, type BmbtIrec, type WhichFork } from './xfs-types.js';

/** The kind of an ioend (its mapping type). */
type IoendType = 'mapped' | 'unwritten' | 'shared';

interface Ioend {
  type: IoendType;
  offset: number; // bytes
  size: number; // bytes
  fsb: number; // first disk block (for merging)
  /** Submitted while writeback went on (its staging blocks converted). */
  submitted?: boolean;
}

/** The bytes an ioend gets for n blocks from fsb: 6.1 ends ioends on a block, later kernels at EOF (spec-notes). */
function ioendBytes(fs: XfsFs, ip: XfsInode, fsb: number, n: number): number {
  const bs = fs.mp.blocksize;
  return (fs.flavour === '6.1' ? (fsb + n) * bs : Math.min((fsb + n) * bs, ip.size)) - fsb * bs;
}

/** xfs_submit_ioend for a SHARED ioend: its unwritten CoW staging blocks become written. */
function submitShared(fs: XfsFs, ip: XfsInode, io: Ioend): void {
  convertCowForIo(ip, fs.mp.bToFsbt(io.offset), fs.mp.bToFsb(io.offset + io.size));
  io.submitted = true;
}

/** The writeback context's cached mapping (struct xfs_writepage_ctx). */
interface Wpc {
  rec: BmbtIrec | null;
  fork: WhichFork;
  dataSeq: number;
  cowSeq: number;
}

/** xfs_map_blocks for the block `fsb`: the mapping that covers it, converting delalloc. */
function mapBlocks(fs: XfsFs, ip: XfsInode, fsb: number, wpc: Wpc): void {
  const bs = fs.mp.blocksize;
  const cowSeq = ip.cowFork ? ip.cowFork.seq : 0;
  // xfs_imap_valid. In 6.18 a CoW mapping is checked against the CoW fork's sequence number too:
  // the staging blocks an earlier ioend's submission converted to written make the next block map
  // again (64: a map_blocks per dirty run of a CoW reservation allocated in one piece). 6.1 takes a
  // CoW mapping that covers the block as valid.
  const cowValid = fs.flavour === '6.1' || wpc.cowSeq === cowSeq;
  if (wpc.rec && fsb >= wpc.rec.startoff && fsb < recEnd(wpc.rec)
    && (wpc.fork === 'cow' ? cowValid : wpc.dataSeq === ip.df.seq && wpc.cowSeq === cowSeq)) {
    return;
  }
  if (ip.hasCowData()) {
    const cmap = ip.cowFork!.containing(fsb);
    if (cmap) {
      const real = convertDelalloc(fs, ip, 'cow', fsb);
      imapTrace(fs, 'xfs_map_blocks_alloc', ip, fsb * bs, bs, 'cow', cmap);
      wpc.rec = real;
      wpc.fork = 'cow';
      wpc.cowSeq = ip.cowFork!.seq;
      return;
    }
  }
  const imap = ip.df.lookup(fsb);
  if (!imap || imap.startoff > fsb) {
    // A hole (dirty cache over a hole cannot be written: only past EOF). Map up to the next extent.
    const end = imap ? imap.startoff : fsb + 1;
    wpc.rec = { startoff: fsb, startblock: -2, blockcount: end - fsb, state: EXT_NORM };
    wpc.fork = 'data';
    return;
  }
  let rec: BmbtIrec;
  if (!isDelalloc(imap)) {
    imapTrace(fs, 'xfs_map_blocks_found', ip, fsb * bs, bs, 'data', imap);
    rec = imap;
  } else {
    rec = convertDelalloc(fs, ip, 'data', fsb);
    imapTrace(fs, 'xfs_map_blocks_alloc', ip, fsb * bs, bs, 'data', imap);
  }
  // A data-fork mapping stops where a CoW extent begins: those blocks are written through the CoW fork.
  const nextCow = ip.hasCowData() ? ip.cowFork!.lookup(fsb) : undefined;
  if (nextCow && nextCow.startoff < recEnd(rec)) rec = trimReal(rec, rec.startoff, nextCow.startoff);
  wpc.rec = rec;
  wpc.fork = 'data';
  wpc.dataSeq = ip.df.seq;
  wpc.cowSeq = ip.cowFork ? ip.cowFork.seq : 0;
}

/** xfs_flush_unmap_range: write back and drop the page cache over the range (whole pages). */
export function flushUnmapRange(fs: XfsFs, ip: XfsInode, offset: number, len: number): void {
  const r = Math.max(4096, fs.mp.blocksize);
  const start = Math.floor(offset / r) * r;
  const end = Math.ceil((offset + len) / r) * r;
  writebackRange(fs, ip, start, end);
  ip.cached.remove(fs.mp.bToFsbt(start), fs.mp.bToFsb(end));
  dropFolios(ip, Math.floor(start / PAGE_SIZE), Math.ceil(end / PAGE_SIZE));
}

/**
 * Write back the dirty page cache of `ip` in [start, end) bytes and complete the I/O (the
 * write_and_wait of fsync, sync and flushes). Submission-side events carry the current task;
 * completions run as kworker.
 */
export function writebackRange(fs: XfsFs, ip: XfsInode, start = 0, end = Number.MAX_SAFE_INTEGER): void {
  const mp = fs.mp;
  const bs = mp.blocksize;
  const startFsb = mp.bToFsbt(start);
  const endFsb = end >= Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : mp.bToFsb(end);
  const ranges = [...ip.dirty.ranges(startFsb, endFsb)];
  if (ranges.length === 0) return;
  const eofFsb = mp.bToFsb(ip.size);
  const ioends: Ioend[] = [];
  const wpc: Wpc = { rec: null, fork: 'data', dataSeq: -1, cowSeq: -1 };
  for (const [s, e] of ranges) {
    ip.dirty.remove(s, e);
    ip.cached.add(s, e);
    for (let fsb = s; fsb < Math.min(e, eofFsb);) {
      mapBlocks(fs, ip, fsb, wpc);
      const rec = wpc.rec!;
      let n = Math.min(e, eofFsb, recEnd(rec)) - fsb;
      if (rec.startblock !== -2) {
        const type: IoendType = wpc.fork === 'cow' ? 'shared' : rec.state === EXT_NORM ? 'mapped' : 'unwritten';
        const disk = rec.startblock + (fsb - rec.startoff);
        const offset = fsb * bs;
        const last = ioends[ioends.length - 1];
        if (last && last.type === type && last.offset + last.size === offset
          && last.fsb + Math.ceil(last.size / bs) === disk) {
          last.size += ioendBytes(fs, ip, fsb, n);
        } else {
          // The block cannot join the ioend being built, which is submitted now: a SHARED one has its
          // staging blocks converted, and the next block is mapped again, so this one goes alone.
          if (last?.type === 'shared' && !last.submitted) {
            submitShared(fs, ip, last);
            n = 1;
          }
          ioends.push({ type, offset, size: ioendBytes(fs, ip, fsb, n), fsb: disk });
        }
      }
      fsb += n;
    }
  }
  // Submission of the rest: unwritten CoW staging blocks under SHARED ioends become written (no trace).
  for (const io of ioends) {
    if (io.type === 'shared' && !io.submitted) submitShared(fs, ip, io);
  }
  // Completions run in the per-inode workqueue: kworker context.
  fs.asKworker(() => {
    for (const io of ioends) endIoend(fs, ip, io);
  });
}

/** xfs_end_ioend: completion of one ioend (kworker context). */
function endIoend(fs: XfsFs, ip: XfsInode, io: Ioend): void {
  const mp = fs.mp;
  const tr = fs.tracer;
  mp.stats[io.type === 'shared' ? 'xs_ioend_cow' : io.type === 'unwritten' ? 'xs_ioend_unwritten' : 'xs_ioend_mapped']++;
  if (io.type === 'shared') {
    endCow(fs, ip, io.offset, io.size);
  } else if (io.type === 'unwritten') {
    if (tr.on('xfs_unwritten_convert')) {
      tr.emit('xfs_unwritten_convert', {
        ino: hex(ip.ino), isize: hex(ip.size), disize: hex(ip.diskSize), pos: hex(io.offset), bytecount: hex(io.size),
      });
    }
    const s = mp.bToFsbt(io.offset);
    const e = mp.bToFsb(io.offset + io.size);
    fs.quota.unwrittenConvert?.(ip, Math.max(1, ip.df.rangeArray(s, e).length)); // xfs_iomap_write_unwritten's transactions
    convertUnwritten(ip, 'data', s, e);
    const candidate = Math.min(mp.fsbToB(e), io.offset + io.size);
    const newEof = Math.min(candidate, ip.size);
    if (newEof > ip.diskSize) ip.diskSize = newEof;
  }
  if (Math.min(io.offset + io.size, ip.size) > ip.diskSize) {
    if (tr.on('xfs_setfilesize')) {
      tr.emit('xfs_setfilesize', {
        ino: hex(ip.ino), isize: hex(ip.size), disize: hex(ip.diskSize), pos: hex(io.offset), bytecount: hex(io.size),
      });
    }
    ip.diskSize = Math.max(ip.diskSize, Math.min(io.offset + io.size, ip.size));
  }
}
