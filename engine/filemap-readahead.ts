/**
 * On-demand readahead (mm/readahead.c): which windows of pages each read(2) of an open file brings
 * into the page cache, one readahead call per window, and the mapping each window's uncached pages
 * get from xfs_read_iomap_begin (an xfs_iomap_found per mapping, with the rest of the window as its
 * byte count).
 *
 * The rules, as the 6.18 recordings show them (fstests generic/138, 148, 195, 296 and 45 read by
 * md5sum and cat, 46 by xfs_io pread), and as mm/readahead.c has them:
 * - The first read, at page 0, starts a window of get_init_ra_size(req) pages (the request rounded
 *   up to a power of two, times 4 when small, times 2 when medium, else the maximum); its last
 *   `size - req` pages are the async part, whose first page is marked.
 * - Reaching the marked page starts the next window where the last one ended: get_next_ra_size
 *   (times 4 while small, times 2 up to half the maximum, then the maximum), all of it async, its first
 *   page marked; each such window also raises the folio order by 2 (large folios).
 * - An async window's end is rounded down to a multiple of 2^min(order, lowest set bit of the
 *   maximum) pages, and every window is cut at EOF; its folios are of up to min(order, log2 of its
 *   size, 9). So md5sum (32 KiB reads, maximum 1280) sees windows of 32, 128, 256, 480, 896, 1280...
 *   pages, and xfs_io pread (4 KiB, maximum 640) 4, 16, 60, 112, 192, 384, 640, 640...
 * - Pages already cached are not read again: each uncached run of a window is mapped on its own.
 * A read that finds its first page uncached away from the last position is a random read: just the
 * request is read, with no window (46: a pread from the middle of a cold file reads its first page
 * alone, then windows follow).
 */
import type { XfsFs } from './xfs-fs.js';
import type { XfsInode } from './xfs-inode.js';

/** Page size of the page cache (x86-64). */
export const PAGE_SIZE = 4096;
/** Largest folio order of the page cache (a PMD: 2 MiB). */
const MAX_FOLIO_ORDER = 9;
/**
 * The readahead maximum of the scratch device, in pages (bdi ra_pages): read_ahead_kb was 2560 on the
 * recording machine's loop device, and recording 46 shows it — a 4 KiB or 32 KiB reader's windows
 * grow to 640 pages and stay there. fadvise(SEQUENTIAL) doubles it for the file (cat, md5sum: 1280,
 * recordings 45 and 46).
 */
export const RA_PAGES = 640;
/**
 * The device's optimal I/O size in pages (bdi io_pages: max_sectors_kb 1280 on the loop device); a
 * WILLNEED reads up to the larger of this and the file's maximum.
 */
const IO_PAGES = 320;
/** force_page_cache_ra reads in chunks of 2 MiB, each chunk a readahead call of its own. */
const FORCE_CHUNK_PAGES = (2 << 20) / PAGE_SIZE;

function roundupPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** get_init_ra_size: the first window for a request of `req` pages. */
export function initRaSize(req: number, max: number): number {
  const n = roundupPow2(req);
  if (n <= max / 32) return n * 4;
  if (n <= max / 4) return n * 2;
  return max;
}

/** get_next_ra_size: the window after one of `cur` pages. */
export function nextRaSize(cur: number, max: number): number {
  if (cur < max / 16) return 4 * cur;
  if (cur <= max / 2) return 2 * cur;
  return max;
}

/** Trailing zero bits of a positive integer (ffs - 1); 31 for 0, which is aligned to everything. */
function lowBit(n: number): number {
  return n === 0 ? 31 : 31 - Math.clz32(n & -n);
}

/** The readahead state of one open file (struct file_ra_state). */
interface RaState {
  start: number;
  size: number;
  async: number;
  order: number;
}

/** Whether page p of the file is in the page cache (clean or dirty). */
function pageCached(fs: XfsFs, ip: XfsInode, p: number): boolean {
  const s = fs.mp.bToFsbt(p * PAGE_SIZE);
  const e = fs.mp.bToFsb((p + 1) * PAGE_SIZE);
  for (let b = s; b < e; b++) if (!ip.cached.has(b) && !ip.dirty.has(b)) return false;
  return true;
}

