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
 * A read that finds its first page uncached away from the last position looks back through the page
 * cache (page_cache_prev_miss): with no more cached pages before it than it asks for, it is a random
 * read, just the request with no window (46: a pread from the middle of a cold file reads its first
 * page alone, then windows follow); with more, a window of them plus the request (49). The look back
 * is the xarray's own walk over the file's folios, quirks included (pageCachePrevMiss).
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
export function pageCached(fs: XfsFs, ip: XfsInode, p: number): boolean {
  const s = fs.mp.bToFsbt(p * PAGE_SIZE);
  const e = fs.mp.bToFsb((p + 1) * PAGE_SIZE);
  for (let b = s; b < e; b++) if (!ip.cached.has(b) && !ip.dirty.has(b)) return false;
  return true;
}

/**
 * The folios page_cache_ra_order puts in [start, stop) at `order`: each as large as the order, its
 * alignment and the window's end allow. A folio that would cover a page already cached fails
 * (-EEXIST): the folios so far are read as one batch, and the rest of the window goes in single pages
 * (do_page_cache_ra), recorded as nothing. `end` is where that happened (`stop` if it did not).
 */
function raFolios(fs: XfsFs, ip: XfsInode, start: number, stop: number, order: number): { folios: [number, number][]; end: number } {
  const folios: [number, number][] = [];
  for (let index = start; index < stop;) {
    let o = Math.min(order, lowBit(index));
    while (o > 0 && index + 2 ** o > stop) o--;
    for (let p = index; p < index + 2 ** o; p++) if (pageCached(fs, ip, p)) return { folios, end: index };
    if (o > 0) folios.push([index, o]);
    index += 2 ** o;
  }
  return { folios, end: stop };
}

/** Forget the large folios over pages [start, stop), which are leaving the page cache or being replaced. */
export function dropFolios(ip: XfsInode, start: number, stop: number): void {
  if (ip.folios.size === 0) return;
  for (const [s, o] of ip.folios) if (s < stop && s + 2 ** o > start) ip.folios.delete(s);
}

/**
 * Read pages [start, stop) into the page cache: each run of uncached pages is mapped (`mapRun`) and
 * cached, in folios of up to `order` (readahead windows) or single pages. A run is also cut where the
 * large folios stop (64: a window from page 32 in 4-page folios meets a cached page 37, so [32, 36) is
 * read as one batch and page 36 as the next).
 */
function cacheUncached(fs: XfsFs, ip: XfsInode, start: number, stop: number, mapRun: (posBytes: number, endBytes: number) => void, order = 0): void {
  const mp = fs.mp;
  const { folios, end: foliosEnd } = order > 0 ? raFolios(fs, ip, start, stop, order) : { folios: [], end: stop };
  for (let p = start; p < stop;) {
    if (pageCached(fs, ip, p)) {
      p++;
      continue;
    }
    let q = p + 1;
    while (q < stop && !pageCached(fs, ip, q) && q !== foliosEnd) q++;
    mapRun(p * PAGE_SIZE, q * PAGE_SIZE);
    ip.cached.add(mp.bToFsbt(p * PAGE_SIZE), mp.bToFsb(q * PAGE_SIZE));
    // New folios: a mark left on a page that has since left the cache is gone with it.
    for (const m of ip.raMarks.keys()) if (m >= p && m < q) ip.raMarks.delete(m);
    dropFolios(ip, p, q);
    p = q;
  }
  for (const [f, o] of folios) ip.folios.set(f, o);
}

/** mapping_max_folio_size: iomap_write_iter copies at most this much per step (a PMD, 2 MiB). */
const WRITE_CHUNK = PAGE_SIZE * 2 ** MAX_FOLIO_ORDER;

/**
 * The folios a buffered write of [pos, pos + len) (one iomap mapping's worth) puts in the page cache
 * for its pages that are not cached yet: iomap_write_iter copies in steps of at most 2 MiB, each into
 * the folio at its position — the cached one, or a new one sized from the step
 * (fgf_set_order: floor(log2 bytes) pages' order), cut to the position's alignment and shrunk until it
 * covers no cached page (__filemap_get_folio). Called before the write marks its pages dirty.
 */
export function noteWriteFolios(fs: XfsFs, ip: XfsInode, pos: number, len: number): void {
  const end = pos + len;
  for (let at = pos; at < end;) {
    const index = Math.floor(at / PAGE_SIZE);
    const bytes = Math.min(WRITE_CHUNK - (at % WRITE_CHUNK), end - at);
    let folioEnd: number;
    if (pageCached(fs, ip, index)) {
      const [s, o] = folioOf(fs, ip, index);
      folioEnd = (s + 2 ** o) * PAGE_SIZE;
    } else {
      let o = bytes >= 2 * PAGE_SIZE ? Math.min(MAX_FOLIO_ORDER, Math.floor(Math.log2(bytes)) - 12, lowBit(index)) : 0;
      while (o > 0) {
        let free = true;
        for (let p = index + 1; p < index + 2 ** o && free; p++) free = !pageCached(fs, ip, p);
        if (free) break;
        o--;
      }
      if (o > 0) ip.folios.set(index, o);
      folioEnd = (index + 2 ** o) * PAGE_SIZE;
    }
    at = Math.min(end, folioEnd, at + bytes);
  }
}

