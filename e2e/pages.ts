// Page objects: what a journey can see and do, by role and label.

import { expect, type Locator, type Page } from '@playwright/test';

export class ShellPage {
  constructor(readonly page: Page) {}

  async open(hash: string): Promise<void> {
    await this.page.goto(`/${hash}`);
  }

  nav(name: 'Course' | 'Lab'): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  }

  async expectEngineReady(): Promise<void> {
    await expect(this.page.getByText(/Engine: ready in a Web Worker/)).toBeVisible();
  }
}
