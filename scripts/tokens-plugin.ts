// The design tokens' stylesheet (app/tokens.ts → `tokensCss()`), put at the top of
// app/styles.css as Vite loads it: in the build, the dev server and Vitest's browser tests alike,
// so every page and every test that imports styles.css sees the same custom properties, with no
// generated file to keep in step. A change to tokens.ts reloads the stylesheet in dev.

import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { tokensCss } from '../app/tokens.ts';

const STYLES = fileURLToPath(new URL('../app/styles.css', import.meta.url));
const TOKENS = fileURLToPath(new URL('../app/tokens.ts', import.meta.url));

export function tokensPlugin(): Plugin {
  return {
    name: 'normlab-tokens',
    enforce: 'pre',
    transform(code, id) {
      if (id.split('?')[0] !== STYLES) return null;
      this.addWatchFile(TOKENS);
      return { code: `${tokensCss()}${code}`, map: null };
    },
  };
}
