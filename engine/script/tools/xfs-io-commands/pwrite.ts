/**
 * xfs_io `pwrite` (io/pwrite.c): one pwrite(2) per buffer-sized chunk, forwards (default),
 * backwards (-B), at random chunk offsets (-R, glibc random() seeded by -Z) or once (-O); data is
 * the -S pattern byte (default 0xcd) or read from -i/-f infile. A failed write(2) prints
 * `pwrite: <strerror>` and nothing else; a short write stops the loop and the summary shows it
 * (`wrote 8847360/20971520 bytes at offset 0`).
 */
import type { WriteSource } from '../../../syscalls.js';
import { GlibcRandom } from '../../../glibc-random.js';
import { Getopt } from '../lib/getopt.js';
import { asXfsError } from '../lib/sys.js';
import { reportIoTimes, strtoulArg, timeval, tsub } from './numbers.js';
import { blockSize, closeFile, cur, fail, filePread, filePwrite, num, onFile, openFile, perror, usage } from './state.js';
import type { IoCommand, IoState, OpenFile } from './state.js';

type Direction = 'forward' | 'backward' | 'random' | 'once';

/** The buffer and how it is written: bsize bytes, or `vectors` iovecs of bsize each (pwritev). */
interface WriteBuf {
  bsize: number;
  vectors: number;
  /** io_buffersize: bsize, or bsize * vectors. */
  size: number;
  src: WriteSource;
  dsync: boolean;
}

/**
 * do_pwrite(): pwrite(min(count, bufsize)) — or, with -V, pwritev of all iovecs with the one that
 * crosses `count` trimmed (xfs_io passes every iovec, so the ones after it are still written).
 */
function doPwrite(st: IoState, f: OpenFile, b: WriteBuf, offset: number, count: number, bufsize: number): number {
  let len: number;
  if (!b.vectors) len = Math.min(count, bufsize);
  else if (count >= b.size) len = b.size;
  else {
    const trimmedAt = Math.ceil(count / b.bsize) - 1;
    len = Math.max(count, 0) + (b.vectors - Math.max(trimmedAt, 0) - 1) * b.bsize;
  }
  const src: WriteSource = b.src.kind === 'bytes' ? { kind: 'bytes', data: b.src.data.subarray(0, len) } : b.src;
  const n = filePwrite(st, f, offset, len, src);
  if (b.vectors && b.dsync) onFile(st, f, 'fdatasync', (sys, fd) => sys.fdatasync(fd));
  return n;
}

/** write_buffer(): forwards; returns ops, or -1 after printing the error. */
function writeForward(st: IoState, f: OpenFile, b: WriteBuf, offset: number, count: number, infile: OpenFile | null, skip: number, out: { total: number }): number {
  let bar = Math.min(b.bsize, count);
  let ops = 0;
  out.total = 0;
  while (count >= 0) {
    if (infile) {
      // read_buffer(fd, skip + total, bs, &bar, 0, 1): one read of up to bs bytes.
      try {
        const data = filePread(st, infile, skip + out.total, b.bsize);
        bar = data.length;
        b.src = { kind: 'bytes', data };
      } catch (e) {
        perror(st, 'pread', e);
        break;
      }
    }
    let bytes: number;
    try {
      bytes = doPwrite(st, f, b, offset, count, bar);
    } catch (e) {
      perror(st, 'pwrite', e);
      return -1;
    }
    if (bytes === 0) break;
    ops++;
    out.total += bytes;
    if (bytes < Math.min(count, bar)) break;
    offset += bytes;
    count -= bytes;
    if (count === 0) break;
  }
  return ops;
}

/** write_random(): io_buffersize-sized writes at random aligned offsets in the range. */
function writeRandom(st: IoState, f: OpenFile, b: WriteBuf, offset: number, count: number, seed: number, out: { total: number }): number {
  const iobs = b.size;
  const rng = new GlibcRandom(seed);
  offset = Math.max(0, offset - (offset % iobs));
  // xfs_io adds the remainder (it does not round up): kept as is.
  if (count % iobs) count += count % iobs;
  count = Math.max(iobs, count);
  const range = count - iobs;
  let ops = 0;
  out.total = 0;
  while (count > 0) {
    const off = range ? Math.floor((offset + (rng.random() % range)) / iobs) * iobs : offset;
    let bytes: number;
    try {
      bytes = doPwrite(st, f, b, off, iobs, iobs);
    } catch (e) {
      perror(st, 'pwrite', e);
      return -1;
    }
    if (bytes === 0) break;
    ops++;
    out.total += bytes;
    if (bytes < iobs) break;
    count -= bytes;
  }
  return ops;
}

/** write_backward(): from offset down; updates out.count to what was attempted. */
function writeBackward(st: IoState, f: OpenFile, b: WriteBuf, offset: number, out: { total: number; count: number }): number {
  const iobs = b.size;
  let off = offset;
  let cnt = out.count;
  let end = off - cnt;
  if (end < 0) {
    cnt += end;
    end = 0;
  }
  out.total = 0;
  out.count = cnt;
  let ops = 0;
  const step = (pos: number, len: number, want: number): 'stop' | 'go' | 'fail' => {
    let bytes: number;
    try {
      bytes = doPwrite(st, f, b, pos, len, iobs);
    } catch (e) {
      perror(st, 'pwrite', e);
      return 'fail';
    }
    if (bytes === 0) return 'stop';
    ops++;
    out.total += bytes;
    if (bytes < want) return 'stop';
    cnt -= bytes;
    return 'go';
  };
  let req = off % iobs;
  if (req) {
    req = Math.min(cnt, req);
    off -= req;
    const r = step(off, req, req);
    if (r === 'fail') return -1;
    if (r === 'stop') return ops;
  }
  // As in xfs_io, the loop compares the remaining count with the lowest offset.
  while (cnt > end) {
    req = Math.min(cnt, iobs);
    off -= req;
    const r = step(off, cnt, req);
    if (r === 'fail') return -1;
    if (r === 'stop') break;
  }
  return ops;
}

