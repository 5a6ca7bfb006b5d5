/**
 * xfs_io `pread` (io/pread.c): pread(2) in buffer-sized chunks, forwards (with -v hex dump),
 * backwards (-B) or at random offsets (-R), then `read N/M bytes at offset X` and the timing line.
 * A negative (or unparsable) offset/length means "from/to EOF" where xfs_io allows it.
 */
import { GlibcRandom } from '../../../glibc-random.js';
import { Getopt } from '../lib/getopt.js';
import { reportIoTimes, strtoulArg, timeval, tsub } from './numbers.js';
import { blockSize, cur, fail, filePread, fileStat, num, perror, usage } from './state.js';
import type { IoCommand, IoState, OpenFile } from './state.js';

/** io.h: IO_RANDOM 0, IO_FORWARD 1, IO_BACKWARD -1 (pread tests them with bitwise &). */
const IO_RANDOM = 0, IO_FORWARD = 1, IO_BACKWARD = -1;

/**
 * __dump_buffer(): 16 bytes a line, `%08llx:  ` then `%02x ` of each byte as a (signed) char —
 * so bytes >= 0x80 print as ffffff80 — then the isalnum() characters, others as '.'.
 */
export function dumpBuffer(data: Uint8Array, offset: number): string {
  let s = '';
  for (let i = 0; i < data.length; i += 16) {
    const line = data.subarray(i, i + 16);
    s += (offset + i).toString(16).padStart(8, '0') + ':  ';
    for (const b of line) s += (b >= 0x80 ? (0xffffff00 | b) >>> 0 : b).toString(16).padStart(2, '0') + ' ';
    s += ' ';
    for (const b of line) s += /[A-Za-z0-9]/.test(String.fromCharCode(b)) && b < 0x80 ? String.fromCharCode(b) : '.';
    s += '\n';
  }
  return s;
}

/** One pread of min(count, bufsize) (count < 0 reads a whole buffer, like C's unsigned min). */
function doPread(st: IoState, f: OpenFile, offset: number, count: number, bufsize: number): Uint8Array {
  const len = count < 0 ? bufsize : Math.min(count, bufsize);
  return filePread(st, f, offset, len);
}

interface ReadResult {
  ops: number;
  total: number;
}

function readForward(st: IoState, f: OpenFile, offset: number, count: number, bs: number, verbose: boolean, eof: boolean): ReadResult | null {
  const r = { ops: 0, total: 0 };
  while (count > 0 || eof) {
    let data: Uint8Array;
    try {
      data = doPread(st, f, offset, count, bs);
    } catch (e) {
      perror(st, 'pread', e);
      return null;
    }
    if (data.length === 0) break;
    r.ops++;
    if (verbose) st.io.out(dumpBuffer(data, offset));
    r.total += data.length;
    if (data.length < (count < 0 ? bs : Math.min(count, bs))) break;
    offset += data.length;
    count -= data.length;
  }
  return r;
}

function readBackward(st: IoState, f: OpenFile, pos: { offset: number; count: number }, bs: number, eof: boolean): ReadResult | null {
  const size = fileStat(st, f).size;
  let off = eof ? size : Math.min(size, pos.offset);
  let cnt = pos.count;
  let end = off - cnt;
  if (end < 0) {
    cnt += end;
    end = 0;
  }
  pos.count = cnt;
  pos.offset = off;
  const r = { ops: 0, total: 0 };
  const one = (at: number, len: number, want: number): 'go' | 'stop' | 'fail' => {
    try {
      const n = doPread(st, f, at, len, bs).length;
      if (n === 0) return 'stop';
      r.ops++;
      r.total += n;
      cnt -= n;
      return n < want ? 'stop' : 'go';
    } catch (e) {
      perror(st, 'pread', e);
      return 'fail';
    }
  };
  const req = off % bs;
  if (req) {
    off -= req;
    const s = one(off, req, req);
    if (s !== 'go') return s === 'fail' ? null : r;
  }
  while (cnt > end) {
    const want = Math.min(cnt, bs);
    off -= want;
    const s = one(off, cnt, want);
    if (s === 'fail') return null;
    if (s === 'stop') break;
  }
  return r;
}

