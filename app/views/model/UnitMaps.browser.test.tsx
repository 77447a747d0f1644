// The network diagram's unit pictures as a reader meets them, from a real engine answer (a BN MLP on
// the spiral trained 30 steps in the page, then asked `unitMaps`): one list of 8 painted pictures per
// pictured layer, named as the diagram numbers layers, each picture the engine's values on the
// diverging scale, one canvas per list with each tile over its picture; hovering a picture (or focusing one and pressing the arrow keys) shows it larger
// with its numbers; the card fits 390 and 360 px windows in both themes; the live diagram shows the
// pictures' legend for 2-D data only.

import { useState } from 'react';
import { flushSync } from 'react-dom';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import {
  DEFAULT_CONFIG,
  type ExperimentConfig,
  type LayerInfo,
  OBSERVE_NOTHING,
  type UnitMaps,
} from '#engine';
import { handleCommand, Session } from '#engine/testing';
import { divergingPixels, NORM_COLOR } from '../../colors.ts';
import { controller } from '../../runtime/app-controller.ts';
import { store } from '../../store/index.ts';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import { lookProblems } from '../../testing/looks.ts';
import { drawsPending } from '../../ui/live.ts';
import '../../styles.css';
import { NetworkDiagram } from './NetworkDiagram.tsx';
import { tileLeft, UnitMapsView } from './UnitMaps.tsx';
import { UNIT_MAP_MAX_LAYERS, UNIT_MAP_RES, UNIT_MAP_UNITS, unitMapLayers } from './unit-maps-layout.ts';

const CONFIG: ExperimentConfig = { ...DEFAULT_CONFIG, dataset: 'spiral', norm: 'batchnorm', seed: 3 };
const STEPS = 30;

let layers: LayerInfo[] = [];
let maps: UnitMaps;

beforeAll(() => {
  const s = new Session(() => performance.now());
  const built = handleCommand(s, {
    type: 'configure',
    runs: [{ id: 'r', config: CONFIG }],
    observe: OBSERVE_NOTHING,
    evalEvery: 0,
  }).events[0];
  if (built?.type !== 'configured') throw new Error('expected configured');
  layers = built.layers[0];
  handleCommand(s, { type: 'step', count: STEPS, round: 1 });
  const reply = handleCommand(s, {
    type: 'unitMaps',
    runId: 'r',
    res: UNIT_MAP_RES,
    layers: unitMapLayers(layers),
    units: UNIT_MAP_UNITS,
  }).events[0];
  if (reply?.type !== 'unitMapped') throw new Error(`expected unitMapped, got ${JSON.stringify(reply)}`);
  maps = reply.result;
});

afterEach(() => {
  store.getState().setRuns([]);
  store.getState().setUnitPictures(true);
  store.getState().setRunStatus('idle');
  vi.restoreAllMocks();
});
afterAll(() => emulateColorScheme(null));

function view() {
  return <UnitMapsView result={maps} layers={layers} step={STEPS} pending={false} failure={null} />;
}

const zoom = () => page.getByRole('status');

