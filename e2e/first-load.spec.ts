// Journey: the first load stays small and following a link waits for nothing. Each page is its own
// chunk (app/pages/page-chunks.ts); the first paint of `/` needs the entry and the home page's
// chunks only, at most FIRST_LOAD_BUDGET_BYTES gzipped (issue 18), counted off the build by
// scripts/first-load.mjs and checked against what the browser really fetched before its first
// paint. A lesson's needs its own content chunk besides (app/lessons/lesson-chunks.ts), within
// the same budget. After that paint the other pages' chunks are fetched at idle, so a link opens its page
// at once, with no "Loading…" state in between.

import { join } from 'node:path';
import { FIRST_LOAD_BUDGET_BYTES, firstLoad } from '../scripts/first-load.mjs';
import { expect, test } from './fixtures.ts';
import { ShellPage } from './pages.ts';

const DIST = join(import.meta.dirname, '..', 'dist');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

test('the first paint of the home page needs at most 200 KB of gzipped JavaScript, and nothing the count misses', async ({
  page,
}) => {
  const home = firstLoad(DIST, 'home');
  expect(home.pageChunk, 'the home page is a chunk of its own').toMatch(/^Home-/);
  const listing = home.scripts.map((s) => `${s.file} ${kb(s.gzip)}`).join(', ');
  expect(home.gzip, `first load of / (${listing})`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  // KaTeX, the lessons and the Lab's own chunk are not part of it.
  expect(home.scripts.map((s) => s.file).join(' ')).not.toMatch(/katex|LessonPage-|Lab-/);

  await new ShellPage(page).open('');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('normalization');
  const beforePaint = await page.evaluate(async () => {
    const paint = await new Promise<number>((resolve) => {
      new PerformanceObserver((list, observer) => {
        const fcp = list.getEntries().find((e) => e.name === 'first-contentful-paint');
        if (fcp) {
          observer.disconnect();
          resolve(fcp.startTime);
        }
      }).observe({ type: 'paint', buffered: true });
    });
    return performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime < paint && /\.js$/.test(new URL(e.name).pathname))
      .map((e) => new URL(e.name).pathname.split('/').pop() ?? '');
  });
  expect(beforePaint).toContain(home.entry);
  const counted = new Set(home.scripts.map((s) => s.file));
  expect(
    // The engine's worker script runs in its own thread, started when the shell mounts; the page
    // does not wait for it to paint (on a busy machine its fetch can begin before the paint).
    beforePaint.filter((file) => !counted.has(file) && !/^runtime\.worker-/.test(file)),
    'scripts fetched before the first paint that the count left out',
  ).toEqual([]);
});

test("a lesson's first paint needs at most 200 KB of gzipped JavaScript: its own content, not the other lessons', KaTeX or the Code panel's scripts", () => {
  for (const id of [4, 7]) {
    const lesson = firstLoad(DIST, 'lesson', id);
    const files = lesson.scripts.map((s) => s.file);
    expect(files, `lesson ${id}'s content is a chunk of its own`).toContainEqual(
      expect.stringMatching(new RegExp(`^lesson-${id}-`)),
    );
    expect(files.filter((f) => /^lesson-\d+-/.test(f))).toHaveLength(1);
    expect(files.join(' ')).not.toMatch(/katex|CodeTabs-/);
    const listing = lesson.scripts.map((s) => `${s.file} ${kb(s.gzip)}`).join(', ');
    expect(lesson.gzip, `first load of #/lessons/${id} (${listing})`).toBeLessThanOrEqual(
      FIRST_LOAD_BUDGET_BYTES,
    );
  }
});

test('after the first paint the other pages load at idle: a link opens its page with no loading state', async ({
  page,
}) => {
  // Record any "Loading…" state the shell shows, however briefly, from the first frame on.
  await page.addInitScript(() => {
    const seen = { loading: 0 };
    (window as unknown as { __loadingSeen: typeof seen }).__loadingSeen = seen;
    new MutationObserver(() => {
      if (document.querySelector('.page-loading')) seen.loading++;
    }).observe(document, { childList: true, subtree: true });
  });
  await new ShellPage(page).open('');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('normalization');
  const chunkFetched = (name: string) =>
    page.evaluate(
      (pattern) =>
        performance
          .getEntriesByType('resource')
          .some((e) => new RegExp(pattern).test(new URL(e.name).pathname)),
      `/${name}-[\\w-]{8}\\.js$`,
    );
  for (const chunk of ['LessonPage', 'LessonsIndex', 'Lab'])
    await expect.poll(() => chunkFetched(chunk), `${chunk} chunk prefetched`).toBe(true);
  const loadingSeen = () =>
    page.evaluate(() => (window as unknown as { __loadingSeen: { loading: number } }).__loadingSeen.loading);
  const before = await loadingSeen();

  const shell = new ShellPage(page);
  await shell.nav('Lab').click();
  await expect(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
  await shell.nav('Course').click();
  await expect(page.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible();
  await page.getByRole('link', { name: /BatchNorm trains faster/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('BatchNorm trains faster');
  expect(await loadingSeen(), 'the Loading… state appeared during a navigation').toBe(before);
});
