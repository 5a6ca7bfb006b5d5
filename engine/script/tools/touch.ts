/**
 * coreutils `touch [-c] FILE...`: open(O_WRONLY|O_CREAT|O_NONBLOCK) and close — touch really
 * opens the file, so a close can trim post-EOF blocks as on a real box. Timestamps are not
 * changed (the syscall surface has no utimensat). Directories are accepted.
 */
import type { Tool } from '../tool.js';
import { Getopt } from './lib/getopt.js';
import { asXfsError, quoteAlways, syscall, toolPath, tryHelp } from './lib/sys.js';

/** The touch tool. */
export const touch: Tool = (ctx) => {
  ctx.host.setTask('touch');
  let noCreate = false;
  const g = new Getopt(ctx.args, 'acd:fhmr:t:', 'touch', (t) => ctx.err(t), [
    { name: 'no-create', arg: 'none', key: 'c' },
    { name: 'date', arg: 'required', key: 'd' },
    { name: 'reference', arg: 'required', key: 'r' },
  ]);
  for (let x = g.next(); x; x = g.next()) {
    if (x.opt === 'c') noCreate = true;
    else if (x.opt === '?') return tryHelp(ctx, 'touch');
  }
  const files = g.operands();
  if (files.length === 0) {
    ctx.err('touch: missing file operand\n');
    return tryHelp(ctx, 'touch');
  }
  let ok = true;
  for (const f of files) {
    const w = toolPath(ctx, f);
    if (w.kind === 'devnull') continue;
    if (w.kind !== 'mount') {
      if (!noCreate) {
        ctx.err(`touch: cannot touch ${quoteAlways(f)}: No such file or directory\n`);
        ok = false;
      }
      continue;
    }
    try {
      const fd = syscall(ctx, `open ${f}`, () => ctx.sys.open(w.rel, { create: !noCreate }));
      syscall(ctx, `close ${f}`, () => ctx.sys.close(fd));
    } catch (e) {
      const err = asXfsError(e);
      if (err.code === 'EISDIR' || (noCreate && err.code === 'ENOENT')) continue;
      ctx.err(`touch: cannot touch ${quoteAlways(f)}: ${err.strerror}\n`);
      ok = false;
    }
  }
  return ok ? 0 : 1;
};
