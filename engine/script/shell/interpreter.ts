/**
 * The tree-walking interpreter: statements, lists, pipelines, compound commands, functions and
 * subshells over the tree of ast.ts. Everything runs synchronously and in order: a pipeline runs
 * its stages one after the other (each stage's output is the next one's input), `cmd &` runs the
 * job to completion at once (`wait` then only reports its status), `$(...)` runs in a copied
 * state. No clock, no randomness: the same script on the same machine gives the same result.
 */
import type * as A from './ast.js';
import { ArithError, evalArith, type ArithEnv } from './arithmetic.js';
import { toBytes, toText } from './bytes.js';
import { runCompound } from './compound.js';
import { ExpandError, expandString, type ExpandEnv } from './expansion.js';
import { parseScript, ShellSyntaxError } from './parser.js';
import { AbortSignal, CommandError, ExitSignal, LimitError, LoopSignal, ReturnSignal, type Runtime } from './runtime.js';
import { runSimple, withRedirs } from './simple-command.js';
import { cloneState, type ShellState } from './state.js';
import { Input, type FdTable } from './streams.js';

/** A shell process: the runtime it shares, its own state and fd table. */
export class Interp {
  /** Line of the command being run ($LINENO, error messages). */
  line = 0;
  /** Inside an if/while condition or on the left of && / || (set -e does not fire). */
  condDepth = 0;
  callDepth = 0;
  /** Loops being run (break / continue need one). */
  loopDepth = 0;
  /** Files being sourced (`return` is allowed in them). */
  sourcing = 0;
  /** Status of the last command substitution of the current simple command. */
  substStatus: number | null = null;

  constructor(
    readonly rt: Runtime,
    readonly st: ShellState,
    public fds: FdTable,
  ) {}

  // ---- variables -------------------------------------------------------------------------

  /** A variable or special parameter; undefined when unset. */
  get(name: string): string | undefined {
    const st = this.st;
    switch (name) {
      case '?':
        return String(st.status);
      case '#':
        return String(st.positional.length);
      case '@':
      case '*':
        return st.positional.join(' ');
      case '$':
        return '4242';
      case '!':
        return st.lastBg === null ? undefined : String(st.lastBg);
      case '0':
        return 'bash';
      case '-':
        return (st.opts.errexit ? 'e' : '') + (st.opts.nounset ? 'u' : '') + (st.opts.xtrace ? 'x' : '') + 'hB';
      case 'LINENO':
        return String(this.line);
      case 'SECONDS':
        return String(Math.floor(this.rt.host.now() - this.rt.startTime));
      case 'RANDOM':
        // bash 5.2's generator (variables.c brand: Park-Miller, high ^ low half), seeded by
        // ShellOptions.seed or `RANDOM=n`: the same numbers as bash after RANDOM=n.
        st.random = parkMiller(st.random);
        return String(((st.random >>> 16) ^ (st.random & 0xffff)) & 0x7fff);
    }
    for (let i = st.frames.length - 1; i >= 0; i--) if (st.frames[i]!.has(name)) return st.frames[i]!.get(name);
    return st.vars.get(name);
  }

  /** Assign (to the innermost local of that name, or the global). */
  set(name: string, value: string): void {
    if (this.st.readonly.has(name)) {
      // bash abandons the current command line on an assignment to a readonly variable
      this.error(`${name}: readonly variable`);
      throw new AbortSignal(1);
    }
    if (name === 'RANDOM') {
      this.st.random = /^\s*[+-]?\d+/.test(value) ? Number(BigInt.asUintN(32, BigInt(/^\s*([+-]?\d+)/.exec(value)![1]!))) : 0;
      return;
    }
    for (let i = this.st.frames.length - 1; i >= 0; i--) {
      if (this.st.frames[i]!.has(name)) {
        this.st.frames[i]!.set(name, value);
        return;
      }
    }
    this.st.vars.set(name, value);
  }

  /** unset */
  unset(name: string): void {
    if (this.st.readonly.has(name)) throw new CommandError(`${name}: cannot unset: readonly variable`);
    for (let i = this.st.frames.length - 1; i >= 0; i--) {
      if (this.st.frames[i]!.has(name)) {
        this.st.frames[i]!.set(name, undefined);
        return;
      }
    }
    this.st.vars.delete(name);
  }

  /** The environment a command gets: exported variables plus its prefix assignments. */
  environment(extra: readonly { name: string; value: string }[] = []): Record<string, string> {
    const env: Record<string, string> = {};
    for (const n of [...this.st.exported].sort()) {
      const v = this.get(n);
      if (v !== undefined) env[n] = v;
    }
    for (const a of extra) env[a.name] = a.value;
    return env;
  }

