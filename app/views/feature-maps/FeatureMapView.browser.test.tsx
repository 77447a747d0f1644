// The feature-map view as a reader meets it: the digit and its pass named, the layers with maps as
// toggle buttons, the picked layer's input and output as one painted canvas per channel under
// "Into …" / "Out of …" captions with a screen-reader summary; pressing a layer asks for it; the
// live panel's empty states; and the card fits 480 and 360 px windows in both themes.

import { useState } from 'react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG } from '#engine';
import { store } from '../../store/index.ts';
import type { RunView } from '../../store/run-slice.ts';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import { lookProblems } from '../../testing/looks.ts';
import '../../styles.css';
import { FeatureMapPanel, MAPS_NOT_TRAINED, NOT_CNN } from './FeatureMapPanel.tsx';
import { FeatureMapView } from './FeatureMapView.tsx';
import { FIXTURE_LAYERS, fixtureMaps } from './fixtures.ts';

function Harness({ onPick = () => {} }: { onPick?: (index: number) => void }) {
  const [picked, setPicked] = useState<number | null>(null);
  return (
    <FeatureMapView
      result={fixtureMaps()}
      layers={FIXTURE_LAYERS}
      picked={picked}
      onPick={(i) => {
        onPick(i);
        setPicked(i);
      }}
      step={200}
      stale={null}
      pending={false}
      failure={null}
    />
  );
}

const tiles = (heading: RegExp) =>
  page.getByRole('img', { name: heading }).element().querySelectorAll('canvas.fmap-tile');

describe('FeatureMapView', () => {
  it('shows the first BatchNorm by default: 8 maps into it and 8 out of it, named for screen readers', async () => {
    await render(<Harness />);
    await expect
      .element(page.getByRole('status'))
      .toHaveTextContent(
        'Test digit 1 (label 2, predicted 2) in eval mode, alone in its batch, model at step 200',
      );
    const strip = page.getByRole('list', { name: 'Layers with feature maps' });
    expect(strip.getByRole('button').all()).toHaveLength(8);
    await expect
      .element(page.getByRole('button', { name: /through Layer 1 · BatchNorm/ }))
      .toHaveAttribute('aria-pressed', 'true');
    await expect
      .element(page.getByText(/^Into Layer 1 · BatchNorm \(what Layer 1 · conv2d returned\)/))
      .toBeVisible();
    await expect.element(page.getByText(/^Out of Layer 1 · BatchNorm: 8 maps of 28×28/)).toBeVisible();
    expect(tiles(/^Into Layer 1 · BatchNorm: 8 maps of 28×28, values/)).toHaveLength(8);
    expect(tiles(/^Out of Layer 1 · BatchNorm: 8 maps of 28×28, values/)).toHaveLength(8);
    const perChannel = page.getByRole('list', { name: 'Out of Layer 1 · BatchNorm, per channel' });
    expect(perChannel.getByRole('listitem').all()).toHaveLength(8);
    await expect
      .element(perChannel.getByRole('listitem').first())
      .toHaveTextContent(/^channel 1: mean .+, standard deviation .+$/);
    // Every tile is painted: the canvas holds the map's colours, not a blank.
    const canvas = tiles(/^Out of Layer 1 · BatchNorm/)[0] as HTMLCanvasElement;
    const px = canvas.getContext('2d')?.getImageData(0, 0, 28, 28).data ?? new Uint8ClampedArray();
    expect(new Set(Array.from({ length: 28 * 28 }, (_, i) => px[4 * i])).size).toBeGreaterThan(20);
  });

  it('pressing a layer shows what flows through it: the second conv reads 8 pooled maps and returns 16', async () => {
    const onPick = vi.fn();
    await render(<Harness onPick={onPick} />);
    await page.getByRole('button', { name: /through Layer 2 · conv2d/ }).click();
    expect(onPick).toHaveBeenCalledWith(4);
    await expect
      .element(page.getByRole('button', { name: /through Layer 2 · conv2d/ }))
      .toHaveAttribute('aria-pressed', 'true');
    expect(tiles(/^Into Layer 2 · conv2d: 8 maps of 14×14/)).toHaveLength(8);
    expect(tiles(/^Out of Layer 2 · conv2d: 16 maps of 14×14/)).toHaveLength(16);
    await page.getByRole('button', { name: /through Layer 1 · conv2d/ }).click();
    await expect
      .element(page.getByText(/^Into Layer 1 · conv2d \(the input digit\): 1 map of 28×28/))
      .toBeVisible();
  });
});

function run(step: number, model: 'cnn' | 'mlp'): RunView {
  return {
    id: 'main',
    label: 'BatchNorm',
    color: 'var(--c-blue)',
    config: { ...DEFAULT_CONFIG, dataset: 'mnist', model, norm: 'batchnorm' },
    step,
    lastLoss: null,
    test: null,
    msPerStep: 0,
    diverged: null,
    layers: [],
  };
}

describe('FeatureMapPanel empty states', () => {
  afterEach(() => store.getState().setRuns([]));

  it('asks for the CNN when no run has one', async () => {
    store.getState().setRuns([run(100, 'mlp')]);
    await render(<FeatureMapPanel />);
    await expect.element(page.getByText(NOT_CNN)).toBeVisible();
  });

  it('asks to train first at step 0', async () => {
    store.getState().setRuns([run(0, 'cnn')]);
    await render(<FeatureMapPanel />);
    await expect.element(page.getByText(MAPS_NOT_TRAINED)).toBeVisible();
  });
});

afterAll(() => emulateColorScheme(null));

it('looks right at 480 and 360 px, light and dark (screenshots saved for review)', async () => {
  for (const theme of ['light', 'dark'] as const) {
    await emulateColorScheme(theme);
    for (const width of [480, 360]) {
      await page.viewport(width, 1400);
      const wrapper = window.frameElement?.parentElement;
      if (wrapper) wrapper.style.transform = 'none';
      const screen = await render(
        <Card>
          <FeatureMapView
            result={fixtureMaps()}
            layers={FIXTURE_LAYERS}
            picked={5}
            onPick={() => {}}
            step={200}
            stale="the model has trained since: computed again when training pauses"
            pending={false}
            failure={null}
          />
        </Card>,
      );
      await expect.element(page.getByTestId('card')).toBeVisible();
      const card = page.getByTestId('card').element();
      await expect.poll(() => lookProblems(card, width)).toEqual([]);
      await page
        .getByTestId('card')
        .screenshot({ path: `../../../test-results/feature-maps/feature-maps-${theme}-${width}.png` });
      await screen.unmount();
    }
  }
}, 60_000);
