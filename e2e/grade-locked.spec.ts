// A student's lab (started without --instructor) has no Grade view: grading a submission file runs
// the hidden checks and shows their results, so the link is absent, #/grade says how an instructor
// opens it, and the service refuses the call itself.
import { expect, test } from './support/fixtures';

test('a student\'s lab has no Grade view and grades no submission files', async ({ home, page }) => {
  await home.open();
  await expect(home.assignment('eof-prealloc')).toBeVisible();
  await expect(page.getByTestId('open-grade')).toHaveCount(0);
  await page.goto(`${new URL(page.url()).origin}/#/grade`);
  await expect(page.getByTestId('grade-locked')).toContainText('--instructor');
  await expect(page.getByTestId('submission-file')).toHaveCount(0);
  const r = await page.evaluate(() => window.api!.gradeSubmission({ runId: 'sneaky', text: '{}' }));
  expect(r).toMatchObject({ ok: false, error: { code: 'EPERM' } });
});