function pwriteF(st: IoState, argv: string[]): number {
  const f = cur(st);
  let bsize = blockSize(st);
  let skip = 0;
  let seed = 0xcdcdcdcd;
  let zeed = 0;
  let vectors = 0;
  let compact = false, quiet = false, uflag = false, dflag = false, wflag = false, Wflag = false, dsync = false;
  let direction: Direction = 'forward';
  let infile: string | undefined;
  const g = new Getopt(argv.slice(1), 'b:BCdDf:Fi:NqRs:OS:uV:wWZ:', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    const arg = o.arg ?? '';
    switch (o.opt) {
      case 'b': {
        const v = num(st, arg);
        if (v < 0) return fail(st, `non-numeric bsize -- ${arg}\n`);
        bsize = v;
        break;
      }
      case 'C': compact = true; break;
      case 'F': direction = 'forward'; break;
      case 'B': direction = 'backward'; break;
      case 'R': direction = 'random'; break;
      case 'O': direction = 'once'; break;
      case 'd': dflag = true; break;
      case 'f': case 'i': infile = arg; break;
      case 'N': break; // RWF_NOWAIT: nothing to wait for in the simulator
      case 'D': dsync = true; break;
      case 's': {
        skip = num(st, arg);
        if (skip < 0) return fail(st, `non-numeric skip -- ${arg}\n`);
        break;
      }
      case 'S': case 'Z': {
        const v = strtoulArg(arg);
        if (v === undefined) return fail(st, `non-numeric seed -- ${arg}\n`);
        if (o.opt === 'S') seed = v;
        else zeed = v;
        break;
      }
      case 'q': quiet = true; break;
      case 'u': uflag = true; break;
      case 'V': {
        const v = strtoulArg(arg);
        if (v === undefined) return fail(st, `non-numeric vector count == ${arg}\n`);
        vectors = v;
        break;
      }
      case 'w': wflag = true; break;
      case 'W': Wflag = true; break;
      default:
        st.exitcode = 1;
        return usage(st, PWRITE);
    }
  }
  const rest = g.operands();
  if (((skip || dflag) && !infile) || rest.length !== 2 || (infile && direction !== 'forward')) {
    st.exitcode = 1;
    return usage(st, PWRITE);
  }
  const offset = num(st, rest[0]);
  if (offset < 0) return fail(st, `non-numeric offset argument -- ${rest[0]}\n`);
  let count = num(st, rest[1]);
  if (count < 0) return fail(st, `non-numeric length argument -- ${rest[1]}\n`);

  if (!uflag) st.bufferByte = seed & 0xff;
  const buf: WriteBuf = {
    bsize, vectors, size: vectors ? bsize * vectors : bsize, dsync,
    src: { kind: 'pattern', byte: st.bufferByte },
  };
  let inf: OpenFile | null = null;
  if (infile) {
    inf = openFile(st, infile, { readOnly: true, direct: dflag });
    if (!inf) {
      st.exitcode = 1;
      return 0;
    }
  }
  const t1 = timeval(st.ctx.host.now());
  const out = { total: 0, count };
  let c: number;
  switch (direction) {
    case 'random':
      c = writeRandom(st, f, buf, offset, count, zeed || Math.floor(st.ctx.host.now()), out);
      break;
    case 'backward':
      c = writeBackward(st, f, buf, offset, out);
      count = out.count;
      break;
    case 'once':
      try {
        out.total = doPwrite(st, f, buf, offset, count, count);
        c = 1;
      } catch (e) {
        perror(st, 'pwrite', e);
        c = -1;
      }
      break;
    default:
      c = writeForward(st, f, buf, offset, count, inf, skip, out);
  }
  done: {
    if (c < 0) {
      st.exitcode = 1;
      break done;
    }
    if (Wflag && !syncOk(st, f, 'fsync')) break done;
    if (wflag && !syncOk(st, f, 'fdatasync')) break done;
    if (quiet) break done;
    const t2 = tsub(timeval(st.ctx.host.now()), t1);
    st.io.out(reportIoTimes('wrote', t2, offset, count, out.total, c, compact));
  }
  if (inf) closeFile(st, inf);
  return 0;
}

/** fsync/fdatasync after the writes (-W / -w); false (and exit code 1) when it failed. */
function syncOk(st: IoState, f: OpenFile, which: 'fsync' | 'fdatasync'): boolean {
  try {
    onFile(st, f, which, (sys, fd) => (which === 'fsync' ? sys.fsync(fd) : sys.fdatasync(fd)));
    return true;
  } catch (e) {
    st.io.err(`${which}: ${asXfsError(e).strerror}\n`);
    st.exitcode = 1;
    return false;
  }
}

const PWRITE: IoCommand = {
  name: 'pwrite',
  altname: 'w',
  argmin: 2,
  argmax: -1,
  flags: { foreign: true },
  args: '[-i infile [-qdDwNOW] [-s skip]] [-b bs] [-S seed] [-FBR [-Z N]] [-V N] off len',
  oneline: 'writes a number of bytes at a specified offset',
  run: pwriteF,
};

/** The `pwrite` (`w`) command. */
export const pwriteCommand: IoCommand = PWRITE;
