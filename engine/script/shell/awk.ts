/**
 * awk (the POSIX language subset of awk-parser.ts): `awk [-F fs] [-v var=val] 'program' [file...]`.
 * Fields split on FS (default: runs of blanks), numbers print as integers or with %.6g.
 */
import { strerror, type Util } from './commands.js';
import { parseAwk, type Expr, type Item, type Stmt, AwkSyntaxError } from './awk-parser.js';
import { formatPrintf } from './printf.js';
import { posixRegExp } from './regex.js';
import { lines } from './util-helpers.js';

type Val = number | string;

class Next {}
class Exit {
  constructor(readonly code: number) {}
}
class Brk {}
class Cont {}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function num(v: Val): number {
  if (typeof v === 'number') return v;
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(v);
  return m ? Number(m[0]) : 0;
}

function str(v: Val): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return formatPrintf('%.6g', [String(v)]).text;
}

class AwkRun {
  private readonly vars = new Map<string, Val>([['FS', ' '], ['OFS', ' '], ['ORS', '\n'], ['NR', 0], ['NF', 0], ['FNR', 0], ['SUBSEP', '\x1c'], ['RS', '\n']]);
  private readonly arrays = new Map<string, Map<string, Val>>();
  private fields: string[] = [''];
  out = '';

  constructor(private readonly items: Item[]) {}

  setVar(name: string, v: Val): void {
    this.vars.set(name, v);
  }

  private arr(name: string): Map<string, Val> {
    let a = this.arrays.get(name);
    if (!a) this.arrays.set(name, (a = new Map()));
    return a;
  }

  private split(text: string, fs: string): string[] {
    if (fs === ' ') return text.split(/[ \t\n]+/).filter((f) => f !== '');
    if (text === '') return [];
    if (fs.length === 1 && fs !== '\\') return text.split(fs);
    return text.split(posixRegExp(fs, { extended: true }));
  }

  private setRecord(text: string): void {
    this.fields = [text, ...this.split(text, str(this.vars.get('FS')!))];
    this.vars.set('NF', this.fields.length - 1);
  }

  private getField(i: number): string {
    return this.fields[i] ?? '';
  }

  private setField(i: number, v: string): void {
    if (i === 0) return this.setRecord(v);
    while (this.fields.length <= i) this.fields.push('');
    this.fields[i] = v;
    this.vars.set('NF', this.fields.length - 1);
    this.fields[0] = this.fields.slice(1).join(str(this.vars.get('OFS')!));
  }

  /** Run BEGIN, each record of `inputs`, END; returns the exit status. */
  run(inputs: () => Generator<string>): number {
    let code = 0;
    try {
      for (const it of this.items) if (it.kind === 'begin') this.exec(it.action!);
      if (this.items.some((it) => it.kind !== 'begin')) {
        for (const rec of inputs()) {
          this.vars.set('NR', num(this.vars.get('NR')!) + 1);
          this.vars.set('FNR', num(this.vars.get('FNR')!) + 1);
          this.setRecord(rec);
          try {
            for (const it of this.items) {
              if (it.kind !== 'main') continue;
              if (it.pattern && !this.truthy(this.eval(it.pattern))) continue;
              if (it.action) this.exec(it.action);
              else this.out += this.fields[0] + str(this.vars.get('ORS')!);
            }
          } catch (e) {
            if (!(e instanceof Next)) throw e;
          }
        }
      }
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      code = e.code;
    }
    try {
      for (const it of this.items) if (it.kind === 'end') this.exec(it.action!);
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      code = e.code;
    }
    return code;
  }

  /**
   * Truth of a value. awk treats numeric-looking strings from input (strnums) as numbers; this awk
   * does so for every numeric-looking string, constants included (a simplification).
   */
  private truthy(v: Val): boolean {
    return typeof v === 'number' ? v !== 0 : NUMERIC.test(v) ? num(v) !== 0 : v !== '';
  }

