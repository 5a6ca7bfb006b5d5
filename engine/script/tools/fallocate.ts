/**
 * util-linux 2.38 `fallocate [-n] [-p] [-z] [-c] [-i] [-x] [-v] [-o offset] -l length file`:
 * one fallocate(2). -p implies -n (keep size); only plain allocation creates the file. Messages are
 * util-linux's (`fallocate: fallocate failed: No space left on device`). -c, -i and -d have no
 * counterpart in the simulated kernel and fail with EOPNOTSUPP.
 */
import type { Tool } from '../tool.js';
import type { FallocMode } from '../../syscalls.js';
import { XfsError } from '../../xfs-errors.js';
import { Getopt, type LongOption } from './lib/getopt.js';
import { utilLinuxSize } from './lib/sizes.js';
import { asXfsError, syscall, toolPath, tryHelp } from './lib/sys.js';

const LONGOPTS: LongOption[] = [
  { name: 'keep-size', arg: 'none', key: 'n' },
  { name: 'punch-hole', arg: 'none', key: 'p' },
  { name: 'collapse-range', arg: 'none', key: 'c' },
  { name: 'dig-holes', arg: 'none', key: 'd' },
  { name: 'insert-range', arg: 'none', key: 'i' },
  { name: 'zero-range', arg: 'none', key: 'z' },
  { name: 'offset', arg: 'required', key: 'o' },
  { name: 'length', arg: 'required', key: 'l' },
  { name: 'posix', arg: 'none', key: 'x' },
  { name: 'verbose', arg: 'none', key: 'v' },
];

/** Mutually exclusive groups (util-linux `excl`), in its order. */
const EXCLUSIVE = ['cdpz', 'cn', 'xcdinpz'];

/**
 * err_exclusive_options(): as util-linux scans it — a group is only looked at while its first
 * option sorts before the one being parsed, and a group's options only up to that one.
 */
function exclusive(c: string, status: string[]): string | undefined {
  for (let e = 0; e < EXCLUSIVE.length && EXCLUSIVE[e][0] <= c; e++) {
    for (const op of EXCLUSIVE[e]) {
      if (op > c) break;
      if (op !== c) continue;
      if (!status[e]) status[e] = c;
      else if (status[e] !== c) return [...EXCLUSIVE[e]].map((o) => ` --${LONGOPTS.find((l) => l.key === o)!.name}`).join('');
      break;
    }
  }
  return undefined;
}

/** size_to_human_string(SIZE_SUFFIX_3LETTER | SIZE_SUFFIX_SPACE): `1 MiB`, `1.5 KiB`, `10 B`. */
function human(bytes: number): string {
  let exp = 0;
  for (let shft = 10; shft <= 60; shft += 10) {
    exp = shft - 10;
    if (bytes < 2 ** shft) break;
    exp = shft;
  }
  const letter = 'BKMGTPE'[exp / 10];
  let dec = Math.floor(bytes / 2 ** exp);
  let frac = bytes % 2 ** exp;
  if (frac) {
    frac = Math.floor((frac * 1000) / 2 ** exp);
    frac = Math.floor((frac + 50) / 100) * 10;
    if (frac === 100) {
      dec++;
      frac = 0;
    }
  }
  const suffix = ` ${letter}${letter === 'B' ? '' : 'iB'}`;
  if (!frac) return `${dec}${suffix}`;
  return `${dec}.${String(frac).padStart(2, '0').replace(/0$/, '')}${suffix}`;
}

/** The fallocate tool. */
export const fallocate: Tool = (ctx) => {
  ctx.host.setTask('fallocate');
  const flags = new Set<string>();
  let length = -2;
  let offset = 0;
  let verbose = false;
  const g = new Getopt(ctx.args, 'hvVncpdizxl:o:', 'fallocate', (t) => ctx.err(t), LONGOPTS);
  const status: string[] = [];
  for (let x = g.next(); x; x = g.next()) {
    const clash = exclusive(x.opt, status);
    if (clash) {
      ctx.err(`fallocate: mutually exclusive arguments:${clash}\n`);
      return 1;
    }
    if (x.opt === 'l') length = utilLinuxSize(x.arg ?? '') ?? -1;
    else if (x.opt === 'o') offset = utilLinuxSize(x.arg ?? '') ?? -1;
    else if (x.opt === 'v') verbose = true;
    else if ('ncpdizx'.includes(x.opt)) flags.add(x.opt);
    else return tryHelp(ctx, 'fallocate');
  }
  const ops = g.operands();
  if (ops.length === 0) return die(ctx, 'no filename specified');
  if (ops.length !== 1) return die(ctx, 'unexpected number of arguments');
  const file = ops[0];
  const dig = flags.has('d');
  if (dig) {
    if (length === -2) length = 0;
    if (length < 0) return die(ctx, 'invalid length value specified');
  } else {
    if (length === -2) return die(ctx, 'no length argument specified');
    if (length <= 0) return die(ctx, 'invalid length value specified');
  }
  if (offset < 0) return die(ctx, 'invalid offset value specified');

  const keep = flags.has('n') || flags.has('p');
  let mode: FallocMode | undefined = 'alloc';
  if (flags.has('p')) mode = 'punch';
  else if (flags.has('z')) mode = keep ? 'zero-keep' : 'zero';
  else if (flags.has('c') || flags.has('i')) mode = undefined;
  else if (keep) mode = 'keep-size';
  const create = !dig && mode === 'alloc';
  const w = toolPath(ctx, file);
  let fd: number;
  try {
    if (w.kind !== 'mount') throw new XfsError('ENOENT', 'open', file);
    fd = syscall(ctx, `open ${file}`, () => ctx.sys.open(w.rel, { create }));
  } catch (e) {
    return die(ctx, `cannot open ${file}: ${asXfsError(e).strerror}`);
  }
  try {
    syscall(ctx, `fallocate ${mode ?? 'unsupported'} ${offset} ${length}`, () => {
      if (!mode || dig) throw new XfsError('EOPNOTSUPP', 'fallocate');
      ctx.sys.fallocate(fd, mode, offset, length);
    });
  } catch (e) {
    const err = asXfsError(e);
    syscall(ctx, `close ${file}`, () => ctx.sys.close(fd));
    if (keep && err.code === 'EOPNOTSUPP') return die(ctx, 'fallocate failed: keep size mode is unsupported');
    return die(ctx, `fallocate failed: ${err.strerror}`);
  }
  // util-linux fallocate makes the change durable before it exits: an fsync (recording 60).
  syscall(ctx, `fsync ${file}`, () => ctx.sys.fsync(fd));
  syscall(ctx, `close ${file}`, () => ctx.sys.close(fd));
  if (verbose) {
    const what = flags.has('p') ? 'hole created' : flags.has('z') ? 'zeroed' : 'allocated';
    ctx.out(`${file}: ${human(length)} (${length} bytes) ${what}.\n`);
  }
  return 0;
};

function die(ctx: Parameters<Tool>[0], msg: string): number {
  ctx.err(`fallocate: ${msg}\n`);
  return 1;
}
