/**
 * bmap output against every `bmap_text` of the recordings: the GETBMAPX records are rebuilt from
 * the recording's data_fork, the geometry from its statfs, and the printed table must match byte
 * for byte (column widths, AG numbers, FLAGS).
 */
import { describe, expect, it } from 'vitest';
import { formatBmap } from '../xfs-io-commands/bmap.js';
import { xfsIo } from '../xfs-io.js';
import { xfsBmap } from '../xfs-bmap.js';
import type { GetbmapxRec } from '../../../syscalls.js';
import { XfsError } from '../../../xfs-errors.js';
import { FakeSys, run } from './fake-sys.js';
import { allRecordings, recording, type RecordedFile } from './oracle.js';

function recordsOf(f: RecordedFile): GetbmapxRec[] {
  return (f.data_fork ?? []).map((e) => ({ offset: e.offset_bb, block: e.block_bb, length: e.length_bb, oflags: e.oflags }));
}

interface Case {
  name: string;
  path: string;
  file: RecordedFile;
  geom: { agblocks: number; agcount: number; blocksize: number };
}

const cases: Case[] = [];
for (const { name, rec } of allRecordings()) {
  for (const [stateName, state] of Object.entries(rec.state)) {
    const s = state.statfs ?? {};
    const geom = { agblocks: s['geom.agblocks'], agcount: s['geom.agcount'], blocksize: s['geom.bsize'] };
    if (!geom.agblocks) continue;
    for (const [path, file] of Object.entries(state.files ?? {})) {
      if (file.bmap_text && file.data_fork) cases.push({ name: `${name} ${stateName} ${path}`, path, file, geom });
    }
  }
}

describe('bmap -elpv against the recordings', () => {
  it('has recordings to compare with', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Through xfs_io, so that the ioctl's map size (32 records, grown from fsx_nextents) applies.
    const sys = new FakeSys();
    sys.geom = { ...sys.geom, ...c.geom };
    const f = sys.addFile(c.path, c.file.size);
    f.bmap = recordsOf(c.file);
    f.fsx.nextents = Number(c.file.fsxattr?.nextents ?? 0);
    const r = run(xfsIo, sys, ['-c', 'bmap -elpv', c.path]);
    expect(r.out).toBe(c.file.bmap_text);
    expect(r.err).toBe('');
  });

  it('formats a table without the ioctl limits (formatBmap)', () => {
    const c = cases.find((x) => x.name.includes('04-append-64m'))!;
    const text = formatBmap(c.path, recordsOf(c.file), c.geom, { delalloc: true, length: true, prealloc: true, verbose: 1 });
    expect(text).toBe(c.file.bmap_text);
  });
});

describe('xfs_io -c "bmap -elpv" end to end', () => {
  const rec = recording('20-reflink-cp-overwrite');
  const files = rec.state.final.files!;

  it('prints the recorded tables of a and b (shared extents: FLAGS 100000)', () => {
    const sys = new FakeSys();
    for (const p of ['a', 'b']) sys.addFile(p, files[p].size, 0x61).bmap = recordsOf(files[p]);
    for (const p of ['a', 'b']) {
      const r = run(xfsIo, sys, ['-c', 'bmap -elpv', p]);
      expect(r.out).toBe(files[p].bmap_text);
      expect(r.status).toBe(0);
    }
  });

  it('asks the kernel to flush delalloc first unless -e is given, and hides unwritten without -p', () => {
    const sys = new FakeSys();
    sys.addFile('file', 1 << 20).bmap = [{ offset: 0, block: 192, length: 2048, oflags: 0x1 | 0x4 }];
    const plain = run(xfsIo, sys, ['-c', 'bmap', '-c', 'bmap -v', '-c', 'bmap -e', 'file']);
    expect(plain.out).toBe(
      'file:\n\t0: [0..2047]: 192..2239\n' +
        'file:\n EXT: FILE-OFFSET      BLOCK-RANGE      AG AG-OFFSET        TOTAL\n   0: [0..2047]:       192..2239         0 (192..2239)       2048\n' +
        'file:\n\t0: [0..2047]: 192..2239\n',
    );
    expect(sys.calls.filter((c) => c.startsWith('getbmapx'))).toEqual(['getbmapx flush', 'getbmapx flush', 'getbmapx']);
  });

  it('calls GETBMAPX again with room for twice the extent count when 31 records fill the map', () => {
    const sys = new FakeSys();
    // 20 extents with holes between: 40 records, one more than the first call's 31.
    const recs = Array.from({ length: 40 }, (_, i) => ({ offset: i * 8, block: i % 2 ? -1 : 80 + i * 8, length: 8, oflags: 0 }));
    const f = sys.addFile('f', 40 * 4096);
    f.bmap = recs;
    f.fsx.nextents = 20;
    const r = run(xfsIo, sys, ['-c', 'bmap', 'f']);
    expect(sys.bmapCounts).toEqual([32, 41]);
    expect(r.out.split('\n').filter((l) => l.startsWith('\t'))).toHaveLength(40);
    // With -n N: one call, room for N + 1.
    run(xfsIo, sys, ['-c', 'bmap -n 5', 'f']);
    expect(sys.bmapCounts.slice(2)).toEqual([7]);
  });

  it('prints "no extents" for an empty map and the FLAG legend with -vv', () => {
    const sys = new FakeSys();
    sys.addFile('e');
    sys.addFile('f', 4096).bmap = [{ offset: 0, block: 80, length: 8, oflags: 0x1 }];
    const r = run(xfsIo, sys, ['-c', 'bmap', 'e']);
    expect(r.out).toBe('e: no extents\n');
    const v = run(xfsIo, sys, ['-c', 'bmap -vvp', 'f']);
    expect(v.out).toContain(' FLAG Values:\n    0100000 Shared extent\n    0010000 Unwritten preallocated extent\n');
    expect(v.out).toContain('   0: [0..7]:          80..87            0 (80..87)             8 010000\n');
  });

  it('reports a GETBMAPX failure the way xfs_io does (the CoW fork on this kernel: EINVAL)', () => {
    const sys = new FakeSys();
    sys.addFile('b', 4096);
    sys.getbmapx = () => {
      throw new XfsError('EINVAL', 'ioctl');
    };
    const r = run(xfsIo, sys, ['-c', 'bmap -c', 'b']);
    expect(r.err).toBe('xfs_io: xfsctl(XFS_IOC_GETBMAPX) iflags=0x28 ["b"]: Invalid argument\n');
    expect(r.status).toBe(1);
  });

  it('xfs_bmap -elpv prints what xfs_io bmap prints', () => {
    const sys = new FakeSys();
    sys.addFile('b', files.b.size).bmap = recordsOf(files.b);
    const r = run(xfsBmap, sys, ['-elpv', 'b']);
    expect(r.out).toBe(files.b.bmap_text);
    expect(sys.calls).toContain('open b ro');
    const bad = run(xfsBmap, sys, ['-z', 'b']);
    expect(bad.status).toBe(2);
    expect(bad.err).toContain('Usage: xfs_bmap [-adelpvV] [-n nx] file...\n');
  });
});
