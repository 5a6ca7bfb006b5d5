/**
 * Shell arithmetic (bash "Shell Arithmetic"): 64-bit signed integers with wrap-around, C operators,
 * variables evaluated recursively as expressions. BigInt keeps the 64-bit results exact.
 */
import type { Arith, Word } from './ast.js';

/** An arithmetic error; the interpreter prints `expr: message (error token is "token")`. */
export class ArithError extends Error {
  constructor(
    message: string,
    readonly token: string,
  ) {
    super(message);
    this.name = 'ArithError';
  }
}

/** What evaluation needs from the shell. */
export interface ArithEnv {
  /** A variable's value, undefined when unset. */
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** Expand a word operand (`$x`, `${#x}`, `$(cmd)`) to its text. */
  expand(word: Word): string;
  /** Parse expression text (a variable's value) into a tree. */
  parse(text: string): Arith;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
const bool = (b: boolean): bigint => (b ? 1n : 0n);

/** Evaluate an arithmetic tree. Throws ArithError. */
export function evalArith(node: Arith, env: ArithEnv, depth = 0): bigint {
  if (depth > 1024) throw new ArithError('expression recursion level exceeded', '');
  const ev = (n: Arith): bigint => evalArith(n, env, depth);
  switch (node.type) {
    case 'ParenArithm':
      return ev(node.x);
    case 'UnaryArithm': {
      if (node.op === '++' || node.op === '--') {
        const name = varName(node.x);
        const old = valueOf(name, env, depth);
        const nv = wrap(node.op === '++' ? old + 1n : old - 1n);
        env.set(name, nv.toString());
        return node.post ? old : nv;
      }
      const v = ev(node.x);
      if (node.op === '-') return wrap(-v);
      if (node.op === '+') return v;
      if (node.op === '!') return bool(v === 0n);
      if (node.op === '~') return wrap(~v);
      throw new ArithError('syntax error: operand expected', node.op);
    }
    case 'BinaryArithm':
      return binary(node.op, node.x, node.y, env, depth);
    case 'Word':
      return wordValue(node, env, depth);
  }
}

function binary(op: string, x: Arith, y: Arith, env: ArithEnv, depth: number): bigint {
  const ev = (n: Arith): bigint => evalArith(n, env, depth);
  switch (op) {
    case '&&':
      return bool(ev(x) !== 0n && ev(y) !== 0n);
    case '||':
      return bool(ev(x) !== 0n || ev(y) !== 0n);
    case ',':
      ev(x);
      return ev(y);
    case '?': {
      if (y.type !== 'BinaryArithm' || y.op !== ':') throw new ArithError("syntax error: `:' expected for conditional expression", '?');
      return ev(x) !== 0n ? ev(y.x) : ev(y.y);
    }
    case '=':
    case '+=':
    case '-=':
    case '*=':
    case '/=':
    case '%=':
    case '&=':
    case '|=':
    case '^=':
    case '<<=':
    case '>>=': {
      const name = varName(x);
      const rhs = ev(y);
      const v = op === '=' ? rhs : apply(op.slice(0, -1), valueOf(name, env, depth), rhs, y);
      env.set(name, v.toString());
      return v;
    }
  }
  return apply(op, ev(x), ev(y), y);
}

function apply(op: string, a: bigint, b: bigint, rhs: Arith): bigint {
  switch (op) {
    case '+':
      return wrap(a + b);
    case '-':
      return wrap(a - b);
    case '*':
      return wrap(a * b);
    case '/':
    case '%':
      if (b === 0n) throw new ArithError('division by 0', tokenText(rhs));
      return wrap(op === '/' ? a / b : a % b);
    case '**':
      if (b < 0n) throw new ArithError('exponent less than 0', tokenText(rhs));
      return wrap(a ** b);
    case '<<':
      return wrap(a << (b & 63n));
    case '>>':
      return wrap(a >> (b & 63n));
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '==':
      return bool(a === b);
    case '!=':
      return bool(a !== b);
    case '<':
      return bool(a < b);
    case '<=':
      return bool(a <= b);
    case '>':
      return bool(a > b);
    case '>=':
      return bool(a >= b);
  }
  throw new ArithError('syntax error: invalid arithmetic operator', op);
}

/** The variable an assignment or ++/-- targets. */
function varName(n: Arith): string {
  if (n.type === 'Word' && n.parts.length === 1 && n.parts[0]!.type === 'Lit' && NAME.test(n.parts[0]!.value)) return n.parts[0]!.value;
  throw new ArithError('attempted assignment to non-variable', tokenText(n));
}

/** A variable's value as a number: empty or unset is 0, otherwise its text is evaluated. */
function valueOf(name: string, env: ArithEnv, depth: number): bigint {
  const v = env.get(name);
  return v === undefined ? 0n : textValue(v, env, depth + 1);
}

function wordValue(w: Word, env: ArithEnv, depth: number): bigint {
  if (w.parts.length === 1 && w.parts[0]!.type === 'Lit') {
    const text = w.parts[0]!.value;
    if (NAME.test(text)) return valueOf(text, env, depth);
    return parseNumber(text);
  }
  return textValue(env.expand(w), env, depth + 1);
}

/** Text (a variable's value or an expansion) evaluated as an expression. */
function textValue(text: string, env: ArithEnv, depth: number): bigint {
  const t = text.trim();
  if (t === '') return 0n;
  if (/^[0-9]+$/.test(t)) return parseNumber(t);
  if (NAME.test(t)) return valueOf(t, env, depth);
  return evalArith(env.parse(t), env, depth);
}

/** An integer constant: decimal, 0x hex, 0 octal, base#digits. */
export function parseNumber(text: string): bigint {
  let m = /^0[xX]([0-9a-fA-F]+)$/.exec(text);
  if (m) return wrap(BigInt('0x' + m[1]));
  if (/^0[0-7]+$/.test(text)) return wrap(BigInt('0o' + text.slice(1)));
  if (/^[0-9]+$/.test(text)) {
    if (/^0[0-9]+$/.test(text)) throw new ArithError('value too great for base', text);
    return wrap(BigInt(text));
  }
  m = /^([0-9]+)#([0-9a-zA-Z@_]+)$/.exec(text);
  if (m) {
    const base = Number(m[1]);
    if (base < 2 || base > 64) throw new ArithError('invalid arithmetic base', text);
    let v = 0n;
    for (const c of m[2]!) {
      const d = digit(c, base);
      if (d < 0 || d >= base) throw new ArithError('value too great for base', text);
      v = wrap(v * BigInt(base) + BigInt(d));
    }
    return v;
  }
  throw new ArithError('syntax error: operand expected', text);
}

function digit(c: string, base: number): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 97 + 10;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 65 + (base <= 36 ? 10 : 36);
  if (c === '@') return 62;
  if (c === '_') return 63;
  return -1;
}

/** Best-effort text of an operand for error messages. */
function tokenText(n: Arith): string {
  if (n.type === 'Word') return n.parts.map((p) => (p.type === 'Lit' ? p.value : '')).join('');
  return '';
}
