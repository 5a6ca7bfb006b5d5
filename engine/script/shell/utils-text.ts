/**
 * Text utilities as GNU coreutils behave in the forms lab scripts use: cat, head, tail, wc, cut,
 * sort, uniq, tr, seq, tee, basename, dirname, sleep, printenv. Messages copy coreutils' wording.
 */
import { charCount } from './bytes.js';
import { strerror, type Util, type UtilContext } from './commands.js';
import type { Reader } from './vfs.js';
import { forEachInput, getopt, lines, parseSize, usageError } from './util-helpers.js';

const BUFSIZ = 8192; // stdio BUFSIZ: head's read size

function openInput(ctx: UtilContext, f: string): Reader {
  if (f !== '-') return ctx.fs.openRead(f, ctx.cwd);
  const input = ctx.input;
  return {
    read: (max) => {
      const s = input.text.slice(input.pos, input.pos + max);
      input.pos += s.length;
      return s;
    },
    close: () => {},
  };
}

const cat: Util = (ctx) => {
  const p = getopt(ctx.args, 'uA');
  if ('error' in p) return usageError(ctx, p.error);
  let status = 0;
  for (const f of p.rest.length ? p.rest : ['-']) {
    let rd: Reader;
    try {
      rd = openInput(ctx, f);
    } catch (e) {
      ctx.err(`cat: ${f}: ${strerror(e)}\n`);
      status = 1;
      continue;
    }
    try {
      for (let s = rd.read(131072), n = 0; s !== ''; s = rd.read(131072), n++) {
        if (n > 1 << 20) throw new Error('input too large');
        ctx.out(s);
      }
    } finally {
      rd.close();
    }
  }
  return status;
};