/** The folio holding cached page p, as [first page, order]. */
function folioOf(fs: XfsFs, ip: XfsInode, p: number): [number, number] {
  for (let o = 1; o <= MAX_FOLIO_ORDER && ip.folios.size > 0; o++) {
    const s = p - (p % 2 ** o);
    if (ip.folios.get(s) === o) return [s, o];
  }
  return [p, 0];
}

/** xa_state positions that are not nodes: XAS_RESTART (never walked) and XAS_BOUNDS (walked off). */
const RESTART = -1;
const BOUNDS = -2;
/** XA_CHUNK_SHIFT: an xarray node has 64 slots. */
const CHUNK_SHIFT = 6;

/**
 * page_cache_prev_miss: from page `index` back, at most `maxScan` steps, the index where the page-cache
 * xarray walk with xas_prev meets an empty slot — ULONG_MAX (here -1) when it runs off the front.
 *
 * The walk is the xarray's own, on the tree the file's cached folios make: 64-slot nodes, a folio of
 * order k stored as one slot plus 2^k - 1 sibling slots in the lowest node that holds it whole, the
 * tree just tall enough for the last cached page. Its quirk is what makes recording 49 read 17
 * pages: a lookup that lands on a sibling slot moves to the folio's first slot but keeps the index,
 * and the next step back then crosses into the neighbouring node at the old index's offset — from
 * page 78 in the node of pages 64-127 to slot 14 of the node of pages 0-63 — and steps back from
 * there, so the walk counts 15 more pages and ends at 63, not at the front of the file.
 */
export function pageCachePrevMiss(fs: XfsFs, ip: XfsInode, index: number, maxScan: number): number {
  const cached = (p: number): boolean => p >= 0 && pageCached(fs, ip, p);
  const lastCached = (): number => {
    const last = Math.max(ip.cached.last()?.[1] ?? 0, ip.dirty.last()?.[1] ?? 0) - 1;
    return last < 0 ? -1 : Math.floor(fs.mp.fsbToB(last) / PAGE_SIZE);
  };
  const top = lastCached();
  if (top < 0) return index;
  // The root's shift: the smallest tree whose span holds the last cached page.
  let rootShift = 0;
  while (2 ** (rootShift + CHUNK_SHIFT) <= top) rootShift += CHUNK_SHIFT;
  const span = (shift: number): number => 2 ** (shift + CHUNK_SHIFT);
  const offsetOf = (i: number, shift: number): number => (i < 0 ? 63 : Math.floor(i / 2 ** shift) % 64);
  /** Whether a node of `shift` covering [base, base + span) exists: some page there lives in it or below. */
  const nodeExists = (shift: number, base: number): boolean => {
    if (shift === rootShift) return true;
    for (let p = base; p < base + span(shift); p++) {
      if (cached(p) && folioOf(fs, ip, p)[1] < shift + CHUNK_SHIFT) return true;
    }
    return false;
  };
  type Entry = 'none' | 'node' | 'folio' | 'sibling';
  /** The slot `off` of the node (shift, base). */
  const slot = (shift: number, base: number, off: number): Entry => {
    const first = base + off * 2 ** shift;
    if (shift > 0 && nodeExists(shift - CHUNK_SHIFT, first)) return 'node';
    if (!cached(first)) return 'none';
    const [s, o] = folioOf(fs, ip, first);
    if (o < shift) return 'none'; // cannot happen: a smaller folio makes a node below
    return s === first ? 'folio' : 'sibling';
  };
  // The xa_state: index, node (shift and base, or RESTART/BOUNDS) and offset.
  let xIndex = index;
  let shift = RESTART;
  let base = 0;
  let off = 0;
  const parentOffset = (): number => (shift === rootShift ? -1 : Math.floor(base / span(shift)) % 64);
  /** xas_load at xIndex: down from the root, a sibling resolved to its folio's first slot. */
  const load = (): Entry => {
    if (xIndex < 0 || xIndex >= span(rootShift)) {
      shift = BOUNDS;
      return 'none';
    }
    shift = rootShift;
    base = 0;
    for (;;) {
      off = offsetOf(xIndex, shift);
      let e = slot(shift, base, off);
      if (e === 'sibling') {
        const [s] = folioOf(fs, ip, base + off * 2 ** shift);
        off = Math.floor((s - base) / 2 ** shift);
        e = 'folio';
      }
      if (e !== 'node') return e;
      base += off * 2 ** shift;
      shift -= CHUNK_SHIFT;
    }
  };
  /** __xas_prev. */
  const slowPrev = (): Entry => {
    if (shift !== RESTART) xIndex--; // XAS_RESTART is "frozen": the first step loads the index itself
    if (shift < 0) return load();
    if (off !== offsetOf(xIndex, shift)) off--;
    while (off === -1) {
      off = parentOffset() - 1;
      if (shift === rootShift) {
        shift = BOUNDS;
        return 'none';
      }
      const up = shift + CHUNK_SHIFT;
      base -= base % span(up);
      shift = up;
    }
    for (;;) {
      const e = slot(shift, base, off);
      if (e !== 'node') return e;
      base += off * 2 ** shift;
      shift -= CHUNK_SHIFT;
      off = offsetOf(xIndex, shift);
    }
  };
  /** xas_prev: the fast path inside a bottom node, else __xas_prev. */
  const prev = (): Entry => {
    if (shift < 0 || shift > 0 || off === 0) return slowPrev();
    xIndex--;
    off--;
    return slot(shift, base, off);
  };
  for (let n = maxScan; n > 0; n--) {
    if (prev() === 'none' || xIndex === -1) break;
  }
  return xIndex;
}

