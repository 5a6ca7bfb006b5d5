import { describe, expect, it } from 'vitest';
import { Machine } from '../machine.js';
import { initRaSize, nextRaSize, pageCachePrevMiss, readSequentially, RA_PAGES } from '../filemap-readahead.js';
import { checkInvariants } from '../invariants.js';

const pattern = { kind: 'pattern', byte: 0x61 } as const;

/** A file of `bytes` on disk, out of the page cache (written, synced, remounted). */
function coldFile(bytes: number): Machine {
  const m = new Machine();
  m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
  m.mount('');
  const fd = m.open('f', { create: true });
  m.pwrite(fd, 0, bytes, pattern);
  m.close(fd);
  m.mount('remount');
  m.tracer.events.length = 0;
  return m;
}

const found = (m: Machine) => m.tracer.events.filter((e) => e.event === 'xfs_iomap_found').map((e) => [e.fields.pos, e.fields.bytecount]);

describe('on-demand readahead of a file read front to back', () => {
  it('sizes windows as get_init_ra_size and get_next_ra_size do (the device maximum 640, doubled by fadvise)', () => {
    // The window requests of recording 46 (4 KiB reads: 4, 16, 64, 120, 224, 384, 640) and 45 (cat, md5sum).
    expect([initRaSize(1, RA_PAGES), ...[4, 16, 60, 112, 192, 384, 640].map((c) => nextRaSize(c, RA_PAGES))])
      .toEqual([4, 16, 64, 120, 224, 384, 640, 640]);
    expect([initRaSize(8, 2 * RA_PAGES), initRaSize(32, 2 * RA_PAGES), nextRaSize(480, 2 * RA_PAGES), nextRaSize(896, 2 * RA_PAGES)])
      .toEqual([32, 128, 960, 1280]);
  });

  it('reads a cold file in the windows the kernel reads (generic/296, 45: 32, 128, 256, 480, 896, 1280 pages for 32 KiB reads after fadvise)', () => {
    const m = coldFile(16 << 20);
    const ip = m.inodeOf('f');
    const windows = readSequentially(m.fs, ip, 8, () => {}, 2 * RA_PAGES);
    expect(windows).toEqual([[0, 32], [32, 160], [160, 416], [416, 896], [896, 1792], [1792, 3072], [3072, 4096]]);
    // Everything is cached now: a second pass reads nothing.
    expect(readSequentially(m.fs, ip, 8, () => {}, 2 * RA_PAGES)).toEqual([]);
  });

  it('reads through the same windows for every read(2) of an open file: cat after fadvise(SEQUENTIAL) (45)', () => {
    const m = coldFile(16 << 20);
    const fd = m.open('f', {});
    m.fadvise(fd, 0, 0, 'sequential');
    for (let pos = 0; pos < 16 << 20; pos += 128 << 10) m.pread(fd, pos, 128 << 10);
    expect(found(m)).toEqual([
      ['0x0', '0x80000'], ['0x80000', '0x100000'], ['0x180000', '0x200000'], ['0x380000', '0x400000'],
      ['0x780000', '0x480000'], ['0xc00000', '0x400000'],
    ]);
  });

  it('takes a read that starts where the last one stopped for sequential, even past cached pages (63)', () => {
    // Every other page of the first 40 cached, the rest a hole: after md5sum's first 32 KiB read,
    // its next miss (page 9) is one page past where that read stopped (page 8), so it opens a
    // window of get_init_ra_size(7) = 32 pages; that window leaves no mark (the async part starts on
    // a cached page), the next miss opens the next, and its mark ramps up to EOF.
    const m = new Machine();
    m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
    m.mount('');
    const fd = m.open('b', { create: true });
    m.ftruncate(fd, 1 << 20);
    for (let i = 0; i < 20; i++) m.pwrite(fd, i * 8192, 4096, pattern);
    m.fsync(fd);
    expect(readSequentially(m.fs, m.inodeOf('b'), 8, () => {}, 2 * RA_PAGES)).toEqual([[1, 8], [9, 41], [41, 73], [73, 200], [200, 256]]);
  });

  it('reads the large folios a window got as one batch, and the rest of it page by page (64)', () => {
    // A cold 64-page file with pages 5, 21, 37 and 53 rewritten (cached). md5sum's second window
    // starts at page 32 in 4-page folios; the folio [36, 40) meets cached page 37, so [32, 36) is read
    // as one batch and the window goes on in single pages: 36, then 38 to 52, then 54 to 63.
    const m = coldFile(64 * 4096);
    const fd = m.open('f', {});
    for (const p of [5, 21, 37, 53]) m.pwrite(fd, p * 4096, 4096, pattern);
    m.fsync(fd);
    const runs: [number, number][] = [];
    readSequentially(m.fs, m.inodeOf('f'), 8, (s, e) => runs.push([s / 4096, e / 4096]), 2 * RA_PAGES);
    expect(runs).toEqual([[0, 5], [6, 21], [22, 32], [32, 36], [36, 37], [38, 53], [54, 64]]);
  });

  it('grows a 4 KiB reader\'s windows to the 640-page maximum, whose windows stay whole (46)', () => {
    const m = coldFile(8 << 20);
    const fd = m.open('f', {});
    for (let pos = 0; pos < 8 << 20; pos += 4096) m.pread(fd, pos, 4096);
    expect(found(m).map(([p, n]) => [Number(p) / 4096, Number(n) / 4096])).toEqual([
      [0, 4], [4, 16], [20, 60], [80, 112], [192, 192], [384, 384], [768, 640], [1408, 640],
    ]);
  });

  it('reads a first page alone when a cold file is first read in its middle, then grows windows (46)', () => {
    const m = coldFile(8 << 20);
    const fd = m.open('f', {});
    for (let pos = 3 << 20; pos < (3 << 20) + (256 << 10); pos += 4096) m.pread(fd, pos, 4096);
    expect(found(m).slice(0, 4)).toEqual([['0x300000', '0x1000'], ['0x301000', '0x4000'], ['0x305000', '0xf000'], ['0x314000', '0x3c000']]);
  });

  it('WILLNEED reads ahead at most the 640-page maximum in 2 MiB chunks; DONTNEED drops clean pages and writes dirty ones back (47)', () => {
    const m = coldFile(16 << 20);
    const fd = m.open('f', {});
    m.fadvise(fd, 8 << 20, 8 << 20, 'willneed');
    expect(found(m)).toEqual([['0x800000', '0x200000'], ['0xa00000', '0x80000']]);
    m.tracer.events.length = 0;
    m.fadvise(fd, 8 << 20, 1 << 20, 'dontneed');
    m.pread(fd, 8 << 20, 0x10000); // a first read away from page 0: just the request
    expect(found(m)).toEqual([['0x800000', '0x10000']]);
    const g = m.open('g', { create: true });
    m.pwrite(g, 0, 0x10000, pattern);
    m.tracer.events.length = 0;
    m.tracer.ctx = 'xfs_io';
    m.fadvise(g, 0, 0x10000, 'dontneed');
    // The writeback runs in the caller's context (47: xfs_io), not the flusher's.
    expect(m.tracer.events.filter((e) => e.event === 'xfs_map_blocks_alloc').map((e) => e.ctx)).toEqual(['xfs_io']);
    m.tracer.events.length = 0;
    m.pread(g, 0, 0x10000); // the pages it wrote back were under writeback: still cached
    expect(found(m)).toEqual([]);
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('lets a new reader pick up the readahead mark another reader left in the page cache (48)', () => {
    const m = coldFile(16 << 20);
    const a = m.open('f', {});
    for (let pos = 4 << 20; pos < (4 << 20) + 0x10000; pos += 4096) m.pread(a, pos, 4096);
    m.tracer.events.length = 0;
    const b = m.open('f', {});
    for (let pos = 4160 << 10; pos < (4160 << 10) + 0x10000; pos += 4096) m.pread(b, pos, 4096);
    // a's last window [0x414, 0x450) is marked at 0x414: b's read of it starts [0x450, +0x78).
    expect(found(m)).toEqual([['0x450000', '0x78000']]);
  });

  it('ignores a readahead mark on a page that has left the page cache', () => {
    const m = coldFile(16 << 20);
    const a = m.open('f', {});
    for (let pos = 0; pos <= 384 * 4096; pos += 4096) m.pread(a, pos, 4096); // marks page 768
    m.writeSysctl('vm/drop_caches', '1');
    const c = m.open('f', {});
    m.fadvise(c, 0, 640 * 4096, 'willneed'); // pages 0-767 cached again, without marks
    m.fadvise(c, 640 * 4096, 128 * 4096, 'willneed');
    m.tracer.events.length = 0;
    const b = m.open('f', {});
    m.pread(b, 0, 800 * 4096);
    // Page 768 is read, not skipped as if its stale mark were live: as the start of a window sized
    // from the cached pages before it (the look back stops at the 640-page maximum: 639 of them).
    expect(found(m)).toEqual([['0x300000', '0x280000']]);
  });

  it('reads just what is asked after fadvise(RANDOM), and drop_caches=1 empties the clean page cache', () => {
    const m = coldFile(1 << 20);
    const fd = m.open('f', {});
    m.fadvise(fd, 0, 0, 'random');
    m.pread(fd, 0, 8192);
    m.pread(fd, 8192, 8192);
    expect(found(m)).toEqual([['0x0', '0x2000'], ['0x2000', '0x2000']]);
    m.tracer.events.length = 0;
    m.pread(fd, 0, 8192);
    expect(found(m)).toEqual([]); // cached
    m.writeSysctl('vm/drop_caches', '1');
    m.pread(fd, 0, 8192);
    expect(found(m)).toEqual([['0x0', '0x2000']]);
    expect(() => m.readSysctl('vm/drop_caches')).toThrow(/Permission denied/);
    expect(() => m.writeSysctl('vm/drop_caches', '5')).toThrow(/Invalid argument/);
  });

  it('md5sum maps each window once, with the rest of the window as the byte count', () => {
    const m = coldFile(0x2ffffd); // generic/138's file: 768 pages
    m.md5('f');
    expect(found(m)).toEqual([['0x0', '0x20000'], ['0x20000', '0x80000'], ['0xa0000', '0x100000'], ['0x1a0000', '0x160000']]);
    m.tracer.events.length = 0;
    m.md5('f');
    expect(found(m)).toEqual([]);
    expect(checkInvariants(m.fs)).toEqual([]);
  });

  it('maps only the pages not cached yet, one run at a time', () => {
    const m = coldFile(1 << 20);
    const fd = m.open('f', {});
    m.pread(fd, 0x10000, 0x1000); // page 16 cached by a 4 KiB read
    m.tracer.events.length = 0;
    m.md5('f');
    // The first window [0, 32) is read around page 16, as two runs; the next windows whole.
    expect(found(m)).toEqual([['0x0', '0x10000'], ['0x11000', '0xf000'], ['0x20000', '0x80000'], ['0xa0000', '0x60000']]);
  });
});

describe('a new reader right after cached pages: page_cache_sync_ra looks back through the page cache', () => {
  /** Pages [0, n) of a 16 MiB file cached as single pages (no large folios), through WILLNEED. */
  function cachedFront(n: number): { m: Machine; ip: ReturnType<Machine['inodeOf']> } {
    const m = coldFile(16 << 20);
    const fd = m.open('f', {});
    m.fadvise(fd, 0, n * 4096, 'willneed');
    m.close(fd);
    m.tracer.events.length = 0;
    return { m, ip: m.inodeOf('f') };
  }
  const pagesRead = (m: Machine) => found(m).map(([p, n]) => [Number(p) / 4096, Number(n) / 4096]);

  it('walks back page by page through single-page folios: to the front of the file, or to the first gap', () => {
    const { m, ip } = cachedFront(80);
    expect(pageCachePrevMiss(m.fs, ip, 79, 640)).toBe(-1); // ULONG_MAX: cached from the start
    expect(pageCachePrevMiss(m.fs, ip, 79, 50)).toBe(30); // the scan limit: 50 steps, the first on page 79 itself
    expect(pageCachePrevMiss(m.fs, ip, 85, 640)).toBe(85); // the page itself is missing
    const fd = m.open('f', {});
    m.fadvise(fd, 40 * 4096, 4096, 'dontneed');
    expect(pageCachePrevMiss(m.fs, ip, 79, 640)).toBe(40);
  });

  it('reads the cached run twice over plus the request when the run goes back to page 0', () => {
    const { m } = cachedFront(80);
    const fd = m.open('f', {});
    m.pread(fd, 80 * 4096, 4096);
    // contig 80, doubled (the cache runs to the start of the file), plus the 1-page request.
    expect(pagesRead(m)).toEqual([[80, 161]]);
  });

  it('reads just the request when fewer pages than it are cached before it', () => {
    const { m } = cachedFront(80);
    const fd = m.open('f', {});
    m.fadvise(fd, 0, 70 * 4096, 'dontneed'); // pages 70-79 stay: 10 cached pages before page 80
    m.pread(fd, 80 * 4096, 16 * 4096);
    expect(pagesRead(m)[0]).toEqual([80, 16]);
  });

  it('crosses into the node before at the old offset after a large folio: 17 pages, not 161 (49)', () => {
    const m = coldFile(16 << 20);
    const ip = m.inodeOf('f');
    const a = m.open('f', {});
    for (let pos = 0; pos < 64 << 10; pos += 4096) m.pread(a, pos, 4096);
    m.close(a);
    // The first reader's windows: 0-3 in single pages, 4-19 in 4-page folios, 20-79 in folios of 4, 8
    // and then 16 pages (the last one 64-79).
    expect([...ip.folios].sort((x, y) => x[0] - y[0])).toEqual([[4, 2], [8, 2], [12, 2], [16, 2], [20, 2], [24, 3], [32, 4], [48, 4], [64, 4]]);
    expect(pageCachePrevMiss(m.fs, ip, 79, 640)).toBe(63);
    m.tracer.events.length = 0;
    const b = m.open('f', {});
    m.pread(b, 80 * 4096, 4096);
    expect(pagesRead(m)).toEqual([[80, 17]]);
  });
});

describe('the folios buffered writes make (iomap_write_iter; recordings 54, 55)', () => {
  const folios = (ip: ReturnType<Machine['inodeOf']>) => [...ip.folios].sort((x, y) => x[0] - y[0]);

  it('makes a folio per write step sized from it, cut to its alignment; 4 KiB writes make single pages', () => {
    const m = new Machine();
    m.mkfs(['-m', 'reflink=1', '-d', 'size=256m']);
    m.mount('');
    const fd = m.open('f', { create: true });
    for (let pos = 0; pos < 256 << 10; pos += 64 << 10) m.pwrite(fd, pos, 64 << 10, pattern);
    m.pwrite(fd, 1 << 20, 4096, pattern);
    // 12 KiB at page 65: page 65 alone (an odd index aligns nothing larger), then a 2-page folio at 66.
    m.pwrite(fd, 65 * 4096, 12 << 10, pattern);
    expect(folios(m.inodeOf('f'))).toEqual([[0, 4], [16, 4], [32, 4], [48, 4], [66, 1]]);
    // Rewriting cached pages makes no new folio; a write over cached and uncached pages fits between them.
    m.pwrite(fd, 0, 64 << 10, pattern);
    m.pwrite(fd, 60 * 4096, 8 * 4096, pattern); // pages 60-63 cached (folio 48), 64 new, 65-67 cached
    expect(folios(m.inodeOf('f'))).toEqual([[0, 4], [16, 4], [32, 4], [48, 4], [66, 1]]);
    checkInvariants(m.fs);
  });

  it('a reader after 64 KiB writes looks back 192 pages, after 4 KiB writes 256 doubled (55, 54)', () => {
    for (const [bs, want] of [[64 << 10, 193], [4096, 513]]) {
      const m = coldFile(4 << 20);
      const w = m.open('f', {});
      for (let pos = 0; pos < 1 << 20; pos += bs) m.pwrite(w, pos, bs, pattern);
      m.close(w);
      m.tracer.events.length = 0;
      const r = m.open('f', {});
      m.pread(r, 1 << 20, 4096);
      expect(found(m).map(([p, n]) => [Number(p) / 4096, Number(n) / 4096])).toEqual([[256, want]]);
    }
  });
});

describe('readahead marks go only on pages a window brings in (57)', () => {
  it('a window over pages already cached leaves no mark: the reader starts afresh at its next miss', () => {
    const m = coldFile(1200 << 10); // 300 pages
    const fd = m.open('f', {});
    m.fadvise(fd, 0, 32 * 4096, 'willneed');
    m.fadvise(fd, 48 * 4096, 208 * 4096, 'willneed'); // cached: 0-31 and 48-255 (no marks)
    m.close(fd);
    m.tracer.events.length = 0;
    const r = m.open('f', {});
    m.fadvise(r, 0, 0, 'sequential'); // md5sum's reader: 32 KiB reads, a 1280-page maximum
    for (let pos = 0; pos < 1200 << 10; pos += 32 << 10) m.pread(r, pos, 32 << 10);
    // At 32 a 32-page window (16 pages to read, the mark at 40); from 40 the next window, 64-191, is
    // all cached, so no page of it is marked and nothing more is read ahead until the miss at 256:
    // a fresh 32-page window, whose mark at 264 starts the last one (cut at EOF).
    expect(found(m).map(([p, n]) => [Number(p) / 4096, Number(n) / 4096])).toEqual([[32, 16], [256, 32], [288, 12]]);
  });
});
