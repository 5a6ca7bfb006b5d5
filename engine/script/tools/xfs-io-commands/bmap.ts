/**
 * xfs_io `bmap` (io/bmap.c) over GETBMAPX: the plain list (`\t0: [0..7]: 80..87`) or, with -v,
 * the table whose columns widen with their content (FILE-OFFSET, BLOCK-RANGE and AG-OFFSET at least
 * 16 wide, AG at least 2, TOTAL at least 5) and the 6-digit octal FLAGS column (100000 shared,
 * 010000 unwritten, then the stripe-unit/width bits) when -p is given or an extent is unwritten.
 */
import { BMV_OF_DELALLOC, BMV_OF_PREALLOC, BMV_OF_SHARED } from '../../../syscalls.js';
import type { FsGeometry, FsxAttr, GetbmapxRec } from '../../../syscalls.js';
import { Getopt } from '../lib/getopt.js';
import { asXfsError } from '../lib/sys.js';
import { cur, fileStat, onFile, usage } from './state.js';
import type { IoCommand, IoState } from './state.js';

/** bmap's options. */
export interface BmapOptions {
  attr?: boolean;
  cow?: boolean;
  delalloc?: boolean;
  length?: boolean;
  prealloc?: boolean;
  verbose?: number;
  /** -n: how many extents to print (0 = all). */
  count?: number;
}

/** BBSIZE: bmap prints 512-byte units. */
const BBSIZE = 512;
const FLG_SHARED = 0o100000;
const FLG_PRE = 0o010000;
const FLG_BSU = 0o001000;
const FLG_ESU = 0o000100;
const FLG_BSW = 0o000010;
const FLG_ESW = 0o000001;

/** numlen(): decimal digits of a non-negative value (1 for 0). */
function numlen(v: number): number {
  return String(Math.max(0, Math.trunc(v))).length;
}

const padR = (s: string, w: number): string => s.padEnd(w);
const padL = (s: string, w: number): string => s.padStart(w);
const oct6 = (v: number): string => v.toString(8).padStart(6, '0');

/**
 * The text bmap prints for `name` given the GETBMAPX records (already limited to what the ioctl
 * returned), the geometry and the options. `realtime` drops the AG columns (an rt file).
 */
