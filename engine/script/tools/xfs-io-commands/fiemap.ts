/**
 * xfs_io `fiemap` (io/fiemap.c): FS_IOC_FIEMAP in batches of 32 extents, printed in 512-byte
 * units like bmap, with holes between extents and up to EOF (or the end of the asked range).
 * -v prints a table whose widths come from the first batch, with the flags in hex.
 */
import type { FiemapExtent } from '../../../syscalls.js';
import { Getopt } from '../lib/getopt.js';
import { asXfsError } from '../lib/sys.js';
import { cur, fileStat, num, onFile, usage } from './state.js';
import type { IoCommand, IoState } from './state.js';

const FIEMAP_EXTENT_LAST = 0x1;
const BATCH = 32;
const bb = (bytes: number): number => Math.floor(bytes / 512);

interface Widths {
  foff: number;
  boff: number;
  tot: number;
  flg: number;
}

function holeLine(w: Widths | null, i: number, lflag: boolean, from: number, to: number): string {
  if (!w) return `\t${i}: [${from}..${to - 1}]: hole${lflag ? ` ${to - from} blocks` : ''}\n`;
  return `${String(i).padStart(4)}: ${`[${from}..${to - 1}]:`.padEnd(w.foff)} ${'hole'.padEnd(w.boff)} ${String(to - from).padStart(w.tot)}\n`;
}

function widthsOf(batch: readonly FiemapExtent[]): Widths {
  const w = { foff: 16, boff: 16, tot: 5, flg: 5 };
  for (const e of batch) {
    const l = bb(e.logical), len = bb(e.length), b = bb(e.physical);
    w.foff = Math.max(w.foff, `[${l}..${l + len - 1}]`.length);
    w.boff = Math.max(w.boff, `${b}..${b + len - 1}`.length);
    w.tot = Math.max(w.tot, String(len).length);
    w.flg = Math.max(w.flg, e.flags.toString(16).length);
    if (e.flags & FIEMAP_EXTENT_LAST) break;
  }
  return w;
}

function fiemapF(st: IoState, argv: string[]): number {
  const f = cur(st);
  let lflag = false;
  let vflag = 0;
  const g = new Getopt(argv.slice(1), 'aln:v', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    switch (o.opt) {
      case 'a': break; // FIEMAP_FLAG_XATTR: XFS reports no attr-fork blocks for our files
      case 'l': lflag = true; break;
      case 'n': st.fiemapMax = parseInt(o.arg ?? '', 10) || 0; break;
      case 'v': vflag++; break;
      default:
        st.exitcode = 1;
        return usage(st, FIEMAP);
    }
  }
  const rest = g.operands();
  let start = 0;
  let rangeEnd = -1;
  let last = 0;
  if (rest.length > 0) {
    start = num(st, rest[0]);
    if (start < 0) {
      st.io.out(`non-numeric offset argument -- ${rest[0]}\n`);
      st.exitcode = 1;
      return 0;
    }
    last = start;
  }
  if (rest.length > 1) {
    const length = num(st, rest[1]);
    if (length < 0) {
      st.io.out(`non-numeric len argument -- ${rest[1]}\n`);
      st.exitcode = 1;
      return 0;
    }
    rangeEnd = start + length;
  }
  st.io.out(`${f.name}:\n`);
  let all: FiemapExtent[];
  try {
    all = onFile(st, f, 'ioctl FS_IOC_FIEMAP', (sys, fd) =>
      // io/fiemap.c always sets FIEMAP_FLAG_SYNC.
      sys.fiemap(fd, rangeEnd < 0 ? { start, sync: true } : { start, len: rangeEnd - start, sync: true }),
    );
  } catch (e) {
    st.io.err(`${st.progname}: ioctl(FS_IOC_FIEMAP) ["${f.name}"]: ${asXfsError(e).strerror}\n`);
    st.exitcode = 1;
    return 0;
  }
  const max = st.fiemapMax;
  let i = 0;
  let w: Widths | null = null;
  let done = false;
  for (let k = 0; k < all.length && !done; k++) {
    const e = all[k];
    if (vflag && i === 0) {
      w = widthsOf(all.slice(k, k + BATCH));
      st.io.out(`${'EXT'.padStart(4)}: ${'FILE-OFFSET'.padEnd(w.foff)} ${'BLOCK-RANGE'.padEnd(w.boff)} ${'TOTAL'.padStart(w.tot)} ${'FLAGS'.padStart(w.flg)}\n`);
    }
    const llast = bb(last), l = bb(e.logical), len = bb(e.length), b = bb(e.physical);
    if (l > llast) {
      st.io.out(holeLine(vflag ? w : null, i, lflag, llast, l));
      i++;
    }
    if (i !== max) {
      if (w && vflag) {
        st.io.out(
          `${String(i).padStart(4)}: ${`[${l}..${l + len - 1}]:`.padEnd(w.foff)} ${`${b}..${b + len - 1}`.padEnd(w.boff)} ` +
            `${String(len).padStart(w.tot)} ${`0x${e.flags.toString(16)}`.padStart(w.flg)}\n`,
        );
      } else {
        st.io.out(`\t${i}: [${l}..${l + len - 1}]: ${b}..${b + len - 1}${lflag ? ` ${len} blocks` : ''}\n`);
      }
      i++;
    }
    last = e.logical + e.length;
    if (e.flags & FIEMAP_EXTENT_LAST) done = true;
    else if (rangeEnd >= 0 && last >= rangeEnd) done = true;
    else if (i === max) done = true;
  }
  if (i === max) return 0;
  const size = fileStat(st, f).size;
  const end = rangeEnd < 0 ? size : Math.min(rangeEnd, size);
  if (i && last < end) st.io.out(holeLine(vflag ? w : null, i, lflag, bb(last), bb(end)));
  return 0;
}

const FIEMAP: IoCommand = {
  name: 'fiemap',
  argmin: 0,
  argmax: -1,
  flags: { foreign: true },
  args: '[-alv] [-n nx] [offset [len]]',
  oneline: 'print block mapping for a file',
  run: fiemapF,
};

/** The `fiemap` command. */
export const fiemapCommand: IoCommand = FIEMAP;
