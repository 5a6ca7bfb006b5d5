/**
 * More coreutils: tr, seq, tee, basename, dirname, sleep (the simulated clock: host.sleep, never
 * real time), printenv.
 */
import { strerror, type Util } from './commands.js';
import { getopt, usageError } from './util-helpers.js';
import { toBytes } from './bytes.js';
import type { WriteFile } from './vfs.js';

const CLASSES: Record<string, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

/** A tr SET: escapes, a-z ranges and [:class:] names, expanded to characters. */
function trSet(s: string): string[] {
  const out: string[] = [];
  const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', f: '\f', v: '\v', a: '\x07', b: '\b' };
  const chars: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const m = /^\[:([a-z]+):\]/.exec(s.slice(i));
    if (m && CLASSES[m[1]!]) {
      chars.push(...[...CLASSES[m[1]!]!].map((c) => '\0class' + c));
      i += m[0].length - 1;
    } else if (s[i] === '\\' && i + 1 < s.length) {
      const o = /^[0-7]{1,3}/.exec(s.slice(i + 1));
      if (o) {
        chars.push(String.fromCharCode(parseInt(o[0], 8)));
        i += o[0].length;
      } else chars.push(esc[s[++i]!] ?? s[i]!);
    } else chars.push(s[i]!);
  }
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!.replace('\0class', '');
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      const end = chars[i + 2]!.replace('\0class', '');
      for (let k = c.charCodeAt(0); k <= end.charCodeAt(0); k++) out.push(String.fromCharCode(k));
      i += 2;
    } else out.push(c);
  }
  return out;
}

const tr: Util = (ctx) => {
  const p = getopt(ctx.args, 'dsc');
  if ('error' in p) return usageError(ctx, p.error);
  const o = new Set(p.opts.map(([k]) => k));
  const [a, b] = p.rest;
  if (a === undefined || (!o.has('d') && !o.has('s') && b === undefined)) return usageError(ctx, a === undefined ? 'missing operand' : `missing operand after '${a}'`);
  const set1 = trSet(a);
  const set2 = b === undefined ? [] : trSet(b);
  const in1 = (c: string): boolean => set1.includes(c) !== o.has('c');
  let out = '';
  let last = '';
  for (const c of ctx.input.takeAll()) {
    if (o.has('d') && in1(c)) continue;
    let r = c;
    if (!o.has('d') && set2.length) {
      const i = set1.indexOf(c);
      if (i >= 0) r = set2[Math.min(i, set2.length - 1)]!;
    }
    const squeezeSet = o.has('d') || set2.length ? set2 : set1;
    if (o.has('s') && r === last && squeezeSet.includes(r)) continue;
    out += r;
    last = r;
  }
  ctx.out(out);
  return 0;
};

const seq: Util = (ctx) => {
  const args = [...ctx.args];
  let sep = '\n';
  let width = false;
  while (args[0]?.startsWith('-') && !/^-[0-9.]/.test(args[0])) {
    const a = args.shift()!;
    if (a === '-s') sep = args.shift() ?? '';
    else if (a.startsWith('-s')) sep = a.slice(2);
    else if (a === '-w') width = true;
    else return usageError(ctx, `invalid option -- '${a.slice(1, 2)}'`);
  }
  if (args.length === 0 || args.length > 3) return usageError(ctx, args.length ? `extra operand '${args[3]}'` : 'missing operand');
  for (const a of args) if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(a)) return usageError(ctx, `invalid floating point argument: '${a}'`);
  const [first, inc, last] = args.length === 1 ? ['1', '1', args[0]!] : args.length === 2 ? [args[0]!, '1', args[1]!] : (args as [string, string, string]);
  const decimals = Math.max(...[first, inc].map((s) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0)));
  const scale = 10 ** decimals;
  const f = Math.round(Number(first) * scale);
  const st = Math.round(Number(inc) * scale);
  const l = Math.round(Number(last) * scale);
  if (st === 0) return usageError(ctx, `invalid Zero increment value: '${inc}'`);
  const out: string[] = [];
  for (let v = f; st > 0 ? v <= l : v >= l; v += st) {
    out.push((v / scale).toFixed(decimals));
    if (out.length > 1_000_000) break;
  }
  const w = width ? Math.max(...out.map((s) => s.length)) : 0;
  if (out.length) ctx.out(out.map((s) => (w ? (s.startsWith('-') ? '-' + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0')) : s)).join(sep) + '\n');
  return 0;
};

const tee: Util = (ctx) => {
  const p = getopt(ctx.args, 'a');
  if ('error' in p) return usageError(ctx, p.error);
  const append = p.opts.length > 0;
  let status = 0;
  const files: WriteFile[] = [];
  for (const f of p.rest) {
    try {
      files.push(ctx.fs.openWrite(f, ctx.cwd, { append, trunc: !append }));
    } catch (e) {
      ctx.err(`tee: ${f}: ${strerror(e)}\n`);
      status = 1;
    }
  }
  const text = ctx.input.takeAll();
  ctx.out(text);
  for (const f of files) {
    try {
      if (text) f.write(toBytes(text));
    } catch (e) {
      ctx.err(`tee: ${f.label}: ${strerror(e)}\n`);
      status = 1;
    }
    f.close();
  }
  return status;
};

const basename: Util = (ctx) => {
  const [path, suffix] = ctx.args;
  if (path === undefined) return usageError(ctx, 'missing operand');
  let b = path.replace(/\/+$/, '');
  b = b === '' ? (path.startsWith('/') ? '/' : '') : b.slice(b.lastIndexOf('/') + 1);
  if (suffix && b !== suffix && b.endsWith(suffix)) b = b.slice(0, -suffix.length);
  ctx.out(b + '\n');
  return 0;
};

const dirname: Util = (ctx) => {
  const path = ctx.args[0];
  if (path === undefined) return usageError(ctx, 'missing operand');
  const t = path.replace(/\/+$/, '');
  const i = t.lastIndexOf('/');
  ctx.out((i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i).replace(/\/+$/, '') || '/') + '\n');
  return 0;
};

/** sleep NUMBER[smhd]...: advances the simulated clock (background work runs), no real waiting. */
const sleep: Util = (ctx) => {
  if (ctx.args.length === 0) return usageError(ctx, 'missing operand');
  let secs = 0;
  for (const a of ctx.args) {
    const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(a);
    if (!m) return usageError(ctx, `invalid time interval '${a}'`);
    secs += Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  }
  ctx.host.sleep(secs);
  return 0;
};

const printenv: Util = (ctx) => {
  if (ctx.args.length === 0) {
    ctx.out(Object.entries(ctx.env).map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const a of ctx.args) {
    if (ctx.env[a] === undefined) status = 1;
    else ctx.out(ctx.env[a] + '\n');
  }
  return status;
};

/** tr, seq, tee, basename, dirname, sleep, printenv. */
export const MISC_UTILITIES: Readonly<Record<string, Util>> = { tr, seq, tee, basename, dirname, sleep, printenv };
