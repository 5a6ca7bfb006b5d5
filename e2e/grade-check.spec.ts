// Check in the workspace: the starter fails the visible checks with their hints; the reference
// solution with the predicted answers passes them all. The scores are the engine grader's own
// (computed outside the app), and Home then shows the assignment as passed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { engineGrade } from './support/engine-grade';
import { expect, test } from './support/fixtures';

const ID = 'eof-prealloc';
const DIR = path.join(import.meta.dirname, 'fixtures', 'assignments', ID);
test('Check grades the starter and the solution against the visible checks', async ({ home, workspace, page, lab }) => {
  test.setTimeout(90_000);
  // The app grades for the id given at the first Submit (another test may have given one in this
  // worker's workspace), else for "student" (main/lab/lab-service.ts STUDENT_ID).
  const idFile = path.join(lab.workspaceDir, 'student.json');
  const STUDENT = existsSync(idFile) ? (JSON.parse(readFileSync(idFile, 'utf8')) as { studentId: string }).studentId : 'student';
  await home.open();
  await home.assignment(ID).click();
  await workspace.waitForEditor();
  await expect(page.getByTestId('questions')).toBeVisible();

  // The script in the editor (the starter, or a draft another test left): fails, and the report says why.
  const script = await workspace.script();
  await page.getByTestId('check').click();
  const total = page.getByTestId('grade-total');
  await expect(total).toBeVisible({ timeout: 30_000 });
  const starter = engineGrade({ dir: DIR, studentId: STUDENT, audience: 'student', script, answers: {} });
  expect(starter.report.score).toBeLessThan(starter.report.maxScore);
  await expect(total).toHaveAttribute('data-score', String(starter.report.score));
  await expect(total).toHaveAttribute('data-max', String(starter.report.maxScore));
  const failed = starter.report.checks.find((c) => !c.passed && c.hint)!;
  await expect(page.getByTestId(`grade-check-${failed.id}`)).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId(`grade-check-${failed.id}`)).toContainText('Hint:');

  // The solution and the right predictions pass every visible check (Ctrl+Shift+Enter checks too).
  const good = engineGrade({ dir: DIR, studentId: STUDENT, audience: 'student', script: null, answers: null });
  expect(good.report.score).toBe(good.report.maxScore);
  await workspace.setScript(good.script);
  for (const [q, v] of Object.entries(good.answers)) await page.getByTestId(`answer-${q}`).fill(v);
  await page.keyboard.press('Control+Shift+Enter');
  await expect(total).toHaveAttribute('data-score', String(good.report.maxScore), { timeout: 30_000 });
  for (const c of good.report.checks) await expect(page.getByTestId(`grade-check-${c.id}`)).toHaveAttribute('data-passed', 'true');

  await home.open();
  await expect(home.status(ID)).toHaveText('Passed');
});
