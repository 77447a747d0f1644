import { useState } from 'react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG, type ServeResult, type ServingMode } from '#engine';
import { store } from '../../store/index.ts';
import type { RunView } from '../../store/run-slice.ts';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import { lookProblems, markCount } from '../../testing/looks.ts';
import '../../styles.css';
import { DENSE_BN_ERROR, fixtureErrorResult, fixturePixels, fixtureResult } from './fixtures.ts';
import { NOT_MNIST, NOT_TRAINED, ServingPanel } from './ServingPanel.tsx';
import { ServingView, STALE_MODEL } from './ServingView.tsx';
import type { MateRow } from './serving-math.ts';

const pixelCache = new Map<number, Float32Array>();
const pixels = (i: number) => {
  if (!pixelCache.has(i)) pixelCache.set(i, fixturePixels(i));
  return pixelCache.get(i) ?? null;
};

/** The live accuracy line (the slider's <output> is a status too). */
const accuracy = () => page.getByRole('status').filter({ hasText: 'Eval mode:' });

function Harness({
  result,
  drift = 0,
  rows = [],
  initialSelected = null,
  initialBatch = 1,
  modelMoved = false,
  onReset,
  onServeMates = () => {},
}: {
  result: ServeResult | null;
  drift?: number;
  rows?: MateRow[];
  initialSelected?: number | null;
  initialBatch?: number;
  modelMoved?: boolean;
  onReset?: () => void;
  onServeMates?: () => void;
}) {
  const [mode, setMode] = useState<ServingMode>(result?.mode ?? 'eval');
  const [batchSize, setBatchSize] = useState(initialBatch);
  const [selected, setSelected] = useState<number | null>(initialSelected);
  return (
    <ServingView
      mode={mode}
      batchSize={batchSize}
      onModeChange={setMode}
      onBatchSizeChange={setBatchSize}
      onServe={() => {}}
      result={result}
      modelMoved={modelMoved}
      pending={false}
      pixels={pixels}
      selected={selected}
      onSelect={setSelected}
      mateRows={rows}
      matesPending={false}
      onServeMates={onServeMates}
      drift={drift}
      onReset={onReset}
    />
  );
}

function mnistRun(step: number, dataset: 'mnist' | 'spiral' = 'mnist'): RunView {
  return {
    id: 'main',
    label: 'BatchNorm',
    color: 'var(--c-blue)',
    config: { ...DEFAULT_CONFIG, dataset, model: 'cnn', norm: 'batchnorm' },
    step,
    lastLoss: null,
    test: null,
    msPerStep: 0,
    diverged: null,
    layers: [],
  };
}

afterEach(() => store.getState().setRuns([]));

