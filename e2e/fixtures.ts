// Every journey runs with three guards: the page may not log a console error or throw an
// uncaught error, it may not request anything outside its own origin (no CDNs, no fonts from
// elsewhere, no analytics), and nothing may violate its Content-Security-Policy. Any of them
// fails the test that caused it.

import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ guards: void }>({
  guards: [
    async ({ page }, use) => {
      const problems: string[] = [];
      await page.exposeFunction('__reportCspViolation', (text: string) =>
        problems.push(`CSP violation: ${text}`),
      );
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const report = (window as unknown as { __reportCspViolation: (text: string) => void })
            .__reportCspViolation;
          report(
            `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
          );
        });
      });
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
