/**
 * Word expansion in bash's order (bash "Shell Expansions"): brace expansion, tilde, parameter and
 * arithmetic expansion, command substitution, field splitting on IFS, filename expansion
 * (globbing), quote removal. Expansion produces pieces tagged quoted / split-able; quoted text is
 * escaped in glob patterns so it matches literally.
 */
import type { Arith, ParamExp, Stmt, Word, WordPart } from './ast.js';
import { charCount } from './bytes.js';
import { escapePattern, hasGlob, matchPattern, replacePattern, trimPattern, unescapePattern } from './pattern.js';

/** What expansion needs from the shell. */
export interface ExpandEnv {
  /** A variable or special parameter ($?, $#, $0 ...); undefined when unset. */
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  positional(): string[];
  /** Run `$(...)` and return its output. */
  commandSubst(stmts: Stmt[]): string;
  /** Evaluate `$((...))`. */
  arith(x: Arith): bigint;
  /** Directory entries, or null if `dir` is not a readable directory ('' = cwd). */
  readdir(dir: string): string[] | null;
  exists(path: string): boolean;
  /** set -u */
  readonly nounset: boolean;
}

/** An expansion error (`${x:?msg}`, unbound variable, bad substitution); aborts the command. */
export class ExpandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpandError';
  }
}

type Piece = { text: string; quoted: boolean; split: boolean } | { brk: true };

/** A command line's words as argv: every expansion, splitting and globbing. */
export function expandFields(words: readonly Word[], env: ExpandEnv): string[] {
  const out: string[] = [];
  for (const w of words) {
    for (const parts of braceAlternatives(w.parts, env)) {
      for (const f of splitFields(expandParts(parts, false, env, true), env)) {
        if (f.glob) {
          const m = glob(f.pattern, env);
          if (m.length > 0) {
            out.push(...m);
            continue;
          }
        }
        out.push(f.text);
      }
    }
  }
  return out;
}

/** One string, no splitting or globbing (assignments, redirection targets, case words). */
export function expandString(word: Word, env: ExpandEnv): string {
  return joinPieces(expandParts(word.parts, false, env, true));
}

/** A pattern: quoted parts escaped, unquoted glob characters active. */
export function expandPattern(word: Word, env: ExpandEnv): string {
  let out = '';
  for (const p of expandParts(word.parts, false, env, true)) if (!('brk' in p)) out += p.quoted ? escapePattern(p.text) : p.text;
  return out;
}

/** A here-document body with an unquoted delimiter: expansions like inside double quotes. */
export function expandHeredoc(word: Word, env: ExpandEnv): string {
  return joinPieces(expandParts(word.parts, true, env, false));
}

function joinPieces(pieces: Piece[]): string {
  let s = '';
  for (const p of pieces) s += 'brk' in p ? ' ' : p.text;
  return s;
}

/** Brace expansion: the word's part lists, one per alternative. */
function braceAlternatives(parts: WordPart[], env: ExpandEnv): WordPart[][] {
  const i = parts.findIndex((p) => p.type === 'BraceExp');
  if (i < 0) return [parts];
  const b = parts[i] as Extract<WordPart, { type: 'BraceExp' }>;
  const before = parts.slice(0, i);
  const after = braceAlternatives(parts.slice(i + 1), env);
  const alts: WordPart[][] = [];
  if (b.sequence) {
    const [from, to, step] = b.elems.map((w) => expandString(w, env));
    for (const v of sequence(from ?? '', to ?? '', step)) alts.push([{ type: 'Lit', value: v }]);
  } else for (const e of b.elems) alts.push(...braceAlternatives(e.parts, env));
  const out: WordPart[][] = [];
  for (const a of alts) for (const rest of after) out.push([...before, ...a, ...rest]);
  return out;
}

function sequence(from: string, to: string, stepText: string | undefined): string[] {
  const step = Math.abs(Number(stepText ?? 1)) || 1;
  const isNum = (s: string): boolean => /^-?[0-9]+$/.test(s);
  if (isNum(from) && isNum(to)) {
    const a = Number(from);
    const b = Number(to);
    const width = /^-?0[0-9]/.test(from) || /^-?0[0-9]/.test(to) ? Math.max(from.length, to.length) : 0;
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
      out.push(width ? (v < 0 ? '-' + String(-v).padStart(width - 1, '0') : String(v).padStart(width, '0')) : String(v));
      if (out.length > 100000) throw new ExpandError('brace expansion too large');
    }
    return out;
  }
  if (from.length === 1 && to.length === 1) {
    const a = from.charCodeAt(0);
    const b = to.charCodeAt(0);
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) out.push(String.fromCharCode(v));
    return out;
  }
  return [`{${from}..${to}${stepText ? '..' + stepText : ''}}`];
}