  private exec(stmts: Stmt[]): void {
    for (const s of stmts) this.stmt(s);
  }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'block':
        return this.exec(s.body);
      case 'expr':
        this.eval(s.e);
        return;
      case 'print': {
        const vals = s.args.length ? s.args.map((a) => str(this.eval(a))) : [this.fields[0]!];
        this.out += vals.join(str(this.vars.get('OFS')!)) + str(this.vars.get('ORS')!);
        return;
      }
      case 'printf': {
        const [fmt, ...rest] = s.args.map((a) => this.eval(a));
        this.out += formatPrintf(str(fmt ?? ''), rest.map((v) => (typeof v === 'number' ? str(v) : v))).text;
        return;
      }
      case 'if':
        if (this.truthy(this.eval(s.c))) this.stmt(s.a);
        else if (s.b) this.stmt(s.b);
        return;
      case 'while':
      case 'for': {
        if (s.k === 'for' && s.init) this.stmt(s.init);
        for (let n = 0; s.c === null || this.truthy(this.eval(s.c)); n++) {
          if (n > 10_000_000) throw new Error('loop limit exceeded');
          try {
            this.stmt(s.body);
          } catch (e) {
            if (e instanceof Brk) break;
            if (!(e instanceof Cont)) throw e;
          }
          if (s.k === 'for' && s.post) this.stmt(s.post);
        }
        return;
      }
      case 'forin':
        for (const key of [...this.arr(s.arr).keys()]) {
          this.vars.set(s.v, key);
          try {
            this.stmt(s.body);
          } catch (e) {
            if (e instanceof Brk) break;
            if (!(e instanceof Cont)) throw e;
          }
        }
        return;
      case 'next':
        throw new Next();
      case 'break':
        throw new Brk();
      case 'continue':
        throw new Cont();
      case 'exit':
        throw new Exit(s.e ? num(this.eval(s.e)) : 0);
      case 'delete':
        if (s.e) this.arr(s.name).delete(str(this.eval(s.e)));
        else this.arr(s.name).clear();
    }
  }

  private assign(lhs: Expr, v: Val): Val {
    if (lhs.k === 'var') this.vars.set(lhs.name, v);
    else if (lhs.k === 'field') this.setField(num(this.eval(lhs.e)), str(v));
    else if (lhs.k === 'index') this.arr(lhs.name).set(str(this.eval(lhs.e)), v);
    if (lhs.k === 'var' && lhs.name === 'NF') {
      const n = num(v);
      this.fields = this.fields.slice(0, n + 1);
      while (this.fields.length <= n) this.fields.push('');
      this.fields[0] = this.fields.slice(1).join(str(this.vars.get('OFS')!));
    }
    return v;
  }

  private regex(e: Expr): RegExp {
    return posixRegExp(e.k === 're' ? e.v : str(this.eval(e)), { extended: true });
  }

  eval(e: Expr): Val {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 're':
        return this.regex(e).test(this.fields[0]!) ? 1 : 0;
      case 'var':
        return this.vars.get(e.name) ?? '';
      case 'field':
        return this.getField(num(this.eval(e.e)));
      case 'index':
        return this.arr(e.name).get(str(this.eval(e.e))) ?? '';
      case 'in':
        return this.arr(e.name).has(str(this.eval(e.key))) ? 1 : 0;
      case 'group':
        return this.eval(e.e);
      case 'assign': {
        const v = this.eval(e.e);
        if (e.op === '=') return this.assign(e.lhs, v);
        return this.assign(e.lhs, arith(e.op[0]!, num(this.eval(e.lhs)), num(v)));
      }
      case 'cond':
        return this.truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'incdec': {
        const old = num(this.eval(e.lhs));
        const nv = e.op === '++' ? old + 1 : old - 1;
        this.assign(e.lhs, nv);
        return e.post ? old : nv;
      }
      case 'un': {
        const v = this.eval(e.e);
        return e.op === '!' ? (this.truthy(v) ? 0 : 1) : e.op === '-' ? -num(v) : num(v);
      }
      case 'bin':
        return this.binary(e.op, e.a, e.b);
      case 'call':
        return this.call(e.name, e.args);
    }
  }

  private binary(op: string, a: Expr, b: Expr): Val {
    if (op === '&&') return this.truthy(this.eval(a)) && this.truthy(this.eval(b)) ? 1 : 0;
    if (op === '||') return this.truthy(this.eval(a)) || this.truthy(this.eval(b)) ? 1 : 0;
    if (op === '~' || op === '!~') return (this.regex(b).test(str(this.eval(a))) === (op === '~')) ? 1 : 0;
    const x = this.eval(a);
    const y = this.eval(b);
    if (op === 'concat') return str(x) + str(y);
    if (['<', '<=', '>', '>=', '==', '!='].includes(op)) {
      const numeric = (typeof x === 'number' || NUMERIC.test(x)) && (typeof y === 'number' || NUMERIC.test(y));
      const c = numeric ? num(x) - num(y) : str(x) < str(y) ? -1 : str(x) > str(y) ? 1 : 0;
      return { '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0, '==': c === 0, '!=': c !== 0 }[op]! ? 1 : 0;
    }
    return arith(op, num(x), num(y));
  }

  private call(name: string, args: Expr[]): Val {
    const a = (i: number): Val => (args[i] ? this.eval(args[i]!) : '');
    switch (name) {
      case 'length':
        if (args[0]?.k === 'var' && this.arrays.has(args[0].name)) return this.arrays.get(args[0].name)!.size;
        return [...str(args.length ? a(0) : this.fields[0]!)].length;
      case 'substr': {
        const s = str(a(0));
        const m = Math.round(num(a(1)));
        const n = args.length > 2 ? Math.round(num(a(2))) : Infinity;
        const start = Math.max(m, 1);
        const end = Math.min(m + n, s.length + 1);
        return end > start ? s.slice(start - 1, end - 1) : '';
      }
      case 'index':
        return str(a(0)).indexOf(str(a(1))) + 1;
      case 'split': {
        const parts = this.split(str(a(0)), args[2] ? (args[2].k === 're' ? args[2].v : str(a(2))) : str(this.vars.get('FS')!));
        const arr = args[1]?.k === 'var' ? this.arr(args[1].name) : new Map<string, Val>();
        arr.clear();
        parts.forEach((p, i) => arr.set(String(i + 1), p));
        return parts.length;
      }
      case 'sub':
      case 'gsub': {
        const re = posixRegExp(args[0]?.k === 're' ? args[0].v : str(a(0)), { extended: true, global: name === 'gsub' });
        const target: Expr = args[2] ?? { k: 'field', e: { k: 'num', v: 0 } };
        let count = 0;
        const rep = str(a(1));
        const res = str(this.eval(target)).replace(re, (m) => {
          count++;
          return rep.replace(/\\\\|\\&|&/g, (t) => (t === '&' ? m : t.slice(1)));
        });
        if (count) this.assign(target, res);
        return count;
      }
      case 'match': {
        const m = this.regex(args[1]!).exec(str(a(0)));
        this.vars.set('RSTART', m ? m.index + 1 : 0);
        this.vars.set('RLENGTH', m ? m[0].length : -1);
        return m ? m.index + 1 : 0;
      }
      case 'sprintf':
        return formatPrintf(str(a(0)), args.slice(1).map((x) => str(this.eval(x)))).text;
      case 'tolower':
        return str(a(0)).toLowerCase();
      case 'toupper':
        return str(a(0)).toUpperCase();
      case 'int':
        return Math.trunc(num(a(0)));
      case 'sqrt':
        return Math.sqrt(num(a(0)));
      case 'exp':
        return Math.exp(num(a(0)));
      case 'log':
        return Math.log(num(a(0)));
    }
    throw new AwkSyntaxError(`function ${name} never defined`);
  }
}

