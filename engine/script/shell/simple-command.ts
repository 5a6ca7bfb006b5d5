/**
 * Simple commands: expansion, the step hook, redirections, then the command lookup bash does —
 * functions, the shell's own builtins, our tools (ToolContext), the other builtins, the utilities;
 * otherwise `bash: line N: foo: command not found` (127). Redirected files are opened by `bash` and
 * closed by whoever ran last (the external command's task, or `bash`).
 */
import type { CallExpr, Redirect, Stmt } from './ast.js';
import { SPECIAL_BUILTINS, BUILTINS } from './builtins.js';
import { strerror, writeChecked, type Builtin, type Util, type UtilContext } from './commands.js';
import { expandFields, expandHeredoc, expandString } from './expansion.js';
import type { Interp } from './interpreter.js';
import { CommandError, ExitSignal, LimitError, WriteError, AbortSignal, ReturnSignal, LoopSignal } from './runtime.js';
import { CommandIO, FdTable, Input, type Stream } from './streams.js';
import { UTILITIES } from './utilities.js';
import { XfsError } from '../../xfs-errors.js';
import type { Tool, ToolContext } from '../tool.js';

type Assigned = { name: string; value: string; append: boolean };

/** Run a simple command statement. */
export function runSimple(sh: Interp, s: Stmt, call: CallExpr): number {
  sh.substStatus = null;
  const env = sh.expandEnv;
  const argv = expandFields(call.args, env);
  const assigns: Assigned[] = [];
  for (const a of call.assigns) {
    const value = a.value ? expandString(a.value, env) : '';
    if (argv.length === 0) sh.set(a.name, a.append ? (sh.get(a.name) ?? '') + value : value);
    else assigns.push({ name: a.name, value, append: a.append });
  }
  sh.tick(s, argv);
  if (argv.length === 0) {
    const status = withRedirs(sh, s, () => 0);
    return status || (sh.substStatus ?? 0);
  }
  if (argv[0] === 'exec') {
    if (argv.length === 1) {
      sh.rt.fs.task = 'bash';
      applyRedirs(sh, s.redirs, sh.fds);
      return 0;
    }
    const closer = { task: 'bash' };
    throw new ExitSignal(withRedirs(sh, s, () => dispatch(sh, argv.slice(1), assigns, closer), closer));
  }
  const closer = { task: 'bash' };
  return withRedirs(sh, s, () => dispatch(sh, argv, assigns, closer), closer);
}

/**
 * Run `fn` with the statement's redirections applied to a copy of the fd table; the files are
 * closed afterwards under `closer.task`.
 */
export function withRedirs(sh: Interp, s: Stmt, fn: () => number, closer = { task: 'bash' }): number {
  if (s.redirs.length === 0) return fn();
  const saved = sh.fds;
  const fds = saved.clone();
  sh.rt.fs.task = 'bash';
  try {
    applyRedirs(sh, s.redirs, fds);
  } catch (e) {
    fds.dispose();
    throw e;
  }
  sh.fds = fds;
  try {
    return fn();
  } finally {
    sh.fds = saved;
    sh.rt.fs.task = closer.task;
    fds.dispose();
    sh.rt.fs.task = 'bash';
  }
}