  // ---- errors and counters ---------------------------------------------------------------

  /** Print `bash: line N: message` on the current stderr. */
  error(message: string): void {
    try {
      this.writeFd(2, `bash: line ${this.line}: ${message}\n`);
    } catch (e) {
      if (e instanceof LimitError) throw e; // a failed write of an error message is dropped
    }
  }

  /** Write to one of this shell's fds directly (messages of the shell itself). */
  writeFd(fd: number, text: string): void {
    const s = this.fds.get(fd);
    if (!s) return;
    if (s.kind === 'term') {
      this.account(text.length);
      this.rt.term.write(s.stream, text);
    } else if (s.kind === 'capture') {
      this.account(text.length);
      s.parts.push(text);
    } else if (s.kind === 'file') s.file.write(toBytes(text));
  }

  /** Count bytes kept by the shell against maxOutputBytes. */
  account(n: number): void {
    this.rt.outputBytes += n;
    if (this.rt.outputBytes > this.rt.limits.maxOutputBytes) throw new LimitError('maxOutputBytes', this.rt.limits.maxOutputBytes);
  }

  /** Count a command, then tell the step hook. */
  tick(s: A.Span, argv: string[]): void {
    if (++this.rt.commands > this.rt.limits.maxCommands) throw new LimitError('maxCommands', this.rt.limits.maxCommands);
    this.rt.onCommand?.({ line: s.pos.line, col: s.pos.col, endLine: s.end.line, text: this.rt.src.slice(s.pos.offset, s.end.offset), argv: argv.map(toText) });
    if (this.st.opts.xtrace && argv.length) this.writeFd(2, `+ ${argv.map(quoteForTrace).join(' ')}\n`);
  }

  // ---- expansion -------------------------------------------------------------------------

  /** The expansion callbacks, bound to this shell. */
  get expandEnv(): ExpandEnv {
    const fs = this.rt.fs;
    return {
      get: (n) => this.get(n),
      set: (n, v) => this.set(n, v),
      positional: () => this.st.positional,
      commandSubst: (stmts) => this.commandSubst(stmts),
      arith: (x) => this.arith(x, true),
      readdir: (d) => {
        try {
          return fs.readdir(d || '.', this.st.cwd);
        } catch {
          return null;
        }
      },
      exists: (p) => fs.tryStat(p, this.st.cwd) !== undefined,
      nounset: this.st.opts.nounset,
    };
  }

  private get arithEnv(): ArithEnv {
    return {
      get: (n) => this.get(n),
      set: (n, v) => this.set(n, v),
      expand: (w) => expandString(w, this.expandEnv),
      parse: (text) => {
        try {
          const cmd = parseScript(`((${text}))`).stmts[0]?.cmd;
          if (cmd?.type === 'ArithmCmd') return cmd.x;
        } catch (e) {
          if (!(e instanceof ShellSyntaxError)) throw e;
        }
        throw new ArithError('syntax error in expression', text);
      },
    };
  }

  /**
   * Evaluate arithmetic. In `$((...))` (`inWord`) an error abandons the top-level command, as
   * bash does; in `(( ))`, `let` and `for ((;;))` it is a CommandError (status 1).
   */
  arith(x: A.Arith, inWord: boolean, what = ''): bigint {
    try {
      return evalArith(x, this.arithEnv);
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      const text = 'pos' in x ? this.rt.src.slice(x.pos.offset, x.end.offset).trim() : '';
      const msg = `${what}${text}: ${e.message}${e.token ? ` (error token is "${e.token}")` : ''}`;
      if (!inWord) throw new CommandError(msg);
      this.error(msg);
      throw new AbortSignal(1);
    }
  }

  /** Expression text (an operand of `[[ a -eq b ]]`) evaluated; errors are CommandErrors. */
  arithText(text: string): bigint {
    if (text.trim() === '') return 0n;
    try {
      const env = this.arithEnv;
      return evalArith(env.parse(text.trim()), env);
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      throw new CommandError(`${text}: ${e.message}${e.token ? ` (error token is "${e.token}")` : ''}`);
    }
  }

  /** `$(...)`: run in a subshell with stdout captured. */
  commandSubst(stmts: A.Stmt[]): string {
    const parts: string[] = [];
    const fds = this.fds.clone();
    fds.set(1, { kind: 'capture', parts });
    this.substStatus = this.subshell((sh) => sh.runStmts(stmts), fds);
    return parts.join('');
  }

