/**
 * util-linux `setpriv --reuid=UID --regid=GID [--clear-groups|--init-groups|--keep-groups] PROGRAM
 * [ARG...]`: run one of the machine's tools with other credentials — how a lab script writes as a
 * quota-limited user (runs unchanged on a real Linux box). Ids are numeric or the machine's names.
 */
import type { Tool } from '../tool.js';
import { Getopt } from './lib/getopt.js';
import { parseGroup, parseUser } from './lib/ids.js';
import { asXfsError } from './lib/sys.js';
import { TOOLS } from './index.js';

/** The setpriv tool. */
export const setpriv: Tool = (ctx) => {
  ctx.host.setTask('setpriv');
  let uid: number | undefined;
  let gid: number | undefined;
  const g = new Getopt(ctx.args, '+d', 'setpriv', (t) => ctx.err(t), [
    { name: 'reuid', arg: 'required', key: 'U' },
    { name: 'regid', arg: 'required', key: 'G' },
    { name: 'ruid', arg: 'required', key: 'U' },
    { name: 'rgid', arg: 'required', key: 'G' },
    { name: 'euid', arg: 'required', key: 'U' },
    { name: 'egid', arg: 'required', key: 'G' },
    { name: 'clear-groups', arg: 'none', key: 'c' },
    { name: 'init-groups', arg: 'none', key: 'i' },
    { name: 'keep-groups', arg: 'none', key: 'k' },
  ]);
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'U' || o.opt === 'G') {
      const v = o.opt === 'U' ? parseUser(o.arg ?? '') : parseGroup(o.arg ?? '');
      if (v === undefined) {
        ctx.err(`setpriv: failed to parse ${o.opt === 'U' ? 'uid' : 'gid'}: '${o.arg}'\n`);
        return 1;
      }
      if (o.opt === 'U') uid = v;
      else gid = v;
    } else if (o.opt === '?') {
      ctx.err("Try 'setpriv --help' for more information.\n");
      return 1;
    }
  }
  const [prog, ...args] = g.operands();
  if (prog === undefined) {
    ctx.err('setpriv: No program specified\n');
    ctx.err("Try 'setpriv --help' for more information.\n");
    return 1;
  }
  const tool = TOOLS[prog.slice(prog.lastIndexOf('/') + 1)];
  if (!tool) {
    ctx.err(`setpriv: failed to execute ${prog}: No such file or directory\n`);
    return 127;
  }
  const before = ctx.sys.getCred?.() ?? { uid: 0, gid: 0 };
  if (!ctx.sys.runAs) return tool({ ...ctx, args });
  try {
    // The program replaces setpriv (execvp); its exit status is setpriv's.
    return ctx.sys.runAs(uid ?? before.uid, gid ?? before.gid, () => tool({ ...ctx, args }));
  } catch (e) {
    ctx.err(`setpriv: setresuid failed: ${asXfsError(e).strerror}\n`);
    return 127;
  }
};
