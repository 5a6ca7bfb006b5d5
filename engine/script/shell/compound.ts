/**
 * Compound commands: if, while/until, for, case, groups, subshells, && / || lists and pipelines,
 * (( )), let, [[ ]], declarations and time. Loops count their iterations against
 * maxLoopIterations; a pipeline runs its stages in order, each in a subshell, the output of one
 * captured as the input of the next.
 */
import type * as A from './ast.js';
import { declare } from './builtins.js';
import { TestError } from './conditional.js';
import { expandFields, expandPattern, expandString } from './expansion.js';
import type { Interp } from './interpreter.js';
import { matchPattern } from './pattern.js';
import { CommandError, LimitError, LoopSignal } from './runtime.js';
import { Input } from './streams.js';
import { evalTestClause } from './test-clause.js';

/** Run a compound command (anything but a simple command). */
export function runCompound(sh: Interp, cmd: Exclude<A.Command, A.CallExpr>): number {
  switch (cmd.type) {
    case 'IfClause':
      return runIf(sh, cmd);
    case 'WhileClause':
      return runWhile(sh, cmd);
    case 'ForClause':
      return runFor(sh, cmd);
    case 'CaseClause':
      return runCase(sh, cmd);
    case 'Block':
      return sh.runStmts(cmd.stmts);
    case 'Subshell':
      return sh.subshell((sh) => sh.runStmts(cmd.stmts));
    case 'BinaryCmd':
      return runBinary(sh, cmd);
    case 'FuncDecl':
      sh.st.functions.set(cmd.name, cmd);
      return 0;
    case 'ArithmCmd':
      sh.tick(cmd, ['((']);
      return sh.arith(cmd.x, false, '((: ') !== 0n ? 0 : 1;
    case 'LetClause': {
      sh.tick(cmd, ['let']);
      let v = 0n;
      for (const x of cmd.exprs) v = sh.arith(x, false, 'let: ');
      return v !== 0n ? 0 : 1;
    }
    case 'TestClause':
      sh.tick(cmd, ['[[']);
      try {
        return evalTestClause(sh, cmd.x) ? 0 : 1;
      } catch (e) {
        if (e instanceof TestError) throw new CommandError(e.message, 2);
        throw e;
      }
    case 'DeclClause':
      return declare(sh, cmd);
    case 'TimeClause': {
      const t0 = sh.rt.host.now();
      const status = cmd.stmt ? sh.runStmt(cmd.stmt) : 0;
      const secs = Math.max(0, sh.rt.host.now() - t0);
      const fmt = (s: number): string => `${Math.floor(s / 60)}m${(s % 60).toFixed(3)}s`;
      sh.writeFd(2, `\nreal\t${fmt(secs)}\nuser\t0m0.000s\nsys\t0m0.000s\n`);
      return status;
    }
  }
}

/** Run `stmts` as a condition: set -e does not apply inside. */
function cond(sh: Interp, stmts: readonly A.Stmt[]): number {
  sh.condDepth++;
  try {
    return sh.runStmts(stmts);
  } finally {
    sh.condDepth--;
  }
}

function runIf(sh: Interp, c: A.IfClause): number {
  if (c.cond.length === 0) return sh.runStmts(c.then); // else branch
  if (cond(sh, c.cond) === 0) return sh.runStmts(c.then);
  return c.else ? runIf(sh, c.else) : 0;
}

/** One more iteration of a loop, within maxLoopIterations. */
function iteration(sh: Interp, n: number): number {
  if (n + 1 > sh.rt.limits.maxLoopIterations) throw new LimitError('maxLoopIterations', sh.rt.limits.maxLoopIterations);
  return n + 1;
}

/** Run a loop body; returns 'break' / 'continue' when a LoopSignal targets this loop. */
function body(sh: Interp, stmts: readonly A.Stmt[]): { status: number; flow?: 'break' | 'continue' } {
  sh.loopDepth++;
  try {
    return { status: sh.runStmts(stmts) };
  } catch (e) {
    if (!(e instanceof LoopSignal)) throw e;
    if (e.levels > 1) {
      e.levels--;
      throw e;
    }
    return { status: 0, flow: e.kind };
  } finally {
    sh.loopDepth--;
  }
}

