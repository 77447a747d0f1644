import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTheme } from './theme.ts';

describe('resolveTheme', () => {
  it.each([
    ['system', false, 'light'],
    ['system', true, 'dark'],
    ['light', true, 'light'],
    ['dark', false, 'dark'],
  ] as const)('choice %s with a dark system %s shows %s', (choice, systemDark, shown) => {
    expect(resolveTheme(choice, systemDark)).toBe(shown);
  });
});

/** Every stylesheet under app/. */
function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? stylesheets(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : [],
  );
}

describe('dark styles', () => {
  it('no stylesheet asks prefers-color-scheme itself (the toggle could not override it): they key on data-theme', () => {
    const files = stylesheets(new URL('.', import.meta.url).pathname);
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.filter((f) => /@media[^{]*prefers-color-scheme/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
