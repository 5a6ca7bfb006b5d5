// One test per submission file: open it in the lab's Grade view, press Grade, read the report
// from the page and leave it in the results folder for scripts/grade-e2e.ts to write out.
// Inputs (set by the script): XFSLAB_GRADE_FILES (JSON list of files), XFSLAB_GRADE_ASSIGNMENTS,
// XFSLAB_GRADE_RESULTS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test as base } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const files = JSON.parse(process.env['XFSLAB_GRADE_FILES'] ?? '[]') as string[];
const assignmentsDir = process.env['XFSLAB_GRADE_ASSIGNMENTS'] ?? path.join(ROOT, 'assignments');
const results = process.env['XFSLAB_GRADE_RESULTS'] ?? path.join(ROOT, 'test-results', 'grade-e2e', 'reports');

const test = base.extend<object, { lab: { url: string } }>({
  // eslint-disable-next-line no-empty-pattern
  lab: [async ({}, use) => {
    const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'xfslab-grade-'));
    const mod = (await import(pathToFileURL(path.join(ROOT, 'out/main/web.js')).href)) as {
      serveWebLab(o: { port: number; workspaceDir: string; assignmentsDir: string; instructor: boolean }): Promise<{ url: string; close(): Promise<void> }>;
    };
    const lab = await mod.serveWebLab({ port: 0, workspaceDir, assignmentsDir, instructor: true });
    await use({ url: lab.url });
    await lab.close();
    rmSync(workspaceDir, { recursive: true, force: true });
  }, { scope: 'worker' }],
});

files.forEach((file, i) => {
  test(`grade ${path.basename(file)} [${i}]`, async ({ page, lab }) => {
    await page.goto(`${lab.url}#/grade`);
    await page.getByTestId('submission-file').setInputFiles(file);
    await page.getByTestId('grade').click();
    const json = page.getByTestId('grade-json');
    await expect(json).toHaveCount(1);
    const report: unknown = JSON.parse((await json.textContent()) ?? '');
    writeFileSync(path.join(results, `${String(i).padStart(6, '0')}.json`), JSON.stringify({ file, report }));
  });
});
