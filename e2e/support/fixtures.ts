// Fixtures of the suite: the web lab served once per worker from the built app, with a temporary
// workspace (the student's profile); a page that fails its test on any page error or console error;
// and page objects. After Podman Desktop's and Heynote's Playwright suites.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { HomePage } from '../pages/home-page';
import { WorkspacePage } from '../pages/workspace-page';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface WebLab {
  url: string;
  close(): Promise<void>;
}

export const test = base.extend<{ home: HomePage; workspace: WorkspacePage; pageErrors: string[] }, { instructor: boolean; assignmentsDir: string; lab: { url: string; workspaceDir: string } }>({
  /** Serve the lab for an instructor (`test.use({ instructor: true })`): the Grade view is open. */
  instructor: [false, { scope: 'worker', option: true }],
  /**
   * The assignments folder served: a frozen copy by default (the shipped exercises change; what most
   * tests check should not); the grading parity test serves the shipped ones.
   */
  assignmentsDir: [path.join(ROOT, 'e2e', 'fixtures', 'assignments'), { scope: 'worker', option: true }],
  lab: [async ({ instructor, assignmentsDir }, use) => {
    const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'xfslab-e2e-'));
    const mod = (await import(pathToFileURL(path.join(ROOT, 'out/main/web.js')).href)) as {
      serveWebLab(o: { port: number; workspaceDir: string; assignmentsDir: string; instructor: boolean }): Promise<WebLab>;
    };
    const lab = await mod.serveWebLab({ port: 0, workspaceDir, assignmentsDir, instructor });
    await use({ url: lab.url, workspaceDir });
    await lab.close();
    rmSync(workspaceDir, { recursive: true, force: true });
  }, { scope: 'worker' }],

  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
    });
    await use(errors);
    expect(errors, 'the page logged errors').toEqual([]);
  },

  home: async ({ page, lab, pageErrors: _ }, use) => {
    await use(new HomePage(page, lab.url));
  },
  workspace: async ({ page }, use) => {
    await use(new WorkspacePage(page));
  },
});

export { expect };

/** Save a screenshot as a test artifact (test-results/e2e/screenshots/<name>.png). */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'e2e', 'screenshots', `${name}.png`) });
}