describe('UnitMapsView', () => {
  it('shows each pictured layer as a named list of 8 pictures painted from the engine’s values', async () => {
    await render(view());
    await expect
      .element(page.getByText('Hidden units over the input plane · eval mode · model at step 30'))
      .toBeVisible();
    // dense → BN → tanh for each of the 3 hidden layers: 9 lists of 8 of the 16 units.
    const lists = page.getByRole('list').all();
    expect(
      lists.map((l) =>
        l
          .element()
          .getAttribute('aria-label')
          ?.replace(/, scale .*/, ''),
      ),
    ).toEqual(
      [1, 2, 3].flatMap((n) => [
        `Layer ${n} · dense, units 1–8 of 16`,
        `Layer ${n} · BatchNorm, units 1–8 of 16`,
        `Layer ${n} · tanh, units 1–8 of 16`,
      ]),
    );
    for (const l of lists) expect(l.getByRole('button').all()).toHaveLength(8);
    // One canvas per list, not per picture: the browser composites each canvas as a layer of its
    // own, and 8 per list made every refresh of a deep net's pictures a long frame.
    expect(document.querySelectorAll('.unit-maps canvas')).toHaveLength(lists.length);
    // Unit 3 of layer 2's tanh, on the stage's scale: the canvas holds exactly the engine's colours.
    const tanh = maps.layers.find((l) => l.index === 5);
    if (!tanh) throw new Error('no layer 5 in the answer');
    let scale = 0;
    for (const v of tanh.values) scale = Math.max(scale, Math.abs(v));
    const n = UNIT_MAP_RES * UNIT_MAP_RES;
    const button = page
      .getByRole('list', { name: /^Layer 2 · tanh/ })
      .getByRole('button')
      .nth(2);
    await expect
      .element(button)
      .toHaveAccessibleName(/^unit 3: \S+ \(smallest, [a-z ]+\) to \S+ \(largest, [a-z ]+\)$/);
    // The stage's pictures share one canvas; the tile frames its picture on it.
    await expect.poll(drawsPending).toBe(false);
    const canvas = button.element().closest('.unit-strip')?.querySelector('canvas') as HTMLCanvasElement;
    const left = tileLeft(2, UNIT_MAP_RES);
    const drawn = canvas.getContext('2d')?.getImageData(left, 1, UNIT_MAP_RES, UNIT_MAP_RES).data;
    expect(Array.from(drawn ?? [])).toEqual(Array.from(divergingPixels(tanh.values, 2 * n, n, scale)));
    const tile = button.element().getBoundingClientRect();
    const strip = canvas.getBoundingClientRect();
    expect(tile.left + 1 - strip.left).toBeCloseTo(left, 5);
    expect(tile.top + 1 - strip.top).toBeCloseTo(1, 5);
    expect(tile.width).toBeCloseTo(UNIT_MAP_RES + 2, 5);
    // tanh outputs stay in (−1, 1); the normalizer's input is not bounded so.
    expect(scale).toBeLessThan(1);
  });

  it('paints a new answer in the frames after it, a few lists per frame, not in the task that brought it', async () => {
    let show: (m: UnitMaps) => void = () => {};
    function Live() {
      const [m, setM] = useState(maps);
      show = setM;
      return <UnitMapsView result={m} layers={layers} step={STEPS} pending={false} failure={null} />;
    }
    await render(<Live />);
    await expect.poll(drawsPending).toBe(false);
    const canvas = document.querySelector<HTMLCanvasElement>('.unit-maps canvas');
    if (!canvas) throw new Error('no canvas');
    const first = () => Array.from(canvas.getContext('2d')?.getImageData(1, 1, 1, 1).data ?? []);
    const before = first();
    // The next answer (values negated: every picture changes), committed in one task as a
    // worker's reply is: when that task ends, the lists still show the last answer, queued for
    // the coming frames' budget.
    const next: UnitMaps = {
      ...maps,
      layers: maps.layers.map((l) => ({ ...l, values: l.values.map((v) => -v) })),
    };
    flushSync(() => show(next));
    expect(drawsPending()).toBe(true);
    expect(first()).toEqual(before);
    await expect.poll(drawsPending).toBe(false);
    expect(first()).not.toEqual(before);
  });

  it('repaints no list when the view re-renders with the same answer (hovering a picture)', async () => {
    await render(view());
    await expect.poll(drawsPending).toBe(false);
    const puts = vi.spyOn(CanvasRenderingContext2D.prototype, 'putImageData');
    try {
      await page.getByRole('list').first().getByRole('button').nth(2).hover();
      await expect.element(zoom()).toBeVisible();
      await expect.poll(drawsPending).toBe(false);
      // The enlarged picture only (a list repainted is 8 pictures).
      expect(puts).toHaveBeenCalledTimes(1);
    } finally {
      puts.mockRestore();
    }
  });

  it('hover shows a picture larger with its numbers; arrow keys move it, Escape hides it', async () => {
    await render(view());
    const bn = page.getByRole('list', { name: /^Layer 1 · BatchNorm/ });
    await bn.getByRole('button').nth(4).hover();
    await expect
      .element(zoom())
      .toHaveTextContent(/^Layer 1 · BatchNorm, unit 5 of 16\S* to \S+ over the plane$/);
    const big = zoom().element().querySelector('canvas') as HTMLCanvasElement;
    expect(big.getBoundingClientRect().width).toBeGreaterThan(100);
    // Keyboard: focus the first picture, move right and down.
    (page.getByRole('list').first().getByRole('button').first().element() as HTMLElement).focus();
    await expect.element(zoom()).toHaveTextContent(/^Layer 1 · dense, unit 1 of 16/);
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(zoom()).toHaveTextContent(/^Layer 1 · dense, unit 2 of 16/);
    await userEvent.keyboard('{ArrowDown}');
    await expect.element(zoom()).toHaveTextContent(/^Layer 1 · BatchNorm, unit 2 of 16/);
    await expect.element(bn.getByRole('button').nth(1)).toHaveFocus();
    // One tab stop for all pictures: the focused one.
    expect(document.querySelectorAll('.unit-tile[tabindex="0"]')).toHaveLength(1);
    await userEvent.keyboard('{Escape}');
    await expect.element(zoom()).not.toBeInTheDocument();
  });

  it('says so while the first answer is computed, and shows the engine’s error', async () => {
    await render(<UnitMapsView result={null} layers={layers} step={null} pending failure="no run with id" />);
    await expect.element(page.getByText('Computing the unit pictures…')).toBeVisible();
    await expect
      .element(page.getByRole('alert'))
      .toHaveTextContent(/could not compute the unit pictures: no run with id/);
  });

  it('fits 390 and 360 px windows, light and dark, with a picture enlarged', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await emulateColorScheme(theme);
      for (const width of [390, 360]) {
        await page.viewport(width, 1200);
        const wrapper = window.frameElement?.parentElement;
        if (wrapper) wrapper.style.transform = 'none';
        const screen = await render(<Card>{view()}</Card>);
        // The last picture of the first row, enlarged at the card's right edge.
        await page.getByRole('list').first().getByRole('button').last().hover();
        await expect.element(zoom()).toBeVisible();
        const card = page.getByTestId('card').element();
        await expect.poll(() => lookProblems(card, width)).toEqual([]);
        const box = card.getBoundingClientRect();
        const z = zoom().element().getBoundingClientRect();
        expect(z.left).toBeGreaterThanOrEqual(box.left);
        expect(z.right).toBeLessThanOrEqual(box.right);
        await page
          .getByTestId('card')
          .screenshot({ path: `../../../test-results/unit-maps/unit-maps-${theme}-${width}.png` });
        await screen.unmount();
      }
    }
  }, 60_000);
});

