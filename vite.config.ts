import { existsSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };
import { buildWasm } from './scripts/build-wasm.mjs';
import { lessonPicturesPlugin } from './scripts/lesson-pictures-plugin.ts';
import { offlinePlugin } from './scripts/offline-plugin.ts';
import { tokensPlugin } from './scripts/tokens-plugin.ts';

/** Debian's Chromium when present (this machine), else Playwright's managed browser. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/**
 * The production build's Content-Security-Policy (a meta tag; a host should also send
 * `frame-ancestors`, which a meta tag cannot carry: see README). Everything comes from the app's
 * own origin. One allowance: inline style *attributes* (`style-src-attr`), which KaTeX's formula
 * markup and the charts' positioning use; `<style>` elements and inline scripts stay forbidden.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the engine compile its WebAssembly SIMD kernels (bundled bytes, no
  // fetch; engine/core/wasm-kernels.ts). It allows WebAssembly compilation only, not eval().
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Adds the policy to the built index.html only (the dev server injects inline scripts). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'normlab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Makes the built entry script render-blocking (`blocking="render"`, which Vite drops from
 * index.html): the browser paints nothing before main.tsx has set the reader's theme
 * (app/theme.ts), so no first frame shows the other theme's background. The CSP forbids the
 * usual inline script for this.
 */
function renderBlockingEntry(): Plugin {
  return {
    name: 'normlab-render-blocking-entry',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html.replace(
          /<script type="module" crossorigin src=/,
          '<script type="module" blocking="render" crossorigin src=',
        ),
    },
  };
}

/**
 * Assembles the engine's WebAssembly (engine/core/wasm/*.wat -> generated *-wasm.js) before Vite
 * or Vitest resolves anything, so `vite build` and a single `vitest run` work on a fresh clone
 * without `npm run data` first. Skips modules that are up to date.
 */
function engineWasm(): Plugin {
  return {
    name: 'normlab-engine-wasm',
    async config() {
      await buildWasm({ quiet: true });
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the build works from any sub-path (/normlab/, a file share, ...).
  base: './',
  plugins: [
    engineWasm(),
    tokensPlugin(),
    react(),
    lessonPicturesPlugin({ csp: CONTENT_SECURITY_POLICY }),
    offlinePlugin(),
    contentSecurityPolicy(),
    renderBlockingEntry(),
  ],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  // No asset is inlined as a data: URL (KaTeX's smallest font would be): fonts come from 'self'.
  build: {
    target: 'es2022',
    sourcemap: true,
    assetsInlineLimit: 0,
    rolldownOptions: {
      // The engine's modules do nothing when imported but define things (no module of app/ or
      // engine/ is imported for its side effects), so a page that imports one name from the
      // `#engine` barrel loads that name's modules only, not the whole engine.
      treeshake: { moduleSideEffects: [{ test: /\/engine\/.*\.ts$/, sideEffects: false }] },
      // Each lesson's content is a chunk of its own (app/lessons/lesson-chunks.ts), named after its
      // lesson (`lesson-4-<hash>.js`, not one of thirteen `content-<hash>.js`), so the first-load
      // count (scripts/first-load.mjs) and a reader of the network log can tell them apart.
      output: {
        chunkFileNames: (chunk) => {
          const lesson = chunk.moduleIds
            .map((id) => /\/lessons\/(lesson-\d+)\/content\.tsx$/.exec(id)?.[1])
            .find((name) => name !== undefined);
          return `assets/${lesson ?? '[name]'}-[hash].js`;
        },
      },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // One naming rule per tier: `*.test.ts` runs in node, `*.browser.test.ts(x)` in Chromium,
          // `e2e/*.spec.ts` against the production build.
          include: [
            'engine/**/*.test.ts',
            'app/**/*.test.ts',
            'scripts/**/*.test.mjs',
            'bench/lib/**/*.test.mjs',
          ],
          exclude: ['**/*.browser.test.ts', '**/*.browser.test.tsx'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['app/**/*.browser.test.ts', 'app/**/*.browser.test.tsx', 'engine/**/*.browser.test.ts'],
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