describe('ServingView', () => {
  it('lists the digits as buttons named with label, prediction and correct/wrong, and both accuracies', async () => {
    await render(<Harness result={fixtureResult()} />);
    const grid = page.getByRole('list', { name: 'Served test digits' });
    await expect.element(grid).toBeVisible();
    expect(grid.getByRole('button').all()).toHaveLength(48);
    await expect
      .element(page.getByRole('button', { name: 'Test digit 0, label 0, predicted 0 (correct)' }))
      .toBeVisible();
    await expect
      .element(page.getByRole('button', { name: 'Test digit 2, label 4, predicted 5 (wrong)' }))
      .toHaveTextContent('5 ✗');
    await expect.element(accuracy()).toHaveTextContent('Train mode: 67 % · Eval mode: 97 %');
    await expect.element(page.getByRole('slider', { name: 'Serving batch size' })).toHaveValue('1');
    await expect.element(page.getByRole('radio', { name: 'Train mode' })).toBeChecked();
    await expect.element(page.getByRole('radio', { name: 'Eval mode' })).not.toBeChecked();
    await expect.element(page.getByRole('button', { name: 'Serve', exact: true })).toBeEnabled();
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/);
  });

  it('names the mode and batch size beside the accuracies, and marks them stale when the controls move', async () => {
    await render(<Harness result={fixtureResult({ mode: 'eval', batchSize: 8 }, 'eval')} initialBatch={8} />);
    const line = accuracy();
    await expect.element(line).toHaveTextContent('Train mode: 97 % · Eval mode: 67 % · batch size 8');
    await expect.element(line).toHaveAttribute('aria-busy', 'false');
    expect(line.element().textContent).not.toContain('shown until');

    // A reader switches the mode: the old numbers stay, saying which settings they are for.
    await page.getByRole('radio', { name: 'Train mode' }).click();
    await expect.element(line).toHaveAttribute('aria-busy', 'true');
    await expect
      .element(line)
      .toHaveTextContent(
        'Train mode: 97 % · Eval mode: 67 % · batch size 8 — shown until the new settings are served',
      );

    // Back to the served settings: current again.
    await page.getByRole('radio', { name: 'Eval mode' }).click();
    await expect.element(line).toHaveAttribute('aria-busy', 'false');

    // A new batch size is stale too.
    const slider = page.getByRole('slider', { name: 'Serving batch size' });
    (slider.element() as HTMLInputElement).focus();
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(line).toHaveAttribute('aria-busy', 'true');
  });

  it('says when the model has trained since the shown result', async () => {
    await render(<Harness result={fixtureResult({ mode: 'eval' }, 'eval')} modelMoved />);
    await expect.element(accuracy()).toHaveTextContent(`batch size 1 — ${STALE_MODEL}`);
    await expect.element(accuracy()).toHaveAttribute('aria-busy', 'true');
  });

  it('draws each digit on its canvas', async () => {
    await render(<Harness result={fixtureResult()} />);
    const button = page.getByRole('button', { name: /^Test digit 0,/ });
    await expect.element(button).toBeVisible();
    const canvas = button.element().querySelector('canvas') as HTMLCanvasElement;
    const alpha = canvas
      .getContext('2d')
      ?.getImageData(0, 0, 28, 28)
      .data.filter((_, i) => i % 4 === 3);
    expect(alpha && Math.max(...alpha)).toBeGreaterThan(200);
  });

  it('shows the framework error verbatim for a dense BatchNorm at batch size 1 in train mode', async () => {
    await render(<Harness result={fixtureErrorResult()} />);
    const alert = page.getByRole('alert');
    await expect.element(alert).toHaveTextContent(DENSE_BN_ERROR);
    await expect.element(alert).toHaveTextContent('This is the error PyTorch raises');
    await expect.element(alert).toHaveTextContent('cannot compute a variance');
    expect(alert.element().querySelector('code')?.textContent).toBe(DENSE_BN_ERROR);
    await expect.element(accuracy()).toHaveTextContent('Train mode: fails');
    await expect
      .element(page.getByRole('button', { name: 'Test digit 0, label 0, not predicted (serving failed)' }))
      .toBeVisible();
  });

  it('warns that train-mode serving changed the running statistics, with a Reset button', async () => {
    const onReset = vi.fn();
    await render(<Harness result={fixtureResult()} drift={0.03137} onReset={onReset} />);
    const alert = page.getByRole('alert');
    await expect
      .element(alert)
      .toHaveTextContent(
        'Serving in train mode just changed the running statistics (largest change 0.031): the model itself is now different.',
      );
    await alert.getByRole('button', { name: 'Reset' }).click();
    expect(onReset).toHaveBeenCalledOnce();
  });

  it('no warning without drift', async () => {
    await render(<Harness result={fixtureResult({ mode: 'eval' }, 'eval')} />);
    await expect.element(accuracy()).toBeVisible();
    expect(page.getByRole('alert').all()).toHaveLength(0);
  });

  it('selecting a digit offers the batch-mate experiment and lists predictions per set', async () => {
    const onServeMates = vi.fn();
    const rows: MateRow[] = [
      { mates: [12, 40, 7], train: 3, eval: 4 },
      { mates: [5, 33, 21], train: 4, eval: 4 },
    ];
    await render(
      <Harness result={fixtureResult()} initialBatch={4} rows={rows} onServeMates={onServeMates} />,
    );
    await expect.element(page.getByText('Click a digit to pick it')).toBeVisible();
    const digit = page.getByRole('button', { name: /^Test digit 2,/ });
    await digit.click();
    await expect.element(digit).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Serve it with other batch-mates' }).click();
    expect(onServeMates).toHaveBeenCalledOnce();
    const list = page.getByRole('list', { name: 'Predictions for test digit 2 with different batch-mates' });
    await expect
      .element(list)
      .toHaveTextContent('with batch-mates 12, 40, 7: train mode predicts 3 ✗, eval mode 4 ✓');
    await expect.element(page.getByText(/In train mode its prediction changed/)).toBeVisible();
  });

  it('at batch size 1 explains there are no batch-mates', async () => {
    await render(<Harness result={fixtureResult()} initialSelected={3} />);
    await expect.element(page.getByText('A batch of 1 has no batch-mates')).toBeVisible();
    expect(page.getByRole('button', { name: 'Serve it with other batch-mates' }).all()).toHaveLength(0);
  });
});

