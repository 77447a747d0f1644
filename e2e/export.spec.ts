// Taking an experiment home and back: the runs as CSV and the experiment as JSON after a few
// steps, a view (the decision boundary, in both themes) as SVG and PNG, and the JSON imported into a fresh Lab (a corrupt file is
// refused and changes nothing). Downloads are Blob URLs: the guards forbid any network request.

import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { LabPage } from './pages.ts';

const QUERY =
  'v=1&dataset=moons&depth=2&width=8&norm=layernorm&lr=0.2&seed=9&compare=norm&values=none,batchnorm';

async function download(page: Page, click: () => Promise<void>): Promise<{ file: Download; text: string }> {
  const pending = page.waitForEvent('download');
  await click();
  const file = await pending;
  const path = await file.path();
  return { file, text: await readFile(path, 'utf8') };
}

test('exports CSV, JSON and view images, and imports the JSON into a fresh Lab', async ({ page }) => {
  // Two themes' SVG and PNG besides CSV and JSON: room for a busy machine.
  test.setTimeout(180_000);
  const lab = new LabPage(page);
  await lab.open(QUERY);
  for (let i = 0; i < 3; i++) await lab.button('Step ×10').click();
  await expect(lab.status()).toContainText('step 30');
  await lab.showRunsAt(30);

  const csv = await download(page, () => lab.button('Export CSV').click());
  expect(csv.file.suggestedFilename()).toBe('normlab-runs.csv');
  const lines = csv.text.trimEnd().split('\n');
  expect(lines[0]).toBe('run,step,loss,test_loss,test_accuracy');
  const rows = lines.slice(1).map((line) => line.split(','));
  const labels = [...new Set(rows.map((r) => r[0]))];
  expect(labels).toHaveLength(2);
  // One row per recorded step and run: steps 1..30 of training loss for each of the two runs.
  for (const label of labels) {
    const steps = rows.filter((r) => r[0] === label).map((r) => Number(r[1]));
    expect(steps.filter((s) => s >= 1 && s <= 30)).toHaveLength(30);
  }
  for (const r of rows) {
    expect(r).toHaveLength(5);
    for (const v of r.slice(1)) expect(v).toMatch(/^(-?\d+(\.\d+)?(e-?\d+)?)?$/);
  }
  // The evaluation at step 25 filled the test columns.
  expect(rows.some((r) => r[1] === '25' && r[4] !== '')).toBe(true);

  const json = await download(page, () => lab.button('Export JSON').click());
  expect(json.file.suggestedFilename()).toBe('normlab-experiment.json');
  const experiment = JSON.parse(json.text);
  expect(Object.keys(experiment)).toEqual([
    'format',
    'version',
    'query',
    'config',
    'comparison',
    'sweep',
    'runs',
  ]);
  expect(experiment.config).toMatchObject({ dataset: 'moons', depth: 2, width: 8, lr: 0.2, seed: 9 });
  expect(experiment.comparison).toEqual({ knob: 'norm', values: ['none', 'batchnorm'] });
  expect(experiment.runs).toHaveLength(2);
  // Every recorded step, exactly: one point per training step so far (the history is far from full).
  expect(experiment.runs[0].loss.recordedPerPoint).toBe(1);
  expect(experiment.runs[0].loss.step.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  const query: string = experiment.query;
  expect(page.url().endsWith(`#/lab?${query}`)).toBe(true);

  // Any view, not only the curves: the decision boundary (a canvas under SVG axes, an HTML
  // legend) as SVG and PNG, in the light theme and then in the dark one.
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    const card = page.locator('[data-view="boundary"]');
    await card.scrollIntoViewIfNeeded();
    const background = await card.evaluate((el) => getComputedStyle(el).backgroundColor);
    const svg = await download(page, () => lab.chartDownload('Decision boundary', 'SVG').click());
    expect(svg.file.suggestedFilename()).toBe('decision-boundary.svg');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.querySelector('parsererror') !== null,
        root: root.localName,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        background: doc.querySelector('svg > rect')?.getAttribute('fill'),
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
        images: [...doc.querySelectorAll('image')].map((i) => i.getAttribute('href')?.slice(0, 22)),
      };
    }, svg.text);
    expect(parsed.error).toBe(false);
    expect(parsed.root).toBe('svg');
    expect(parsed.texts).toContain('Decision boundary');
    expect(parsed.texts.some((t) => t.startsWith('Class 1'))).toBe(true);
    expect(parsed.texts.join('')).toContain(`NormLab experiment at step 30: ${query}`);
    expect(parsed.images).toContain('data:image/png;base64,');
    // The card's own background, so the theme's ink stays legible on it.
    expect(parsed.background).toBe(background);
    const pending = page.waitForEvent('download');
    await lab.chartDownload('Decision boundary', 'PNG').click();
    const pngFile = await pending;
    expect(pngFile.suggestedFilename()).toBe('decision-boundary.png');
    const bytes = await readFile(await pngFile.path());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: the image is the SVG's size at twice the resolution.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([
      Math.round(parsed.width * 2),
      Math.round(parsed.height * 2),
    ]);
    expect(bytes.length).toBeGreaterThan(20_000);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // A fresh Lab with the default experiment: a corrupt file changes nothing, the export restores all.
  await lab.open('v=1');
  const before = page.url();
  const input = lab.importInput();
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "norm'),
  });
  await expect(page.getByText('broken.json: The file is not valid JSON; nothing was changed')).toBeVisible();
  expect(page.url()).toBe(before);

  const chooser = page.waitForEvent('filechooser');
  await input.click();
  await (await chooser).setFiles(await json.file.path());
  await expect(page.getByText('Imported')).toBeVisible();
  await expect.poll(() => page.url()).toMatch(/#\/lab\?/);
  expect(page.url().endsWith(`#/lab?${query}`)).toBe(true);
  await expect(lab.control('Data set')).toHaveValue('moons');
  await expect(lab.control('Seed')).toHaveValue('9');
  await expect(lab.runRows()).toHaveCount(2);
});
