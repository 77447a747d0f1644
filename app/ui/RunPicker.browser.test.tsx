// The one run picker and its rule (ui/RunPicker.tsx, ui/use-picked-run.ts): which run a per-run
// view shows in a comparison, kept by id across re-renders and runs coming and going; a radio
// group the keyboard moves; on a phone its runs wrap instead of widening the page.

import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { type PickableRun, RunPicker } from './RunPicker.tsx';
import { pickedRun, usePickedRun } from './use-picked-run.ts';
import '../styles.css';

interface TestRun extends PickableRun {
  norm: string;
}

const NONE: TestRun = { id: 'none', label: 'No norm', color: '#777777', norm: 'none' };
const BN: TestRun = { id: 'batchnorm', label: 'BatchNorm', color: '#1f77b4', norm: 'batchnorm' };
const LN: TestRun = { id: 'layernorm', label: 'LayerNorm', color: '#2ca02c', norm: 'layernorm' };
const normalizes = (r: TestRun) => r.norm !== 'none';

/** A per-run view as the app's are: the picker, and the run it shows. */
function View({ runs, prefers }: { runs: TestRun[]; prefers?: (r: TestRun) => boolean }) {
  const { run, pick } = usePickedRun(runs, prefers);
  if (!run) return <p>No run</p>;
  return (
    <div>
      <RunPicker runs={runs} value={run.id} onChange={pick} label="Diagnostics of run" />
      <p data-testid="shown">{run.label}</p>
    </div>
  );
}

const shown = () => page.getByTestId('shown');
const radio = (name: string) => page.getByRole('radio', { name });

afterEach(async () => {
  await page.viewport(1280, 800);
});

describe('pickedRun', () => {
  it('the pick while offered, else the first preferred, else the first, else null', () => {
    expect(pickedRun([NONE, BN], 'none', normalizes)).toBe(NONE);
    expect(pickedRun([NONE, BN], null, normalizes)).toBe(BN);
    expect(pickedRun([NONE, BN], 'gone', normalizes)).toBe(BN);
    expect(pickedRun([NONE, BN], null)).toBe(NONE);
    expect(pickedRun([NONE], null, normalizes)).toBe(NONE);
    expect(pickedRun([], 'none', normalizes)).toBeNull();
  });
});

describe('RunPicker with usePickedRun', () => {
  it('none vs BatchNorm: a view that needs a normalizer starts on the BatchNorm run', async () => {
    await render(<View runs={[NONE, BN]} prefers={normalizes} />);
    await expect.element(page.getByRole('group', { name: 'Diagnostics of run' })).toBeVisible();
    await expect.element(radio('BatchNorm')).toBeChecked();
    await expect.element(radio('No norm')).not.toBeChecked();
    await expect.element(shown()).toHaveTextContent('BatchNorm');
  });

  it('without a preference the first run; each radio carries its run’s colour', async () => {
    await render(<View runs={[NONE, BN]} />);
    await expect.element(radio('No norm')).toBeChecked();
    const swatches = [...document.querySelectorAll<HTMLElement>('.run-picker .swatch')];
    expect(swatches.map((s) => s.style.background)).toEqual(['rgb(119, 119, 119)', 'rgb(31, 119, 180)']);
  });

  it('a pick survives re-renders and a run being added; a removed pick falls back to the default', async () => {
    const screen = await render(<View runs={[NONE, BN]} prefers={normalizes} />);
    await radio('No norm').click();
    await expect.element(shown()).toHaveTextContent('No norm');
    // New arrays with the same runs (every store update rebuilds them): the pick stays.
    await screen.rerender(<View runs={[{ ...NONE }, { ...BN }]} prefers={normalizes} />);
    await expect.element(radio('No norm')).toBeChecked();
    await screen.rerender(<View runs={[{ ...NONE }, { ...BN }, LN]} prefers={normalizes} />);
    await expect.element(shown()).toHaveTextContent('No norm');
    // The picked run leaves the comparison: the view shows its default, the first normalizer.
    await screen.rerender(<View runs={[LN, BN]} prefers={normalizes} />);
    await expect.element(shown()).toHaveTextContent('LayerNorm');
    await expect.element(radio('LayerNorm')).toBeChecked();
  });

  it('the arrow keys move the choice, and the view follows', async () => {
    await render(<View runs={[NONE, BN, LN]} />);
    await radio('No norm').click();
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(radio('BatchNorm')).toBeChecked();
    await expect.element(shown()).toHaveTextContent('BatchNorm');
    await userEvent.keyboard('{ArrowDown}');
    await expect.element(shown()).toHaveTextContent('LayerNorm');
    await userEvent.keyboard('{ArrowLeft}');
    await expect.element(radio('BatchNorm')).toHaveFocus();
    await expect.element(shown()).toHaveTextContent('BatchNorm');
  });

  it('one run: no picker, the view shows it', async () => {
    await render(<View runs={[BN]} />);
    await expect.element(shown()).toHaveTextContent('BatchNorm');
    expect(document.querySelector('.run-picker')).toBeNull();
  });

  it('six long-labelled runs wrap inside a 390 px phone, no sideways overflow', async () => {
    await page.viewport(390, 844);
    const runs = Array.from({ length: 6 }, (_, i) => ({
      ...BN,
      id: `run-${i}`,
      label: `BatchNorm momentum = 0.${i}01, learning rate = 0.0${i}5`,
    }));
    await render(
      <div data-testid="card" style={{ width: 358, padding: 16, boxSizing: 'border-box' }}>
        <View runs={runs} />
      </div>,
    );
    const card = page.getByTestId('card').element();
    const picker = card.querySelector('.run-picker') as HTMLElement;
    expect(picker.scrollWidth).toBeLessThanOrEqual(picker.clientWidth);
    expect(picker.getBoundingClientRect().right).toBeLessThanOrEqual(card.getBoundingClientRect().right);
    expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(390);
    const labels = [...picker.querySelectorAll('label')].map((l) => l.getBoundingClientRect());
    // Wrapped: the runs stand on more than one line.
    expect(new Set(labels.map((r) => Math.round(r.top))).size).toBeGreaterThan(1);
  });
});
