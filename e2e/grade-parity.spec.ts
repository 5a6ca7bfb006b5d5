// One assignment definition, the same scores everywhere. For every shipped assignment, six sample
// submissions (`xfslab submission samples`: the solution, a partial one, a syntax error, an endless
// loop, a write of 10^9 bytes, a file edited after export) are graded
//   - by the engine API (gradeSubmission, computed outside the app),
//   - by `xfslab grade` (worker threads, the assignment's limits),
//   - by `npm run grade:e2e` (Playwright opens each file in the app's Grade view and reads the
//     report from the page), as two shards run side by side and merged,
// and the three must agree on every report: status, score, and each check's result and points.
// The student's in-app feedback (Check, which grades the visible checks) must agree with the
// visible checks of those reports. (A student's lab has no Grade view: grade-locked.spec.ts.)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GradeReport } from '../engine/index';
import { engineGradeFiles } from './support/engine-grade';
import { expect, test } from './support/fixtures';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHIPPED = path.join(ROOT, 'assignments');
const CLI = ['--import', 'tsx', path.join(ROOT, 'engine', 'cli', 'main.ts')];
/** The lab's student id until one is given at Submit (main/lab/lab-service.ts STUDENT_ID): Check grades that student's variant. */
const STUDENT = 'student';

type Entry = { file: string; report: GradeReport };
const shape = (r: GradeReport) => ({
  status: r.status, score: r.score, maxScore: r.maxScore, seed: r.seed, variant: r.variant, message: r.message,
  checks: r.checks.map((c) => [c.id, c.status, c.passed, c.earned, c.points]),
});
const byName = (entries: Entry[]) => new Map(entries.map((e) => [path.basename(e.file), e.report]));

/** Playwright's own variables would make the nested grading run think it is one of this run's workers. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PW_|PLAYWRIGHT_|TEST_|NODE_OPTIONS$)/.test(k)));
}

function gradeE2e(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'grade-e2e.ts'), ...args], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`grade:e2e ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`))));
  });
}

test.use({ instructor: true, assignmentsDir: SHIPPED });

test('every shipped assignment: the engine, xfslab grade and the Playwright grading run give identical reports', async ({ home, page }) => {
  test.setTimeout(600_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xfslab-parity-'));
  const samples = path.join(dir, 'samples');
  execFileSync(process.execPath, [...CLI, 'submission', 'samples', SHIPPED, '--out', samples, '--student', STUDENT], { cwd: ROOT, stdio: 'ignore' });
  const files = readdirSync(samples).filter((f) => f.endsWith('.xfslab.json')).sort().map((f) => path.join(samples, f));
  const ids = readdirSync(SHIPPED).filter((d) => existsSync(path.join(SHIPPED, d, 'assignment.json'))).sort();
  expect(files.length).toBe(ids.length * 6);

  const api = byName(engineGradeFiles(files, SHIPPED));
  const cli = byName(JSON.parse(execFileSync(process.execPath, [...CLI, 'grade', samples, '--assignments', SHIPPED, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Entry[]);
  const shards = [1, 2].map((i) => path.join(dir, `shard-${i}.json`));
  await Promise.all(shards.map((out, i) => gradeE2e([samples, '--assignments', SHIPPED, '--shard', `${i + 1}/2`, '--format', 'json', '--out', out])));
  const merged = path.join(dir, 'merged.json');
  await gradeE2e(['--merge', ...shards, '--format', 'json', '--out', merged]);
  const inApp = byName(JSON.parse(readFileSync(merged, 'utf8')) as Entry[]);

  expect([...inApp.keys()].sort()).toEqual(files.map((f) => path.basename(f)));
  for (const f of files) {
    const name = path.basename(f);
    const want = shape(api.get(name)!);
    expect(shape(cli.get(name)!), `xfslab grade: ${name}`).toEqual(want);
    expect(shape(inApp.get(name)!), `grade:e2e: ${name}`).toEqual(want);
  }
  // Each kind ends as it must (so agreement is not agreement on nothing).
  for (const id of ids) {
    const r = (kind: string) => api.get(`${id}--${kind}.xfslab.json`)!;
    expect([id, r('solution').status, r('solution').score]).toEqual([id, 'graded', r('solution').maxScore]);
    expect([id, r('partial').status, r('partial').score! > 0 && r('partial').score! < r('partial').maxScore]).toEqual([id, 'graded', true]);
    expect([id, r('syntax').status, r('loop').status, r('huge').status, r('tampered').status]).toEqual([id, 'not-gradable', 'limit-exceeded', 'graded', 'rejected']);
  }

  // The student's Check (what the Check button sends) on the solution and the partial sample: the
  // visible checks, with the results the instructor's reports give them.
  await home.open();
  for (const id of ids) {
    for (const kind of ['solution', 'partial']) {
      const sub = JSON.parse(readFileSync(path.join(samples, `${id}--${kind}.xfslab.json`), 'utf8')) as { scripts: Record<string, string>; answers: Record<string, string> };
      const check = await page.evaluate(async (q) => {
        const r = await window.api!.checkAssignment({ runId: q.runId, id: q.id, script: q.script, answers: q.answers });
        return r.ok ? r.value : { error: r.error.message };
      }, { runId: `parity-${id}-${kind}`, id, script: sub.scripts['main.sh'], answers: sub.answers });
      expect(check, `${id} ${kind}`).not.toHaveProperty('error');
      const full = api.get(`${id}--${kind}.xfslab.json`)!;
      const report = check as GradeReport;
      const visible = new Set(report.checks.map((c) => c.id));
      expect(visible.size, `${id}: visible checks`).toBeGreaterThan(0);
      expect(report.checks.map((c) => [c.id, c.passed, c.earned, c.points]), `${id} ${kind}: Check`).toEqual(
        full.checks.filter((c) => visible.has(c.id)).map((c) => [c.id, c.passed, c.earned, c.points]),
      );
      expect(report.checks.length, `${id}: Check grades fewer checks than the instructor`).toBeLessThan(full.checks.length);
    }
  }
});
