/**
 * A simple coreutils `ls [-a|-A] [-1] [-l] [-d] [FILE]...` for the scratch filesystem: names in
 * byte order, one per line (standard output is never a terminal in a lab script); -l prints mode,
 * links, owner, group, size, date (UTC) and name, after `total` in KiB.
 */
import type { Tool, ToolContext } from '../tool.js';
import type { StatResult } from '../../syscalls.js';
import { XfsError } from '../../xfs-errors.js';
import { Getopt } from './lib/getopt.js';
import { groupName, userName } from './lib/ids.js';
import { asXfsError, quoteAlways, syscall, toolPath, tryHelp } from './lib/sys.js';
import { gmtime, MONTHS } from './lib/time.js';
import { modeString } from './stat.js';

interface Entry {
  name: string;
  st: StatResult;
}

/** Six months, ls's "recent" window. */
const RECENT = (365.2425 / 2) * 86400;

function longLines(ctx: ToolContext, entries: Entry[]): string {
  const cols = entries.map((e) => {
    const t = gmtime(e.st.mtime);
    const recent = Math.abs(ctx.host.now() - e.st.mtime) < RECENT;
    const when = `${MONTHS[t.month - 1]} ${String(t.day).padStart(2)} ${recent ? `${String(t.hour).padStart(2, '0')}:${String(t.min).padStart(2, '0')}` : ` ${t.year}`}`;
    return [modeString(e.st.mode, e.st.isDir), String(e.st.nlink), userName(e.st.uid) ?? String(e.st.uid), groupName(e.st.gid) ?? String(e.st.gid), String(e.st.size), when, e.name];
  });
  const w = [1, 2, 3, 4].map((i) => Math.max(0, ...cols.map((c) => c[i].length)));
  return cols
    .map((c) => `${c[0]} ${c[1].padStart(w[0])} ${c[2].padEnd(w[1])} ${c[3].padEnd(w[2])} ${c[4].padStart(w[3])} ${c[5]} ${c[6]}\n`)
    .join('');
}

/** The ls tool. */
export const ls: Tool = (ctx) => {
  ctx.host.setTask('ls');
  let all = false, almost = false, long = false, dirOnly = false;
  const g = new Getopt(ctx.args, 'aAld1', 'ls', (t) => ctx.err(t), [{ name: 'all', arg: 'none', key: 'a' }]);
  for (let x = g.next(); x; x = g.next()) {
    if (x.opt === 'a') all = true;
    else if (x.opt === 'A') almost = true;
    else if (x.opt === 'l') long = true;
    else if (x.opt === 'd') dirOnly = true;
    else if (x.opt === '?') return tryHelp(ctx, 'ls');
  }
  const ops = g.operands();
  if (ops.length === 0) ops.push('.');
  let status = 0;
  const files: Entry[] = [];
  const dirs: { name: string; rel: string }[] = [];
  for (const p of ops) {
    const w = toolPath(ctx, p);
    try {
      if (w.kind !== 'mount') throw new XfsError('ENOENT', 'statx', p);
      const rel = w.rel;
      const st = syscall(ctx, `statx ${p}`, () => ctx.sys.stat(rel));
      if (st.isDir && !dirOnly) dirs.push({ name: p, rel });
      else files.push({ name: p, st });
    } catch (e) {
      ctx.err(`ls: cannot access ${quoteAlways(p)}: ${asXfsError(e).strerror}\n`);
      status = 2;
    }
  }
  const byName = (a: Entry, b: Entry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  files.sort(byName);
  let out = long ? longLines(ctx, files) : files.map((f) => `${f.name}\n`).join('');
  dirs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const headers = ops.length > 1;
  dirs.forEach((d, i) => {
    if (headers) out += `${files.length || i ? '\n' : ''}${d.name}:\n`;
    let names = syscall(ctx, `getdents ${d.name}`, () => ctx.sys.readdir(d.rel));
    if (all) names = ['.', '..', ...names];
    else if (!almost) names = names.filter((n) => !n.startsWith('.'));
    const entries = names.map((name) => {
      const rel = name === '.' ? d.rel : name === '..' ? '.' : d.rel === '.' ? name : `${d.rel}/${name}`;
      return { name, st: syscall(ctx, `statx ${name}`, () => ctx.sys.stat(rel)) };
    }).sort(byName);
    if (long) {
      const total = entries.reduce((s, e) => s + Math.ceil(e.st.blocks / 2), 0);
      out += `total ${total}\n${longLines(ctx, entries)}`;
    } else out += entries.map((e) => `${e.name}\n`).join('');
  });
  ctx.out(out);
  return status;
};
