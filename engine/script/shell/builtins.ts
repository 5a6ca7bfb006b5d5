/**
 * Shell builtins (bash "Shell Builtin Commands") that run inside the shell. SPECIAL_BUILTINS
 * change the shell's state and cannot be replaced by a tool; BUILTINS (echo, printf, test...) can.
 */
import type { DeclClause } from './ast.js';
import type { Builtin } from './commands.js';
import { testArgs, TestError } from './conditional.js';
import { expandString } from './expansion.js';
import type { Interp } from './interpreter.js';
import { parseScript, ShellSyntaxError } from './parser.js';
import { formatPrintf, echoEscapes } from './printf.js';
import { CommandError, ExitSignal, LoopSignal, ReturnSignal } from './runtime.js';
import { testEnv } from './test-clause.js';
import { normalizePath } from './vfs.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const cd: Builtin = (sh, argv, io) => {
  let dir = argv[1] ?? sh.get('HOME') ?? '/';
  if (dir === '-') {
    dir = sh.get('OLDPWD') ?? sh.st.cwd;
    io.out(dir + '\n');
  }
  const info = sh.rt.fs.tryStat(dir, sh.st.cwd);
  if (!info) throw new CommandError(`cd: ${dir}: No such file or directory`);
  if (info.type !== 'dir') throw new CommandError(`cd: ${dir}: Not a directory`);
  sh.set('OLDPWD', sh.st.cwd);
  sh.st.cwd = normalizePath(dir, sh.st.cwd);
  sh.set('PWD', sh.st.cwd);
  return 0;
};

const exit: Builtin = (sh, argv) => {
  const a = argv[1];
  if (a !== undefined && !/^[+-]?[0-9]+$/.test(a)) {
    sh.error(`exit: ${a}: numeric argument required`);
    throw new ExitSignal(2);
  }
  throw new ExitSignal(a === undefined ? sh.st.status : Number(BigInt.asUintN(8, BigInt(a))));
};

const ret: Builtin = (sh, argv) => {
  if (sh.callDepth === 0 && !sh.sourcing) throw new CommandError("return: can only `return' from a function or sourced script", 2);
  throw new ReturnSignal(argv[1] === undefined ? sh.st.status : Number(BigInt.asUintN(8, BigInt(argv[1].replace(/^\+/, '') || '0'))));
};

const loop =
  (kind: 'break' | 'continue'): Builtin =>
  (sh, argv) => {
    const n = Number(argv[1] ?? '1');
    if (!Number.isInteger(n) || n < 1) throw new CommandError(`${kind}: ${argv[1]}: loop count out of range`);
    if (sh.loopDepth === 0) {
      sh.error(`${kind}: only meaningful in a \`for', \`while', or \`until' loop`);
      return 0;
    }
    throw new LoopSignal(kind, Math.min(n, sh.loopDepth));
  };

const OPTIONS: Record<string, 'errexit' | 'nounset' | 'xtrace'> = { e: 'errexit', u: 'nounset', x: 'xtrace' };

const set: Builtin = (sh, argv, io) => {
  if (argv.length === 1) {
    for (const [k, v] of [...sh.st.vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) io.out(`${k}=${v}\n`);
    return 0;
  }
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      sh.st.positional = argv.slice(i);
      return 0;
    }
    if (!/^[-+]/.test(a) || a.length < 2) break;
    const on = a[0] === '-';
    if (a.slice(1) === 'o') {
      const name = argv[++i] ?? '';
      if (name === 'pipefail') sh.st.opts.pipefail = on;
      else if (name === 'errexit' || name === 'nounset' || name === 'xtrace') sh.st.opts[name] = on;
      else if (name !== 'posix' && name !== 'noclobber') throw new CommandError(`set: ${name}: invalid option name`, 2);
      continue;
    }
    for (const c of a.slice(1)) {
      const opt = OPTIONS[c];
      if (opt) sh.st.opts[opt] = on;
      else if (!'hBfCnv'.includes(c)) throw new CommandError(`set: ${a[0]}${c}: invalid option`, 2);
    }
  }
  if (i < argv.length) sh.st.positional = argv.slice(i);
  return 0;
};

