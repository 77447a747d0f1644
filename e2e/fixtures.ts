// Every journey runs with two guards: the page may not log a console error or throw an
// uncaught error, and it may not request anything outside its own origin (no CDNs, no
// fonts from elsewhere, no analytics). Either fails the test that caused it.

import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ guards: void }>({
  guards: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol === 'data:' || url.protocol === 'blob:') return;
        const origin = new URL(page.url() === 'about:blank' ? request.url() : page.url()).origin;
        if (url.origin !== origin) problems.push(`foreign request: ${request.url()}`);
      });
      await use();
      expect(problems, 'console errors, uncaught errors or foreign requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