describe('ServingPanel empty states', () => {
  it('asks for MNIST when no run uses it', async () => {
    store.getState().setRuns([mnistRun(100, 'spiral')]);
    await render(<ServingPanel />);
    await expect.element(page.getByText(NOT_MNIST)).toBeVisible();
  });

  it('asks to train first at step 0', async () => {
    store.getState().setRuns([mnistRun(0)]);
    await render(<ServingPanel />);
    await expect.element(page.getByText(NOT_TRAINED)).toBeVisible();
  });
});

describe('ServingPanel in a comparison', () => {
  it('none vs BatchNorm starts on the BatchNorm run, where the modes differ; the picker switches', async () => {
    const bn = mnistRun(100);
    const none = { ...bn, id: 'none', label: 'No norm', config: { ...bn.config, norm: 'none' as const } };
    store.getState().setRuns([none, bn]);
    await render(<ServingPanel />);
    const picker = page.getByRole('group', { name: 'Run' });
    await expect.element(picker.getByRole('radio', { name: 'BatchNorm' })).toBeChecked();
    await picker.getByRole('radio', { name: 'No norm' }).click();
    await expect.element(picker.getByRole('radio', { name: 'No norm' })).toBeChecked();
  });
});

afterAll(async () => {
  await emulateColorScheme(null);
});

const SHOTS: [string, () => ServeResult, number, MateRow[]][] = [
  ['train-drift', () => fixtureResult({ runningStatsDrift: 0.031 }), 0.031, []],
  ['error', fixtureErrorResult, 0, []],
  [
    'mates',
    () => fixtureResult({ batchSize: 8 }),
    0.012,
    [
      { mates: [12, 40, 7, 301, 88, 19, 1020], train: 3, eval: 4 },
      { mates: [5, 33, 21, 640, 2, 77, 410], train: 4, eval: 4 },
    ],
  ],
];

it('looks right at 480 and 360 px, light and dark (screenshots saved for review)', async () => {
  for (const theme of ['light', 'dark'] as const) {
    await emulateColorScheme(theme);
    for (const width of [480, 360]) {
      for (const [name, result, drift, rows] of SHOTS) {
        await page.viewport(width, 2400);
        const wrapper = window.frameElement?.parentElement;
        if (wrapper) wrapper.style.transform = 'none';
        const screen = await render(
          <Card>
            <Harness
              result={result()}
              drift={drift}
              rows={rows}
              initialSelected={rows.length ? 2 : null}
              initialBatch={rows.length ? 8 : 1}
              onReset={() => {}}
            />
          </Card>,
        );
        await expect.element(page.getByTestId('card')).toBeVisible();
        const card = page.getByTestId('card').element();
        expect(card.textContent).not.toMatch(/NaN|Infinity/);
        // What a reader sees: the card inside the window, no text cut off, every digit drawn.
        await expect.poll(() => lookProblems(card, width).map((p) => `${name}: ${p}`)).toEqual([]);
        if (name !== 'error') expect(markCount(card, 'canvas.digit-canvas'), name).toBeGreaterThan(0);
        await page
          .getByTestId('card')
          .screenshot({ path: `../../../test-results/serving/${name}-${theme}-${width}.png` });
        await screen.unmount();
      }
    }
  }
}, 90_000);