/** Read pages [start, stop) into the page cache: each run of uncached pages is mapped (`mapRun`) and cached. */
function cacheUncached(fs: XfsFs, ip: XfsInode, start: number, stop: number, mapRun: (posBytes: number, endBytes: number) => void): void {
  const mp = fs.mp;
  for (let p = start; p < stop;) {
    if (pageCached(fs, ip, p)) {
      p++;
      continue;
    }
    let q = p + 1;
    while (q < stop && !pageCached(fs, ip, q)) q++;
    mapRun(p * PAGE_SIZE, q * PAGE_SIZE);
    ip.cached.add(mp.bToFsbt(p * PAGE_SIZE), mp.bToFsb(q * PAGE_SIZE));
    // New folios: a mark left on a page that has since left the cache is gone with it.
    for (const m of ip.raMarks.keys()) if (m >= p && m < q) ip.raMarks.delete(m);
    p = q;
  }
}

/**
 * The readahead state of one open file (struct file_ra_state, and where the last read ended): every
 * buffered read(2) goes through read(), which brings the pages the kernel's on-demand readahead would
 * into the page cache — the request's uncached pages plus the window they start or the marked page
 * they reach — mapping each uncached run with `mapRun` (xfs_read_iomap_begin).
 */
export class FileReadahead {
  private readonly ra: RaState = { start: 0, size: 0, async: 0, order: 0 };
  private prevIndex = -1;
  /** FMODE_RANDOM (fadvise RANDOM): every read brings in just what it asks for. */
  private random = false;
  /** Told each window read, as [first page, end page) (readSequentially collects them for tests). */
  onWindow: ((start: number, stop: number) => void) | null = null;

  /** @param max the file's readahead maximum in pages (file->f_ra.ra_pages) */
  constructor(private max = RA_PAGES) {}

  /** posix_fadvise: SEQUENTIAL doubles the maximum, RANDOM turns readahead off, NORMAL restores both. */
  advise(advice: 'normal' | 'sequential' | 'random'): void {
    this.max = advice === 'sequential' ? 2 * RA_PAGES : RA_PAGES;
    this.random = advice === 'random';
  }

  /**
   * POSIX_FADV_WILLNEED (force_page_cache_ra): read pages [first, first + n) ahead — at most the
   * larger of the device's I/O size and this file's maximum, in 2 MiB chunks, each chunk's uncached
   * runs mapped on their own; the readahead state is left alone.
   */
  willneed(fs: XfsFs, ip: XfsInode, first: number, n: number, mapRun: (posBytes: number, endBytes: number) => void): void {
    if (ip.size <= 0) return;
    const last = Math.floor((ip.size - 1) / PAGE_SIZE);
    const end = Math.min(first + Math.min(n, Math.max(IO_PAGES, this.max)), last + 1);
    for (let at = first; at < end; at += FORCE_CHUNK_PAGES) {
      const stop = Math.min(at + FORCE_CHUNK_PAGES, end);
      this.onWindow?.(at, stop);
      cacheUncached(fs, ip, at, stop, mapRun);
    }
  }