/** Expand parts to pieces. `dq`: inside double quotes (or a here-document). */
function expandParts(parts: readonly WordPart[], dq: boolean, env: ExpandEnv, atStart: boolean): Piece[] {
  const out: Piece[] = [];
  parts.forEach((p, idx) => {
    switch (p.type) {
      case 'Lit':
        out.push(...literal(p.value, dq, idx === 0 && atStart, env));
        break;
      case 'SglQuoted':
        out.push({ text: p.dollar ? ansiC(p.value) : p.value, quoted: true, split: false });
        break;
      case 'DblQuoted': {
        const inner = expandParts(p.parts, true, env, false);
        out.push(...(inner.length ? inner : [{ text: '', quoted: true, split: false }]));
        break;
      }
      case 'ParamExp':
        out.push(...paramPieces(p, dq, env));
        break;
      case 'CmdSubst':
        out.push({ text: env.commandSubst(p.stmts).replace(/\n+$/, ''), quoted: dq, split: !dq });
        break;
      case 'ArithmExp':
        out.push({ text: env.arith(p.x).toString(), quoted: dq, split: !dq });
        break;
      case 'BraceExp':
        out.push({ text: joinPieces(expandParts(p.elems.flatMap((e) => e.parts), dq, env, false)), quoted: dq, split: false });
        break;
    }
  });
  return out;
}

/** Literal text: backslash quoting, and `~` at the start of an unquoted word. */
function literal(value: string, dq: boolean, wordStart: boolean, env: ExpandEnv): Piece[] {
  const out: Piece[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain) out.push({ text: plain, quoted: dq, split: false });
    plain = '';
  };
  let i = 0;
  if (!dq && wordStart && value.startsWith('~') && (value.length === 1 || value[1] === '/')) {
    out.push({ text: env.get('HOME') ?? '/root', quoted: true, split: false });
    i = 1;
  }
  for (; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '\\' || i + 1 >= value.length) {
      plain += c;
      continue;
    }
    const n = value[++i]!;
    if (n === '\n') continue; // line continuation
    if (dq && !'$`"\\'.includes(n)) {
      plain += '\\' + n;
      continue;
    }
    flush();
    out.push({ text: n, quoted: true, split: false });
  }
  flush();
  return out;
}

/** Decode $'...' escapes. */
function ansiC(s: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/gs, (_m, e: string) => {
    if (e[0] === 'x' && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return map[e] ?? '\\' + e;
  });
}

/** Split pieces into fields on IFS; each field keeps a glob pattern. */
function splitFields(pieces: Piece[], env: ExpandEnv): { text: string; pattern: string; glob: boolean }[] {
  const ifs = env.get('IFS') ?? ' \t\n';
  const fields: { text: string; pattern: string; glob: boolean }[] = [];
  let text = '';
  let pattern = '';
  let started = false;
  const end = (force: boolean): void => {
    if (started || force) fields.push({ text, pattern, glob: hasGlob(pattern) });
    text = pattern = '';
    started = false;
  };
  for (const p of pieces) {
    if ('brk' in p) {
      end(false);
      continue;
    }
    if (!p.split) {
      text += p.text;
      pattern += p.quoted ? escapePattern(p.text) : p.text;
      started ||= p.quoted || p.text !== '';
      continue;
    }
    for (const c of p.text) {
      if (ifs.includes(c)) {
        if (' \t\n'.includes(c)) end(false);
        else end(true);
      } else {
        text += c;
        pattern += c;
        started = true;
      }
    }
  }
  end(false);
  return fields;
}

/** Filename expansion; matches sorted, [] when nothing matches. */
function glob(pattern: string, env: ExpandEnv): string[] {
  let paths = [pattern.startsWith('/') ? '/' : ''];
  const join = (p: string, e: string): string => (p === '' ? e : p.endsWith('/') ? p + e : p + '/' + e);
  let globbed = false;
  const segs = pattern.split('/').filter((s) => s !== '');
  for (const seg of segs) {
    if (!hasGlob(seg)) {
      paths = paths.map((p) => join(p, unescapePattern(seg)));
      continue;
    }
    globbed = true;
    const next: string[] = [];
    for (const p of paths) {
      for (const e of env.readdir(p) ?? []) {
        if (e.startsWith('.') && !seg.startsWith('.') && !seg.startsWith('\\.')) continue;
        if (matchPattern(seg, e)) next.push(join(p, e));
      }
    }
    paths = next;
  }
  if (!globbed) return [];
  return paths.filter((p) => env.exists(p)).sort();
}

const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '$', '!', '0', '-']);

