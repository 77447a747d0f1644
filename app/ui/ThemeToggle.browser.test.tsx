import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { CurveChart } from '../charts/CurveChart.tsx';
import { loadSavedState, SAVED_STATE_KEY } from '../persist.ts';
import { Series } from '../runtime/series.ts';
import { setThemeChoice, startTheme } from '../theme.ts';
import { ThemeToggle } from './ThemeToggle.tsx';
import '../styles.css';
import { PALETTE_COLORS } from '../tokens.ts';

/** Opaque canvas pixels within a small distance of an RGB colour. */
function pixelsOf(canvas: HTMLCanvasElement, [r, g, b]: [number, number, number]): number {
  const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (
      data[i + 3] > 240 &&
      Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 30
    )
      count++;
  }
  return count;
}

/** "#rrggbb" as RGB. */
const rgb = (hex: string): [number, number, number] =>
  [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
// The first series colour (--c-s0 = --c-blue) in each theme, from the design tokens.
const LIGHT_BLUE = rgb(PALETTE_COLORS.light.blue);
const DARK_BLUE = rgb(PALETTE_COLORS.dark.blue);

afterEach(() => {
  setThemeChoice('system');
  localStorage.removeItem(SAVED_STATE_KEY);
});

describe('ThemeToggle', () => {
  it('switches the page to dark and back, repaints canvas curves, and remembers the choice', async () => {
    localStorage.setItem(
      SAVED_STATE_KEY,
      JSON.stringify({ version: 1, lab: { query: 'v=1&lr=0.2' }, lessons: {} }),
    );
    startTheme();
    const series = new Series(64);
    for (let i = 1; i <= 40; i++) series.push(i, 2 / i);
    await render(
      <>
        <ThemeToggle />
        <CurveChart
          title="Training loss"
          yLabel="Loss"
          sources={[
            { id: 'a', label: 'Run', color: 'var(--c-s0)', series: () => series, divergedAt: () => null },
          ]}
          format={(v) => v.toFixed(2)}
          emptyText="Press play"
        />
      </>,
    );
    const canvas = document.querySelector('canvas.chart-canvas') as HTMLCanvasElement;
    const select = page.getByRole('combobox', { name: 'Theme' });
    await userEvent.selectOptions(select, 'Light');
    await expect.poll(() => pixelsOf(canvas, LIGHT_BLUE)).toBeGreaterThan(50);
    expect(document.documentElement.dataset.theme).toBe('light');
    const lightBackground = getComputedStyle(document.documentElement).backgroundColor;

    await userEvent.selectOptions(select, 'Dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(getComputedStyle(document.documentElement).backgroundColor).not.toBe(lightBackground);
    // The curve is painted again in the dark theme's blue, with no training tick in between.
    await expect.poll(() => pixelsOf(canvas, DARK_BLUE)).toBeGreaterThan(50);
    expect(pixelsOf(canvas, LIGHT_BLUE)).toBe(0);
    // Saved with the progress, which keeps what was there.
    const saved = loadSavedState(localStorage).state;
    expect(saved.theme).toBe('dark');
    expect(saved.lab).toEqual({ query: 'v=1&lr=0.2' });

    await userEvent.selectOptions(select, 'Light');
    await expect.poll(() => pixelsOf(canvas, LIGHT_BLUE)).toBeGreaterThan(50);
    expect(loadSavedState(localStorage).state.theme).toBe('light');
  });
});
