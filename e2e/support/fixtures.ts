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

export const test = base.extend<{ home: HomePage; workspace: WorkspacePage; pageErrors: string[] }, { lab: { url: string; workspaceDir: string } }>({
  // Playwright's fixture signature needs the (empty) destructuring of the fixtures it depends on.
  // eslint-disable-next-line no-empty-pattern
  lab: [async ({}, use) => {
    const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'xfslab-e2e-'));
    const mod = (await import(pathToFileURL(path.join(ROOT, 'out/main/web.js')).href)) as {
      serveWebLab(o: { port: number; workspaceDir: string; assignmentsDir: string }): Promise<WebLab>;
    };
    // A frozen assignments folder: the shipped exercises change; what the suite checks should not.
    const lab = await mod.serveWebLab({ port: 0, workspaceDir, assignmentsDir: path.join(ROOT, 'e2e', 'fixtures', 'assignments') });
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
