/**
 * coreutils 9.1 `truncate -s [+|-|<|>|/|%]SIZE [-c] [-o] [-r RFILE] FILE...`: open(O_WRONLY|
 * O_CREAT) then ftruncate(2). SIZE takes K/M/G... suffixes (`1m`, `100K`, `5MB`).
 */
import type { Tool, ToolContext } from '../tool.js';
import type { Fd } from '../../syscalls.js';
import { XfsError } from '../../xfs-errors.js';
import { Getopt } from './lib/getopt.js';
import { coreutilsSize } from './lib/sizes.js';
import { asXfsError, quoteAlways, syscall, toolPath, tryHelp } from './lib/sys.js';

type Rel = '' | 'rel' | 'max' | 'min' | 'rdn' | 'rup';

function newSize(ctx: ToolContext, fd: Fd, size: number, rel: Rel, refSize: number | undefined, blockMode: boolean): number {
  let s = size;
  if (blockMode) s *= syscall(ctx, 'fstat', () => ctx.sys.fstat(fd)).blksize;
  if (!rel) return Math.max(0, s);
  const fsize = refSize ?? syscall(ctx, 'fstat', () => ctx.sys.fstat(fd)).size;
  let n: number;
  if (rel === 'min') n = Math.max(fsize, s);
  else if (rel === 'max') n = Math.min(fsize, s);
  else if (rel === 'rdn') n = fsize - (fsize % s);
  else if (rel === 'rup') n = fsize + (fsize % s === 0 ? 0 : s - (fsize % s));
  else n = fsize + s;
  return Math.max(0, n);
}

/** The truncate tool. */
export const truncate: Tool = (ctx) => {
  ctx.host.setTask('truncate');
  let noCreate = false, blockMode = false;
  let size: number | undefined;
  let rel: Rel = '';
  let ref: string | undefined;
  const g = new Getopt(ctx.args, 'cor:s:', 'truncate', (t) => ctx.err(t), [
    { name: 'no-create', arg: 'none', key: 'c' },
    { name: 'io-blocks', arg: 'none', key: 'o' },
    { name: 'reference', arg: 'required', key: 'r' },
    { name: 'size', arg: 'required', key: 's' },
  ]);
  for (let x = g.next(); x; x = g.next()) {
    if (x.opt === 'c') noCreate = true;
    else if (x.opt === 'o') blockMode = true;
    else if (x.opt === 'r') ref = x.arg;
    else if (x.opt === 's') {
      let a = (x.arg ?? '').trimStart();
      const prefix: Record<string, Rel> = { '<': 'max', '>': 'min', '/': 'rdn', '%': 'rup' };
      if (prefix[a[0]]) {
        rel = prefix[a[0]];
        a = a.slice(1).trimStart();
      }
      if (a[0] === '+' || a[0] === '-') {
        if (rel) {
          ctx.err('truncate: multiple relative modifiers specified\n');
          return tryHelp(ctx, 'truncate');
        }
        rel = 'rel';
      }
      size = coreutilsSize(a);
      if (size === undefined) {
        ctx.err(`truncate: Invalid number: ${quoteAlways(a)}\n`);
        return 1;
      }
      if ((rel === 'rup' || rel === 'rdn') && size === 0) {
        ctx.err('truncate: division by zero\n');
        return 1;
      }
    } else return tryHelp(ctx, 'truncate');
  }
  const files = g.operands();
  if (ref === undefined && size === undefined) {
    ctx.err("truncate: you must specify either '--size' or '--reference'\n");
    return tryHelp(ctx, 'truncate');
  }
  if (ref !== undefined && size !== undefined && !rel) {
    ctx.err("truncate: you must specify a relative '--size' with '--reference'\n");
    return tryHelp(ctx, 'truncate');
  }
  if (files.length === 0) {
    ctx.err('truncate: missing file operand\n');
    return tryHelp(ctx, 'truncate');
  }
  let refSize: number | undefined;
  if (ref !== undefined) {
    try {
      const w = toolPath(ctx, ref);
      if (w.kind !== 'mount') throw new XfsError('ENOENT', 'stat', ref);
      refSize = syscall(ctx, `stat ${ref}`, () => ctx.sys.stat(w.rel)).size;
    } catch (e) {
      ctx.err(`truncate: cannot stat ${quoteAlways(ref)}: ${asXfsError(e).strerror}\n`);
      return 1;
    }
    if (size === undefined) size = refSize;
  }
  let ok = true;
  for (const f of files) {
    const w = toolPath(ctx, f);
    let fd: Fd;
    try {
      if (w.kind !== 'mount') throw new XfsError('ENOENT', 'open', f);
      fd = syscall(ctx, `open ${f}`, () => ctx.sys.open(w.rel, { create: !noCreate }));
    } catch (e) {
      const err = asXfsError(e);
      if (!(noCreate && err.code === 'ENOENT')) {
        ctx.err(`truncate: cannot open ${quoteAlways(f)} for writing: ${err.strerror}\n`);
        ok = false;
      }
      continue;
    }
    let n = 0;
    try {
      n = newSize(ctx, fd, size ?? 0, rel, rel ? refSize : undefined, blockMode);
      syscall(ctx, `ftruncate ${n}`, () => ctx.sys.ftruncate(fd, n));
    } catch (e) {
      ctx.err(`truncate: failed to truncate ${quoteAlways(f)} at ${n} bytes: ${asXfsError(e).strerror}\n`);
      ok = false;
    }
    syscall(ctx, `close ${f}`, () => ctx.sys.close(fd));
  }
  return ok ? 0 : 1;
};
