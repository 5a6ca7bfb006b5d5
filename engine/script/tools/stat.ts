/**
 * coreutils 9.1 `stat`: `stat [-L] [-f] [-t] [-c FORMAT | --printf=FORMAT] FILE...` with the
 * format directives of stat(1) (`%s %b %B %n ...`, and for -f `%a %b %f %S ...`), printf-style
 * flags and widths, the default multi-line layouts, and the statx error message.
 */
import type { Tool, ToolContext } from '../tool.js';
import type { StatfsResult, StatResult } from '../../syscalls.js';
import { formatInt, formatStr, parseSpec, type ConvSpec } from './lib/cformat.js';
import { Getopt } from './lib/getopt.js';
import { groupName, userName } from './lib/ids.js';
import { asXfsError, quoteAlways, syscall, toolPath, tryHelp } from './lib/sys.js';
import { humanTime } from './lib/time.js';
import { XfsError } from '../../xfs-errors.js';

const FMT_FS =
  '  File: "%n"\n    ID: %-8i Namelen: %-7l Type: %T\nBlock size: %-10s Fundamental block size: %S\n' +
  'Blocks: Total: %-10b Free: %-10f Available: %a\nInodes: Total: %-10c Free: %d\n';
const FMT_FILE_HEAD = '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n';
const FMT_FILE_DEV = 'Device: %Hd,%Ld\tInode: %-10i  Links: %h\n';
const FMT_DEVICE_DEV = 'Device: %Hd,%Ld\tInode: %-10i  Links: %-5h Device type: %Hr,%Lr\n';
const FMT_FILE_TAIL =
  'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w\n';
const FMT_TERSE_FS = '%n %i %l %t %s %S %b %f %a %c %d\n';
const FMT_TERSE = '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n';

/** A file's type as gnulib's file_type() names it. */
function fileType(s: StatResult): string {
  switch (s.mode & 0o170000) {
    case 0o100000: return s.size === 0 ? 'regular empty file' : 'regular file';
    case 0o040000: return 'directory';
    case 0o120000: return 'symbolic link';
    case 0o060000: return 'block special file';
    case 0o020000: return 'character special file';
    case 0o010000: return 'fifo';
    case 0o140000: return 'socket';
    default: return s.isDir ? 'directory' : 'weird file';
  }
}

/** filemodestring(): `-rw-r--r--`. */
export function modeString(mode: number, isDir = false): string {
  const types: Record<number, string> = { 0o100000: '-', 0o040000: 'd', 0o120000: 'l', 0o060000: 'b', 0o020000: 'c', 0o010000: 'p', 0o140000: 's' };
  let s = types[mode & 0o170000] ?? (isDir ? 'd' : '?');
  const rwx = (bits: number, special: boolean, ch: string): string =>
    `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-'}`;
  s += rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's');
  s += rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's');
  s += rwx(mode & 7, (mode & 0o1000) !== 0, 't');
  return s;
}

const major = (dev: number): number => (Math.floor(dev / 256) % 4096) + Math.floor(dev / 2 ** 32 / 4096) * 4096;
const minor = (dev: number): number => (dev % 256) + (Math.floor(dev / 4096) % 2 ** 20) * 256;

/** make_format(): keep only the flags the conversion allows. */
function allow(spec: ConvSpec, flags: string): ConvSpec {
  const out: ConvSpec = { width: spec.width, precision: spec.precision };
  if (flags.includes('-')) out.left = spec.left;
  if (flags.includes('0')) out.zero = spec.zero;
  if (flags.includes('+')) out.plus = spec.plus;
  if (flags.includes(' ')) out.space = spec.space;
  if (flags.includes('#')) out.alt = spec.alt;
  return out;
}

const outStr = (s: string, sp: ConvSpec): string => formatStr(s, allow(sp, '-'));
const outInt = (v: number, sp: ConvSpec): string => formatInt(v, 'd', allow(sp, "'-+ 0"));
const outUint = (v: number, sp: ConvSpec): string => formatInt(v, 'u', allow(sp, "'-0"));
const outOct = (v: number, sp: ConvSpec): string => formatInt(v, 'o', allow(sp, '-#0'));
const outHex = (v: number, sp: ConvSpec): string => formatInt(v, 'x', allow(sp, '-#0'));

/** out_epoch_sec(): seconds, with `.N` digits of nanoseconds when a precision is given. */
function outEpoch(t: number, sp: ConvSpec, hasDot: boolean): string {
  const sec = Math.floor(t);
  const ns = Math.round((t - sec) * 1e9);
  const prec = hasDot ? (sp.precision ?? 9) : 0;
  const intPart = outInt(sec, { ...sp, precision: undefined, width: prec ? undefined : sp.width });
  if (!prec) return intPart;
  const frac = String(ns).padStart(9, '0').slice(0, Math.min(prec, 9)).padEnd(prec, '0');
  return `${intPart}.${frac}`;
}

