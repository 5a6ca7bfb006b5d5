/**
 * Grading one script against an assignment: the student's variant is drawn from their id, the
 * checks are resolved with it, the script runs from a clean filesystem (mkfs, mount, setup), and
 * each check is evaluated into a report. The app's Check, the CLI and the Playwright run all call
 * this, so the three give the same scores.
 *
 * Grading is in two parts so that a caller with a time limit (the CLI's worker) keeps what does not
 * depend on the student's run — script rules, answers — when the run is stopped: `independent()`
 * first, then `complete()`; or `finish()` with the reason the run never ended.
 */
import type { Assignment, Check, FilesystemSpec, VariantValues } from './assignment-types.js';
import { evaluateAnswer, expectedAnswer } from './checks/answer-check.js';
import { formatValue } from './compare.js';
import { passedFraction, type CheckContext, type Evaluation } from './checks/check-context.js';
import { evaluateOutput } from './checks/output-check.js';
import { evaluateScript } from './checks/script-check.js';
import { evaluateState } from './checks/state-check.js';
import { evaluateTrace } from './checks/trace-check.js';
import type { CheckResult, GradeReport, GradeStatus } from './report-types.js';
import { recordRun, type RunRecord } from './run-record.js';
import { needsReference, readsStudentRun } from './check-deps.js';
import { drawVariant, substituteDeep, substituteText, variantSeed } from './variants.js';

/** What is graded. */
export interface GradeInput {
  script: string;
  answers: Readonly<Record<string, string>>;
  studentId: string;
}

/** How to grade. */
export interface GradeOptions {
  /** instructor: every check; student: visible checks, and after-due ones once `now` is past the due date. */
  audience: 'instructor' | 'student';
  /** Now, in ms since the epoch (the engine has no clock). Needed for after-due checks in the app. */
  now?: number;
  /** Show expected answers of answer checks (default: instructor, or a student after the due date). */
  revealAnswers?: boolean;
  /** Use these parameter values instead of the student's (assignment validation tries every variant). */
  variant?: VariantValues;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** One grading of one script. */
export class GradeSession {
  readonly seed: number;
  readonly variant: VariantValues;
  readonly checks: Check[];
  private readonly fs: FilesystemSpec;
  private readonly revealAnswers: boolean;
  private runs = new Map<string, RunRecord>();
  private independentResults: CheckResult[] | null = null;

  constructor(
    readonly assignment: Assignment,
    private input: GradeInput,
    readonly opts: GradeOptions,
  ) {
    this.seed = variantSeed(assignment.id, input.studentId);
    this.variant = opts.variant ?? drawVariant(assignment.variants, this.seed);
    const pastDue = assignment.due !== undefined && opts.now !== undefined && opts.now >= Date.parse(assignment.due);
    const selected = assignment.checks.filter((c) => opts.audience === 'instructor' || c.visibility === 'visible' || (c.visibility === 'after-due' && pastDue));
    this.checks = substituteDeep(selected, this.variant);
    this.fs = { ...assignment.filesystem, setup: substituteText(assignment.filesystem.setup, this.variant) };
    this.revealAnswers = opts.revealAnswers ?? (opts.audience === 'instructor' || pastDue);
  }

  /** A run of `which`, recorded once. */
  run(which: 'student' | 'reference' | 'starter'): RunRecord {
    let r = this.runs.get(which);
    if (!r) {
      const a = this.assignment;
      if (which === 'reference' && a.solution === undefined) throw new Error('this copy of the assignment has no solution/ folder');
      const text = which === 'student' ? this.input.script : substituteText(which === 'reference' ? a.solution! : a.starter, this.variant);
      r = recordRun(this.fs, text, { seed: this.seed, limits: a.limits });
      this.runs.set(which, r);
    }
    return r;
  }

  private context(): CheckContext {
    return {
      student: () => this.run('student'), reference: () => this.run('reference'), starter: () => this.run('starter'),
      script: this.input.script, answers: this.input.answers, revealAnswers: this.revealAnswers,
    };
  }

  private result(c: Check, ev: Evaluation): CheckResult {
    const passed = ev.items.every((i) => i.passed);
    const fraction = ev.fraction ?? passedFraction(ev.items);
    const earned = passed ? c.points : c.partial ? round2(c.points * fraction) : 0;
    const r: CheckResult = { id: c.id, kind: c.kind, title: c.title, visibility: c.visibility, status: 'evaluated', points: c.points, earned, passed, items: ev.items };
    if (!passed && c.hint) r.hint = c.hint;
    if (!passed && ev.excerpt?.length) r.excerpt = ev.excerpt;
    return r;
  }

  private skipped(c: Check, status: 'not-run' | 'deferred', reason: string): CheckResult {
    return { id: c.id, kind: c.kind, title: c.title, visibility: c.visibility, status, points: c.points, earned: 0, passed: false, items: [], reason };
  }