function readRandom(st: IoState, f: OpenFile, offset: number, count: number, bs: number, seed: number, eof: boolean): ReadResult | null {
  const rng = new GlibcRandom(seed);
  const end = fileStat(st, f).size;
  offset = eof || offset > end ? end : offset;
  offset = Math.max(0, offset - (offset % bs));
  if (count % bs) count += count % bs;
  count = Math.max(bs, count);
  const range = count - bs;
  const r = { ops: 0, total: 0 };
  while (count > 0) {
    const off = range ? Math.floor((offset + (rng.random() % range)) / bs) * bs : offset;
    let n: number;
    try {
      n = doPread(st, f, off, bs, bs).length;
    } catch (e) {
      perror(st, 'pread', e);
      return null;
    }
    if (n === 0) break;
    r.ops++;
    r.total += n;
    if (n < bs) break;
    count -= n;
  }
  return r;
}

function preadF(st: IoState, argv: string[]): number {
  const f = cur(st);
  let bs = blockSize(st);
  let zeed = 0;
  let compact = false, quiet = false, verbose = false;
  let direction = IO_FORWARD;
  const g = new Getopt(argv.slice(1), 'b:BCFRquvV:Z:', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    const arg = o.arg ?? '';
    switch (o.opt) {
      case 'b': {
        const v = num(st, arg);
        if (v < 0) return fail(st, `non-numeric bsize -- ${arg}\n`);
        bs = v;
        break;
      }
      case 'C': compact = true; break;
      case 'F': direction = IO_FORWARD; break;
      case 'B': direction = IO_BACKWARD; break;
      case 'R': direction = IO_RANDOM; break;
      case 'q': quiet = true; break;
      case 'u': break;
      case 'v': verbose = true; break;
      case 'V':
        if (strtoulArg(arg) === undefined) return fail(st, `non-numeric vector count == ${arg}\n`);
        break;
      case 'Z': {
        const v = strtoulArg(arg);
        if (v === undefined) return fail(st, `non-numeric seed -- ${arg}\n`);
        zeed = v;
        break;
      }
      default:
        st.exitcode = 1;
        return usage(st, PREAD);
    }
  }
  const rest = g.operands();
  if (rest.length !== 2) {
    st.exitcode = 1;
    return usage(st, PREAD);
  }
  let eof = false;
  let offset = num(st, rest[0]);
  if (offset < 0 && direction & (IO_RANDOM | IO_BACKWARD)) eof = true;
  else if (offset < 0) return fail(st, `non-numeric length argument -- ${rest[0]}\n`);
  let count = num(st, rest[1]);
  if (count < 0 && direction & (IO_RANDOM | IO_FORWARD)) eof = true;
  else if (count < 0) return fail(st, `non-numeric length argument -- ${rest[1]}\n`);
  st.bufferByte = 0xab;

  const t1 = timeval(st.ctx.host.now());
  let r: ReadResult | null;
  if (direction === IO_RANDOM) {
    r = readRandom(st, f, offset, count, bs, zeed || Math.floor(st.ctx.host.now()), eof);
  } else if (direction === IO_FORWARD) {
    r = readForward(st, f, offset, count, bs, verbose, eof);
    if (r && eof) count = r.total;
  } else {
    const pos = { offset, count };
    r = readBackward(st, f, pos, bs, eof);
    offset = pos.offset;
    count = pos.count;
  }
  if (!r) {
    st.exitcode = 1;
    return 0;
  }
  if (quiet) return 0;
  const t2 = tsub(timeval(st.ctx.host.now()), t1);
  st.io.out(reportIoTimes('read', t2, offset, count, r.total, r.ops, compact));
  return 0;
}

const PREAD: IoCommand = {
  name: 'pread',
  altname: 'r',
  argmin: 2,
  argmax: -1,
  flags: { foreign: true },
  args: '[-b bs] [-qv] [-i N] [-FBR [-Z N]] off len',
  oneline: 'reads a number of bytes at a specified offset',
  run: preadF,
};

/** The `pread` (`r`) command. */
export const preadCommand: IoCommand = PREAD;
