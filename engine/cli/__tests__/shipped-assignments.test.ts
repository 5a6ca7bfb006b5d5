/**
 * The shipped assignments, graded end to end: for each one, six sample submissions — the reference
 * solution, a partial one (the starter), a syntax error, an endless loop, a write of 10^9 bytes and a
 * file edited after export — graded through the engine API and through `xfslab grade` (worker
 * threads), which must agree check by check. (The third consumer, the app's Grade driven by
 * Playwright, is compared with these two over the same samples in e2e/grade-parity.spec.ts.)
 */
import { mkdtempSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Assignment } from '../../grade/assignment-types.js';
import { readsStudentRun } from '../../grade/check-deps.js';
import type { GradeReport } from '../../grade/report-types.js';
import { SAMPLE_KINDS, sampleSubmissions } from '../../grade/samples.js';
import { gradeSubmission } from '../../grade/submission.js';
import { main } from '../main.js';
import { loadAssignmentDir } from '../read-assignment.js';

const ROOT = fileURLToPath(new URL('../../../assignments', import.meta.url));
const IDS = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'assignment.json'))).sort();
const SAMPLES = SAMPLE_KINDS;
type Sample = (typeof SAMPLES)[number];

const assignments = new Map<string, Assignment>();
const files = new Map<string, string>(); // `${id}/${sample}` → submission text
const api = new Map<string, GradeReport>();
const cli = new Map<string, GradeReport>();

function samples(a: Assignment, dir: string): void {
  const subs = sampleSubmissions(a, `sample-${a.id}`, 'test');
  for (const s of SAMPLES) {
    const text = JSON.stringify(subs[s], null, 2);
    files.set(`${a.id}/${s}`, text);
    writeFileSync(join(dir, `${a.id}--${s}.xfslab.json`), text);
  }
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xfslab-samples-'));
  for (const id of IDS) {
    const r = loadAssignmentDir(join(ROOT, id));
    if (!r.ok) throw new Error(`${id} does not load: ${r.errors[0].message}`);
    assignments.set(id, r.assignment);
    samples(r.assignment, dir);
  }
  for (const [key, text] of files) api.set(key, gradeSubmission(assignments.get(key.split('/')[0])!, text));
  let out = '';
  let err = '';
  const code = await main(['grade', dir, '--assignments', ROOT, '--format', 'json'], { out: (t) => (out += t), err: (t) => (err += t) });
  expect(err.split('\n')[0]).toMatch(/^student\s+assignment/);
  expect(code).toBe(0);
  for (const { file, report } of JSON.parse(out) as { file: string; report: GradeReport }[]) {
    const m = /([^/\\]+)--([a-z]+)\.xfslab\.json$/.exec(file)!;
    cli.set(`${m[1]}/${m[2]}`, report);
  }
}, 600_000);

describe.each(IDS)('shipped assignment %s', (id) => {
  const report = (s: Sample) => api.get(`${id}/${s}`)!;

  it('has at least one visible and one hidden check, an answer check, and a variant parameter', () => {
    const a = assignments.get(id)!;
    expect(a.checks.some((c) => c.visibility === 'visible')).toBe(true);
    expect(a.checks.some((c) => c.visibility !== 'visible')).toBe(true);
    expect(a.checks.some((c) => c.kind === 'answer' && c.visibility === 'visible')).toBe(true);
    expect(Object.keys(a.variants).length).toBeGreaterThan(0);
  });

  it('gives the reference solution every point', () => {
    expect([report('solution').status, report('solution').score]).toEqual(['graded', assignments.get(id)!.points]);
  });

  it('gives the starter with the right answers some points, not all', () => {
    const r = report('partial');
    expect(r.status).toBe('graded');
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThan(r.maxScore);
    expect(r.checks.filter((c) => c.kind === 'answer').every((c) => c.passed)).toBe(true);
  });

  it('does not grade a syntax error, and rejects a file edited after export', () => {
    expect([report('syntax').status, report('syntax').score]).toEqual(['not-gradable', null]);
    expect([report('tampered').status, report('tampered').score]).toEqual(['rejected', null]);
  });

  it('stops an endless loop at the command limit, keeping only the points that do not need the run', () => {
    const r = report('loop');
    const a = assignments.get(id)!;
    expect(r.status).toBe('limit-exceeded');
    const independent = r.checks.filter((c) => !readsStudentRun(a.checks.find((x) => x.id === c.id)!));
    expect(r.checks.filter((c) => !independent.includes(c)).every((c) => c.earned === 0 && c.status === 'not-run')).toBe(true);
    expect(r.score).toBe(independent.reduce((s, c) => s + c.earned, 0));
  });

  it('grades a write of 10^9 bytes (it runs out of space) without crashing', () => {
    const r = report('huge');
    expect(r.status).toBe('graded');
    expect(r.run?.output).toMatch(/wrote \d+\/1000000000 bytes|No space left on device|Disk quota exceeded/);
    expect(r.score).toBeLessThan(r.maxScore);
  });

  it('gives the same report through the CLI\'s worker threads as through the engine API', () => {
    for (const s of SAMPLES) {
      const a = api.get(`${id}/${s}`)!;
      const c = cli.get(`${id}/${s}`)!;
      expect([s, c.status, c.score, c.checks.map((x) => [x.id, x.earned])]).toEqual([s, a.status, a.score, a.checks.map((x) => [x.id, x.earned])]);
    }
  });
});