const shift: Builtin = (sh, argv) => {
  const n = Number(argv[1] ?? '1');
  if (!Number.isInteger(n) || n < 0) throw new CommandError(`shift: ${argv[1]}: numeric argument required`);
  if (n > sh.st.positional.length) return 1;
  sh.st.positional = sh.st.positional.slice(n);
  return 0;
};

const unset: Builtin = (sh, argv) => {
  let fn = false;
  for (const a of argv.slice(1)) {
    if (a === '-f') fn = true;
    else if (a === '-v') fn = false;
    else if (fn) sh.st.functions.delete(a);
    else if (!NAME.test(a)) throw new CommandError(`unset: \`${a}': not a valid identifier`);
    else sh.unset(a);
  }
  return 0;
};

const read: Builtin = (sh, argv, io) => {
  let raw = false;
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-r') raw = true;
    else if (a === '-p') i++; // no prompt without a terminal
    else names.push(a);
  }
  let line = '';
  let got = false;
  let eof = false;
  for (;;) {
    const r = io.input.readLine();
    if (!r) {
      eof = true;
      break;
    }
    got = true;
    eof = r.eof;
    if (!raw && r.line.endsWith('\\') && !r.eof) {
      line += r.line.slice(0, -1);
      continue;
    }
    line += r.line;
    break;
  }
  if (!raw) line = line.replace(/\\(.)/g, '$1');
  const ifs = sh.get('IFS') ?? ' \t\n';
  const ws = `[${[...ifs].filter((c) => ' \t\n'.includes(c)).join('').replace(/\t/, '\\t').replace(/\n/, '\\n')}]`;
  const vars = names.length ? names : ['REPLY'];
  let rest = names.length && ws !== '[]' ? line.replace(new RegExp(`^${ws}+|${ws}+$`, 'g'), '') : line;
  vars.forEach((v, i) => {
    if (i === vars.length - 1) {
      sh.set(v, rest);
      return;
    }
    const m = new RegExp(`[${ifs.replace(/[\]\\^-]/g, '\\$&').replace(/\t/, '\\t').replace(/\n/, '\\n')}]+`).exec(rest);
    sh.set(v, m ? rest.slice(0, m.index) : rest);
    rest = m ? rest.slice(m.index + m[0].length) : '';
  });
  return got && !(eof && line === '') ? 0 : 1;
};

const wait: Builtin = (sh, argv) => {
  let status = 0;
  for (const a of argv.slice(1)) {
    const pid = Number(a.replace(/^%/, ''));
    const s = sh.st.jobs.get(pid);
    if (s === undefined) {
      sh.error(`wait: pid ${a} is not a child of this shell`);
      status = 127;
    } else status = s;
  }
  return status;
};

/** Run text as shell code in this shell (eval, source, traps). */
export function runText(sh: Interp, text: string, what: string): number {
  let file;
  try {
    file = parseScript(text);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    throw new CommandError(`${what}: line ${e.line}: syntax error: ${e.message}`, 2);
  }
  const savedLine = sh.line;
  try {
    return sh.runStmts(file.stmts);
  } finally {
    sh.line = savedLine;
  }
}

const evalB: Builtin = (sh, argv) => runText(sh, argv.slice(1).join(' '), 'eval');

const source: Builtin = (sh, argv) => {
  const path = argv[1];
  if (path === undefined) throw new CommandError(`${argv[0]}: filename argument required`, 2);
  let text: string;
  try {
    text = sh.rt.fs.readFile(path, sh.st.cwd);
  } catch {
    throw new CommandError(`${path}: No such file or directory`);
  }
  const savedPositional = sh.st.positional;
  if (argv.length > 2) sh.st.positional = argv.slice(2);
  sh.sourcing++;
  try {
    return runText(sh, text, path);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.code;
    throw e;
  } finally {
    sh.sourcing--;
    if (argv.length > 2) sh.st.positional = savedPositional;
  }
};