export function formatBmap(
  name: string,
  records: readonly GetbmapxRec[],
  geom: Pick<FsGeometry, 'agblocks' | 'agcount' | 'blocksize'> & { sunit?: number; swidth?: number },
  opts: BmapOptions,
  realtime = false,
): string {
  const n = opts.count ? Math.min(opts.count, records.length) : records.length;
  if (!opts.count && records.length <= 0) return `${name}: no extents\n`;
  const map = records.slice(0, n);
  let s = `${name}:\n`;
  const range = (r: GetbmapxRec): string => `[${r.offset}..${r.offset + r.length - 1}]:`;
  const blocks = (r: GetbmapxRec): string => `${r.block}..${r.block + r.length - 1}`;
  if (!opts.verbose) {
    map.forEach((r, i) => {
      s += `\t${i}: [${r.offset}..${r.offset + r.length - 1}]: `;
      s += r.block === -1 ? 'hole' : r.block === -2 ? 'delalloc' : blocks(r);
      s += opts.length ? ` ${r.length} blocks\n` : '\n';
    });
    return s;
  }
  const bbperag = realtime ? 0 : (geom.agblocks * geom.blocksize) / BBSIZE;
  const sunit = realtime ? 0 : ((geom.sunit ?? 0) * geom.blocksize) / BBSIZE;
  const swidth = realtime ? 0 : ((geom.swidth ?? 0) * geom.blocksize) / BBSIZE;
  // C: agno = block / bbperag (truncating), agoff = block - agno * bbperag.
  const agOf = (block: number): { agno: number; agoff: number } => {
    const agno = Math.trunc(block / bbperag);
    return { agno, agoff: block - agno * bbperag };
  };
  let foffW = 16, boffW = 16, aoffW = 16, totW = 5;
  let flg = sunit || (opts.prealloc ? 1 : 0);
  for (const r of map) {
    if (r.oflags & BMV_OF_PREALLOC) flg = 1;
    foffW = Math.max(foffW, range(r).length);
    totW = Math.max(totW, numlen(r.length));
    if (r.block === -1) continue;
    boffW = Math.max(boffW, blocks(r).length);
    if (realtime) aoffW = 0;
    else {
      const { agoff } = agOf(r.block);
      aoffW = Math.max(aoffW, `(${agoff}..${agoff + r.length - 1})`.length);
    }
  }
  const agnoW = realtime ? 0 : Math.max(2, numlen(geom.agcount));
  s +=
    `${padL('EXT', 4)}: ${padR('FILE-OFFSET', foffW)} ${padR(realtime ? 'RT-BLOCK-RANGE' : 'BLOCK-RANGE', boffW)} ` +
    `${padL(realtime ? '' : 'AG', agnoW)} ${padR(realtime ? '' : 'AG-OFFSET', aoffW)} ${padL('TOTAL', totW)}${flg ? ' FLAGS' : ''}\n`;
  map.forEach((r, i) => {
    flg = 0;
    if (r.oflags & BMV_OF_PREALLOC) flg |= FLG_PRE;
    if (r.oflags & BMV_OF_SHARED) flg |= FLG_SHARED;
    const block = r.oflags & BMV_OF_DELALLOC ? -2 : r.block;
    if (sunit) {
      if (block % sunit !== 0) flg |= FLG_BSU;
      if ((block + r.length) % sunit !== 0) flg |= FLG_ESU;
      if (block % swidth !== 0) flg |= FLG_BSW;
      if ((block + r.length) % swidth !== 0) flg |= FLG_ESW;
    }
    const head = `${padL(String(i), 4)}: ${padR(range(r), foffW)} `;
    if (block === -1 || block === -2) {
      s += `${head}${padR(block === -1 ? 'hole' : 'delalloc', boffW)} ${padL('', agnoW)} ${padR('', aoffW)} ${padL(String(r.length), totW)}\n`;
      return;
    }
    s += `${head}${padR(blocks({ ...r, block }), boffW)}`;
    if (!realtime) {
      const { agno, agoff } = agOf(block);
      s += ` ${padL(String(agno), agnoW)} ${padR(`(${agoff}..${agoff + r.length - 1})`, aoffW)}`;
    } else s += '  ';
    s += ` ${padL(String(r.length), totW)}`;
    s += flg === 0 && !opts.prealloc ? '\n' : ` ${oct6(flg)}\n`;
  });
  if ((flg || opts.prealloc) && (opts.verbose ?? 0) > 1) {
    s += ' FLAG Values:\n';
    const legend: [number, string][] = [
      [FLG_SHARED, 'Shared extent'],
      [FLG_PRE, 'Unwritten preallocated extent'],
      [FLG_BSU, "Doesn't begin on stripe unit"],
      [FLG_ESU, "Doesn't end   on stripe unit"],
      [FLG_BSW, "Doesn't begin on stripe width"],
      [FLG_ESW, "Doesn't end   on stripe width"],
    ];
    for (const [v, text] of legend) s += `    ${v.toString(8).padStart(7, '0')} ${text}\n`;
  }
  return s;
}

/** GETBMAPX iflags, for the error message: ATTRFORK 0x1, PREALLOC 0x4, DELALLOC 0x8, COWFORK 0x20. */
function iflagsOf(o: BmapOptions): number {
  let f = 0;
  if (o.attr) f |= 0x1;
  if (o.delalloc || o.cow) f |= 0x8;
  if (o.cow) f |= 0x20;
  if (o.prealloc && !o.attr && !o.cow) f |= 0x4;
  return f;
}

