/**
 * `output` checks: the script's output, filtered the way fstests filters a test's output (timing
 * lines dropped, the mount point shown as SCRATCH_MNT, then the check's own `ignore` and
 * `replace` filters), compared with the reference solution's, or searched for lines that must or
 * must not appear.
 */
import { filterOutput } from '../../run/oracle-json.js';
import type { OutputCheck } from '../assignment-types.js';
import type { CheckItem } from '../report-types.js';
import type { CheckContext, Evaluation } from './check-context.js';

/** Output lines after the standard and the check's filters. */
export function filteredLines(output: string, check: OutputCheck): string[] {
  const ignore = (check.ignore ?? []).map((p) => new RegExp(p));
  let lines = filterOutput(output).filter((l) => !ignore.some((re) => re.test(l)));
  for (const r of check.replace ?? []) {
    const re = new RegExp(r.pattern, 'g');
    lines = lines.map((l) => l.replace(re, r.with));
  }
  return lines;
}

/** The first difference between two outputs, as a few diff lines (`-expected` / `+actual`). */
export function firstDifference(expected: string[], actual: string[], context = 2): string[] {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  if (i === expected.length && i === actual.length) return [];
  const out: string[] = [`@@ line ${i + 1} @@`];
  for (let k = Math.max(0, i - context); k < i; k++) out.push(`  ${expected[k]}`);
  for (let k = i; k < Math.min(expected.length, i + 3); k++) out.push(`- ${expected[k]}`);
  for (let k = i; k < Math.min(actual.length, i + 3); k++) out.push(`+ ${actual[k]}`);
  return out;
}

/** Evaluate an output check. */
export function evaluateOutput(check: OutputCheck, ctx: CheckContext): Evaluation {
  const lines = filteredLines(ctx.student().result.output, check);
  const items: CheckItem[] = [];
  let excerpt: string[] | undefined;
  if (check.match === 'reference') {
    const ref = filteredLines(ctx.reference().result.output, check);
    const diff = firstDifference(ref, lines);
    items.push({ label: 'output equals the reference solution\'s', passed: diff.length === 0, expected: `${ref.length} lines`, actual: `${lines.length} lines` });
    if (diff.length) excerpt = diff;
  }
  for (const p of check.contains ?? []) {
    const re = new RegExp(p);
    const hit = lines.find((l) => re.test(l));
    items.push({ label: `a line matches /${p}/`, passed: hit !== undefined, actual: hit ?? 'no such line' });
  }
  for (const p of check.notContains ?? []) {
    const re = new RegExp(p);
    const hit = lines.find((l) => re.test(l));
    items.push({ label: `no line matches /${p}/`, passed: hit === undefined, actual: hit ?? 'none' });
  }
  if (!excerpt && items.some((i) => !i.passed)) excerpt = lines.slice(0, 20);
  return { items, excerpt };
}