function arith(op: string, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) throw new Error('division by zero');
      return x / y;
    case '%':
      if (y === 0) throw new Error('division by zero in %');
      return x % y;
    default:
      return x ** y;
  }
}

const awk: Util = (ctx) => {
  const args = [...ctx.args];
  const assigns: [string, string][] = [];
  let fs: string | undefined;
  while (args[0]?.startsWith('-') && args[0] !== '-') {
    const a = args.shift()!;
    if (a === '--') break;
    if (a.startsWith('-F')) fs = a.length > 2 ? a.slice(2) : args.shift();
    else if (a.startsWith('-v')) {
      const v = a.length > 2 ? a.slice(2) : (args.shift() ?? '');
      const i = v.indexOf('=');
      assigns.push([v.slice(0, i), v.slice(i + 1)]);
    } else {
      ctx.err(`awk: not an option: ${a}\n`);
      return 2;
    }
  }
  const prog = args.shift();
  if (prog === undefined) {
    ctx.err('usage: awk [-F value] [-v var=value] [--] \'program text\' [file ...]\n');
    return 2;
  }
  let run: AwkRun;
  try {
    run = new AwkRun(parseAwk(prog));
  } catch (e) {
    ctx.err(`awk: ${(e as Error).message}\n`);
    return 2;
  }
  if (fs !== undefined) run.setVar('FS', fs === 't' ? '\t' : fs);
  for (const [k, v] of assigns) run.setVar(k, v);
  let status = 0;
  function* records(): Generator<string> {
    for (const f of args.length ? args : ['-']) {
      let text: string;
      try {
        text = f === '-' ? ctx.input.takeAll() : ctx.fs.readFile(f, ctx.cwd);
      } catch (e) {
        ctx.err(`awk: cannot open ${f} (${strerror(e)})\n`);
        status = 2;
        continue;
      }
      yield* lines(text);
    }
  }
  try {
    const code = run.run(records);
    ctx.out(run.out);
    return code || status;
  } catch (e) {
    ctx.out(run.out);
    ctx.err(`awk: run time error: ${(e as Error).message}\n`);
    return 2;
  }
};

/** awk under its usual names. */
export const AWK_UTILITIES: Readonly<Record<string, Util>> = { awk, mawk: awk, gawk: awk };