function bmapF(st: IoState, argv: string[]): number {
  const f = cur(st);
  const o: BmapOptions = { verbose: 0 };
  const g = new Getopt(argv.slice(1), 'aceln:pv', argv[0], (t) => st.io.err(t));
  for (let x = g.next(); x; x = g.next()) {
    switch (x.opt) {
      case 'a': o.attr = true; break;
      case 'c': o.cow = true; break;
      case 'e': o.delalloc = true; break;
      case 'l': o.length = true; break;
      case 'n': o.count = parseInt(x.arg ?? '', 10) || 0; break;
      case 'p': o.prealloc = true; break;
      case 'v': o.verbose = (o.verbose ?? 0) + 1; break;
      default: return usage(st, BMAP);
    }
  }
  // The kernel reports unwritten extents only when asked (BMV_IF_PREALLOC), never for attr/CoW.
  const reportPrealloc = !!o.prealloc && !o.attr && !o.cow;
  let realtime = false;
  let geom: Pick<FsGeometry, 'agblocks' | 'agcount' | 'blocksize'> = { agblocks: 1, agcount: 1, blocksize: BBSIZE };
  if (o.verbose) {
    try {
      geom = onFile(st, f, 'ioctl XFS_IOC_FSGEOMETRY', (sys) => sys.geometry());
    } catch (e) {
      st.io.err(`${st.progname}: can't get geometry ["${f.name}"]: ${asXfsError(e).strerror}\n`);
      st.exitcode = 1;
      return 0;
    }
    try {
      const fsx = onFile(st, f, 'ioctl FS_IOC_FSGETXATTR', (sys, fd) => sys.getFsxattr(fd));
      realtime = fsx.xflags === 0x1;
    } catch (e) {
      st.io.err(`${st.progname}: cannot read attrs on "${f.name}": ${asXfsError(e).strerror}\n`);
      st.exitcode = 1;
      return 0;
    }
  }
  // The map starts with room for nflag + 2 records, else 32. When the first call fills it, bmap reads
  // the extent count and, if twice that is more, calls again with room for 2 * nextents + 1: at most
  // two calls, each traced by the kernel as it walks the fork.
  let size = o.count ? o.count + 2 : 32;
  let recs: GetbmapxRec[] = [];
  for (let loop = 0; loop < 2; loop++) {
    try {
      recs = onFile(st, f, 'ioctl XFS_IOC_GETBMAPX', (sys, fd) =>
        sys.getbmapx(fd, { cow: o.cow, attr: o.attr, noDelalloc: !o.delalloc && !o.cow, count: size }),
      );
    } catch (e) {
      const err = asXfsError(e);
      if (!(err.code === 'EINVAL' && !o.attr && fileStat(st, f).size === 0)) {
        st.io.err(`${st.progname}: xfsctl(XFS_IOC_GETBMAPX) iflags=0x${iflagsOf(o).toString(16)} ["${f.name}"]: ${err.strerror}\n`);
        st.exitcode = 1;
        return 0;
      }
      recs = [];
      break;
    }
    if (o.count || recs.length < size - 1) break;
    let fsx: FsxAttr;
    try {
      fsx = onFile(st, f, 'ioctl FS_IOC_FSGETXATTR', (sys, fd) => sys.getFsxattr(fd));
    } catch (e) {
      st.io.err(`${st.progname}: xfsctl(XFS_IOC_FSGETXATTR${o.attr ? 'A' : ''}) ["${f.name}"]: ${asXfsError(e).strerror}\n`);
      st.exitcode = 1;
      return 0;
    }
    const nextents = o.attr ? fsx.naextents : fsx.nextents;
    if (2 * nextents > size) size = 2 * nextents + 1;
  }
  recs = recs.map((r) => (reportPrealloc ? r : { ...r, oflags: r.oflags & ~BMV_OF_PREALLOC }));
  st.io.out(formatBmap(f.name, recs, geom, o, realtime));
  return 0;
}

const BMAP: IoCommand = {
  name: 'bmap',
  argmin: 0,
  argmax: -1,
  flags: {},
  args: '[-acelpv] [-n nx]',
  oneline: 'print block mapping for an XFS file',
  run: bmapF,
};

/** The `bmap` command. */
export const bmapCommand: IoCommand = BMAP;
