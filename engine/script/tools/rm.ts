/**
 * coreutils `rm [-f] [-r|-R] [-v] FILE...`: unlink(2) for files, a depth-first walk with rmdir(2)
 * for directories under -r. Messages: `rm: cannot remove 'x': <strerror>`, `rm: missing operand`.
 */
import type { Tool, ToolContext } from '../tool.js';
import { Getopt } from './lib/getopt.js';
import { asXfsError, quoteAlways, syscall, toolPath, tryHelp } from './lib/sys.js';

interface RmOptions {
  force: boolean;
  recursive: boolean;
  verbose: boolean;
}

/** Removes `rel` (shown as `shown`); false after printing an error. */
function remove(ctx: ToolContext, rel: string, shown: string, o: RmOptions): boolean {
  const cannot = (e: unknown): false => {
    ctx.err(`rm: cannot remove ${quoteAlways(shown)}: ${asXfsError(e).strerror}\n`);
    return false;
  };
  let isDir: boolean;
  try {
    isDir = syscall(ctx, `stat ${shown}`, () => ctx.sys.stat(rel)).isDir;
  } catch (e) {
    if (o.force && asXfsError(e).code === 'ENOENT') return true;
    return cannot(e);
  }
  if (isDir && rel === '.') {
    ctx.err(`rm: refusing to remove '.' or '..' directory: skipping ${quoteAlways(shown)}\n`);
    return false;
  }
  if (isDir && !o.recursive) {
    ctx.err(`rm: cannot remove ${quoteAlways(shown)}: Is a directory\n`);
    return false;
  }
  try {
    if (isDir) {
      let ok = true;
      const names = syscall(ctx, `getdents ${shown}`, () => ctx.sys.readdir(rel));
      for (const n of names) ok = remove(ctx, `${rel}/${n}`, `${shown.replace(/\/+$/, '')}/${n}`, o) && ok;
      if (!ok) return false;
      syscall(ctx, `rmdir ${shown}`, () => ctx.sys.rmdir(rel));
      if (o.verbose) ctx.out(`removed directory ${quoteAlways(shown)}\n`);
    } else {
      syscall(ctx, `unlink ${shown}`, () => ctx.sys.unlink(rel));
      if (o.verbose) ctx.out(`removed ${quoteAlways(shown)}\n`);
    }
  } catch (e) {
    return cannot(e);
  }
  return true;
}

/** The rm tool. */
export const rm: Tool = (ctx) => {
  ctx.host.setTask('rm');
  const o: RmOptions = { force: false, recursive: false, verbose: false };
  const g = new Getopt(ctx.args, 'dfirRIv', 'rm', (t) => ctx.err(t), [
    { name: 'force', arg: 'none', key: 'f' },
    { name: 'recursive', arg: 'none', key: 'r' },
    { name: 'verbose', arg: 'none', key: 'v' },
  ]);
  for (let x = g.next(); x; x = g.next()) {
    if (x.opt === 'f') o.force = true;
    else if (x.opt === 'r' || x.opt === 'R') o.recursive = true;
    else if (x.opt === 'v') o.verbose = true;
    else if (x.opt === '?') return tryHelp(ctx, 'rm');
  }
  const files = g.operands();
  if (files.length === 0) {
    if (o.force) return 0;
    ctx.err('rm: missing operand\n');
    return tryHelp(ctx, 'rm');
  }
  let ok = true;
  for (const f of files) {
    const w = toolPath(ctx, f);
    if (w.kind !== 'mount') {
      if (!o.force) {
        ctx.err(`rm: cannot remove ${quoteAlways(f)}: No such file or directory\n`);
        ok = false;
      }
      continue;
    }
    ok = remove(ctx, w.rel, f, o) && ok;
  }
  return ok ? 0 : 1;
};
