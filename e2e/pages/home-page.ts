// Page object: the Home page.
import type { Locator, Page } from '@playwright/test';

export class HomePage {
  readonly root: Locator;
  readonly assignments: Locator;

  constructor(readonly page: Page, readonly url: string) {
    this.root = page.getByTestId('home');
    this.assignments = page.getByTestId('assignment-list');
  }

  async open(): Promise<void> {
    await this.page.goto(this.url);
    await this.root.waitFor();
  }

  assignment(id: string): Locator {
    return this.page.getByTestId(`assignment-${id}`);
  }

  status(id: string): Locator {
    return this.page.getByTestId(`status-${id}`);
  }

  async openSandbox(): Promise<void> {
    await this.page.getByTestId('open-sandbox').click();
  }
}
