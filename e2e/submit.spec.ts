// Submit: the first time the app asks the student id, then remembers it; the file downloaded (web)
// is a submission the engine accepts (hash verified) for the student's seed, with the script and
// answers; the instructions follow the new id's variant.
import { readFileSync } from 'node:fs';
import { engineVerify } from './support/engine-grade';
import { expect, test } from './support/fixtures';

const ID = 'eof-prealloc';

test('Submit asks the student id once and downloads a verified submission file', async ({ home, workspace, page }) => {
  test.setTimeout(60_000);
  await home.open();
  await home.assignment(ID).click();
  await workspace.waitForEditor();
  await workspace.setScript('xfs_io -f -c "pwrite 0 4k" a\n');
  const [q] = await page.getByTestId('questions').locator('[data-testid^="answer-"]').all();
  await q.fill('42');
  const qid = (await q.getAttribute('data-testid'))!.slice('answer-'.length);

  await page.getByTestId('submit').click();
  await expect(page.getByTestId('student-id-dialog')).toBeVisible();
  await page.getByTestId('student-id').fill('s1234567');
  const first = page.waitForEvent('download');
  await page.getByTestId('student-id-ok').click();
  const file = await first;
  expect(file.suggestedFilename()).toBe(`${ID}--s1234567.xfslab.json`);
  const text = readFileSync((await file.path())!, 'utf8');
  const sub = JSON.parse(text) as { studentId: string; seed: number; scripts: Record<string, string>; answers: Record<string, string>; assignment: { id: string } };
  expect(sub.studentId).toBe('s1234567');
  expect(sub.assignment.id).toBe(ID);
  expect(sub.scripts['main.sh']).toBe('xfs_io -f -c "pwrite 0 4k" a\n');
  expect(sub.answers[qid]).toBe('42');
  const v = engineVerify(ID, text);
  expect(v).toEqual({ ok: true, seed: sub.seed, warnings: [] });
  await expect(page.getByTestId('submitted')).toContainText(`${ID}--s1234567.xfslab.json`);

  // Remembered: the second Submit does not ask again.
  const second = page.waitForEvent('download');
  await page.getByTestId('submit').click();
  await second;
  await expect(page.getByTestId('student-id-dialog')).toHaveCount(0);

  // An edited file is rejected by the engine.
  expect(engineVerify(ID, text.replace('"42"', '"43"')).ok).toBe(false);
});