/** Apply redirections, left to right, to `fds`. Throws CommandError. */
export function applyRedirs(sh: Interp, redirs: readonly Redirect[], fds: FdTable): void {
  const env = sh.expandEnv;
  for (const r of redirs) {
    const fd = r.n !== null ? Number(r.n) : r.op.startsWith('<') ? 0 : 1;
    const target = (): string => {
      const f = expandFields([r.word], env);
      if (f.length !== 1) throw new CommandError(`${sh.rt.src.slice(r.word.pos.offset, r.word.end.offset)}: ambiguous redirect`);
      return f[0]!;
    };
    switch (r.op) {
      case '>':
      case '>|':
      case '>>':
      case '<>':
        fds.set(fd, openOut(sh, target(), r.op === '>>', r.op !== '<>'));
        break;
      case '&>':
      case '&>>': {
        const out = openOut(sh, target(), r.op === '&>>', true);
        fds.set(1, out);
        fds.set(2, out);
        break;
      }
      case '<':
        fds.set(fd, { kind: 'input', input: new Input(readIn(sh, target())) });
        break;
      case '>&':
      case '<&': {
        const t = expandString(r.word, env);
        if (t === '-') fds.close(fd);
        else if (/^[0-9]+$/.test(t)) {
          const src = fds.get(Number(t));
          if (!src) throw new CommandError(`${t}: Bad file descriptor`);
          fds.set(fd, src);
        } else if (r.op === '>&' && r.n === null) {
          const out = openOut(sh, t, false, true);
          fds.set(1, out);
          fds.set(2, out);
        } else throw new CommandError(`${t}: ambiguous redirect`);
        break;
      }
      case '<<':
      case '<<-': {
        const quoted = r.word.parts.some((p) => p.type !== 'Lit');
        let body = !r.hdoc ? '' : quoted ? r.hdoc.parts.map((p) => (p.type === 'Lit' ? p.value : '')).join('') : expandHeredoc(r.hdoc, env);
        if (r.op === '<<-') body = body.replace(/^\t+/gm, '');
        fds.set(fd, { kind: 'input', input: new Input(body) });
        break;
      }
      case '<<<':
        fds.set(fd, { kind: 'input', input: new Input(expandString(r.word, env) + '\n') });
        break;
    }
  }
}

function openOut(sh: Interp, path: string, append: boolean, trunc: boolean): Stream {
  const fs = sh.rt.fs;
  if (fs.resolve(path, sh.st.cwd).where === 'devnull') return { kind: 'null' };
  try {
    return { kind: 'file', file: fs.openWrite(path, sh.st.cwd, { append, trunc: trunc && !append }) };
  } catch (e) {
    if (e instanceof XfsError) throw new CommandError(`${path}: ${e.strerror}`);
    throw e;
  }
}

function readIn(sh: Interp, path: string): string {
  try {
    return sh.rt.fs.readFile(path, sh.st.cwd);
  } catch (e) {
    if (e instanceof XfsError) throw new CommandError(`${path}: ${e.strerror}`);
    throw e;
  }
}

/** Command lookup and run. */
function dispatch(sh: Interp, argv: string[], assigns: Assigned[], closer: { task: string }): number {
  const name = argv[0]!;
  const fn = sh.st.functions.get(name);
  if (fn) return withTempVars(sh, assigns, () => sh.callFunction(fn, argv));
  if (Object.hasOwn(SPECIAL_BUILTINS, name)) return withTempVars(sh, assigns, () => runBuiltin(sh, SPECIAL_BUILTINS[name]!, argv));
  const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  const tools = sh.rt.tools;
  if (Object.hasOwn(tools, base)) {
    closer.task = base;
    return runTool(sh, base, tools[base]!, argv, assigns);
  }
  if (Object.hasOwn(BUILTINS, name)) return withTempVars(sh, assigns, () => runBuiltin(sh, BUILTINS[name]!, argv));
  if (Object.hasOwn(UTILITIES, base)) {
    closer.task = base;
    return runUtil(sh, base, UTILITIES[base]!, argv, assigns);
  }
  sh.error(name.includes('/') ? `${name}: No such file or directory` : `${name}: command not found`);
  return 127;
}

/** Prefix assignments (`a=1 f`) for a function or builtin: set for the call, then restored. */
function withTempVars(sh: Interp, assigns: Assigned[], fn: () => number): number {
  if (assigns.length === 0) return fn();
  const saved = assigns.map((a) => ({ name: a.name, old: sh.get(a.name) }));
  for (const a of assigns) sh.set(a.name, a.append ? (sh.get(a.name) ?? '') + a.value : a.value);
  try {
    return fn();
  } finally {
    for (const { name, old } of saved.reverse()) {
      if (old === undefined) sh.unset(name);
      else sh.set(name, old);
    }
  }
}

/** Flush a command's stdio; a failing write(2) is a WriteError. */
function flushChecked(io: CommandIO): void {
  try {
    io.flush();
  } catch (e) {
    if (e instanceof XfsError) throw new WriteError(e);
    throw e;
  }
}

/** The stdin stream of a command (empty when fd 0 is not readable). */
function inputOf(fds: FdTable): Input {
  const s = fds.get(0);
  return s?.kind === 'input' ? s.input : new Input('');
}

