/**
 * coreutils `chown [-R] OWNER[:GROUP] FILE...` and `chgrp [-R] GROUP FILE...` with numeric ids and
 * the machine's few names (root, nobody / nogroup). Messages: `chown: invalid user: 'x'`,
 * `chown: cannot access 'f': No such file or directory`.
 */
import type { Tool, ToolContext } from '../tool.js';
import { Getopt } from './lib/getopt.js';
import { parseGroup, parseUser } from './lib/ids.js';
import { asXfsError, quoteAlways, syscall, toolPath, tryHelp } from './lib/sys.js';

/** Changes one path (and below, with -R); false after an error. */
function change(ctx: ToolContext, prog: string, rel: string, shown: string, uid: number | undefined, gid: number | undefined, recursive: boolean): boolean {
  let isDir: boolean;
  try {
    isDir = syscall(ctx, `stat ${shown}`, () => ctx.sys.stat(rel)).isDir;
  } catch (e) {
    ctx.err(`${prog}: cannot access ${quoteAlways(shown)}: ${asXfsError(e).strerror}\n`);
    return false;
  }
  let ok = true;
  try {
    syscall(ctx, `fchownat ${shown}`, () => ctx.sys.chown(rel, uid, gid));
  } catch (e) {
    const what = prog === 'chgrp' ? 'changing group of' : 'changing ownership of';
    ctx.err(`${prog}: ${what} ${quoteAlways(shown)}: ${asXfsError(e).strerror}\n`);
    ok = false;
  }
  if (recursive && isDir) {
    for (const n of syscall(ctx, `getdents ${shown}`, () => ctx.sys.readdir(rel))) {
      ok = change(ctx, prog, rel === '.' ? n : `${rel}/${n}`, `${shown.replace(/\/+$/, '')}/${n}`, uid, gid, true) && ok;
    }
  }
  return ok;
}

function run(ctx: ToolContext, prog: 'chown' | 'chgrp'): number {
  ctx.host.setTask(prog);
  let recursive = false;
  const g = new Getopt(ctx.args, 'cfhvRHLP', prog, (t) => ctx.err(t), [{ name: 'recursive', arg: 'none', key: 'R' }]);
  for (let x = g.next(); x; x = g.next()) {
    if (x.opt === 'R') recursive = true;
    else if (x.opt === '?') return tryHelp(ctx, prog);
  }
  const ops = g.operands();
  if (ops.length < 2) {
    ctx.err(ops.length === 0 ? `${prog}: missing operand\n` : `${prog}: missing operand after ${quoteAlways(ops[0])}\n`);
    return tryHelp(ctx, prog);
  }
  const spec = ops[0];
  let uid: number | undefined;
  let gid: number | undefined;
  if (prog === 'chgrp') {
    gid = parseGroup(spec);
    if (gid === undefined) {
      ctx.err(`chgrp: invalid group: ${quoteAlways(spec)}\n`);
      return 1;
    }
  } else {
    const sep = spec.search(/[:.]/);
    const user = sep < 0 ? spec : spec.slice(0, sep);
    const group = sep < 0 ? undefined : spec.slice(sep + 1);
    if (user !== '') {
      uid = parseUser(user);
      if (uid === undefined) {
        ctx.err(`chown: invalid user: ${quoteAlways(spec)}\n`);
        return 1;
      }
    }
    if (group !== undefined && group !== '') {
      gid = parseGroup(group);
      if (gid === undefined) {
        ctx.err(`chown: invalid group: ${quoteAlways(spec)}\n`);
        return 1;
      }
    } else if (group === '' && user !== '') {
      // "user:" means the user's login group: only named users have one here.
      if (!/^\d+$/.test(user)) gid = parseGroup(user === 'nobody' ? 'nogroup' : user);
      else {
        ctx.err(`chown: invalid spec: ${quoteAlways(spec)}\n`);
        return 1;
      }
    }
  }
  let ok = true;
  for (const f of ops.slice(1)) {
    const w = toolPath(ctx, f);
    if (w.kind !== 'mount') {
      ctx.err(`${prog}: cannot access ${quoteAlways(f)}: No such file or directory\n`);
      ok = false;
      continue;
    }
    ok = change(ctx, prog, w.rel, f, uid, gid, recursive) && ok;
  }
  return ok ? 0 : 1;
}

/** The chown tool. */
export const chown: Tool = (ctx) => run(ctx, 'chown');

/** The chgrp tool. */
export const chgrp: Tool = (ctx) => run(ctx, 'chgrp');
