// What a page's first paint needs from the production build: the entry script, every chunk it
// imports statically, and the page's own chunk (app/pages/page-chunks.ts: each page is a chunk
// named after its module, `Home-<hash>.js`; a lesson's page also its lesson's content,
// `lesson-4-<hash>.js`) with the chunks those import, read off the built files' import statements. The engine worker, KaTeX and the other pages' chunks are not in it.
// Used by e2e/first-load.spec.ts (the budget) and scripts/bench-load.mjs (the figures).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget for the first load's JavaScript, gzipped (issue 18, "First load"). */
export const FIRST_LOAD_BUDGET_BYTES = 200 * 1024;

/** Each routed page's module, as its chunk is named (app/pages/page-chunks.ts). */
export const PAGE_CHUNKS = { home: 'Home', lessons: 'LessonsIndex', lesson: 'LessonPage', lab: 'Lab' };

/** The chunks a built file imports statically (`import … from"./x.js"`, `import"./x.js"`, `export … from`). */
export function staticImports(code) {
  const found = new Set();
  for (const m of code.matchAll(
    /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']\.\/([\w.-]+\.js)["']/g,
  ))
    found.add(m[1]);
  return [...found];
}

/** `files` and everything they import statically, transitively (names inside `assets`). */
export function closure(assets, files) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of staticImports(readFileSync(join(assets, file), 'utf8'))) visit(next);
  };
  for (const file of files) visit(file);
  return [...seen].sort();
}

/**
 * The JavaScript and CSS files the first paint of `page` needs, with their sizes (raw and
 * gzipped at level 9, as a static host would send them), from a production build in `dist`.
 */
export function firstLoad(dist, page, lesson = 4) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*\ssrc="\.\/assets\/([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('dist/index.html has no module entry script');
  const assets = join(dist, 'assets');
  const names = readdirSync(assets);
  const chunkOf = (name) => names.find((f) => new RegExp(`^${name}-[\\w-]{8}\\.js$`).test(f));
  // null in a build whose pages are not chunks of their own (all in the entry).
  const pageChunk = chunkOf(PAGE_CHUNKS[page]) ?? null;
  // A lesson's page also needs its lesson's content, a chunk of its own in a build that splits them.
  const lessonChunk = page === 'lesson' ? (chunkOf(`lesson-${lesson}`) ?? null) : null;
  const scripts = closure(
    assets,
    [entry, pageChunk, lessonChunk].filter((f) => f !== null),
  );
  const styles = [...html.matchAll(/<link rel="stylesheet"[^>]*href="\.\/assets\/([^"]+)"/g)].map(
    (m) => m[1],
  );
  const size = (file) => {
    const bytes = readFileSync(join(assets, file));
    return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const js = scripts.map(size);
  return {
    entry,
    pageChunk,
    scripts: js,
    styles: styles.map(size),
    gzip: js.reduce((sum, f) => sum + f.gzip, 0),
    bytes: js.reduce((sum, f) => sum + f.bytes, 0),
  };
}
