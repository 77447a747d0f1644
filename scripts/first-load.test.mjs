import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLoad, staticImports } from './first-load.mjs';

describe('first-load', () => {
  it('reads the static imports of minified chunks, not their dynamic imports', () => {
    const code =
      'import{n as e}from"./rolldown-runtime-WkwZ5CU-.js";import"./side-Ab_12-xy.js";export{a as b}from"./re-CDEFGHIJ.js";' +
      'const t=()=>import("./Lab-12345678.js");';
    expect(staticImports(code)).toEqual([
      'rolldown-runtime-WkwZ5CU-.js',
      'side-Ab_12-xy.js',
      're-CDEFGHIJ.js',
    ]);
  });

  it("counts the entry, the page's chunk and what they import, and nothing another page needs", () => {
    const dist = mkdtempSync(join(tmpdir(), 'first-load-'));
    mkdirSync(join(dist, 'assets'));
    const files = {
      'index-AAAAAAAA.js':
        'import{a}from"./react-BBBBBBBB.js";const p={home:()=>import("./Home-CCCCCCCC.js"),lab:()=>import("./Lab-DDDDDDDD.js")};',
      'react-BBBBBBBB.js': 'export const a=1;'.repeat(50),
      'Home-CCCCCCCC.js': 'import{a}from"./react-BBBBBBBB.js";import{c}from"./charts-EEEEEEEE.js";',
      'charts-EEEEEEEE.js': 'export const c=2;',
      'Lab-DDDDDDDD.js': 'import{k}from"./katex-FFFFFFFF.js";',
      'katex-FFFFFFFF.js': 'export const k=3;',
    };
    for (const [name, code] of Object.entries(files)) writeFileSync(join(dist, 'assets', name), code);
    writeFileSync(
      join(dist, 'index.html'),
      '<script type="module" blocking="render" crossorigin src="./assets/index-AAAAAAAA.js"></script>',
    );
    const home = firstLoad(dist, 'home');
    expect(home.entry).toBe('index-AAAAAAAA.js');
    expect(home.pageChunk).toBe('Home-CCCCCCCC.js');
    expect(home.scripts.map((s) => s.file)).toEqual([
      'Home-CCCCCCCC.js',
      'charts-EEEEEEEE.js',
      'index-AAAAAAAA.js',
      'react-BBBBBBBB.js',
    ]);
    expect(home.gzip).toBe(home.scripts.reduce((sum, s) => sum + s.gzip, 0));
    expect(home.bytes).toBe(
      Object.entries(files)
        .filter(([n]) => !/Lab|katex/.test(n))
        .reduce((s, [, c]) => s + c.length, 0),
    );
    expect(firstLoad(dist, 'lab').scripts.map((s) => s.file)).toContain('katex-FFFFFFFF.js');
  });

  it("counts a lesson's content chunk with the lesson page, and no other lesson's", () => {
    const dist = mkdtempSync(join(tmpdir(), 'first-load-'));
    mkdirSync(join(dist, 'assets'));
    const files = {
      'index-AAAAAAAA.js': 'const p=()=>import("./LessonPage-CCCCCCCC.js");',
      'LessonPage-CCCCCCCC.js':
        'const l={4:()=>import("./lesson-4-DDDDDDDD.js"),14:()=>import("./lesson-14-EEEEEEEE.js")};',
      'lesson-4-DDDDDDDD.js': 'import{w}from"./widget-FFFFFFFF.js";',
      'lesson-14-EEEEEEEE.js': 'export const t=1;',
      'widget-FFFFFFFF.js': 'export const w=2;',
    };
    for (const [name, code] of Object.entries(files)) writeFileSync(join(dist, 'assets', name), code);
    writeFileSync(
      join(dist, 'index.html'),
      '<script type="module" src="./assets/index-AAAAAAAA.js"></script>',
    );
    expect(firstLoad(dist, 'lesson', 4).scripts.map((s) => s.file)).toEqual([
      'LessonPage-CCCCCCCC.js',
      'index-AAAAAAAA.js',
      'lesson-4-DDDDDDDD.js',
      'widget-FFFFFFFF.js',
    ]);
    expect(firstLoad(dist, 'lesson', 14).scripts.map((s) => s.file)).toEqual([
      'LessonPage-CCCCCCCC.js',
      'index-AAAAAAAA.js',
      'lesson-14-EEEEEEEE.js',
    ]);
  });
});
