/**
 * Comparing a value a query produced with what a check expects. Values are numbers, strings,
 * booleans or extent maps. Numbers compare with numeric strings (trace fields are hex: "0x20"
 * equals 32), extent maps with written maps ("0+16 written"), so instructors write expectations
 * the way they think of them.
 */
import type { Comparison } from './assignment-types.js';
import { formatExtents, sameExtents, toExtentList, type ExtentSpec } from './extent-text.js';

/** What a query yields. */
export type Value = number | string | boolean | ExtentSpec[];

/** A number from a number or a decimal/hex numeric string; undefined otherwise. */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^0x[0-9a-f]+$/i.test(s)) return Number(BigInt(s));
  return undefined;
}

/** A value as reports print it. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '(nothing)';
  if (Array.isArray(v)) {
    const list = toExtentList(v);
    return list ? formatExtents(list) : JSON.stringify(v);
  }
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

/** Loose equality: numbers with numeric strings, maps with maps, strings case-sensitively. */
export function valuesEqual(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual) || Array.isArray(expected) || (typeof expected === 'string' && Array.isArray(actual))) {
    const a = toExtentList(actual);
    const e = toExtentList(expected);
    return !!a && !!e && sameExtents(a, e);
  }
  if (typeof actual === 'boolean' || typeof expected === 'boolean') return String(actual) === String(expected);
  const na = asNumber(actual);
  const ne = asNumber(expected);
  if (na !== undefined && ne !== undefined) return na === ne;
  return typeof actual === typeof expected ? actual === expected : String(actual) === String(expected);
}

/** The outcome of one comparison: passed, and a readable expectation. */
export interface Outcome {
  passed: boolean;
  expected: string;
}

/**
 * Apply the comparison in `c` to `actual`. `reference` is the same query's value on the reference
 * run (for sameAsReference).
 */
export function compare(actual: Value | undefined, c: Comparison, reference?: () => Value | undefined): Outcome {
  if (c.sameAsReference) {
    const ref = reference?.();
    return { passed: actual !== undefined && ref !== undefined && valuesEqual(actual, ref), expected: `${formatValue(ref)} (as in the reference solution)` };
  }
  if (c.eq !== undefined) return { passed: actual !== undefined && valuesEqual(actual, c.eq), expected: formatValue(c.eq) };
  if (c.ne !== undefined) return { passed: actual !== undefined && !valuesEqual(actual, c.ne), expected: `not ${formatValue(c.ne)}` };
  if (c.oneOf !== undefined) {
    return { passed: actual !== undefined && c.oneOf.some((x) => valuesEqual(actual, x)), expected: `one of ${c.oneOf.map(formatValue).join(' | ')}` };
  }
  if (c.matches !== undefined) {
    return { passed: actual !== undefined && new RegExp(c.matches).test(formatValue(actual)), expected: `matching /${c.matches}/` };
  }
  for (const [op, sym] of [['lt', '<'], ['le', '≤'], ['gt', '>'], ['ge', '≥']] as const) {
    const bound = c[op];
    if (bound === undefined) continue;
    const a = asNumber(actual);
    const b = asNumber(bound);
    const expected = `${sym} ${formatValue(bound)}`;
    if (a === undefined || b === undefined) return { passed: false, expected };
    const passed = op === 'lt' ? a < b : op === 'le' ? a <= b : op === 'gt' ? a > b : a >= b;
    return { passed, expected };
  }
  return { passed: false, expected: '(no comparison)' };
}

/** Whether a field value satisfies a predicate: a literal (loose equality) or a comparison. */
export function fieldMatches(actual: unknown, pred: string | number | boolean | Comparison): boolean {
  if (typeof pred === 'object') return compare(actual as Value, pred).passed;
  return actual !== undefined && valuesEqual(actual, pred);
}