  private evaluate(c: Check): CheckResult {
    if (needsReference(c) && this.assignment.solution === undefined) return this.skipped(c, 'deferred', 'graded when the submission is graded (needs the reference solution)');
    const ctx = this.context();
    switch (c.kind) {
      case 'output':
        return this.result(c, evaluateOutput(c, ctx));
      case 'state':
        return this.result(c, evaluateState(c, ctx));
      case 'trace':
        return this.result(c, evaluateTrace(c, ctx));
      case 'answer':
        return this.result(c, evaluateAnswer(c, ctx));
      case 'script':
        return this.result(c, evaluateScript(c, ctx));
    }
  }

  /**
   * The right answer to every answer check, written the way a student would type it (assignment
   * validation grades the reference solution with these). Unresolvable ones are left out.
   */
  expectedAnswers(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of this.checks) {
      if (c.kind !== 'answer' || (needsReference(c) && this.assignment.solution === undefined)) continue;
      const e = expectedAnswer(c, this.context());
      if ('value' in e) out[c.id] = formatValue(e.value);
    }
    return out;
  }

  /** Replace the answers before grading (validation fills in the expected ones). */
  setAnswers(answers: Readonly<Record<string, string>>): void {
    this.input = { ...this.input, answers };
    this.independentResults = null;
  }

  /** Results of the checks that do not read the student's run (script rules, most answers). */
  independent(): CheckResult[] {
    this.independentResults ??= this.checks.filter((c) => !readsStudentRun(c)).map((c) => this.evaluate(c));
    return this.independentResults;
  }

  /** Run the student's script and grade everything. Engine failures become an engine-error report. */
  complete(): GradeReport {
    let rec: RunRecord;
    let independent: CheckResult[];
    try {
      independent = this.independent();
      rec = this.run('student');
    } catch (e) {
      return this.finish('engine-error', `the simulator failed: ${e instanceof Error ? e.message : String(e)}`, []);
    }
    const res = rec.result;
    const run = { exitCode: res.exitCode, steps: res.steps.length, output: res.output };
    if (res.error) {
      const r = this.finish('not-gradable', `syntax error at line ${res.error.line}:${res.error.col}: ${res.error.message}`, independent);
      return { ...r, run: { ...run, syntaxError: res.error } };
    }
    if (res.limitExceeded) return { ...this.finish('limit-exceeded', `the script was stopped: ${res.limitExceeded}`, independent), run };
    try {
      const byId = new Map(independent.map((r) => [r.id, r]));
      const checks = this.checks.map((c) => byId.get(c.id) ?? this.evaluate(c));
      return { ...this.report('graded', undefined, checks), run };
    } catch (e) {
      return { ...this.finish('engine-error', `the simulator failed: ${e instanceof Error ? e.message : String(e)}`, []), run };
    }
  }

  /**
   * The report when the student's run did not complete (`status` says why): checks that read it
   * get no points; `independent` holds the results computed before the run stopped.
   */
  finish(status: Exclude<GradeStatus, 'graded'>, message: string, independent: CheckResult[]): GradeReport {
    const byId = new Map(independent.map((r) => [r.id, r]));
    const notRun = status === 'not-gradable' ? 'not graded: the script has a syntax error' : status === 'engine-error' ? 'not graded: the simulator failed' : status === 'rejected' ? 'not graded: the submission was rejected' : `no points: ${message}`;
    const checks = this.checks.map((c) => {
      const done = byId.get(c.id);
      if (done && (status === 'timeout' || status === 'limit-exceeded')) return done;
      return this.skipped(c, 'not-run', notRun);
    });
    return this.report(status, message, checks);
  }

  /**
   * The report when a grader's wall-time (`timeout`, limit in ms) or memory (`memory`, limit in MiB)
   * limit stopped the run: the CLI's pool and the app word and score it alike.
   */
  stopped(kind: 'timeout' | 'memory', limit: number, independent: CheckResult[]): GradeReport {
    return kind === 'timeout'
      ? this.finish('timeout', `the script did not finish within ${limit / 1000} s`, independent)
      : this.finish('limit-exceeded', `the run used more than the memory limit (${limit} MB)`, independent);
  }

  private report(status: GradeStatus, message: string | undefined, checks: CheckResult[]): GradeReport {
    const counted = checks.filter((c) => c.status !== 'deferred');
    const scored = status === 'graded' || status === 'timeout' || status === 'limit-exceeded';
    const a = this.assignment;
    const r: GradeReport = {
      assignment: { id: a.id, version: a.version, contentHash: a.contentHash },
      studentId: this.input.studentId, seed: this.seed, variant: this.variant, status,
      score: scored ? round2(counted.reduce((s, c) => s + c.earned, 0)) : null,
      maxScore: counted.reduce((s, c) => s + c.points, 0),
      checks, warnings: [],
    };
    if (message !== undefined) r.message = message;
    return r;
  }
}

/** Grade a script in one call (the app's Check, tests). */
export function gradeScript(assignment: Assignment, input: GradeInput, opts: GradeOptions): GradeReport {
  return new GradeSession(assignment, input, opts).complete();
}