/** Signals and limits pass through a command; other exceptions are the command's failure. */
function isControl(e: unknown): boolean {
  return e instanceof LimitError || e instanceof ExitSignal || e instanceof AbortSignal || e instanceof ReturnSignal || e instanceof LoopSignal;
}

function runBuiltin(sh: Interp, b: Builtin, argv: string[]): number {
  const io = new CommandIO(sh.fds, sh.rt.term, (n) => sh.account(n));
  sh.rt.fs.task = 'bash';
  let status: number;
  try {
    status = b(sh, argv, { out: (t) => writeChecked(io, 1, t), err: (t) => writeChecked(io, 2, t), input: inputOf(sh.fds) });
    flushChecked(io);
  } catch (e) {
    // Reported here, while the command's own redirections (2>/dev/null) are in effect.
    if (e instanceof CommandError) {
      sh.error(e.message);
      return e.status;
    }
    if (e instanceof WriteError) sh.error(`${argv[0]}: write error: ${strerror(e)}`);
    else if (e instanceof XfsError) sh.error(`${argv[0]}: ${strerror(e)}`);
    else throw e;
    status = 1;
  }
  return status;
}

function runTool(sh: Interp, name: string, tool: Tool, argv: string[], assigns: Assigned[]): number {
  const io = new CommandIO(sh.fds, sh.rt.term, (n) => sh.account(n));
  const quiet = (fd: number) => (t: string) => {
    try {
      io.write(fd, t);
    } catch (e) {
      if (!(e instanceof XfsError)) throw e; // a program that ignores printf errors
    }
  };
  const input = inputOf(sh.fds);
  const cwd = sh.st.cwd;
  const ctx: ToolContext = {
    args: argv.slice(1),
    sys: sh.rt.sys,
    host: sh.rt.host,
    stdin: input.peekAll(),
    out: quiet(1),
    err: quiet(2),
    stdoutDiscarded: sh.fds.get(1)?.kind === 'null',
    cwd,
    resolve: (p) => sh.rt.fs.resolve(p, cwd),
    env: sh.environment(assigns),
  };
  return runExternal(sh, name, io, () => tool(ctx), true);
}

function runUtil(sh: Interp, name: string, util: Util, argv: string[], assigns: Assigned[]): number {
  const io = new CommandIO(sh.fds, sh.rt.term, (n) => sh.account(n));
  const cwd = sh.st.cwd;
  const input = inputOf(sh.fds);
  const ctx: UtilContext = {
    name,
    args: argv.slice(1),
    sys: sh.rt.sys,
    host: sh.rt.host,
    stdin: input.peekAll(),
    input,
    out: (t) => writeChecked(io, 1, t),
    err: (t) => writeChecked(io, 2, t),
    cwd,
    resolve: (p) => sh.rt.fs.resolve(p, cwd),
    env: sh.environment(assigns),
    fs: sh.rt.fs,
  };
  return runExternal(sh, name, io, () => util(ctx));
}

/**
 * Run an external command under its own task name; its stdio is flushed when it "exits". A tool
 * (`quietWrites`) ignores failed writes of its output, as programs ignore printf's result.
 */
function runExternal(sh: Interp, name: string, io: CommandIO, run: () => number, quietWrites = false): number {
  const { fs, host } = sh.rt;
  fs.task = name;
  host.setTask(name);
  let status: number;
  try {
    status = run();
    fs.task = name;
    if (!quietWrites) flushChecked(io);
    else {
      try {
        io.flush();
      } catch (e) {
        if (!(e instanceof XfsError)) throw e;
      }
    }
  } catch (e) {
    if (isControl(e)) throw e;
    fs.task = name;
    const msg = e instanceof WriteError ? `write error: ${strerror(e)}` : e instanceof XfsError ? strerror(e) : `internal error: ${(e as Error)?.message ?? e}`;
    try {
      io.write(2, `${name}: ${msg}\n`);
    } catch (e2) {
      if (e2 instanceof LimitError) throw e2;
    }
    status = 1;
  } finally {
    fs.task = 'bash';
    host.setTask('bash');
  }
  return status;
}