const trap: Builtin = (sh, argv, io) => {
  if (argv.length === 1) {
    if (sh.st.exitTrap !== null) io.out(`trap -- '${sh.st.exitTrap.replace(/'/g, `'\\''`)}' EXIT\n`);
    return 0;
  }
  const action = argv[1]!;
  for (const sig of argv.slice(2)) if (sig === 'EXIT' || sig === '0') sh.st.exitTrap = action === '-' ? null : action; // other signals never arrive
  return 0;
};

/** Builtins that change the shell itself; a tool of the same name does not replace them. */
export const SPECIAL_BUILTINS: Readonly<Record<string, Builtin>> = {
  cd,
  exit,
  return: ret,
  break: loop('break'),
  continue: loop('continue'),
  set,
  shift,
  unset,
  read,
  wait,
  eval: evalB,
  source,
  '.': source,
  trap,
};

const test: Builtin = (sh, argv) => {
  let args = argv.slice(1);
  if (argv[0] === '[') {
    if (args[args.length - 1] !== ']') throw new CommandError("[: missing `]'", 2);
    args = args.slice(0, -1);
  }
  try {
    return testArgs(args, testEnv(sh)) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) throw new CommandError(`${argv[0]}: ${e.message}`, 2);
    throw e;
  }
};

const echo: Builtin = (_sh, argv, io) => {
  let i = 1;
  let newline = true;
  let escapes = false;
  for (; i < argv.length && /^-[neE]+$/.test(argv[i]!); i++) {
    for (const c of argv[i]!.slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  let text = argv.slice(i).join(' ');
  if (escapes) {
    const r = echoEscapes(text);
    text = r.text;
    if (r.stop) newline = false;
  }
  io.out(newline ? text + '\n' : text);
  return 0;
};

const printf: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  let target: string | null = null;
  if (args[0] === '-v') {
    target = args[1] ?? '';
    args = args.slice(2);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) throw new CommandError('printf: usage: printf [-v var] format [arguments]', 2);
  const r = formatPrintf(args[0]!, args.slice(1));
  for (const e of r.errors) sh.error(`printf: ${e}`);
  if (target !== null) sh.set(target, r.text);
  else io.out(r.text);
  return r.errors.length ? 1 : 0;
};

/** Builtins a tool may replace. */
export const BUILTINS: Readonly<Record<string, Builtin>> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  echo,
  printf,
  test,
  '[': test,
  pwd: (sh, _argv, io) => {
    io.out(sh.st.cwd + '\n');
    return 0;
  },
};

/** `local`, `declare`, `typeset`, `export`, `readonly` (parsed as declarations). */
export function declare(sh: Interp, c: DeclClause): number {
  const env = sh.expandEnv;
  const flags = new Set<string>();
  const items: { name: string; value?: string; plus?: boolean }[] = [];
  for (const a of c.args) {
    if (a.naked && a.name === '' && a.value) {
      const w = expandString(a.value, env);
      if (/^[-+][a-zA-Z]+$/.test(w)) for (const f of w.slice(1)) flags.add(w[0] === '+' ? '+' + f : f);
      else items.push({ name: w });
    } else if (a.naked) items.push({ name: a.name });
    else items.push({ name: a.name, value: (a.append ? (sh.get(a.name) ?? '') : '') + (a.value ? expandString(a.value, env) : '') });
  }
  sh.tick(c, [c.variant, ...[...flags].map((f) => '-' + f), ...items.map((i) => (i.value === undefined ? i.name : `${i.name}=${i.value}`))]);
  if (flags.has('a') || flags.has('A')) throw new CommandError(`${c.variant}: arrays are not supported`, 2);
  const v = c.variant;
  const local = v === 'local' || ((v === 'declare' || v === 'typeset') && sh.st.frames.length > 0 && !flags.has('g'));
  if (v === 'local' && sh.st.frames.length === 0) throw new CommandError('local: can only be used in a function');
  let status = 0;
  for (const it of items) {
    if (!NAME.test(it.name)) {
      sh.error(`${v}: \`${it.value === undefined ? it.name : `${it.name}=${it.value}`}': not a valid identifier`);
      status = 1;
      continue;
    }
    if (local) {
      const frame = sh.st.frames[sh.st.frames.length - 1]!;
      if (!frame.has(it.name)) frame.set(it.name, undefined);
    }
    if (it.value !== undefined) sh.set(it.name, it.value);
    if (v === 'export' || flags.has('x')) {
      if (flags.has('n')) sh.st.exported.delete(it.name);
      else sh.st.exported.add(it.name);
    }
    if (flags.has('+x')) sh.st.exported.delete(it.name);
    if (v === 'readonly' || flags.has('r')) sh.st.readonly.add(it.name);
  }
  return status;
}
