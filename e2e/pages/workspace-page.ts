// Page object: the workspace. The script is set through the app's test hook, never Monaco's DOM.
import { expect, type Locator, type Page } from '@playwright/test';
import type { ExtentView } from '../../main/run-view-types';

export interface TimelineState {
  step: number;
  count: number;
  files: { path: string; size: number; data: ExtentView[]; cow: ExtentView[] }[];
}

export class WorkspacePage {
  readonly root: Locator;
  readonly output: Locator;
  readonly runStatus: Locator;
  readonly saveState: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('workspace');
    this.output = page.getByTestId('output');
    this.runStatus = page.getByTestId('run-status');
    this.saveState = page.getByTestId('save-state');
  }

  async waitForEditor(): Promise<void> {
    await this.root.waitFor();
    await this.page.locator('.monaco-editor').first().waitFor();
  }

  setScript(text: string): Promise<void> {
    return this.page.evaluate((t) => window.__xfslab!.setScript(t), text);
  }

  script(): Promise<string> {
    return this.page.evaluate(() => window.__xfslab!.getScript());
  }

  timeline(): Promise<TimelineState> {
    return this.page.evaluate(() => window.__xfslab!.timeline());
  }

  steps(): Promise<{ kind: string; label: string; line: number; fail?: string }[]> {
    return this.page.evaluate(() => window.__xfslab!.steps());
  }

  async run(): Promise<void> {
    await this.page.getByTestId('run').click();
    await expect(this.page.getByTestId('run')).toBeVisible({ timeout: 30_000 });
    await expect(this.runStatus).not.toBeEmpty();
  }

  tab(name: 'output' | 'trace' | 'code' | 'space'): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  async stepBack(): Promise<void> {
    await this.page.getByTestId('step-back').click();
  }

  async jumpTo(step1: number): Promise<void> {
    const input = this.page.getByTestId('step-input');
    await input.fill(String(step1));
    await input.press('Enter');
  }
}