/** What one file shows: its stat, the name printed, the mount point. */
interface FileInfo {
  st: StatResult;
  name: string;
  mountPoint: string;
  quoted: boolean;
}

function statDirective(c: string, mod: string, sp: ConvSpec, dot: boolean, f: FileInfo): string {
  const s = f.st;
  switch (c) {
    case 'n': return outStr(f.name, sp);
    case 'N': return outStr(f.quoted ? quoteAlways(f.name) : f.name, sp);
    case 'd': return outUint(mod === 'H' ? major(s.dev) : mod === 'L' ? minor(s.dev) : s.dev, sp);
    case 'D': return outHex(s.dev, sp);
    case 'i': return outUint(s.ino, sp);
    case 'a': return outOct(s.mode & 0o7777, sp);
    case 'A': return outStr(modeString(s.mode, s.isDir), sp);
    case 'f': return outHex(s.mode, sp);
    case 'F': return outStr(fileType(s), sp);
    case 'h': return outUint(s.nlink, sp);
    case 'u': return outUint(s.uid, sp);
    case 'U': return outStr(userName(s.uid) ?? 'UNKNOWN', sp);
    case 'g': return outUint(s.gid, sp);
    case 'G': return outStr(groupName(s.gid) ?? 'UNKNOWN', sp);
    case 'm': return outStr(f.mountPoint, sp);
    case 's': return outInt(s.size, sp);
    case 'r': return outUint(0, sp);
    case 'R': case 't': case 'T': return outHex(0, sp);
    case 'B': return outUint(512, sp);
    case 'b': return outUint(s.blocks, sp);
    case 'o': return outUint(s.blksize, sp);
    // The syscall surface has no birth time: statx reports none, as for a filesystem without it.
    case 'w': return outStr('-', sp);
    case 'W': return outEpoch(0, sp, dot);
    case 'x': return outStr(humanTime(s.atime), sp);
    case 'X': return outEpoch(s.atime, sp, dot);
    case 'y': return outStr(humanTime(s.mtime), sp);
    case 'Y': return outEpoch(s.mtime, sp, dot);
    case 'z': return outStr(humanTime(s.ctime), sp);
    case 'Z': return outEpoch(s.ctime, sp, dot);
    case 'C': return outStr('?', sp);
    default: return '?';
  }
}

function statfsDirective(c: string, sp: ConvSpec, name: string, s: StatfsResult): string {
  switch (c) {
    case 'n': return outStr(name, sp);
    // The fsid words in little-endian order, as coreutils assembles them.
    case 'i': return formatInt((BigInt(s.fsid[0] >>> 0) << 32n) | BigInt(s.fsid[1] >>> 0), 'x', allow(sp, '-#0'));
    case 'l': return outUint(s.namelen, sp);
    case 't': return outHex(s.type, sp);
    case 'T': return outStr(s.type === 0x58465342 ? 'xfs' : `UNKNOWN (0x${s.type.toString(16)})`, sp);
    case 'b': return outInt(s.blocks, sp);
    case 'f': return outInt(s.bfree, sp);
    case 'a': return outInt(s.bavail, sp);
    case 's': return outUint(s.bsize, sp);
    case 'S': return outUint(s.frsize || s.bsize, sp);
    case 'c': return outUint(s.files, sp);
    case 'd': return outInt(s.ffree, sp);
    default: return '?';
  }
}

/** C escapes of --printf. */
const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

/**
 * print_it(): expands FORMAT; `dir(conv, mod, spec, hasDot)` prints one directive. Returns the
 * text, or an error message for an invalid directive (`%5%`).
 */
function printIt(format: string, escapes: boolean, statMode: boolean, dir: (c: string, mod: string, sp: ConvSpec, dot: boolean) => string): { text: string; error?: string } {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '%') {
      const m = /^['\-+ #0I]*\d*(\.\d*)?/.exec(format.slice(i + 1))!;
      const specText = m[0];
      let j = i + 1 + specText.length;
      let c = format[j] ?? '';
      if (c === '' || c === '%') {
        if (specText.length > 0) return { text: out, error: `'%${specText}${c}': invalid directive` };
        out += '%';
        i = c === '' ? j - 1 : j;
        continue;
      }
      let mod = '';
      if ((c === 'H' || c === 'L') && statMode && (format[j + 1] === 'd' || format[j + 1] === 'r')) {
        mod = c;
        c = format[++j];
      }
      out += dir(c, mod, parseSpec(specText), specText.includes('.'));
      i = j;
    } else if (ch === '\\' && escapes) {
      const next = format[i + 1];
      if (next === undefined) out += '\\';
      else if (/[0-7]/.test(next)) {
        const oct = /^[0-7]{1,3}/.exec(format.slice(i + 1))![0];
        out += String.fromCharCode(parseInt(oct, 8) & 0xff);
        i += oct.length;
      } else if (next === 'x' && /[0-9a-fA-F]/.test(format[i + 2] ?? '')) {
        const hex = /^[0-9a-fA-F]{1,2}/.exec(format.slice(i + 2))![0];
        out += String.fromCharCode(parseInt(hex, 16));
        i += 1 + hex.length;
      } else {
        out += ESCAPES[next] ?? next;
        i++;
      }
    } else out += ch;
  }
  return { text: out };
}