  // ---- statements ------------------------------------------------------------------------

  /**
   * Run a whole script. An AbortSignal (arithmetic-expansion error) abandons what bash had read
   * as one unit: the statement and the rest of the line it ends on.
   */
  runTopLevel(stmts: A.Stmt[]): number {
    let skipThrough = 0;
    for (const s of stmts) {
      if (s.pos.line <= skipThrough) continue;
      try {
        this.runStmt(s);
      } catch (e) {
        if (!(e instanceof AbortSignal)) throw e;
        this.st.status = e.code;
        skipThrough = s.end.line;
      }
    }
    return this.st.status;
  }

  /** Run statements in order; the status of the last one. */
  runStmts(stmts: readonly A.Stmt[]): number {
    let status = 0;
    for (const s of stmts) status = this.runStmt(s);
    return status;
  }

  /** Run one statement: background, negation, redirections, CommandErrors, set -e. */
  runStmt(s: A.Stmt): number {
    this.line = s.pos.line;
    if (s.background) return this.background(s);
    const cmd = s.cmd;
    let status: number;
    try {
      if (cmd?.type === 'CallExpr') status = runSimple(this, s, cmd);
      else status = withRedirs(this, s, () => (cmd ? runCompound(this, cmd) : 0));
    } catch (e) {
      if (e instanceof CommandError) {
        this.error(e.message);
        status = e.status;
      } else if (e instanceof ExpandError) {
        this.error(e.message);
        throw new ExitSignal(127); // bash exits a non-interactive shell on ${x:?} and set -u errors
      } else throw e;
    }
    if (s.negated) status = status === 0 ? 1 : 0;
    this.st.status = status;
    const isList = cmd?.type === 'BinaryCmd' && (cmd.op === '&&' || cmd.op === '||');
    if (status !== 0 && this.st.opts.errexit && this.condDepth === 0 && !s.negated && !isList) throw new ExitSignal(status);
    return status;
  }

  /** `cmd &`: run now, to completion, stdin from /dev/null; remember its status for `wait`. */
  private background(s: A.Stmt): number {
    const fds = this.fds.clone();
    fds.set(0, { kind: 'input', input: new Input('') });
    const status = this.subshell((sh) => sh.runStmt({ ...s, background: false }), fds);
    const pid = this.rt.nextPid++;
    this.st.jobs.set(pid, status);
    this.st.lastBg = pid;
    this.st.status = 0;
    return 0;
  }

  /** Run `fn` in a copy of this shell (subshell); returns its exit status. `fds` is disposed. */
  subshell(fn: (sh: Interp) => number, fds: FdTable = this.fds.clone()): number {
    const sub = new Interp(this.rt, cloneState(this.st), fds);
    sub.line = this.line;
    sub.callDepth = this.callDepth;
    try {
      return fn(sub);
    } catch (e) {
      if (e instanceof ExitSignal || e instanceof ReturnSignal || e instanceof AbortSignal) return e.code;
      if (e instanceof LoopSignal) return 0;
      throw e;
    } finally {
      const saved = this.rt.fs.task;
      this.rt.fs.task = 'bash';
      fds.dispose();
      this.rt.fs.task = saved;
    }
  }

  /** Call a shell function with argv[1..] as positional parameters. */
  callFunction(fn: A.FuncDecl, argv: readonly string[]): number {
    if (this.callDepth >= this.rt.limits.maxCallDepth) throw new LimitError('maxCallDepth', this.rt.limits.maxCallDepth);
    const savedPositional = this.st.positional;
    this.st.positional = argv.slice(1);
    this.st.frames.push(new Map());
    this.callDepth++;
    try {
      return this.runStmt(fn.body);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code;
      throw e;
    } finally {
      this.callDepth--;
      this.st.frames.pop();
      this.st.positional = savedPositional;
    }
  }
}

/** bash's intrand32: the Park-Miller minimal standard generator (0 is replaced by 123459876). */
function parkMiller(last: number): number {
  if (last === 0) last = 123459876;
  const h = Math.floor(last / 127773);
  const l = last - 127773 * h;
  let t = 16807 * l - 2836 * h;
  if (t < 0) t += 0x7fffffff;
  return t >>> 0;
}

/** `set -x` trace quoting: words with special characters in single quotes. */
function quoteForTrace(w: string): string {
  return /^[A-Za-z0-9_./=:,+@%^-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
