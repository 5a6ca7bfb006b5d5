/**
 * `state` checks: assertions on the filesystem at a point of the student's run — sizes, block
 * counts, extent maps of either fork, shared blocks, space counters, MD5 — each one item.
 */
import type { StateCheck } from '../assignment-types.js';
import { compare, formatValue } from '../compare.js';
import { describeQuery, evaluate } from '../query.js';
import type { CheckItem } from '../report-types.js';
import type { CheckContext, Evaluation } from './check-context.js';

/** Evaluate a state check. */
export function evaluateState(check: StateCheck, ctx: CheckContext): Evaluation {
  const rec = ctx.student();
  const items: CheckItem[] = check.expect.map((a) => {
    const label = describeQuery(a);
    const got = evaluate(rec, a, check.at);
    const reference = () => {
      const r = evaluate(ctx.reference(), a, check.at);
      return 'value' in r ? r.value : undefined;
    };
    if ('error' in got) {
      const expected = a.sameAsReference ? compare(undefined, a, reference).expected : compare(undefined, a).expected;
      return { label, passed: false, expected, actual: got.error };
    }
    const o = compare(got.value, a, reference);
    return { label, passed: o.passed, expected: o.expected, actual: formatValue(got.value) };
  });
  return { items };
}
