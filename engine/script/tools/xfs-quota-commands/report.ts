/**
 * xfs_quota `quota` and `report` (xfsprogs quota/quota.c, quota/report.c): one id's usage and
 * limits, or every id of each type in a table, in KiB or human-readable units, with grace times.
 */
import type { FsDiskQuota, QuotaType } from '../../../syscalls.js';
import { Getopt } from '../lib/getopt.js';
import { groupName, userName } from '../lib/ids.js';
import {
  BLOCK_FORM, HUMAN_FLAG, INODE_FORM, LIMIT_FLAG, QUOTA_FLAG, RTBLOCK_FORM, VERBOSE_FLAG, bbsToString,
  formToString, numToString, timeToString, typeToString,
} from './format.js';
import { getQuota, oneType, usage, type QuotaCommand, type QuotaState } from './state.js';

const NO_HEADER_FLAG = 1 << 2;
const NO_LOOKUP_FLAG = 1 << 4;
const TERSE_FLAG = 1 << 9;

/** One resource's columns: used, soft, hard, warnings, grace (human or KiB/count). */
function columns(st: QuotaState, used: number, soft: number, hard: number, warns: number, timer: number, flags: number, bytes: boolean, sep: string): string {
  let qflags = flags & HUMAN_FLAG;
  if (hard && used > hard) qflags |= LIMIT_FLAG;
  if (soft && used > soft) qflags |= QUOTA_FLAG;
  const now = st.sys.time?.() ?? 0;
  const grace = timeToString(timer, qflags, now);
  const w = String(warns).padStart(2, '0');
  if (flags & HUMAN_FLAG) {
    const f = bytes ? bbsToString : numToString;
    return ` ${f(used).padStart(6)} ${f(soft).padStart(6)} ${f(hard).padStart(6)}  ${w} ${grace.padStart(8)}`;
  }
  const k = (v: number) => String(bytes ? Math.floor(v / 2) : v).padStart(10);
  return ` ${k(used)} ${k(soft)} ${k(hard)}${sep}${w} ${grace.padStart(9)}`;
}

function formLine(st: QuotaState, d: FsDiskQuota, form: number, flags: number, sep: string, trail: string): string {
  let s = '';
  if (form & BLOCK_FORM) s += columns(st, d.bcount, d.blkSoftlimit, d.blkHardlimit, d.bwarns, d.btimer, flags, true, sep) + trail;
  if (form & INODE_FORM) s += columns(st, d.icount, d.inoSoftlimit, d.inoHardlimit, d.iwarns, d.itimer, flags, false, sep) + trail;
  if (form & RTBLOCK_FORM) s += columns(st, 0, 0, 0, 0, 0, flags, true, sep) + trail;
  return s;
}

/** The name printed for an id: `#N` with -n, else the passwd/group name when there is one. */
function idName(type: QuotaType, id: number, numeric: boolean): string | undefined {
  if (numeric) return undefined;
  return type === 'user' ? userName(id) : type === 'group' ? groupName(id) : undefined;
}

/** quota_mount: one id on the filesystem (nothing when the kernel has no dquot for it). */
function quotaMount(st: QuotaState, type: QuotaType, id: number, name: string, form: number, flags: number): boolean {
  const m = st.mount!;
  const d = getQuota(st, type, id);
  if (!d) return false;
  if (!(flags & VERBOSE_FLAG)) {
    const b = (form & BLOCK_FORM) && (d.bcount || d.blkSoftlimit || d.blkHardlimit);
    const i = (form & INODE_FORM) && (d.icount || d.inoSoftlimit || d.inoHardlimit);
    if (!b && !i) return false;
  }
  const human = (flags & HUMAN_FLAG) !== 0;
  let out = '';
  if (!(flags & NO_HEADER_FLAG)) {
    out += `Disk quotas for ${typeToString(type)} ${name} (${id})\nFilesystem${human ? '  ' : '         '}`;
    if (form & BLOCK_FORM) out += human ? ' Blocks  Quota  Limit Warn/Time    ' : '     Blocks      Quota      Limit  Warn/Time      ';
    if (form & INODE_FORM) out += human ? '  Files  Quota  Limit Warn/Time    ' : '      Files      Quota      Limit  Warn/Time      ';
    if (form & RTBLOCK_FORM) out += human ? 'Realtime Quota  Limit Warn/Time    ' : '   Realtime      Quota      Limit  Warn/Time      ';
    out += 'Mounted on\n';
  }
  const width = human ? 12 : 19;
  out += m.dev.padEnd(width);
  if (m.dev.length > width + 1) out += '\n' + ' '.repeat(width);
  out += formLine(st, d, form, flags, '   ', ' ');
  st.io.out(out + `${m.dir}\n`);
  return true;
}