/** stat(2) of a path as the tool sees it; /dev/null is the character device 1,3. */
function statPath(ctx: ToolContext, path: string): StatResult {
  const where = toolPath(ctx, path);
  return syscall(ctx, `statx ${path}`, () => {
    if (where.kind === 'mount') return ctx.sys.stat(where.rel);
    if (where.kind === 'devnull') {
      return { ino: 4, mode: 0o20666, nlink: 1, uid: 0, gid: 0, size: 0, blocks: 0, blksize: 4096, atime: 0, mtime: 0, ctime: 0, dev: 5, isDir: false };
    }
    throw new XfsError(where.kind === 'absent' ? where.code : 'ENOENT', 'statx', path);
  });
}

/** The stat tool. */
export const stat: Tool = (ctx) => {
  ctx.host.setTask('stat');
  let format: string | undefined;
  let escapes = false;
  let delim = '';
  let fs = false, terse = false;
  const g = new Getopt(ctx.args, 'c:fLt', 'stat', (t) => ctx.err(t), [
    { name: 'dereference', arg: 'none', key: 'L' },
    { name: 'file-system', arg: 'none', key: 'f' },
    { name: 'format', arg: 'required', key: 'c' },
    { name: 'printf', arg: 'required', key: 'printf' },
    { name: 'terse', arg: 'none', key: 't' },
    { name: 'cached', arg: 'required', key: 'cached' },
  ]);
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'c') [format, escapes, delim] = [o.arg, false, '\n'];
    else if (o.opt === 'printf') [format, escapes, delim] = [o.arg, true, ''];
    else if (o.opt === 'f') fs = true;
    else if (o.opt === 't') terse = true;
    else if (o.opt === '?') return tryHelp(ctx, 'stat');
  }
  const files = g.operands();
  if (files.length === 0) {
    ctx.err('stat: missing operand\n');
    return tryHelp(ctx, 'stat');
  }
  let ok = true;
  for (const name of files) {
    const r = fs ? statfsOne(ctx, name, format ?? (terse ? FMT_TERSE_FS : FMT_FS), escapes) : statOne(ctx, name, format, terse, escapes);
    if (r === null) {
      ok = false;
      continue;
    }
    if (r.error) {
      ctx.out(r.text);
      ctx.err(`stat: ${r.error}\n`);
      return 1;
    }
    ctx.out(r.text + delim);
  }
  return ok ? 0 : 1;
};

function statOne(ctx: ToolContext, name: string, format: string | undefined, terse: boolean, escapes: boolean): { text: string; error?: string } | null {
  const where = toolPath(ctx, name);
  let st: StatResult;
  try {
    st = statPath(ctx, name);
  } catch (e) {
    ctx.err(`stat: cannot statx ${quoteAlways(name)}: ${asXfsError(e).strerror}\n`);
    return null;
  }
  const device = (st.mode & 0o170000) === 0o020000 || (st.mode & 0o170000) === 0o060000;
  const fmt = format ?? (terse ? FMT_TERSE : FMT_FILE_HEAD + (device ? FMT_DEVICE_DEV : FMT_FILE_DEV) + FMT_FILE_TAIL);
  const info: FileInfo = {
    st, name, quoted: format !== undefined,
    mountPoint: where.kind === 'mount' ? ctx.host.mountPoint : '/dev',
  };
  return printIt(fmt, escapes, true, (c, mod, sp, dot) => statDirective(c, mod, sp, dot, info));
}

function statfsOne(ctx: ToolContext, name: string, format: string, escapes: boolean): { text: string; error?: string } | null {
  const where = toolPath(ctx, name);
  let s: StatfsResult;
  try {
    s = syscall(ctx, `statfs ${name}`, () => {
      if (where.kind !== 'mount') throw new XfsError('ENOENT', 'statfs', name);
      return ctx.sys.statfs(where.rel);
    });
  } catch (e) {
    ctx.err(`stat: cannot read file system information for ${quoteAlways(name)}: ${asXfsError(e).strerror}\n`);
    return null;
  }
  return printIt(format, escapes, false, (c, _mod, sp) => statfsDirective(c, sp, name, s));
}
