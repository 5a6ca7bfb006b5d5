/**
 * `xfslab assignment validate DIR...`: an assignment is valid when its files pass the schema and,
 * for every variant (all combinations, or a sample), the reference solution scores 100% with the
 * right answers filled in, and the starter script does not. CI runs it on every shipped
 * assignment (`npm test`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Assignment, VariantValues } from '../grade/assignment-types.js';
import { GradeSession } from '../grade/grader.js';
import type { GradeReport } from '../grade/report-types.js';
import { SOLUTION_FILE } from '../grade/schema.js';
import { sampleVariants, substituteText } from '../grade/variants.js';
import { intOpt, parseArgs } from './args.js';
import { usage, type CliIo } from './cli-io.js';
import { formatLoadErrors, loadAssignmentDir } from './read-assignment.js';

const DEFAULT_SAMPLE = 16;

/** What failed in one variant, as lines. */
function failures(r: GradeReport): string[] {
  const out: string[] = [];
  if (r.message) out.push(`${r.status}: ${r.message}`);
  for (const c of r.checks) {
    if (c.passed) continue;
    out.push(`check "${c.id}" (${c.earned}/${c.points})${c.reason ? `: ${c.reason}` : ''}`);
    for (const i of c.items.filter((x) => !x.passed)) out.push(`    ✗ ${i.label}: expected ${i.expected ?? '?'}, got ${i.actual ?? '?'}`);
  }
  return out;
}

const show = (v: VariantValues): string => Object.entries(v).map(([k, x]) => `${k}=${typeof x === 'object' ? JSON.stringify(x) : x}`).join(' ') || '(no parameters)';

/** Validate one loaded assignment over its variants; returns problem lines (none = valid). */
export function validateAssignment(a: Assignment, sample: number): { problems: string[]; variants: number; starterBest: number } {
  if (a.solution === undefined) return { problems: [`${SOLUTION_FILE} is missing: validation grades the reference solution`], variants: 0, starterBest: 0 };
  const problems: string[] = [];
  const variants = sampleVariants(a.variants, sample);
  let starterBest = 0;
  for (const variant of variants) {
    const solution = substituteText(a.solution, variant);
    const ref = new GradeSession(a, { script: solution, answers: {}, studentId: 'validate' }, { audience: 'instructor', variant });
    ref.setAnswers(ref.expectedAnswers());
    const r = ref.complete();
    if (r.status !== 'graded' || r.score !== r.maxScore) {
      problems.push(`variant ${show(variant)}: the reference solution scores ${r.score ?? '—'}/${r.maxScore}:`, ...failures(r).map((l) => `  ${l}`));
    }
    const starter = new GradeSession(a, { script: substituteText(a.starter, variant), answers: {}, studentId: 'validate' }, { audience: 'instructor', variant }).complete();
    if (starter.status === 'graded' && starter.score === starter.maxScore) {
      problems.push(`variant ${show(variant)}: the starter script already scores ${starter.score}/${starter.maxScore}; it should leave work to do`);
    }
    if (starter.status !== 'graded' && starter.status !== 'limit-exceeded') problems.push(`variant ${show(variant)}: the starter script is ${starter.status}: ${starter.message}`);
    starterBest = Math.max(starterBest, starter.score ?? 0);
  }
  return { problems, variants: variants.length, starterBest };
}

/**
 * The assignment folders named: a folder with an assignment.json is one; a folder without one
 * (such as assignments/) stands for every sub-folder that has one.
 */
export function expandDirs(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (existsSync(join(p, 'assignment.json')) || !existsSync(p) || !statSync(p).isDirectory()) return [p];
    const subs = readdirSync(p).sort().map((n) => join(p, n)).filter((d) => existsSync(join(d, 'assignment.json')));
    return subs.length ? subs : [p];
  });
}

/** Run `assignment validate`. */
export function validateCommand(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, ['variants']);
  if (typeof args === 'string') return usage(io, args);
  if (!args.positional.length) return usage(io, 'assignment validate needs at least one assignment folder');
  const sample = intOpt(args, 'variants', DEFAULT_SAMPLE);
  if (typeof sample === 'string') return usage(io, sample);
  let bad = 0;
  for (const dir of expandDirs(args.positional)) {
    const loaded = loadAssignmentDir(dir);
    const name = basename(resolve(dir));
    if (!loaded.ok) {
      bad++;
      io.err(formatLoadErrors(dir, loaded));
      io.out(`${name}: INVALID (${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'} in its files)\n`);
      continue;
    }
    const a = loaded.assignment;
    const { problems, variants, starterBest } = validateAssignment(a, sample ?? DEFAULT_SAMPLE);
    if (problems.length) {
      bad++;
      io.err(problems.map((p) => `${dir}: ${p}\n`).join(''));
      io.out(`${name}: FAILED\n`);
    } else {
      const hidden = a.checks.filter((c) => c.visibility !== 'visible').length;
      io.out(`${name}: OK — ${a.checks.length} checks (${hidden} hidden or after-due), ${variants} variant${variants === 1 ? '' : 's'}: solution ${a.points}/${a.points}, starter at most ${starterBest}/${a.points}\n`);
    }
  }
  return bad ? 1 : 0;
}
