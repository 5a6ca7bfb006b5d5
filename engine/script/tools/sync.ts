/**
 * coreutils 9.1 `sync [-d|-f] [FILE]...`: sync(2) without files; with files, fsync(2) each
 * (fdatasync with -d, syncfs of its filesystem with -f).
 */
import type { Tool } from '../tool.js';
import { XfsError } from '../../xfs-errors.js';
import { Getopt } from './lib/getopt.js';
import { asXfsError, quoteAlways, syscall, toolPath, tryHelp } from './lib/sys.js';

/** The sync tool. */
export const sync: Tool = (ctx) => {
  ctx.host.setTask('sync');
  let data = false, fs = false;
  const g = new Getopt(ctx.args, 'df', 'sync', (t) => ctx.err(t), [
    { name: 'data', arg: 'none', key: 'd' },
    { name: 'file-system', arg: 'none', key: 'f' },
  ]);
  for (let x = g.next(); x; x = g.next()) {
    if (x.opt === 'd') data = true;
    else if (x.opt === 'f') fs = true;
    else return tryHelp(ctx, 'sync');
  }
  const files = g.operands();
  if (data && fs) {
    ctx.err('sync: cannot specify both --data and --file-system\n');
    return 1;
  }
  if (data && files.length === 0) {
    ctx.err('sync: --data needs at least one argument\n');
    return 1;
  }
  if (files.length === 0) {
    syscall(ctx, 'sync', () => ctx.sys.sync());
    return 0;
  }
  let ok = true;
  for (const f of files) {
    const w = toolPath(ctx, f);
    let fd: number;
    try {
      if (w.kind === 'devnull') continue;
      if (w.kind !== 'mount') throw new XfsError('ENOENT', 'open', f);
      fd = syscall(ctx, `open ${f}`, () => ctx.sys.open(w.rel, { readOnly: true }));
    } catch (e) {
      ctx.err(`sync: error opening ${quoteAlways(f)}: ${asXfsError(e).strerror}\n`);
      ok = false;
      continue;
    }
    try {
      const what = fs ? 'syncfs' : data ? 'fdatasync' : 'fsync';
      syscall(ctx, `${what} ${f}`, () => (fs ? ctx.sys.syncfs(fd) : data ? ctx.sys.fdatasync(fd) : ctx.sys.fsync(fd)));
    } catch (e) {
      ctx.err(`sync: error syncing ${quoteAlways(f)}: ${asXfsError(e).strerror}\n`);
      ok = false;
    }
    syscall(ctx, `close ${f}`, () => ctx.sys.close(fd));
  }
  return ok ? 0 : 1;
};