  /**
   * A read of pages [first, first + reqPages) (cut at EOF) of `ip`: what filemap_read asks of the
   * page cache for one read(2).
   */
  read(fs: XfsFs, ip: XfsInode, first: number, reqPages: number, mapRun: (posBytes: number, endBytes: number) => void): void {
    if (ip.size <= 0 || reqPages <= 0) return;
    const last = Math.floor((ip.size - 1) / PAGE_SIZE);
    const ra = this.ra;
    const max = this.max;
    const cachedPage = (p: number): boolean => pageCached(fs, ip, p);

    /** Read pages [start, end) (cut at EOF): each uncached run is mapped and cached. */
    const readWindow = (start: number, end: number): void => {
      const stop = Math.min(end, last + 1);
      if (stop <= start) return;
      this.onWindow?.(start, stop);
      cacheUncached(fs, ip, start, stop, mapRun);
    };

    /** page_cache_ra_order: the window in folios of up to ra.order (capped by the window's size). */
    const raOrder = (): void => {
      const order = Math.min(MAX_FOLIO_ORDER, ra.order, Math.floor(Math.log2(ra.size)));
      ra.order = order;
      readWindow(ra.start, ra.start + ra.size);
      // The first folio of the async part carries the mark (none past EOF): PG_readahead, a flag of
      // the page cache, so another reader of the file finds it too.
      const m = ra.start + ra.size - ra.async;
      const folioOrder = Math.min(order, lowBit(m));
      const marked = Math.ceil(m / 2 ** folioOrder) * 2 ** folioOrder;
      if (ra.async > 0 && marked <= last && marked < ra.start + ra.size) ip.raMarks.set(marked, folioOrder);
    };

    /** page_cache_sync_ra at `index` for `req` pages. */
    const syncRa = (index: number, req: number): void => {
      if (index === 0 || req > max || index - this.prevIndex <= 1) {
        ra.start = index;
        ra.size = initRaSize(req, max);
        ra.async = ra.size > req ? ra.size - req : ra.size >> 1;
        ra.order = 0;
        raOrder();
        return;
      }
      readWindow(index, index + req); // a random read: just the request, the state untouched
    };

    /**
     * page_cache_async_ra on reaching the marked page `index`: the next window starts where this one
     * ended, grows, raises the folio order by 2 and has its end rounded down to a multiple of
     * 2^min(order, the lowest set bit of the maximum) pages — 128 for the 640-page maximum, 256 for
     * 1280 (a 640-page window stays whole, recording 46; cat's 1280 becomes 1152, 45).
     */
    const asyncRa = (index: number, req: number): void => {
      const unit = 2 ** (ip.raMarks.get(index) ?? 0);
      ip.raMarks.delete(index);
      if (index === Math.floor((ra.start + ra.size - ra.async) / unit) * unit) {
        ra.start += ra.size;
        ra.size = Math.max(ra.size, nextRaSize(ra.size, max));
      } else {
        // A marked page this file's state did not expect (another reader's window, 48): the old
        // async part runs to the next uncached page; the new window starts there, sized from it.
        let start = index + 1;
        while (start <= index + max && cachedPage(start)) start++;
        if (start > index + max) return;
        ra.start = start;
        ra.size = nextRaSize(start - index + req, max);
      }
      ra.order += 2;
      const align = 2 ** Math.min(ra.order, lowBit(max));
      const end = ra.start + ra.size;
      const alignedEnd = Math.floor(end / align) * align;
      if (alignedEnd > ra.start) ra.size -= end - alignedEnd;
      ra.async = ra.size;
      raOrder();
    };

    const end = Math.min(first + reqPages, last + 1);
    if (this.random) {
      readWindow(first, end);
      this.prevIndex = first + reqPages - 1;
      return;
    }
    for (let p = first; p < end;) {
      if (!cachedPage(p)) syncRa(p, first + reqPages - p);
      // The cached batch from p runs to the first missing page, or ends with a marked one (a mark
      // counts only on a cached page: a page dropped from the cache took its PG_readahead with it).
      let q = p;
      while (q < end && cachedPage(q) && !ip.raMarks.has(q)) q++;
      if (q < end && ip.raMarks.has(q) && cachedPage(q)) {
        asyncRa(q, first + reqPages - q);
        q++;
      } else if (q === p) q++; // cannot happen after a read of p; never loop forever
      p = q;
    }
    this.prevIndex = first + reqPages - 1;
  }
}

/**
 * A sequential read of the whole file through the page cache, `reqPages` pages per read(2), from a
 * freshly opened file (md5sum): reads each readahead window's uncached pages (`mapRun` traces the
 * mappings) and caches them. Returns the windows read, as [first page, end page) pairs, for tests.
 */
export function readSequentially(
  fs: XfsFs, ip: XfsInode, reqPages: number,
  mapRun: (posBytes: number, endBytes: number) => void,
  max = RA_PAGES,
): [number, number][] {
  const file = new FileReadahead(max);
  const windows: [number, number][] = [];
  file.onWindow = (start, stop) => windows.push([start, stop]);
  const last = Math.floor((ip.size - 1) / PAGE_SIZE);
  for (let idx = 0; idx <= last; idx += reqPages) file.read(fs, ip, idx, reqPages, mapRun);
  return windows;
}
