/**
 * `mkfs.xfs [options] device`: the machine formats the scratch device and returns mkfs.xfs's
 * report, which is printed as is.
 */
import type { Tool } from '../tool.js';
import { XfsError } from '../../xfs-errors.js';

/** The mkfs.xfs tool. */
export const mkfsXfs: Tool = (ctx) => {
  ctx.host.setTask('mkfs.xfs');
  try {
    ctx.host.step(`mkfs.xfs ${ctx.args.join(' ')}`);
    ctx.out(ctx.host.mkfs([...ctx.args]));
    return 0;
  } catch (e) {
    if (!(e instanceof XfsError)) throw e;
    ctx.err(`mkfs.xfs: ${e.strerror}\n`);
    return 1;
  }
};