describe('NetworkDiagram with unit pictures', () => {
  const run = (config: ExperimentConfig, runLayers: LayerInfo[]) => ({
    id: 'main',
    label: 'BatchNorm',
    color: NORM_COLOR.batchnorm,
    config,
    step: 0,
    lastLoss: null,
    test: null,
    msPerStep: 0,
    diverged: null,
    layers: runLayers,
  });

  it('pictures the hidden units of a 2-D run, and none for MNIST digits', async () => {
    store.getState().setRuns([run(CONFIG, layers)]);
    const screen = await render(<NetworkDiagram />);
    await expect.element(page.getByRole('region', { name: 'Hidden units' })).toBeVisible();
    await expect.element(page.getByText(/^Unit pictures: each is one hidden unit's output/)).toBeVisible();
    await screen.unmount();
    store.getState().setRuns([run({ ...CONFIG, dataset: 'mnist' }, layers)]);
    await render(<NetworkDiagram />);
    await expect.element(page.getByRole('list', { name: 'Network layers' })).toBeVisible();
    expect(page.getByRole('region', { name: 'Hidden units' }).elements()).toHaveLength(0);
    expect(page.getByText(/^Unit pictures:/).elements()).toHaveLength(0);
  });
});

describe('NetworkDiagram: what the unit pictures ask of the workers', () => {
  const run = (id: string, label: string, runLayers: LayerInfo[] = layers) => ({
    id,
    label,
    color: NORM_COLOR.batchnorm,
    config: CONFIG,
    step: 0,
    lastLoss: null,
    test: null,
    msPerStep: 0,
    diverged: null,
    layers: runLayers,
  });
  /** Every `unitMaps` request the page sends, answered with the engine's real pictures. */
  function spyRequests() {
    const asked: { runId: string; layers: number[] }[] = [];
    vi.spyOn(controller(), 'request').mockImplementation(async (command) => {
      if (command.type !== 'unitMaps') throw new Error(`unexpected ${command.type}`);
      asked.push({ runId: command.runId, layers: command.layers });
      return { type: 'unitMapped', runId: command.runId, step: STEPS, result: maps } as never;
    });
    return asked;
  }
  const settle = () => new Promise((r) => setTimeout(r, 800));

  it('hidden behind its toggle, the panel asks nothing; showing it asks, hiding it stops', async () => {
    const asked = spyRequests();
    store.getState().setUnitPictures(false);
    store.getState().setRuns([run('main', 'BatchNorm')]);
    await render(<NetworkDiagram />);
    const toggle = page.getByRole('button', { name: 'Show unit pictures' });
    await expect.element(toggle).toHaveAttribute('aria-expanded', 'false');
    await settle();
    expect(asked).toEqual([]);
    expect(page.getByRole('region', { name: 'Hidden units' }).elements()).toHaveLength(0);

    await toggle.click();
    await expect.element(page.getByText(/model at step 30$/)).toBeVisible();
    expect(asked).toEqual([{ runId: 'main', layers: unitMapLayers(layers) }]);
    const hide = page.getByRole('button', { name: 'Hide unit pictures' });
    await expect.element(hide).toHaveAttribute('aria-expanded', 'true');
    expect(store.getState().unitPictures).toBe(true);

    await hide.click();
    store.getState().setRuns([{ ...run('main', 'BatchNorm'), step: 40 }]); // a pause at a new step
    await settle();
    expect(asked).toHaveLength(1);
  });

  it(`a deep network asks for its first ${UNIT_MAP_MAX_LAYERS} layers only, and says so`, async () => {
    const asked = spyRequests();
    const deep: LayerInfo[] = [
      ...Array.from({ length: 6 }, (_, h) => [
        { index: 3 * h, kind: 'dense', shape: [16], params: 256 },
        { index: 3 * h + 1, kind: 'batchnorm', shape: [16], params: 32 },
        { index: 3 * h + 2, kind: 'relu', shape: [16], params: 0 },
      ]).flat(),
      { index: 18, kind: 'dense', shape: [2], params: 34 },
    ];
    store.getState().setRuns([run('main', 'BatchNorm', deep)]);
    await render(<NetworkDiagram />);
    await expect.element(page.getByText('The first 4 of 6 hidden layers are pictured.')).toBeVisible();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0].layers).toEqual(Array.from({ length: 3 * UNIT_MAP_MAX_LAYERS }, (_, i) => i));
  });

  it('runs sharing a network: a picker chooses whose units the row pictures', async () => {
    const asked = spyRequests();
    store.getState().setRuns([run('a', 'lr 0.1'), run('b', 'lr 0.01')]);
    await render(<NetworkDiagram />);
    const picker = page.getByRole('group', { name: 'Unit pictures of run' });
    await expect.element(picker.getByRole('radio', { name: 'lr 0.1' })).toBeChecked();
    await expect.element(page.getByRole('region', { name: 'Hidden units of lr 0.1' })).toBeVisible();
    await expect.poll(() => asked.map((a) => a.runId)).toEqual(['a']);
    await picker.getByRole('radio', { name: 'lr 0.01' }).click();
    await expect.element(page.getByRole('region', { name: 'Hidden units of lr 0.01' })).toBeVisible();
    await expect.poll(() => asked.map((a) => a.runId)).toEqual(['a', 'b']);
    await expect.element(page.getByText(/model at step 30$/)).toBeVisible();
  });

  it('while training, pictures off screen ask nothing; on screen they ask every couple of seconds', async () => {
    const asked = spyRequests();
    store.getState().setRuns([run('main', 'BatchNorm')]);
    store.getState().setRunStatus('training');
    const screen = await render(
      <div>
        <div data-testid="spacer" style={{ height: 3000 }} />
        <NetworkDiagram />
      </div>,
    );
    await expect.element(page.getByRole('button', { name: 'Hide unit pictures' })).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 2600));
    expect(asked).toEqual([]);
    page.getByTestId('spacer').element().setAttribute('style', 'height: 0');
    await expect.poll(() => asked.length, { timeout: 5000 }).toBeGreaterThan(0);
    await screen.unmount();
  }, 15_000);
});
