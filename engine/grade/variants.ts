/**
 * Variants: named parameters drawn per student, so that neighbours get different numbers to
 * predict (OSTEP's homework generators do this with a seed on the command line). The seed comes
 * from the assignment id and the student id, so a student gets the same variant on every machine,
 * in the app, in the grading CLI and in the Playwright run. Each parameter is drawn from its own
 * stream (seed and name), so adding a parameter to an assignment does not change the others.
 */
import type { VariantSpec, VariantValues } from './assignment-types.js';
import { sha256Hex } from './sha256.js';

/** How a student id is compared: surrounding spaces and letter case do not matter. */
export function normalizeStudentId(id: string): string {
  return id.trim().toLowerCase();
}

/** The variant seed of a student for an assignment (an unsigned 32-bit integer). */
export function variantSeed(assignmentId: string, studentId: string): number {
  return parseInt(sha256Hex(`xfslab-variant\n${assignmentId}\n${normalizeStudentId(studentId)}`).slice(0, 8), 16);
}

/** FNV-1a of a name, to give each parameter its own stream. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, well-mixed 32-bit generator; returns a float in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every value a parameter can take, in order. */
export function parameterValues(spec: VariantSpec): VariantValues[string][] {
  if ('choose' in spec) return spec.choose;
  const step = spec.step ?? 1;
  const out: number[] = [];
  for (let v = spec.range[0]; v <= spec.range[1]; v += step) out.push(v);
  return out;
}

/** The parameter values for a seed. */
export function drawVariant(specs: Record<string, VariantSpec>, seed: number): VariantValues {
  const out: VariantValues = {};
  for (const name of Object.keys(specs).sort()) {
    const values = parameterValues(specs[name]);
    const rnd = mulberry32((seed ^ fnv1a(name)) >>> 0);
    rnd(); // the first output of a fresh mulberry32 state is weakly mixed for nearby seeds
    out[name] = values[Math.floor(rnd() * values.length)];
  }
  return out;
}

/**
 * Variants to check an assignment with: every combination when there are at most `limit`,
 * otherwise the variants of seeds 0..limit-1 (a sample), always including each parameter's
 * first and last value through the first two entries.
 */
export function sampleVariants(specs: Record<string, VariantSpec>, limit: number): VariantValues[] {
  const names = Object.keys(specs).sort();
  const lists = names.map((n) => parameterValues(specs[n]));
  const total = lists.reduce((p, l) => p * l.length, 1);
  if (total <= limit) {
    const out: VariantValues[] = [];
    for (let i = 0; i < total; i++) {
      const v: VariantValues = {};
      let k = i;
      names.forEach((n, j) => {
        v[n] = lists[j][k % lists[j].length];
        k = Math.floor(k / lists[j].length);
      });
      out.push(v);
    }
    return out;
  }
  const firsts: VariantValues = {};
  const lasts: VariantValues = {};
  names.forEach((n, j) => {
    firsts[n] = lists[j][0];
    lasts[n] = lists[j][lists[j].length - 1];
  });
  const out = [firsts, lasts];
  for (let s = 0; out.length < limit; s++) out.push(drawVariant(specs, s));
  return out;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*\}\}/g;

/** The value of `{{name}}` or `{{name.field}}`, or undefined. */
function lookup(values: VariantValues, name: string, field: string | undefined): string | number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v === 'object') return field === undefined ? undefined : v[field];
  return field === undefined ? v : undefined;
}

/** Replace {{parameters}} in a text (instructions, scripts); unknown ones are left as they are. */
export function substituteText(text: string, values: VariantValues): string {
  return text.replace(PLACEHOLDER, (all, name: string, field: string | undefined) => {
    const v = lookup(values, name, field);
    return v === undefined ? all : String(v);
  });
}

/**
 * Replace {{parameters}} everywhere in a JSON-like value. A string that is exactly one placeholder
 * takes the parameter's value with its type, so `"eq": "{{blocks}}"` compares with a number.
 */
export function substituteDeep<T>(value: T, values: VariantValues): T {
  if (typeof value === 'string') {
    const m = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*\}\}$/.exec(value);
    if (m) {
      const v = lookup(values, m[1], m[2]);
      if (v !== undefined) return v as T;
    }
    return substituteText(value, values) as T;
  }
  if (Array.isArray(value)) return value.map((x) => substituteDeep(x, values)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteDeep(v, values);
    return out as T;
  }
  return value;
}

/** Placeholders in a text that no parameter provides (`name` or `name.field`). */
export function unknownPlaceholders(text: string, specs: Record<string, VariantSpec>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const spec = specs[m[1]];
    const ok = spec !== undefined && parameterValues(spec).every((v) => (m[2] === undefined ? typeof v !== 'object' : typeof v === 'object' && v[m[2]] !== undefined));
    if (!ok) out.push(m[2] ? `${m[1]}.${m[2]}` : m[1]);
  }
  return out;
}
