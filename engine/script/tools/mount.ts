/**
 * util-linux `mount` and `umount` for the scratch filesystem only: `mount [-t xfs] [-o opts] DEV
 * DIR`, `mount -o remount,opts DIR`, `umount DIR|DEV`. Failures use util-linux's messages and exit
 * status 32.
 */
import type { Tool, ToolContext } from '../tool.js';
import { XfsError } from '../../xfs-errors.js';
import { Getopt } from './lib/getopt.js';
import { syscall, tryHelp } from './lib/sys.js';

/** mount(8)'s "mount failure" exit status. */
const MNT_EX_FAIL = 32;

const isTarget = (ctx: ToolContext, p: string): boolean => {
  const clean = p.replace(/\/+$/, '') || '/';
  return clean === ctx.host.mountPoint || clean === ctx.host.device;
};

/** The mount tool. */
export const mount: Tool = (ctx) => {
  ctx.host.setTask('mount');
  const opts: string[] = [];
  const g = new Getopt(ctx.args, 'o:t:vn', 'mount', (t) => ctx.err(t), [
    { name: 'options', arg: 'required', key: 'o' },
    { name: 'types', arg: 'required', key: 't' },
  ]);
  for (let x = g.next(); x; x = g.next()) {
    if (x.opt === 'o') opts.push(x.arg ?? '');
    else if (x.opt === '?') return tryHelp(ctx, 'mount');
  }
  const ops = g.operands();
  const target = ops[ops.length - 1] ?? ctx.host.mountPoint;
  const bad = ops.find((p) => !isTarget(ctx, p));
  if (bad !== undefined) {
    ctx.err(`mount: ${bad}: mount point does not exist.\n`);
    return MNT_EX_FAIL;
  }
  const options = opts.join(',');
  try {
    syscall(ctx, `mount ${options}`, () => ctx.host.mount(options));
    return 0;
  } catch (e) {
    if (!(e instanceof XfsError)) throw e;
    if (e.code === 'EBUSY') ctx.err(`mount: ${target}: ${ctx.host.device} already mounted on ${ctx.host.mountPoint}.\n`);
    else if (e.code === 'EINVAL') {
      ctx.err(
        `mount: ${target}: wrong fs type, bad option, bad superblock on ${ctx.host.device}, missing codepage or helper program, or other error.\n` +
          '       dmesg(1) may have more information after failed mount system call.\n',
      );
    } else ctx.err(`mount: ${target}: ${e.strerror}.\n`);
    return MNT_EX_FAIL;
  }
};

/** The umount tool. */
export const umount: Tool = (ctx) => {
  ctx.host.setTask('umount');
  const ops = ctx.args.filter((a) => !a.startsWith('-'));
  if (ops.length === 0) {
    ctx.err('umount: bad usage\n');
    return tryHelp(ctx, 'umount');
  }
  let status = 0;
  for (const t of ops) {
    if (!isTarget(ctx, t)) {
      ctx.err(`umount: ${t}: not mounted.\n`);
      status = MNT_EX_FAIL;
      continue;
    }
    try {
      syscall(ctx, `umount ${t}`, () => ctx.host.umount());
    } catch (e) {
      if (!(e instanceof XfsError)) throw e;
      const why = e.code === 'EBUSY' ? 'target is busy' : e.code === 'EINVAL' ? 'not mounted' : e.strerror;
      ctx.err(`umount: ${t}: ${why}.\n`);
      status = MNT_EX_FAIL;
    }
  }
  return status;
};
