// The runs table as a phone shows it: each run's name stays whole (a word is never broken, as
// "BatchN|orm" was), its swatch beside it, and the table fits the Lab's card at 390 and 375 px,
// and a comparison of five normalizers with long runs' numbers fits a 360 px phone.

import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG, MNIST_EVAL_SUBSET, NORM_LABEL, type NormChoice } from '#engine';
import { NORM_COLOR } from '../colors.ts';
import { store } from '../store/index.ts';
import { Card } from '../testing/card.tsx';
import { lookProblems } from '../testing/looks.ts';
import '../styles.css';
import { AccuracyChart } from './RunCurves.tsx';
import { RunTable } from './RunTable.tsx';

afterEach(() => store.getState().setRuns([]));

const NAMES = ['No norm', 'BatchNorm', 'InstanceNorm', 'GroupNorm', 'LayerNorm'] as const;

function run(label: string, i: number) {
  return {
    id: `r${i}`,
    label,
    color: NORM_COLOR.batchnorm,
    config: DEFAULT_CONFIG,
    step: 12_345,
    lastLoss: 0.123456,
    test: { step: 12_325, loss: 0.2, accuracy: 0.9876 },
    msPerStep: 12.34,
    diverged: null,
    layers: [],
  };
}

/** For each word of the cell's text, how many line boxes it takes (1: on one line). */
function wordLines(cell: Element): number[] {
  const text = [...cell.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
  if (!text?.textContent) throw new Error('no text in the cell');
  const words = [...text.textContent.matchAll(/\S+/g)];
  return words.map((m) => {
    const range = document.createRange();
    range.setStart(text, m.index);
    range.setEnd(text, m.index + m[0].length);
    return range.getClientRects().length;
  });
}

describe('RunTable on a phone', () => {
  it.each([390, 375])('at %i px every run name keeps its words whole and the table fits', async (width) => {
    await page.viewport(width, 800);
    const wrapper = window.frameElement?.parentElement;
    if (wrapper) wrapper.style.transform = 'none';
    store.getState().setRuns(NAMES.map(run));
    await render(
      <Card padding={12}>
        <RunTable />
      </Card>,
    );
    const rows = page.getByRole('rowheader').all();
    expect(rows.map((r) => r.element().textContent)).toEqual([...NAMES]);
    // Each word of each name on one line (a name may wrap at its spaces, never inside a word).
    for (const r of rows) {
      const name = r.element().textContent;
      expect({ name, lines: wordLines(r.element()) }).toEqual({ name, lines: name?.split(' ').map(() => 1) });
    }
    // "BatchNorm", the case a phone broke: its text node is one line box.
    expect(wordLines(rows[1].element())).toEqual([1]);
    const card = page.getByTestId('card').element();
    expect(lookProblems(card, width)).toEqual([]);
    // The whole table inside the card: no column scrolled out of sight.
    expect(card.scrollWidth).toBeLessThanOrEqual(card.clientWidth);
    // Each swatch on its name's first line, not above it.
    for (const r of rows) {
      const swatch = r.element().querySelector('.swatch')?.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(r.element().lastChild as Node);
      const first = range.getClientRects()[0];
      expect(swatch && swatch.top >= first.top && swatch.bottom <= first.bottom).toBe(true);
    }
    await page
      .getByTestId('card')
      .screenshot({ path: `../../test-results/run-table/run-table-${width}.png` });
  });
});

/** The Lab's comparison over the normalizer with five values (`compare=norm&values=…`). */
const FIVE: NormChoice[] = ['none', 'batchnorm', 'layernorm', 'groupnorm', 'rmsnorm'];

describe('RunTable, five normalizers on a 360 px phone', () => {
  it('the page does not scroll sideways and the table stays inside the window and its card', async () => {
    await page.viewport(360, 800);
    const wrapper = window.frameElement?.parentElement;
    if (wrapper) wrapper.style.transform = 'none';
    // The widest cells a long run shows: a five-digit step (from 100,000 it reads "100K"), a loss
    // above 10, 100 %, a slow CNN's ms per step, and a diverged run's word.
    store.getState().setRuns(
      FIVE.map((norm, i) => ({
        ...run(NORM_LABEL[norm], i),
        step: 99_999,
        lastLoss: 10.123456,
        test: { step: 99_990, loss: 0.2, accuracy: 1 },
        msPerStep: 123.45,
        diverged: norm === 'none' ? { step: 5, loss: Number.NaN, cause: 'non-finite loss' } : null,
      })),
    );
    // The Lab's card on a phone: 12 px from the window's edge (the Lab's grid padding).
    await render(
      <Card padding={12}>
        <RunTable />
      </Card>,
    );
    expect(
      page
        .getByRole('rowheader')
        .all()
        .map((r) => r.element().textContent),
    ).toEqual(FIVE.map((n) => NORM_LABEL[n]));
    // The short head is what shows; a screen reader still hears the whole name.
    const head = page.getByRole('columnheader', { name: 'Test accuracy' }).element() as HTMLElement;
    expect(head.innerText).toBe('Test acc.');
    // Every number on one line ("100.0 %" not broken at its space).
    for (const cell of page.getByRole('cell').all()) {
      const range = document.createRange();
      range.selectNodeContents(cell.element());
      expect({ text: cell.element().textContent, lines: range.getClientRects().length }).toEqual({
        text: cell.element().textContent,
        lines: 1,
      });
    }
    const root = document.documentElement;
    expect(root.scrollWidth).toBeLessThanOrEqual(root.clientWidth);
    const table = page.getByRole('table', { name: 'Runs' }).element().getBoundingClientRect();
    expect(table.left).toBeGreaterThanOrEqual(0);
    expect(table.right).toBeLessThanOrEqual(360);
    const card = page.getByTestId('card').element();
    expect(lookProblems(card, 360)).toEqual([]);
    expect(card.scrollWidth).toBeLessThanOrEqual(card.clientWidth);
    await page
      .getByTestId('card')
      .screenshot({ path: '../../test-results/run-table/run-table-five-360.png' });
  });
});

describe('what test accuracy is scored on', () => {
  const mnist = (label: string, i: number) => ({
    ...run(label, i),
    config: { ...DEFAULT_CONFIG, dataset: 'mnist' as const },
  });

  it('on MNIST the table and the chart name the test digits they score (the engine subset), and the table still fits 390 px', async () => {
    await page.viewport(390, 800);
    const wrapper = window.frameElement?.parentElement;
    if (wrapper) wrapper.style.transform = 'none';
    store.getState().setRuns(['No norm', 'BatchNorm'].map(mnist));
    await render(
      <Card padding={12}>
        <RunTable />
        <AccuracyChart />
      </Card>,
    );
    const digits = `${MNIST_EVAL_SUBSET} test digits`;
    await expect
      .element(page.getByRole('columnheader', { name: `Test accuracy on ${digits}` }))
      .toBeVisible();
    const yLabel = [...document.querySelectorAll('svg text')].map((t) => t.textContent);
    expect(yLabel).toContain(`Accuracy, ${digits}`);
    const card = page.getByTestId('card').element();
    expect(card.scrollWidth).toBeLessThanOrEqual(card.clientWidth);
    // No metrics are recorded here, so the curve canvas is blank by design; nothing else may look wrong
    // (the longer axis name cut by its chart's edge, a header pushing the table out of the card).
    expect(lookProblems(card, 390).filter((p) => !p.includes('is blank'))).toEqual([]);
  });

  it('on a toy data set neither adds a note', async () => {
    store.getState().setRuns(['No norm'].map(run));
    await render(
      <Card padding={12}>
        <RunTable />
        <AccuracyChart />
      </Card>,
    );
    await expect
      .element(page.getByRole('columnheader', { name: 'Test accuracy', exact: true }))
      .toBeVisible();
    expect([...document.querySelectorAll('svg text')].map((t) => t.textContent)).toContain('Accuracy');
  });
});
