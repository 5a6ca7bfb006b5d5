/**
 * `answer` checks: predict-then-run questions (OSTEP's "reverse mode", graded). The student types
 * a number, a word, an iomap branch name or an extent map; the engine computes the right answer
 * by running the scenario (the starter, the reference solution or the student's own script) with
 * the student's variant, or the instructor gives it. The expected answer is only shown when the
 * caller asks (the instructor's report, after the due date), so a student cannot fish for it.
 */
import type { AnswerCheck } from '../assignment-types.js';
import { asNumber, formatValue, valuesEqual, type Value } from '../compare.js';
import { parseExtents, sameExtents, toExtentList } from '../extent-text.js';
import { describeQuery, evaluate } from '../query.js';
import type { CheckItem } from '../report-types.js';
import type { CheckContext, Evaluation } from './check-context.js';

/** The expected answer, or why the engine could not compute it. */
export function expectedAnswer(check: AnswerCheck, ctx: CheckContext): { value: Value } | { error: string } {
  if (check.expected !== undefined) return { value: check.expected };
  const q = check.value!;
  const rec = check.on === 'student' ? ctx.student() : check.on === 'reference' ? ctx.reference() : ctx.starter();
  const r = evaluate(rec, q);
  return 'error' in r ? { error: `${describeQuery(q)}: ${r.error}` } : r;
}

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Does `answer` (as typed) match `expected`? With a message when the answer cannot be read. */
export function answerMatches(check: AnswerCheck, answer: string, expected: Value): { passed: boolean; problem?: string } {
  switch (check.answerType) {
    case 'number': {
      const a = asNumber(answer);
      const e = asNumber(expected);
      if (a === undefined) return { passed: false, problem: `"${answer}" is not a number (write it in decimal, or in hex with 0x)` };
      return { passed: e !== undefined && Math.abs(a - e) <= (check.tolerance ?? 0) };
    }
    case 'extents': {
      const a = parseExtents(answer);
      if (typeof a === 'string') return { passed: false, problem: a };
      const e = toExtentList(expected);
      return { passed: !!e && sameExtents(a, e) };
    }
    case 'choice':
      if (check.choices && !check.choices.some((c) => norm(c) === norm(answer))) {
        return { passed: false, problem: `"${answer}" is not one of the choices: ${check.choices.join(', ')}` };
      }
      return { passed: norm(answer) === norm(String(expected)) };
    default:
      return { passed: norm(answer) === norm(String(expected)) || valuesEqual(answer.trim(), expected) };
  }
}

/** Evaluate an answer check. */
export function evaluateAnswer(check: AnswerCheck, ctx: CheckContext): Evaluation {
  const label = check.question.en;
  const answer = ctx.answers[check.id];
  const exp = expectedAnswer(check, ctx);
  if ('error' in exp) {
    // The instructor's query does not fit this variant's run: an assignment bug that validate reports.
    return { items: [{ label, passed: false, expected: `(cannot compute: ${exp.error})`, actual: answer ?? '(no answer)' }] };
  }
  const item: CheckItem = { label, passed: false, actual: answer === undefined || answer.trim() === '' ? '(no answer)' : answer };
  if (ctx.revealAnswers) item.expected = formatValue(exp.value);
  if (answer !== undefined && answer.trim() !== '') {
    const m = answerMatches(check, answer, exp.value);
    item.passed = m.passed;
    if (m.problem) item.actual = `${answer} — ${m.problem}`;
  }
  return { items: [item] };
}
