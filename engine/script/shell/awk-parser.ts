/**
 * A small awk: lexer and parser for the part of the language lab scripts use — patterns
 * (BEGIN, END, /re/, expressions), print/printf, assignments, if/while/for/for-in, next, exit,
 * associative arrays, the common built-in functions. awk.ts runs the tree.
 */

/** Expression nodes. */
export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; v: string }
  | { k: 'var'; name: string }
  | { k: 'field'; e: Expr }
  | { k: 'index'; name: string; e: Expr }
  | { k: 'in'; key: Expr; name: string }
  | { k: 'assign'; op: string; lhs: Expr; e: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'un'; op: string; e: Expr }
  | { k: 'incdec'; op: string; post: boolean; lhs: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'group'; e: Expr };

/** Statement nodes. */
export type Stmt =
  | { k: 'block'; body: Stmt[] }
  | { k: 'expr'; e: Expr }
  | { k: 'print'; args: Expr[] }
  | { k: 'printf'; args: Expr[] }
  | { k: 'if'; c: Expr; a: Stmt; b: Stmt | null }
  | { k: 'while'; c: Expr; body: Stmt }
  | { k: 'for'; init: Stmt | null; c: Expr | null; post: Stmt | null; body: Stmt }
  | { k: 'forin'; v: string; arr: string; body: Stmt }
  | { k: 'next' }
  | { k: 'exit'; e: Expr | null }
  | { k: 'delete'; name: string; e: Expr | null }
  | { k: 'break' }
  | { k: 'continue' };

/** A pattern-action item. */
export interface Item {
  kind: 'begin' | 'end' | 'main';
  pattern: Expr | null;
  action: Stmt[] | null; // null: print $0
}

/** An awk syntax error. */
export class AwkSyntaxError extends Error {}

type Tok = { t: 'num' | 'str' | 're' | 'name' | 'func' | 'op' | 'nl' | 'eof'; v: string };

const KEYWORDS = new Set(['BEGIN', 'END', 'if', 'else', 'while', 'for', 'in', 'print', 'printf', 'next', 'exit', 'delete', 'break', 'continue', 'function', 'getline', 'return']);
const OPS = ['&&', '||', '==', '!=', '<=', '>=', '!~', '++', '--', '+=', '-=', '*=', '/=', '%=', '^=', '**', '>>'];

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  /** A `/` starts a regular expression unless it follows an operand (then it divides). */
  const regexAllowed = (): boolean => {
    const p = toks[toks.length - 1];
    if (!p) return true;
    if (p.t === 'num' || p.t === 'str' || p.t === 're') return false;
    if (p.t === 'name') return KEYWORDS.has(p.v);
    return !(p.t === 'op' && [')', ']', '$', '++', '--'].includes(p.v));
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '\\' && src[i + 1] === '\n') i += 2;
    else if (c === '#') while (i < src.length && src[i] !== '\n') i++;
    else if (c === '\n' || c === ';') {
      toks.push({ t: 'nl', v: c });
      i++;
    } else if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.test(src.slice(i))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))!;
      toks.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      i += m[0].length;
      toks.push({ t: src[i] === '(' && !KEYWORDS.has(m[0]) ? 'func' : 'name', v: m[0] });
    } else if (c === '"') {
      let s = '';
      for (i++; i < src.length && src[i] !== '"'; i++) {
        if (src[i] === '\\' && i + 1 < src.length) {
          const n = src[++i]!;
          s += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[n] ?? '\\' + n;
        } else s += src[i];
      }
      if (src[i] !== '"') throw new AwkSyntaxError('non-terminated string');
      i++;
      toks.push({ t: 'str', v: s });
    } else if (c === '/' && regexAllowed()) {
      let s = '';
      for (i++; i < src.length && src[i] !== '/'; i++) {
        if (src[i] === '\\' && src[i + 1] === '/') s += src[++i];
        else if (src[i] === '\\' && i + 1 < src.length) s += src[i]! + src[++i]!;
        else s += src[i];
      }
      if (src[i] !== '/') throw new AwkSyntaxError('non-terminated regular expression');
      i++;
      toks.push({ t: 're', v: s });
    } else {
      const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
      toks.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  toks.push({ t: 'eof', v: '' });
  return toks;
}

