// Playwright-graded submissions (npm run grade:e2e; not part of npm test): one test per submission
// file, each opened in the web version of the lab and graded with the instructor's Grade. Sharding
// (--shard i/n) splits the submissions between machines; scripts/grade-e2e.ts merges the reports.
import { defineConfig } from '@playwright/test';
import { CHROMIUM } from '../../playwright.config';

export default defineConfig({
  testDir: '.',
  testMatch: '*.grade.ts',
  outputDir: '../../test-results/grade-e2e',
  globalSetup: '../support/global-setup.ts',
  fullyParallel: true,
  workers: Number(process.env['XFSLAB_GRADE_WORKERS'] ?? 1),
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 60_000 },
  reporter: [['line']],
  use: {
    viewport: { width: 1280, height: 900 },
    trace: 'off',
    launchOptions: { executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] },
  },
});
