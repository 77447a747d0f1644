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

export class LabPage {
  constructor(readonly page: Page) {}

  async open(query = ''): Promise<void> {
    await this.page.goto(`/#/lab${query ? `?${query}` : ''}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
  }

  control(name: string | RegExp): Locator {
    return this.page.getByRole('form', { name: 'Experiment controls' }).getByLabel(name);
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  status(): Locator {
    return this.page.locator('.status');
  }

  /** The step count shown in the status line. */
  async step(): Promise<number> {
    const text = (await this.status().textContent()) ?? '';
    const match = /step ([\d,]+)/.exec(text);
    return match ? Number(match[1].replace(/,/g, '')) : 0;
  }

  runRows(): Locator {
    return this.page.locator('.run-table tbody tr');
  }
}
