// The same scores three ways: sample submissions of one shipped assignment (frozen in
// e2e/fixtures) graded by the instructor's Grade in the app and by `xfslab grade` give identical
// reports — status, score, and every check's points. Samples: the solution with the right answers,
// the starter (partial), a syntax error, and a file edited after export (hash mismatch).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GradeReport } from '../engine/index';
import { engineSubmission } from './support/engine-grade';
import { expect, test } from './support/fixtures';

const ID = 'eof-prealloc';
const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'e2e', 'fixtures', 'assignments');

test('the app\'s Grade and xfslab grade give identical reports', async ({ home, page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xfslab-parity-'));
  const starter = readFileSync(path.join(FIXTURES, ID, 'starter.sh'), 'utf8');
  const samples: Record<string, string> = {
    solution: engineSubmission(ID, 'alice', null, null),
    partial: engineSubmission(ID, 'bob', starter, { 'predict-last-prealloc': '1' }),
    syntax: engineSubmission(ID, 'carol', 'xfs_io -c "pwrite 0 4k\n', {}),
  };
  samples['tampered'] = samples['partial'].replace('"bob"', '"mallory"');
  const files = Object.entries(samples).map(([name, text]) => {
    const f = path.join(dir, `${name}.xfslab.json`);
    writeFileSync(f, text);
    return f;
  });
  const cli = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'engine', 'cli', 'main.ts'), 'grade', ...files, '--assignments', FIXTURES, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { file: string; report: GradeReport }[];
  expect(cli.map((e) => e.report.status)).toEqual(['graded', 'graded', 'not-gradable', 'rejected']);
  expect(cli[0].report.score).toBe(cli[0].report.maxScore);
  expect(cli[1].report.score).toBeLessThan(cli[1].report.maxScore);

  await home.open();
  await page.getByTestId('open-grade').click();
  for (const [i, f] of files.entries()) {
    await page.getByTestId('submission-file').setInputFiles(f);
    await page.getByTestId('grade').click();
    const json = page.getByTestId('grade-json');
    await expect(json).toHaveCount(1, { timeout: 30_000 });
    const app = JSON.parse((await json.textContent()) ?? '') as GradeReport;
    const want = cli[i].report;
    const shape = (r: GradeReport) => ({ status: r.status, score: r.score, maxScore: r.maxScore, seed: r.seed, checks: r.checks.map((c) => [c.id, c.status, c.passed, c.earned, c.points]) });
    expect(shape(app), path.basename(f)).toEqual(shape(want));
    await expect(page.getByTestId('grade-total')).toHaveAttribute('data-status', want.status);
  }
});