/**
 * The readahead state of one open file (struct file_ra_state, and where the last read ended): every
 * buffered read(2) goes through read(), which brings the pages the kernel's on-demand readahead would
 * into the page cache — the request's uncached pages plus the window they start or the marked page
 * they reach — mapping each uncached run with `mapRun` (xfs_read_iomap_begin).
 */
export class FileReadahead {
  private readonly ra: RaState = { start: 0, size: 0, async: 0, order: 0 };
  /** ra->prev_pos >> PAGE_SHIFT: the page holding the position the last read stopped at. */
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
   * page cache for one read(2). `endPos`: the byte the read stopped before (the end of its last page
   * when not given).
   */
  read(
    fs: XfsFs, ip: XfsInode, first: number, reqPages: number, mapRun: (posBytes: number, endBytes: number) => void,
    endPos?: number,
  ): void {
    if (ip.size <= 0 || reqPages <= 0) return;
    const last = Math.floor((ip.size - 1) / PAGE_SIZE);
    const ra = this.ra;
    const max = this.max;
    const cachedPage = (p: number): boolean => pageCached(fs, ip, p);

    /** Read pages [start, end) (cut at EOF): each uncached run is mapped and cached. */
    const readWindow = (start: number, end: number, order = 0): void => {
      const stop = Math.min(end, last + 1);
      if (stop <= start) return;
      this.onWindow?.(start, stop);
      cacheUncached(fs, ip, start, stop, mapRun, order);
    };

    /** page_cache_ra_order: the window in folios of up to ra.order (capped by the window's size). */
    const raOrder = (): void => {
      const order = Math.min(MAX_FOLIO_ORDER, ra.order, Math.floor(Math.log2(ra.size)));
      ra.order = order;
      // The first folio of the async part carries the mark (none past EOF): PG_readahead, a flag of
      // the page cache, so another reader of the file finds it too. Only a folio this readahead
      // allocates gets it: on a page already cached the kernel has no stable reference to set it on
      // (page_cache_ra_unbounded), so a window over cached pages leaves no mark and the reader's next
      // miss starts afresh (57: the window after a hole punched in written pages).
      const m = ra.start + ra.size - ra.async;
      const folioOrder = Math.min(order, lowBit(m));
      const marked = Math.ceil(m / 2 ** folioOrder) * 2 ** folioOrder;
      const markable = ra.async > 0 && marked <= last && marked < ra.start + ra.size && !cachedPage(marked);
      readWindow(ra.start, ra.start + ra.size, order);
      if (markable) ip.raMarks.set(marked, folioOrder);
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
      // Not where this file read last: look back through the page cache for the pages a sequential
      // reader would have left (page_cache_prev_miss). Fewer than the request: a random read, just
      // the request, the state untouched; more: a window of them plus the request, async part 1 page
      // (doubled when the cache runs back to the start of the file).
      const miss = pageCachePrevMiss(fs, ip, index - 1, max);
      let contig = miss === -1 ? index : index - miss - 1;
      if (contig <= req) {
        readWindow(index, index + req);
        return;
      }
      if (miss === -1) contig *= 2;
      ra.start = index;
      ra.size = Math.min(contig + req, max);
      ra.async = 1;
      ra.order = 0;
      raOrder();
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
    // ra->prev_pos is where the read left the file position (filemap_read's last_pos): the page
    // after a read that ends on a page boundary, so the next read's first miss there is sequential.
    const prevAfter = Math.floor(Math.min(endPos ?? (first + reqPages) * PAGE_SIZE, ip.size) / PAGE_SIZE);
    if (this.random) {
      readWindow(first, end);
      this.prevIndex = prevAfter;
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
    this.prevIndex = prevAfter;
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