function runWhile(sh: Interp, c: A.WhileClause): number {
  let status = 0;
  for (let n = 0; ; ) {
    n = iteration(sh, n);
    const ok = cond(sh, c.cond) === 0;
    if (ok === c.until) break;
    const r = body(sh, c.do);
    status = r.status;
    if (r.flow === 'break') break;
  }
  return status;
}

function runFor(sh: Interp, c: A.ForClause): number {
  let status = 0;
  const loop = c.loop;
  if (loop.type === 'WordIter') {
    const items = loop.items ? expandFieldsOf(sh, loop.items) : [...sh.st.positional];
    let n = 0;
    for (const v of items) {
      n = iteration(sh, n);
      sh.set(loop.name, v);
      const r = body(sh, c.do);
      status = r.status;
      if (r.flow === 'break') break;
    }
    return status;
  }
  if (loop.init) sh.arith(loop.init, false, '((: ');
  for (let n = 0; ; ) {
    n = iteration(sh, n);
    if (loop.cond && sh.arith(loop.cond, false, '((: ') === 0n) break;
    const r = body(sh, c.do);
    status = r.status;
    if (r.flow === 'break') break;
    if (loop.post) sh.arith(loop.post, false, '((: ');
  }
  return status;
}

function runCase(sh: Interp, c: A.CaseClause): number {
  const env = sh.expandEnv;
  const word = expandString(c.word, env);
  let status = 0;
  let fall = false;
  for (const item of c.items) {
    if (fall || item.patterns.some((p) => matchCasePattern(sh, p, word))) {
      status = sh.runStmts(item.stmts);
      if (item.op === ';;') return status;
      fall = item.op === ';&';
    }
  }
  return status;
}

function runBinary(sh: Interp, c: A.BinaryCmd): number {
  if (c.op === '&&' || c.op === '||') {
    sh.condDepth++;
    let left: number;
    try {
      left = sh.runStmt(c.x);
    } finally {
      sh.condDepth--;
    }
    if ((left === 0) === (c.op === '&&')) return sh.runStmt(c.y);
    return left;
  }
  return runPipeline(sh, c);
}

/** A pipeline: stages in order, each in a subshell, stdout captured into the next stdin. */
function runPipeline(sh: Interp, c: A.BinaryCmd): number {
  const stages: A.Stmt[] = [];
  const stderrToo: boolean[] = [];
  const collect = (s: A.Stmt): void => {
    const b = s.cmd;
    if (b?.type === 'BinaryCmd' && (b.op === '|' || b.op === '|&') && !s.negated && !s.background && s.redirs.length === 0) {
      collect(b.x);
      stderrToo.push(b.op === '|&');
      collect(b.y);
    } else stages.push(s);
  };
  collect({ pos: c.pos, end: c.end, cmd: c, negated: false, background: false, redirs: [] });
  let input: Input | null = null;
  let status = 0;
  let failed = 0;
  stages.forEach((stage, i) => {
    const fds = sh.fds.clone();
    if (input) fds.set(0, { kind: 'input', input });
    let parts: string[] | null = null;
    if (i < stages.length - 1) {
      parts = [];
      fds.set(1, { kind: 'capture', parts });
      if (stderrToo[i]) fds.set(2, fds.get(1)!);
    }
    status = sh.subshell((sh) => sh.runStmt(stage), fds);
    if (status !== 0) failed = status;
    input = parts ? new Input(parts.join('')) : null;
  });
  return sh.st.opts.pipefail && failed !== 0 ? failed : status;
}

function expandFieldsOf(sh: Interp, words: A.Word[]): string[] {
  return expandFields(words, sh.expandEnv);
}

function matchCasePattern(sh: Interp, p: A.Word, word: string): boolean {
  return matchPattern(expandPattern(p, sh.expandEnv), word);
}