/** Parse an awk program. */
export function parseAwk(src: string): Item[] {
  return new Parser(lex(src)).program();
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(o = 0): Tok {
    return this.toks[Math.min(this.i + o, this.toks.length - 1)]!;
  }
  private is(v: string, t: Tok['t'] = 'op'): boolean {
    const p = this.peek();
    return p.t === t && p.v === v;
  }
  private eat(v: string, t: Tok['t'] = 'op'): boolean {
    if (!this.is(v, t)) return false;
    this.i++;
    return true;
  }
  private expect(v: string): void {
    if (!this.eat(v)) throw new AwkSyntaxError(`syntax error at source line 1: expected '${v}' near '${this.peek().v}'`);
  }
  private nls(): void {
    while (this.peek().t === 'nl') this.i++;
  }

  program(): Item[] {
    const items: Item[] = [];
    for (this.nls(); this.peek().t !== 'eof'; this.nls()) {
      if (this.eat('BEGIN', 'name')) items.push({ kind: 'begin', pattern: null, action: this.block() });
      else if (this.eat('END', 'name')) items.push({ kind: 'end', pattern: null, action: this.block() });
      else {
        const pattern = this.is('{') ? null : this.expr();
        items.push({ kind: 'main', pattern, action: this.is('{') ? this.block() : null });
      }
    }
    return items;
  }

  private block(): Stmt[] {
    this.nls();
    this.expect('{');
    const body: Stmt[] = [];
    for (this.nls(); !this.eat('}'); this.nls()) {
      if (this.peek().t === 'eof') throw new AwkSyntaxError("syntax error: missing '}'");
      body.push(this.stmt());
    }
    return body;
  }

  private simple(): Stmt {
    const p = this.peek();
    if (p.t === 'name' && (p.v === 'print' || p.v === 'printf')) {
      this.i++;
      const args: Expr[] = [];
      const paren = this.is('(') && this.closesList();
      if (paren) this.i++;
      if (!this.atEnd() && !(paren && this.is(')'))) {
        args.push(this.expr(!paren));
        while (this.eat(',')) {
          this.nls();
          args.push(this.expr(!paren));
        }
      }
      if (paren) this.expect(')');
      if (this.is('>') || this.is('>>') || this.is('|')) throw new AwkSyntaxError('output redirection is not supported');
      return { k: p.v as 'print' | 'printf', args };
    }
    return { k: 'expr', e: this.expr() };
  }

  /** Whether `print (` starts a parenthesised argument list (a `,` at depth 1 before `)`). */
  private closesList(): boolean {
    let depth = 0;
    for (let j = this.i; j < this.toks.length; j++) {
      const t = this.toks[j]!;
      if (t.t === 'op' && (t.v === '(' || t.v === '[')) depth++;
      else if (t.t === 'op' && (t.v === ')' || t.v === ']')) {
        depth--;
        if (depth === 0) {
          const n = this.toks[j + 1]!;
          return n.t === 'nl' || n.t === 'eof' || (n.t === 'op' && (n.v === '}' || n.v === '>'));
        }
      } else if (t.t === 'nl' || t.t === 'eof') return false;
    }
    return false;
  }

  private atEnd(): boolean {
    const p = this.peek();
    return p.t === 'nl' || p.t === 'eof' || (p.t === 'op' && (p.v === '}' || p.v === '>' || p.v === '|'));
  }

  private stmt(): Stmt {
    const p = this.peek();
    let s: Stmt;
    if (this.is('{')) return { k: 'block', body: this.block() };
    if (p.t === 'name' && p.v === 'if') {
      this.i++;
      this.expect('(');
      const c = this.expr();
      this.expect(')');
      this.nls();
      const a = this.stmt();
      const save = this.i;
      this.nls();
      if (this.eat('else', 'name')) {
        this.nls();
        return { k: 'if', c, a, b: this.stmt() };
      }
      this.i = save;
      return { k: 'if', c, a, b: null };
    }
    if (p.t === 'name' && p.v === 'while') {
      this.i++;
      this.expect('(');
      const c = this.expr();
      this.expect(')');
      this.nls();
      return { k: 'while', c, body: this.stmt() };
    }
    if (p.t === 'name' && p.v === 'for') {
      this.i++;
      this.expect('(');
      if (this.peek().t === 'name' && this.peek(1).v === 'in' && this.peek(2).t === 'name' && this.peek(3).v === ')') {
        const v = this.peek().v;
        const arr = this.peek(2).v;
        this.i += 4;
        this.nls();
        return { k: 'forin', v, arr, body: this.stmt() };
      }
      const init = this.is(';', 'nl') ? null : this.simple();
      this.expect2(';');
      const c = this.is(';', 'nl') ? null : this.expr();
      this.expect2(';');
      const post = this.is(')') ? null : this.simple();
      this.expect(')');
      this.nls();
      return { k: 'for', init, c, post, body: this.stmt() };
    }
    if (p.t === 'name' && (p.v === 'next' || p.v === 'break' || p.v === 'continue')) {
      this.i++;
      s = { k: p.v } as Stmt;
    } else if (p.t === 'name' && p.v === 'exit') {
      this.i++;
      s = { k: 'exit', e: this.atEnd() ? null : this.expr() };
    } else if (p.t === 'name' && p.v === 'delete') {
      this.i++;
      const name = this.peek().v;
      this.i++;
      let e: Expr | null = null;
      if (this.eat('[')) {
        e = this.expr();
        this.expect(']');
      }
      s = { k: 'delete', name, e };
    } else s = this.simple();
    if (!this.atEnd() && !this.is(')')) throw new AwkSyntaxError(`syntax error near '${this.peek().v}'`);
    if (this.peek().t === 'nl') this.i++;
    return s;
  }

  private expect2(v: string): void {
    if (!this.eat(v, 'nl')) throw new AwkSyntaxError(`syntax error: expected '${v}'`);
  }

  expr(noGt = false): Expr {
    const lhs = this.ternary(noGt);
    const p = this.peek();
    if (p.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(p.v) && (lhs.k === 'var' || lhs.k === 'field' || lhs.k === 'index')) {
      this.i++;
      return { k: 'assign', op: p.v, lhs, e: this.expr(noGt) };
    }
    return lhs;
  }

  private ternary(noGt: boolean): Expr {
    const c = this.binary(0, noGt);
    if (!this.eat('?')) return c;
    const a = this.expr(noGt);
    this.expect(':');
    return { k: 'cond', c, a, b: this.expr(noGt) };
  }

  private static readonly LEVELS = [['||'], ['&&'], ['in'], ['~', '!~'], ['<', '<=', '>', '>=', '!=', '=='], ['concat'], ['+', '-'], ['*', '/', '%']];

  private binary(level: number, noGt: boolean): Expr {
    if (level >= Parser.LEVELS.length) return this.unary(noGt);
    const ops = Parser.LEVELS[level]!;
    let a = this.binary(level + 1, noGt);
    for (;;) {
      const p = this.peek();
      if (ops[0] === 'concat') {
        if (!this.startsOperand()) return a;
        a = { k: 'bin', op: 'concat', a, b: this.binary(level + 1, noGt) };
      } else if (ops[0] === 'in' && p.t === 'name' && p.v === 'in') {
        this.i++;
        const name = this.peek().v;
        this.i++;
        a = { k: 'in', key: a, name };
      } else if (p.t === 'op' && ops.includes(p.v) && !(noGt && p.v === '>')) {
        this.i++;
        if (p.v === '&&' || p.v === '||') this.nls();
        a = { k: 'bin', op: p.v, a, b: this.binary(level + 1, noGt) };
      } else return a;
    }
  }

  private startsOperand(): boolean {
    const p = this.peek();
    if (p.t === 'num' || p.t === 'str' || p.t === 're' || p.t === 'func') return true;
    if (p.t === 'name') return !KEYWORDS.has(p.v) || p.v === 'getline';
    return p.t === 'op' && ['$', '(', '++', '--'].includes(p.v);
  }

  private unary(noGt: boolean): Expr {
    if (this.eat('!')) return { k: 'un', op: '!', e: this.unary(noGt) };
    if (this.eat('-')) return { k: 'un', op: '-', e: this.unary(noGt) };
    if (this.eat('+')) return { k: 'un', op: '+', e: this.unary(noGt) };
    return this.power(noGt);
  }

  private power(noGt: boolean): Expr {
    const base = this.postfix(noGt);
    if (this.eat('^') || this.eat('**')) return { k: 'bin', op: '^', a: base, b: this.unary(noGt) };
    return base;
  }

  private postfix(noGt: boolean): Expr {
    if (this.is('++') || this.is('--')) {
      const op = this.peek().v;
      this.i++;
      return { k: 'incdec', op, post: false, lhs: this.postfix(noGt) };
    }
    const e = this.primary(noGt);
    if ((e.k === 'var' || e.k === 'field' || e.k === 'index') && (this.is('++') || this.is('--'))) {
      const op = this.peek().v;
      this.i++;
      return { k: 'incdec', op, post: true, lhs: e };
    }
    return e;
  }

  private primary(noGt: boolean): Expr {
    const p = this.peek();
    this.i++;
    switch (p.t) {
      case 'num':
        return { k: 'num', v: Number(p.v) };
      case 'str':
        return { k: 'str', v: p.v };
      case 're':
        return { k: 're', v: p.v };
      case 'func': {
        this.expect('(');
        const args: Expr[] = [];
        if (!this.is(')')) {
          args.push(this.expr());
          while (this.eat(',')) args.push(this.expr());
        }
        this.expect(')');
        return { k: 'call', name: p.v, args };
      }
      case 'name':
        if (this.eat('[')) {
          const parts = [this.expr()];
          while (this.eat(',')) parts.push(this.expr());
          this.expect(']');
          const e = parts.reduce((a, b) => ({ k: 'bin', op: 'concat', a: { k: 'bin', op: 'concat', a, b: { k: 'var', name: 'SUBSEP' } }, b }));
          return { k: 'index', name: p.v, e };
        }
        if (p.v === 'length') return { k: 'call', name: 'length', args: [] };
        return { k: 'var', name: p.v };
      case 'op':
        if (p.v === '$') return { k: 'field', e: this.postfixOperand(noGt) };
        if (p.v === '(') {
          const e = this.expr();
          this.expect(')');
          return { k: 'group', e };
        }
    }
    throw new AwkSyntaxError(`syntax error near '${p.v || 'end of program'}'`);
  }

  /** The operand of `$`: a primary with ++/-- but no binary operators. */
  private postfixOperand(noGt: boolean): Expr {
    if (this.is('-') || this.is('!')) return this.unary(noGt);
    return this.primary(noGt);
  }
}
