// End-to-end journeys against the production build, served by `vite preview` twice: at the
// root and under a sub-path (/normlab/), to prove the build works from any static location.
// `npm test` builds first; run `npm run build && npx playwright test` to run this tier alone.

import { defineConfig, devices } from '@playwright/test';
import { chromiumPath } from './vite.config.ts';

// NORMLAB_E2E_PORT moves both servers (port and port + 1), so two checkouts can run journeys at once.
const PORT = Number(process.env.NORMLAB_E2E_PORT ?? 4173);
export const ROOT_URL = `http://127.0.0.1:${PORT}/`;
export const SUBPATH_URL = `http://127.0.0.1:${PORT + 1}/normlab/`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: ROOT_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumPath() },
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } },
  ],
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: ROOT_URL,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `npx vite preview --host 127.0.0.1 --port ${PORT + 1} --strictPort --base /normlab/`,
      url: SUBPATH_URL,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
