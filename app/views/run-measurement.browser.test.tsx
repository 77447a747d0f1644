// The shared "ask the run's worker" hook (fold view, shift panel): asked once the run is paused,
// not while it trains, again when it pauses at a new step; the latest question's answer wins over
// an older one that arrives later; a worker error is reported, not thrown; asked to (the unit
// pictures), it also asks at a low rate while training, one question at a time.

import { afterEach, describe, expect, it } from 'vitest';
import { renderHook } from 'vitest-browser-react';
import { DEFAULT_CONFIG } from '#engine';
import { store } from '../store/index.ts';
import type { RunView } from '../store/run-slice.ts';
import { useRunMeasurement } from './run-measurement.ts';

const initial = store.getState();
afterEach(() => store.setState(initial, true));

const runAt = (step: number) => [{ id: 'r', label: 'BatchNorm', step, config: DEFAULT_CONFIG } as RunView];

/** A question whose answers the test releases by hand, in any order. */
function controlledAsk() {
  const asked: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const ask = (_signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      asked.push({ resolve, reject });
    });
  return { ask, asked };
}

describe('useRunMeasurement', () => {
  it('asks when paused, not while training, and again when paused at a new step', async () => {
    store.setState({ status: 'training', runs: runAt(5) });
    const { ask, asked } = controlledAsk();
    const { result } = await renderHook(() => useRunMeasurement('r', ask, 10));
    await new Promise((r) => setTimeout(r, 60));
    expect(asked).toHaveLength(0);
    store.setState({ status: 'paused', runs: runAt(5) });
    await expect.poll(() => asked.length).toBe(1);
    expect(result.current.pending).toBe(true);
    asked[0].resolve('at step 5');
    await expect.poll(() => result.current.result).toBe('at step 5');
    expect(result.current.pending).toBe(false);
    store.setState({ status: 'paused', runs: runAt(9) });
    await expect.poll(() => asked.length).toBe(2);
  });

  it('the latest answer wins; an error is reported as the failure', async () => {
    store.setState({ status: 'paused', runs: runAt(5) });
    const { ask, asked } = controlledAsk();
    const { result } = await renderHook(() => useRunMeasurement('r', ask, 0));
    await expect.poll(() => asked.length).toBe(1);
    result.current.measure();
    await expect.poll(() => asked.length).toBe(2);
    asked[1].resolve('new');
    asked[0].resolve('old');
    await expect.poll(() => result.current.result).toBe('new');
    await new Promise((r) => setTimeout(r, 30));
    expect(result.current.result).toBe('new');
    result.current.measure();
    await expect.poll(() => asked.length).toBe(3);
    asked[2].reject(new Error('the worker stopped'));
    await expect.poll(() => result.current.failure).toBe('the worker stopped');
    expect(result.current.pending).toBe(false);
    expect(result.current.result).toBe('new');
  });

  it('with whileTrainingMs, training asks again at that rate, never with a question still open', async () => {
    store.setState({ status: 'training', runs: runAt(5) });
    const { ask, asked } = controlledAsk();
    await renderHook(() => useRunMeasurement('r', ask, 10, 40));
    await expect.poll(() => asked.length).toBe(1);
    // The first question is still open: no second one, however long training goes on.
    await new Promise((r) => setTimeout(r, 200));
    expect(asked).toHaveLength(1);
    asked[0].resolve('at step 5');
    await expect.poll(() => asked.length).toBe(2);
    asked[1].resolve('at step 9');
    await expect.poll(() => asked.length).toBe(3);
    // Paused: the timer stops (one more question for the settled step, then none).
    asked[2].resolve('at step 12');
    store.setState({ status: 'paused', runs: runAt(12) });
    await expect.poll(() => asked.length).toBe(4);
    asked[3].resolve('at step 12');
    await new Promise((r) => setTimeout(r, 200));
    expect(asked).toHaveLength(4);
  });
});