/** Pieces for a parameter expansion. */
function paramPieces(pe: ParamExp, dq: boolean, env: ExpandEnv): Piece[] {
  const name = pe.param;
  const isList = name === '@' || name === '*';
  if (pe.length) {
    const n = isList ? env.positional().length : charCount(lookup(name, env) ?? '');
    if (!isList && lookup(name, env) === undefined && env.nounset) throw new ExpandError(`${name}: unbound variable`);
    return [{ text: String(n), quoted: dq, split: !dq }];
  }
  let values: string[] | undefined;
  if (isList) values = env.positional();
  else {
    let v = lookup(name, env);
    if (pe.excl) v = v === undefined ? undefined : lookup(v, env);
    values = v === undefined ? undefined : [v];
  }
  const exp = pe.exp;
  const op = exp?.op ?? '';
  const unset = values === undefined || (isList && values.length === 0);
  const empty = unset || values!.every((v) => v === '');
  if (op === '-' || op === ':-' || op === '=' || op === ':=') {
    if (op.startsWith(':') ? empty : unset) {
      if (op.endsWith('=')) {
        const v = exp!.word ? expandString(exp!.word, env) : '';
        env.set(name, v);
        return [{ text: v, quoted: dq, split: !dq }];
      }
      return exp!.word ? expandParts(exp!.word.parts, dq, env, false) : [];
    }
  } else if (op === '+' || op === ':+') {
    return (op === ':+' ? empty : unset) ? [] : exp!.word ? expandParts(exp!.word.parts, dq, env, false) : [];
  } else if (op === '?' || op === ':?') {
    if (op === ':?' ? empty : unset) throw new ExpandError(`${name}: ${exp!.word ? expandString(exp!.word, env) : 'parameter null or not set'}`);
  } else if (unset && env.nounset && !isList) throw new ExpandError(`${name}: unbound variable`);
  let vals = values ?? [''];
  if (pe.slice) vals = slice(vals, pe, isList, env);
  if (pe.repl) {
    const pat = expandPattern(pe.repl.orig, env);
    const rep = pe.repl.with ? expandString(pe.repl.with, env) : '';
    vals = vals.map((v) => replacePattern(v, pat, rep, pe.repl!.all));
  }
  if (op === '#' || op === '##' || op === '%' || op === '%%') {
    const pat = exp!.word ? expandPattern(exp!.word, env) : '';
    vals = vals.map((v) => trimPattern(v, pat, op));
  } else if (op === '^' || op === '^^' || op === ',' || op === ',,') {
    const up = op.startsWith('^');
    vals = vals.map((v) => (op.length === 2 ? (up ? v.toUpperCase() : v.toLowerCase()) : (up ? v.slice(0, 1).toUpperCase() : v.slice(0, 1).toLowerCase()) + v.slice(1)));
  } else if (op === '@') {
    const what = exp!.word ? expandString(exp!.word, env) : '';
    if (what !== 'Q') throw new ExpandError(`\${${name}@${what}}: bad substitution`);
    vals = vals.map((v) => `'${v.replace(/'/g, "'\\''")}'`);
  }
  if (isList) return listPieces(vals, name === '@', dq, env);
  return [{ text: vals[0] ?? '', quoted: dq, split: !dq }];
}

/** "$@" is one field per value; "$*" joins with the first IFS character. */
function listPieces(vals: string[], at: boolean, dq: boolean, env: ExpandEnv): Piece[] {
  if (dq && !at) {
    const sep = (env.get('IFS') ?? ' \t\n').slice(0, 1);
    return [{ text: vals.join(sep), quoted: true, split: false }];
  }
  const out: Piece[] = [];
  vals.forEach((v, i) => {
    if (i > 0) out.push({ brk: true });
    out.push({ text: v, quoted: dq, split: !dq });
  });
  return out;
}

function slice(vals: string[], pe: ParamExp, isList: boolean, env: ExpandEnv): string[] {
  const off = pe.slice!.offset ? Number(env.arith(pe.slice!.offset)) : 0;
  const len = pe.slice!.length ? Number(env.arith(pe.slice!.length)) : undefined;
  const cut = <T>(arr: T[]): T[] => {
    const start = off < 0 ? arr.length + off : off;
    if (start < 0 || start > arr.length) return [];
    const end = len === undefined ? arr.length : len < 0 ? arr.length + len : start + len;
    if (end < start && len !== undefined && len < 0) throw new ExpandError(`${len}: substring expression < 0`);
    return arr.slice(start, Math.max(start, end));
  };
  // For $@ offsets count from $0, as in bash: ${@:1} is all positional parameters.
  if (isList) return cut([env.get('0') ?? 'bash', ...vals]);
  return vals.map((v) => cut([...v]).join(''));
}

function lookup(name: string, env: ExpandEnv): string | undefined {
  if (/^[0-9]+$/.test(name) && name !== '0') return env.positional()[Number(name) - 1];
  if (SPECIAL_PARAMS.has(name)) return env.get(name);
  return env.get(name);
}
