/**
 * sed, the simple forms: `s/re/rep/[gpNI]` with any delimiter, `p`, `d`, `q`, `=`, `y/abc/xyz/`,
 * `a text`, `i text`, `c text`; addresses N, $, /re/ and ranges, `!`; -n, -e, -E/-r, `;` and
 * newlines between commands.
 */
import { strerror, type Util } from './commands.js';
import { posixRegExp } from './regex.js';
import { getopt, lines } from './util-helpers.js';

type Addr = { line: number } | { last: true } | { re: RegExp };
interface Cmd {
  a1?: Addr;
  a2?: Addr;
  neg: boolean;
  op: string;
  re?: RegExp;
  rep?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  text?: string;
  from?: string;
  to?: string;
  inRange?: boolean;
}

class SedError extends Error {}

function parseScript(script: string, extended: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  let i = 0;
  const s = script;
  const delimited = (d: string): string => {
    let out = '';
    for (; i < s.length && s[i] !== d; i++) {
      if (s[i] === '\\' && i + 1 < s.length) {
        out += s[i + 1] === d ? d : s[i]! + s[i + 1]!;
        i++;
      } else if (s[i] === '\n') out += '\n';
      else out += s[i];
    }
    if (s[i] !== d) throw new SedError(`unterminated \`s' command`);
    i++;
    return out;
  };
  const addr = (): Addr | undefined => {
    const m = /^(\d+|\$)/.exec(s.slice(i));
    if (m) {
      i += m[0].length;
      return m[0] === '$' ? { last: true } : { line: Number(m[0]) };
    }
    if (s[i] === '/' || s[i] === '\\') {
      const d = s[i] === '\\' ? s[++i]! : '/';
      i++;
      return { re: posixRegExp(delimited(d), { extended }) };
    }
    return undefined;
  };
  while (i < s.length) {
    while (i < s.length && /[\s;]/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const c: Cmd = { neg: false, op: '' };
    c.a1 = addr();
    if (c.a1 && s[i] === ',') {
      i++;
      c.a2 = addr();
    }
    while (s[i] === ' ') i++;
    if (s[i] === '!') {
      c.neg = true;
      i++;
    }
    c.op = s[i++] ?? '';
    if (c.op === 's' || c.op === 'y') {
      const d = s[i++]!;
      const a = delimited(d);
      const b = delimited(d);
      if (c.op === 'y') {
        c.from = a;
        c.to = b;
      } else {
        let flags = '';
        while (i < s.length && /[gpIi0-9]/.test(s[i]!)) flags += s[i++];
        c.re = posixRegExp(a, { extended, icase: /[Ii]/.test(flags), global: true });
        c.rep = b;
        c.global = flags.includes('g');
        c.print = flags.includes('p');
        c.nth = Number(/\d+/.exec(flags)?.[0] ?? 1);
      }
    } else if ('aic'.includes(c.op)) {
      const m = /^\\?\n?[ \t]*([^\n]*)/.exec(s.slice(i))!;
      c.text = m[1]!.replace(/\\$/, '');
      i += m[0].length;
    } else if (c.op === 'q' || c.op === 'Q') {
      const m = /^\s*(\d*)/.exec(s.slice(i))!;
      c.nth = Number(m[1] || 0);
      i += m[0].length;
    } else if (!'pdP=n'.includes(c.op) || c.op === '') throw new SedError(`unknown command: \`${c.op}'`);
    cmds.push(c);
  }
  return cmds;
}

/** Expand `&`, `\1`..`\9`, `\n` in a replacement. */
function substitute(rep: string, m: RegExpExecArray): string {
  return rep.replace(/\\(\d)|\\n|\\(.)|&/g, (all, d: string | undefined, other: string | undefined) => {
    if (d !== undefined) return m[Number(d)] ?? '';
    if (all === '\\n') return '\n';
    if (other !== undefined) return other;
    return m[0];
  });
}

function matches(a: Addr, line: string, n: number, last: boolean): boolean {
  if ('line' in a) return a.line === n;
  if ('last' in a) return last;
  a.re.lastIndex = 0;
  return a.re.test(line);
}

const sed: Util = (ctx) => {
  const p = getopt(ctx.args, 'nEre:s');
  if ('error' in p) {
    ctx.err(`sed: ${p.error}\n`);
    return 1;
  }
  const o = new Set(p.opts.map(([k]) => k));
  const scripts = p.opts.filter(([k]) => k === 'e').map(([, v]) => v);
  const rest = [...p.rest];
  if (scripts.length === 0) {
    const s = rest.shift();
    if (s === undefined) {
      ctx.err('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
      return 1;
    }
    scripts.push(s);
  }
  let cmds: Cmd[];
  try {
    cmds = parseScript(scripts.join('\n'), o.has('E') || o.has('r'));
  } catch (e) {
    ctx.err(`sed: -e expression #1, char 0: ${(e as Error).message}\n`);
    return 1;
  }
  let status = 0;
  const all: string[] = [];
  for (const f of rest.length ? rest : ['-']) {
    try {
      all.push(...lines(f === '-' ? ctx.input.takeAll() : ctx.fs.readFile(f, ctx.cwd)));
    } catch (e) {
      ctx.err(`sed: can't read ${f}: ${strerror(e)}\n`);
      status = 2;
    }
  }
  let out = '';
  for (let n = 1; n <= all.length; n++) {
    let line = all[n - 1]!;
    const last = n === all.length;
    let del = false;
    let after = '';
    let quit: number | null = null;
    for (const c of cmds) {
      let sel = true;
      if (c.a1 && c.a2) {
        if (c.inRange) {
          sel = true;
          if (('line' in c.a2 && n >= c.a2.line) || matches(c.a2, line, n, last)) c.inRange = false;
        } else if (matches(c.a1, line, n, last)) {
          c.inRange = !('line' in c.a2 && c.a2.line <= n);
        } else sel = false;
      } else if (c.a1) sel = matches(c.a1, line, n, last);
      if (sel === c.neg) continue;
      if (c.op === 's') {
        let k = 0;
        let done = false;
        line = line.replace(c.re!, (...args) => {
          const m = args.slice(0, -2) as unknown as RegExpExecArray;
          k++;
          if (done || (!c.global && k !== c.nth) || (c.global && k < c.nth!)) return m[0];
          if (!c.global) done = true;
          return substitute(c.rep!, m);
        });
        if (k >= c.nth! && c.print) out += line + '\n';
      } else if (c.op === 'y') line = [...line].map((ch) => (c.from!.includes(ch) ? (c.to![c.from!.indexOf(ch)] ?? ch) : ch)).join('');
      else if (c.op === 'p') out += line + '\n';
      else if (c.op === '=') out += n + '\n';
      else if (c.op === 'i') out += c.text + '\n';
      else if (c.op === 'a') after += c.text + '\n';
      else if (c.op === 'c') {
        out += c.text + '\n';
        del = true;
        break;
      } else if (c.op === 'd') {
        del = true;
        break;
      } else if (c.op === 'q' || c.op === 'Q') {
        quit = c.nth ?? 0;
        if (c.op === 'Q') del = true;
        break;
      }
    }
    if (!del && !o.has('n')) out += line + '\n';
    out += after;
    if (quit !== null) {
      ctx.out(out);
      return quit;
    }
  }
  ctx.out(out);
  return status;
};

/** sed. */
export const SED_UTILITIES: Readonly<Record<string, Util>> = { sed };
