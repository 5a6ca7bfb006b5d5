/**
 * xfs_bmap (xfsprogs io/xfs_bmap.sh): a shell wrapper that turns its flags into
 * `xfs_io -r -p xfs_bmap -c "bmap <flags>" file` for each file, stopping at the first failure.
 * Its option errors are those of dash's getopts in that script.
 */
import type { Tool } from '../tool.js';
import { runXfsIo } from './xfs-io.js';

const USAGE = 'Usage: xfs_bmap [-adelpvV] [-n nx] file...\n';
/** Where Debian installs the script, and the line of its getopts loop (for dash's messages). */
const SCRIPT = '/usr/sbin/xfs_bmap';
const GETOPTS_LINE = 11;

/** The xfs_bmap tool. */
export const xfsBmap: Tool = (ctx) => {
  const args = ctx.args;
  let opts = '';
  let version = false;
  let i = 0;
  // POSIX getopts: options end at the first operand or "--".
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (c === 'n') {
        const arg = k + 1 < a.length ? a.slice(k + 1) : args[++i];
        if (arg === undefined) {
          ctx.err(`${SCRIPT}: ${GETOPTS_LINE}: No arg for -n option\n${USAGE}`);
          return 2;
        }
        opts += ` -n ${arg}`;
        break;
      }
      if ('adelpv'.includes(c)) opts += ` -${c}`;
      else if (c === 'V') version = true;
      else {
        ctx.err(`${SCRIPT}: ${GETOPTS_LINE}: Illegal option -${c}\n${USAGE}`);
        return 2;
      }
    }
  }
  if (version) runXfsIo(ctx, ['-p', 'xfs_bmap', '-V'], 'xfs_io');
  for (; i < args.length && args[i] !== ''; i++) {
    const status = runXfsIo(ctx, ['-r', '-p', 'xfs_bmap', '-c', `bmap ${opts}`, args[i]]);
    if (status !== 0) return status;
  }
  return 0;
};
