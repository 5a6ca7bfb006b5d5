// One test per submission file: open it in the lab's Grade view, press Grade, read the report
// from the page and leave it in the results folder for scripts/grade-e2e.ts to write out.
// Inputs (set by the script): XFSLAB_GRADE_FILES (JSON list of files), XFSLAB_GRADE_ASSIGNMENTS,
// XFSLAB_GRADE_RESULTS, XFSLAB_GRADE_HOST (auto: the desktop app where an Electron binary exists,
// else the web version; or electron / web).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { _electron as electron, expect, test as base, type Page } from '@playwright/test';
import { electronBinary } from '../support/electron-binary';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const files = JSON.parse(process.env['XFSLAB_GRADE_FILES'] ?? '[]') as string[];
const assignmentsDir = process.env['XFSLAB_GRADE_ASSIGNMENTS'] ?? path.join(ROOT, 'assignments');
const results = process.env['XFSLAB_GRADE_RESULTS'] ?? path.join(ROOT, 'test-results', 'grade-e2e', 'reports');

/** Which app grades: the desktop one where it can start, else the web version (said once, plainly). */
function chooseHost(): { kind: 'electron'; exe: string } | { kind: 'web' } {
  const want = process.env['XFSLAB_GRADE_HOST'] ?? 'auto';
  if (want === 'web') return { kind: 'web' };
  const bin = electronBinary();
  if (bin.exe) return { kind: 'electron', exe: bin.exe };
  if (want === 'electron') throw new Error(`grade:e2e: XFSLAB_GRADE_HOST=electron, but ${bin.why}`);
  if (files.length) console.log(`grade:e2e: grading in the web version: ${bin.why}.`);
  return { kind: 'web' };
}
const host = chooseHost();

/** Per worker: a lab started for an instructor, and how to open its Grade view in a page. */
const test = base.extend<object, { grader: { open(page: Page): Promise<Page> } }>({
  // eslint-disable-next-line no-empty-pattern
  grader: [async ({}, use) => {
    const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'xfslab-grade-'));
    try {
      if (host.kind === 'electron') {
        const app = await electron.launch({
          executablePath: host.exe, args: [ROOT, '--instructor'], cwd: ROOT,
          env: { ...process.env, XFSLAB_ASSIGNMENTS: assignmentsDir, XFSLAB_INSTRUCTOR: '1' } as Record<string, string>,
        });
        const win = await app.firstWindow();
        await use({
          // A fresh page per submission, as in the web version: nothing of the last one stays.
          open: async () => {
            await win.evaluate(() => (location.hash = '#/grade'));
            await win.reload();
            return win;
          },
        });
        await app.close();
      } else {
        const mod = (await import(pathToFileURL(path.join(ROOT, 'out/main/web.js')).href)) as {
          serveWebLab(o: { port: number; workspaceDir: string; assignmentsDir: string; instructor: boolean }): Promise<{ url: string; close(): Promise<void> }>;
        };
        const lab = await mod.serveWebLab({ port: 0, workspaceDir, assignmentsDir, instructor: true });
        await use({
          open: async (page) => {
            await page.goto(`${lab.url}#/grade`);
            return page;
          },
        });
        await lab.close();
      }
    } finally {
      rmSync(workspaceDir, { recursive: true, force: true });
    }
  }, { scope: 'worker' }],
});

files.forEach((file, i) => {
  test(`grade ${path.basename(file)} [${i}]`, async ({ page, grader }) => {
    const p = await grader.open(page);
    await p.getByTestId('submission-file').setInputFiles(file);
    await p.getByTestId('grade').click();
    const json = p.getByTestId('grade-json');
    await expect(json).toHaveCount(1);
    const report: unknown = JSON.parse((await json.textContent()) ?? '');
    writeFileSync(path.join(results, `${String(i).padStart(6, '0')}.json`), JSON.stringify({ file, report }));
  });
});