function parseForm(o: string, form: number): number {
  return o === 'b' ? form | BLOCK_FORM : o === 'i' ? form | INODE_FORM : o === 'r' ? form | RTBLOCK_FORM : form;
}

function quotaF(st: QuotaState, argv: string[]): void {
  let flags = 0;
  let form = 0;
  const types = new Set<QuotaType>();
  const g = new Getopt(argv.slice(1), 'bf:ghnNipruv', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if ('bir'.includes(o.opt)) form = parseForm(o.opt, form);
    else if (o.opt === 'g') types.add('group');
    else if (o.opt === 'p') types.add('project');
    else if (o.opt === 'u') types.add('user');
    else if (o.opt === 'h') flags |= HUMAN_FLAG;
    else if (o.opt === 'n') flags |= NO_LOOKUP_FLAG;
    else if (o.opt === 'N') flags |= NO_HEADER_FLAG;
    else if (o.opt === 'v') flags |= VERBOSE_FLAG;
    else if (o.opt !== 'f') return usage(st, QUOTA);
  }
  form ||= BLOCK_FORM;
  const type = oneType(types);
  if (!type) return usage(st, QUOTA);
  const names = g.operands();
  if (!st.mount) return;
  const cred = st.sys.getCred?.() ?? { uid: 0, gid: 0 };
  if (names.length === 0) names.push(String(type === 'group' ? cred.gid : cred.uid));
  for (const n of names) {
    if (type === 'project' && !/^\d+$/.test(n)) {
      st.exitcode = 1;
      st.io.err(`${st.progname}: cannot find project ${n}\n`);
      continue;
    }
    const id = /^\d+$/.test(n) ? Number(n) : type === 'user' ? lookupUser(n) : lookupGroup(n);
    if (id === undefined) {
      st.exitcode = 1;
      st.io.err(`${st.progname}: cannot find ${type} ${n}\n`);
      continue;
    }
    const name = idName(type, id, (flags & NO_LOOKUP_FLAG) !== 0) ?? `#${id}`;
    quotaMount(st, type, id, name, form, flags);
  }
}

function lookupUser(n: string): number | undefined {
  return n === 'root' ? 0 : n === 'nobody' ? 65534 : undefined;
}

function lookupGroup(n: string): number | undefined {
  return n === 'root' ? 0 : n === 'nogroup' ? 65534 : undefined;
}

/** report_header: four lines naming the type, the forms and the columns. */
function reportHeader(type: QuotaType, form: number, flags: number, dir: string, dev: string): string {
  const human = (flags & HUMAN_FLAG) !== 0;
  const tname = typeToString(type);
  let s = `${tname} quota on ${dir} (${dev})\n` + ' '.repeat(10);
  const mid = (n: number, f: number) => `${' '.repeat(n)} ${formToString(f)} ${' '.repeat(n)}`;
  if (form & BLOCK_FORM) s += mid(human ? 13 : 20, BLOCK_FORM);
  if (form & INODE_FORM) s += mid(human ? 13 : 20, INODE_FORM);
  if (form & RTBLOCK_FORM) s += mid(human ? 9 : 15, RTBLOCK_FORM);
  s += `\n${`${tname} ID`.padEnd(10)} `;
  if (form & BLOCK_FORM) s += human ? '  Used   Soft   Hard Warn/Grace   ' : '      Used       Soft       Hard    Warn/Grace     ';
  if (form & INODE_FORM) s += human ? '  Used   Soft   Hard Warn/Grace  ' : '      Used       Soft       Hard    Warn/ Grace     ';
  if (form & RTBLOCK_FORM) s += human ? '  Used   Soft   Hard Warn/Grace   ' : '      Used       Soft       Hard    Warn/Grace     ';
  const dash = '-'.repeat(human ? 33 : 50) + ' ';
  s += '\n' + '-'.repeat(10) + ' ';
  for (const f of [BLOCK_FORM, INODE_FORM, RTBLOCK_FORM]) if (form & f) s += dash;
  return s + '\n';
}

