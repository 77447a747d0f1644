import { existsSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };
import { offlinePlugin } from './scripts/offline-plugin.ts';

/** Debian's Chromium when present (this machine), else Playwright's managed browser. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export default defineConfig({
  // Relative asset URLs: the build works from any sub-path (/normlab/, a file share, ...).
  base: './',
  plugins: [react(), offlinePlugin()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['engine/**/*.test.ts', 'app/**/*.unit.test.ts'],
          exclude: ['engine/**/*.browser.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['app/**/*.browser.test.tsx', 'app/**/*.browser.test.ts', 'engine/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath() } }),
            instances: [{ browser: 'chromium' }],
            screenshotDirectory: '.vitest-attachments',
          },
        },
      },
    ],
  },
});
