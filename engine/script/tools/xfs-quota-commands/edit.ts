/**
 * xfs_quota `limit` and `timer` (xfsprogs quota/edit.c): set block and inode limits of an id (or
 * the defaults, id 0, with -d), and grace periods (defaults) or one id's grace expiry.
 */
import type { QuotaLimits, QuotaType } from '../../../syscalls.js';
import { Getopt } from '../lib/getopt.js';
import { asXfsError, syscall } from '../lib/sys.js';
import { XfsError } from '../../../xfs-errors.js';
import { cvtnum, strtoll } from '../xfs-io-commands/numbers.js';
import { getQuota, idFromString, oneType, usage, type QuotaCommand, type QuotaState } from './state.js';

function setQuota(st: QuotaState, type: QuotaType, id: number, lim: QuotaLimits, what: string): void {
  try {
    if (!st.sys.quotaSet) throw new XfsError('ENOSYS', 'quotactl');
    syscall(st.ctx, `quotactl Q_XSETQLIM ${type} ${id}`, () => st.sys.quotaSet!(type, id, lim));
  } catch (e) {
    st.exitcode = 1;
    st.io.err(`${st.progname}: cannot set ${what}: ${asXfsError(e).strerror}\n`);
  }
}

/** extractb: `bsoft=<size>` in bytes (cvtnum, block-size aware) → 512-byte units. */
function sizeArg(st: QuotaState, s: string): number | null {
  const v = cvtnum(4096, 512, s);
  if (v < 0 || Number.isNaN(v)) {
    st.io.err(`${st.progname}: Error: could not parse size ${s}.\n`);
    return null;
  }
  const bb = Math.floor(v / 512);
  if (v > 0 && bb === 0) st.io.err(`${st.progname}: Warning: \`${s}' in quota blocks is 0 (unlimited).\n`);
  return bb;
}

function limitF(st: QuotaState, argv: string[]): void {
  let defaults = false;
  const types = new Set<QuotaType>();
  const g = new Getopt(argv.slice(1), 'dgpu', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'd') defaults = true;
    else if (o.opt === 'g') types.add('group');
    else if (o.opt === 'p') types.add('project');
    else if (o.opt === 'u') types.add('user');
    else return usage(st, LIMIT);
  }
  const rest = g.operands();
  if (rest.length < (defaults ? 1 : 2)) return usage(st, LIMIT);
  const lim: QuotaLimits = {};
  const limits = defaults ? rest : rest.slice(0, -1);
  for (const s of limits) {
    const eq = s.indexOf('=');
    const key = eq < 0 ? s : s.slice(0, eq);
    const val = s.slice(eq + 1);
    if (key === 'bsoft' || key === 'bhard' || key === 'rtbsoft' || key === 'rtbhard') {
      const bb = sizeArg(st, val);
      if (bb === null) return;
      if (key === 'bsoft') lim.blkSoftlimit = bb;
      else if (key === 'bhard') lim.blkHardlimit = bb;
    } else if (key === 'isoft' || key === 'ihard') {
      const n = strtoll(val).value;
      if (key === 'isoft') lim.inoSoftlimit = n;
      else lim.inoHardlimit = n;
    } else {
      st.exitcode = 1;
      st.io.err(`${st.progname}: unrecognised argument ${s}\n`);
      return;
    }
  }
  const type = oneType(types);
  if (!type) return usage(st, LIMIT);
  const id = idFromString(st, defaults ? '0' : rest[rest.length - 1], type);
  if (id === -1 || !st.mount) return;
  setQuota(st, type, id, lim, 'limits');
}

/** cvttime: seconds, or with a unit (m, h, d, w and their long names). */
export function cvttime(s: string): number {
  const { value, end } = strtoll(s);
  if (value === 0 && end === 0) return 0;
  const unit = s.slice(end);
  if (unit === '') return value;
  const mult: Record<string, number> = {
    m: 60, minute: 60, minutes: 60, h: 3600, hour: 3600, hours: 3600,
    d: 86400, day: 86400, days: 86400, w: 604800, week: 604800, weeks: 604800,
  };
  return mult[unit] ? value * mult[unit] : 0;
}

function timerF(st: QuotaState, argv: string[]): void {
  let defaults = false;
  let b = false;
  let i = false;
  const types = new Set<QuotaType>();
  const g = new Getopt(argv.slice(1), 'bdgipru', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'd') defaults = true;
    else if (o.opt === 'b') b = true;
    else if (o.opt === 'i') i = true;
    else if (o.opt === 'r') continue;
    else if (o.opt === 'g') types.add('group');
    else if (o.opt === 'p') types.add('project');
    else if (o.opt === 'u') types.add('user');
    else return usage(st, TIMER);
  }
  const rest = g.operands();
  let name: string | null = null;
  if ((!defaults && rest.length === 1) || (defaults && rest.length === 1)) name = null;
  else if (!defaults && rest.length === 2) name = rest[1];
  else return usage(st, TIMER);
  const value = cvttime(rest[0]);
  if (!b && !i) b = i = true;
  const type = oneType(types);
  if (!type) return usage(st, TIMER);
  const id = name === null ? 0 : idFromString(st, name, type);
  if (id === -1 || !st.mount) return;
  const lim: QuotaLimits = {};
  if (id === 0) {
    if (b) lim.btimer = value;
    if (i) lim.itimer = value;
  } else {
    // Extending one id's grace: only for what is already past its soft limit.
    const d = getQuota(st, type, id);
    if (!d) {
      st.exitcode = 1;
      st.io.err(`${st.progname}: cannot get quota: No such file or directory\n`);
      return;
    }
    const now = st.sys.time?.() ?? 0;
    if (b) lim.btimer = d.blkSoftlimit && d.bcount > d.blkSoftlimit ? now + value : d.btimer;
    if (i) lim.itimer = d.inoSoftlimit && d.icount > d.inoSoftlimit ? now + value : d.itimer;
  }
  setQuota(st, type, id, lim, 'timer');
}

const LIMIT: QuotaCommand = {
  name: 'limit', argmin: 2, argmax: -1, expert: true,
  args: '[-g|-p|-u] bsoft|bhard|isoft|ihard|rtbsoft|rtbhard=N -d|id|name',
  oneline: 'modify quota limits', run: limitF,
};

const TIMER: QuotaCommand = {
  name: 'timer', argmin: 2, argmax: -1, expert: true,
  args: '[-bir] [-g|-p|-u] value [-d|id|name]', oneline: 'set quota enforcement timeouts', run: timerF,
};

/** `limit` and `timer`. */
export const editCommands: QuotaCommand[] = [LIMIT, TIMER];