/** report_user_mount and friends: every dquot of a type via Q_XGETNEXTQUOTA, then a blank line. */
function reportType(st: QuotaState, type: QuotaType, form: number, flags: number, lower: number, upper: number): void {
  const m = st.mount!;
  let out = '';
  let printed = false;
  for (let id = lower; ;) {
    const d = getQuota(st, type, id, true);
    if (!d || d.id < id || (upper && d.id > upper)) break;
    id = d.id + 1;
    if (flags & TERSE_FLAG) {
      const any = ((form & BLOCK_FORM) && d.bcount) || ((form & INODE_FORM) && d.icount);
      if (!any) continue;
    }
    if (!printed && !(flags & NO_HEADER_FLAG)) out += reportHeader(type, form, flags, m.dir, m.dev);
    printed = true;
    const name = idName(type, d.id, (flags & NO_LOOKUP_FLAG) !== 0);
    out += flags & NO_LOOKUP_FLAG ? `#${String(d.id).padEnd(10)}` : name !== undefined ? name.padEnd(10) : `#${String(d.id).padEnd(9)}`;
    out += formLine(st, d, form, flags, flags & HUMAN_FLAG ? '' : '     ', '') + '\n';
    if (id > 0xffffffff) break;
  }
  if (printed) out += '\n';
  st.io.out(out);
}

function reportF(st: QuotaState, argv: string[]): void {
  let flags = 0;
  let form = 0;
  let lower = 0;
  let upper = 0;
  let lookup = false;
  const types = new Set<QuotaType>();
  const g = new Getopt(argv.slice(1), 'abdf:ghilL:NnprtuU:', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if ('bir'.includes(o.opt)) form = parseForm(o.opt, form);
    else if (o.opt === 'g') types.add('group');
    else if (o.opt === 'p') types.add('project');
    else if (o.opt === 'u') types.add('user');
    else if (o.opt === 'h') flags |= HUMAN_FLAG;
    else if (o.opt === 'n') flags |= NO_LOOKUP_FLAG;
    else if (o.opt === 'N') flags |= NO_HEADER_FLAG;
    else if (o.opt === 't') flags |= TERSE_FLAG;
    else if (o.opt === 'L' || o.opt === 'U') {
      const v = Number.parseInt(o.arg ?? '0', 10) >>> 0;
      if (o.opt === 'L') lower = v;
      else upper = v;
      flags |= NO_LOOKUP_FLAG;
    }
    else if (o.opt === 'l') lookup = true;
    else if (o.opt !== 'a' && o.opt !== 'd' && o.opt !== 'f') return usage(st, REPORT);
  }
  form ||= BLOCK_FORM;
  if (lookup) flags &= ~NO_LOOKUP_FLAG;
  if (!st.mount) return;
  const all: QuotaType[] = ['user', 'group', 'project'];
  for (const t of all) if (types.size === 0 || types.has(t)) reportType(st, t, form, flags, lower, upper);
}

const QUOTA: QuotaCommand = {
  name: 'quota', altname: 'l', argmin: 0, argmax: -1, expert: false,
  args: '[-bir] [-g|-p|-u] [-hnNv] [-f file] [id|name]...', oneline: 'show usage and limits', run: quotaF,
};

const REPORT: QuotaCommand = {
  name: 'report', altname: 'repquota', argmin: 0, argmax: -1, expert: true,
  args: '[-bir] [-gpu] [-ahnt] [-f file]', oneline: 'report filesystem quota information', run: reportF,
};

/** `quota` and `report`. */
export const reportCommands: QuotaCommand[] = [QUOTA, REPORT];
