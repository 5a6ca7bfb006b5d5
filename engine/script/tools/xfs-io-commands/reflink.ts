/**
 * xfs_io `reflink` and `dedupe` (io/reflink.c): FICLONE / FICLONERANGE from an input file into the
 * open file (`linked 65536/65536 bytes at offset 65536`; a whole-file clone reports 0/0), and
 * FIDEDUPERANGE in as many calls as the kernel needs.
 */
import { XfsError } from '../../../xfs-errors.js';
import { Getopt } from '../lib/getopt.js';
import { syscall } from '../lib/sys.js';
import { reportIoTimes, timeval, tsub } from './numbers.js';
import { closeFile, cur, num, openFile, perror, usage } from './state.js';
import type { IoCommand, IoState, OpenFile } from './state.js';

/** Parses `infile [soff doff len]`; null after printing the problem. */
function parseArgs(st: IoState, cmd: IoCommand, argv: string[], rangeOptional: boolean): { infile: string; soff: number; doff: number; len: number; compact: boolean; quiet: boolean } | null {
  let compact = false, quiet = false;
  const g = new Getopt(argv.slice(1), 'Cq', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'C') compact = true;
    else if (o.opt === 'q') quiet = true;
    else {
      st.exitcode = 1;
      usage(st, cmd);
      return null;
    }
  }
  const rest = g.operands();
  if (rest.length !== 4 && !(rangeOptional && rest.length === 1)) {
    st.exitcode = 1;
    usage(st, cmd);
    return null;
  }
  const r = { infile: rest[0], soff: 0, doff: 0, len: 0, compact, quiet };
  if (rest.length === 1) return r;
  const checks: [keyof typeof r, string, string][] = [
    ['soff', rest[1], 'non-numeric src offset argument'],
    ['doff', rest[2], 'non-numeric dest offset argument'],
    ['len', rest[3], 'non-positive length argument'],
  ];
  for (const [key, text, msg] of checks) {
    const v = num(st, text);
    if (v < 0) {
      st.io.out(`${msg} -- ${text}\n`);
      st.exitcode = 1;
      return null;
    }
    (r[key] as number) = v;
  }
  return r;
}

/** The two fds of a remap; a file outside the scratch filesystem is another device (EXDEV). */
function fds(src: OpenFile, dst: OpenFile, call: string): [number, number] {
  if (src.fd === null || dst.fd === null) throw new XfsError('EXDEV', call);
  return [src.fd, dst.fd];
}

function reflinkF(st: IoState, argv: string[]): number {
  const a = parseArgs(st, REFLINK, argv, true);
  if (!a) return 0;
  const dst = cur(st);
  const src = openFile(st, a.infile, { readOnly: true });
  if (!src) {
    st.exitcode = 1;
    return 0;
  }
  const t1 = timeval(st.ctx.host.now());
  const whole = a.soff === 0 && a.doff === 0 && a.len === 0;
  const call = whole ? 'XFS_IOC_CLONE' : 'XFS_IOC_CLONE_RANGE';
  let ops = 0;
  try {
    syscall(st.ctx, whole ? 'ioctl FICLONE' : `ioctl FICLONERANGE ${a.soff} ${a.doff} ${a.len}`, () => {
      const [s, d] = fds(src, dst, call);
      if (whole) st.sys.reflink(s, d);
      else st.sys.reflink(s, d, a.soff, a.doff, a.len);
    });
    ops = 1;
  } catch (e) {
    // reflink_ioctl() prints the error but leaves the exit code alone.
    perror(st, call, e);
  }
  if (ops && !a.quiet) {
    const t2 = tsub(timeval(st.ctx.host.now()), t1);
    st.io.out(reportIoTimes('linked', t2, a.doff, a.len, a.len, ops, a.compact));
  }
  closeFile(st, src);
  return 0;
}

function dedupeF(st: IoState, argv: string[]): number {
  const a = parseArgs(st, DEDUPE, argv, false);
  if (!a) return 0;
  const dst = cur(st);
  const src = openFile(st, a.infile, { readOnly: true });
  if (!src) {
    st.exitcode = 1;
    return 0;
  }
  const t1 = timeval(st.ctx.host.now());
  let { soff, doff, len } = a;
  let ops = 0;
  let total = 0;
  while (len > 0 || ops === 0) {
    let n: number;
    try {
      n = syscall(st.ctx, `ioctl FIDEDUPERANGE ${soff} ${doff} ${len}`, () => {
        const [s, d] = fds(src, dst, 'XFS_IOC_FILE_EXTENT_SAME');
        return st.sys.dedupe(s, d, soff, doff, len);
      });
    } catch (e) {
      perror(st, 'XFS_IOC_FILE_EXTENT_SAME', e);
      st.exitcode = 1;
      break;
    }
    // FILE_DEDUPE_RANGE_DIFFERS: the kernel dedupes nothing when the ranges differ.
    if (len > 0 && n === 0) {
      st.io.err('XFS_IOC_FILE_EXTENT_SAME: Extents did not match.\n');
      break;
    }
    if (len !== 0 && n > len) break;
    ops++;
    soff += n;
    doff += n;
    if (len >= n) len -= n;
    total += n;
  }
  if (ops && !a.quiet) {
    const t2 = tsub(timeval(st.ctx.host.now()), t1);
    st.io.out(reportIoTimes('deduped', t2, a.doff, a.len, total, ops, a.compact));
  }
  closeFile(st, src);
  return 0;
}

const REFLINK: IoCommand = {
  name: 'reflink', altname: 'rl', argmin: 1, argmax: -1, flags: { foreign: true, oneshot: true },
  args: 'infile [src_off dst_off len]',
  oneline: 'reflinks an entire file, or a number of bytes at a specified offset', run: reflinkF,
};
const DEDUPE: IoCommand = {
  name: 'dedupe', altname: 'dd', argmin: 4, argmax: -1, flags: { foreign: true, oneshot: true },
  args: 'infile src_off dst_off len', oneline: 'dedupes a number of bytes at a specified offset', run: dedupeF,
};

/** reflink and dedupe. */
export const reflinkCommands: IoCommand[] = [REFLINK, DEDUPE];