/** head and tail: -n N / -N lines (head -n -N: all but the last N; tail -n +N: from line N), -c N bytes. */
function headTail(tail: boolean): Util {
  return (ctx) => {
    const args = ctx.args.map((a) => (/^-[0-9]+$/.test(a) ? `-n${a.slice(1)}` : a));
    const p = getopt(args, 'n:c:qv');
    if ('error' in p) return usageError(ctx, p.error);
    let count = 10;
    let bytes = false;
    let fromStart = false;
    let allBut = false;
    for (const [o, v] of p.opts) {
      if (o !== 'n' && o !== 'c') continue;
      bytes = o === 'c';
      fromStart = tail && v.startsWith('+');
      allBut = !tail && v.startsWith('-');
      const n = parseSize(v.replace(/^[+-]/, ''));
      if (n === undefined) {
        ctx.err(`${ctx.name}: invalid number of ${bytes ? 'bytes' : 'lines'}: '${v}'\n`);
        return 1;
      }
      count = n;
    }
    const files = p.rest.length ? p.rest : ['-'];
    let status = 0;
    files.forEach((f, i) => {
      if (files.length > 1) ctx.out(`${i > 0 ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
      let rd: Reader;
      try {
        rd = openInput(ctx, f);
      } catch (e) {
        ctx.err(`${ctx.name}: cannot open '${f}' for reading: ${strerror(e)}\n`);
        status = 1;
        return;
      }
      try {
        if (!tail && bytes && !allBut) {
          for (let left = count; left > 0; ) {
            const s = rd.read(Math.min(BUFSIZ, left));
            if (s === '') break;
            ctx.out(s);
            left -= s.length;
          }
          return;
        }
        let text = '';
        for (let s = rd.read(131072); s !== ''; s = rd.read(131072)) text += s;
        if (bytes) {
          const cut = tail ? (fromStart ? text.slice(Math.max(0, count - 1)) : text.slice(Math.max(0, text.length - count))) : text.slice(0, Math.max(0, text.length - count));
          ctx.out(cut);
          return;
        }
        const ls = text.split(/(?<=\n)/);
        const sel = tail ? (fromStart ? ls.slice(Math.max(0, count - 1)) : ls.slice(Math.max(0, ls.length - count))) : allBut ? ls.slice(0, Math.max(0, ls.length - count)) : ls.slice(0, count);
        ctx.out(sel.join(''));
      } finally {
        rd.close();
      }
    });
    return status;
  };
}

const wc: Util = (ctx) => {
  const p = getopt(ctx.args, 'lwcm');
  if ('error' in p) return usageError(ctx, p.error);
  let flags = p.opts.map(([o]) => o);
  if (flags.length === 0) flags = ['l', 'w', 'c'];
  const order = ['l', 'w', 'm', 'c'].filter((f) => flags.includes(f));
  const rows: { counts: number[]; name: string }[] = [];
  const status = forEachInput(ctx, p.rest, (f, e) => `wc: ${f}: ${e}`, (text, name) => {
    const c: Record<string, number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      c: text.length,
      m: charCount(text),
    };
    rows.push({ counts: order.map((f) => c[f]!), name: p.rest.length ? name : '' });
  });
  if (rows.length > 1) rows.push({ counts: order.map((_f, i) => rows.reduce((s, r) => s + r.counts[i]!, 0)), name: 'total' });
  const width = order.length === 1 && rows.length === 1 ? 0 : p.rest.length === 0 ? 7 : Math.max(...rows.flatMap((r) => r.counts.map((n) => String(n).length)));
  for (const r of rows) ctx.out(r.counts.map((n) => String(n).padStart(width)).join(' ') + (r.name ? ' ' + r.name : '') + '\n');
  return status;
};

/** A cut/field list: "1", "2-4", "3-", "-2", comma separated. */
function parseList(s: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of s.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (!m[1] && !m[3])) return undefined;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    ranges.push([a, b]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

const cut: Util = (ctx) => {
  const p = getopt(ctx.args, 'd:f:c:b:s');
  if ('error' in p) return usageError(ctx, p.error);
  const o = new Map(p.opts);
  const list = o.get('f') ?? o.get('c') ?? o.get('b');
  const sel = list === undefined ? undefined : parseList(list);
  if (!sel) return usageError(ctx, list === undefined ? 'you must specify a list of bytes, characters, or fields' : `invalid field value '${list}'`);
  const delim = o.get('d') ?? '\t';
  return forEachInput(ctx, p.rest, (f, e) => `cut: ${f}: ${e}`, (text) => {
    let out = '';
    for (const line of lines(text)) {
      if (o.has('f')) {
        if (!line.includes(delim)) {
          if (!o.has('s')) out += line + '\n';
          continue;
        }
        out += line.split(delim).filter((_f, i) => sel(i + 1)).join(delim) + '\n';
      } else out += [...line].filter((_c, i) => sel(i + 1)).join('') + '\n';
    }
    ctx.out(out);
  });
};

const sort: Util = (ctx) => {
  const p = getopt(ctx.args, 'nrut:k:');
  if ('error' in p) return usageError(ctx, p.error, 2);
  const o = new Map(p.opts);
  const sep = o.get('t');
  const key = o.has('k') ? Number(/^\d+/.exec(o.get('k')!)?.[0] ?? 1) : 0;
  const all: string[] = [];
  const status = forEachInput(ctx, p.rest, (f, e) => `sort: cannot read: ${f}: ${e}`, (text) => all.push(...lines(text)));
  if (status) return 2;
  const field = (l: string): string => {
    if (!key) return l;
    const parts = sep !== undefined ? l.split(sep) : l.trim().split(/\s+/);
    return parts[key - 1] ?? '';
  };
  const num = (s: string): number => Number(/^\s*-?[0-9]*\.?[0-9]*/.exec(s)?.[0]) || 0;
  const cmp = (a: string, b: string): number => {
    const fa = field(a);
    const fb = field(b);
    const r = o.has('n') ? num(fa) - num(fb) : fa < fb ? -1 : fa > fb ? 1 : 0;
    return r !== 0 ? r : a < b ? -1 : a > b ? 1 : 0;
  };
  let sorted = all.sort(cmp);
  if (o.has('r')) sorted.reverse();
  if (o.has('u')) sorted = sorted.filter((l, i) => i === 0 || cmp(sorted[i - 1]!, l) !== 0);
  ctx.out(sorted.map((l) => l + '\n').join(''));
  return 0;
};

const uniq: Util = (ctx) => {
  const p = getopt(ctx.args, 'cdu');
  if ('error' in p) return usageError(ctx, p.error);
  const o = new Map(p.opts);
  return forEachInput(ctx, p.rest.slice(0, 1), (f, e) => `uniq: ${f}: ${e}`, (text) => {
    let out = '';
    const ls = lines(text);
    for (let i = 0; i < ls.length; ) {
      let j = i;
      while (j < ls.length && ls[j] === ls[i]) j++;
      const n = j - i;
      if ((!o.has('d') || n > 1) && (!o.has('u') || n === 1)) out += (o.has('c') ? `${String(n).padStart(7)} ` : '') + ls[i] + '\n';
      i = j;
    }
    ctx.out(out);
  });
};

/** cat, head, tail, wc, cut, sort, uniq. */
export const TEXT_UTILITIES: Readonly<Record<string, Util>> = { cat, head: headTail(false), tail: headTail(true), wc, cut, sort, uniq };
