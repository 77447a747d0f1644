import { describe, expect, it } from 'vitest';
import type { LayerInfo, ObserveRequest } from '#engine';
import { makeStore } from '../store/index.ts';
import { chooseLayer, Observing, sameLayer } from './observed-layer.ts';

const layers = (kinds: string[]): LayerInfo[] =>
  kinds.map((kind, index) => ({ index, kind, shape: [8], params: 0 }));
const BN_NET = layers(['dense', 'batchnorm', 'tanh', 'dense']);
const inputs = { selectedLayer: null, preferred: null, runCount: 1, unit: 3 };

describe('chooseLayer', () => {
  it('a single run watches its first normalizer; a comparison the first normalizer of each run', () => {
    expect(chooseLayer(BN_NET, inputs)).toEqual({ layer: 1, unit: 3, dropPick: false, source: 'default' });
    expect(chooseLayer(BN_NET, { ...inputs, runCount: 2 }).layer).toEqual({ norm: 0 });
  });

  it('the reader’s pick wins while the network has it; past its end the pick is dropped', () => {
    expect(chooseLayer(BN_NET, { ...inputs, selectedLayer: 2 })).toMatchObject({ layer: 2, source: 'pick' });
    expect(chooseLayer(BN_NET, { ...inputs, selectedLayer: 9 })).toMatchObject({ layer: 1, dropPick: true });
  });

  it('a lesson’s preference (layer and unit) is used when the reader has not picked', () => {
    const preferred = { layer: { activation: 0 }, unit: 5 };
    expect(chooseLayer(BN_NET, { ...inputs, preferred })).toEqual({
      layer: { activation: 0 },
      unit: 5,
      dropPick: false,
      source: 'preferred',
    });
    expect(chooseLayer(BN_NET, { ...inputs, preferred, selectedLayer: 0 }).source).toBe('pick');
  });
});

describe('sameLayer', () => {
  it('compares indices, activation and normalizer requests by value', () => {
    expect(sameLayer({ activation: 0 }, { activation: 0 })).toBe(true);
    expect(sameLayer({ activation: 0 }, 0)).toBe(false);
    expect(sameLayer(2, 2)).toBe(true);
    expect(sameLayer({ norm: 0 }, { norm: 0 })).toBe(true);
    expect(sameLayer({ norm: 0 }, { activation: 0 })).toBe(false);
    expect(sameLayer({ activation: 1 }, { norm: 1 })).toBe(false);
  });
});

describe('Observing', () => {
  it('asks for a lesson’s fixed probe set with its layer and unit, and drops it when the lesson’s preference goes', () => {
    const store = makeStore();
    const sent: ObserveRequest[] = [];
    const observing = new Observing(store, (o) => sent.push(o));
    store.getState().setRuns([{ id: 'a' } as never, { id: 'b' } as never]);
    store.getState().setPreferredObserve({ layer: { activation: 2 }, unit: 0, probe: { count: 300 } });
    observing.networkBuilt(BN_NET);
    expect(sent.at(-1)).toMatchObject({ layer: { activation: 2 }, unit: 0, probe: { count: 300 } });
    // The reader picks another layer: the probe set stays (it is about which inputs, not where).
    store.getState().selectLayer(1);
    observing.networkBuilt(BN_NET);
    expect(sent.at(-1)).toMatchObject({ layer: 1, probe: { count: 300 } });
    // Back in the Lab (no lesson preference): the percentiles are over the batch again.
    store.getState().setPreferredObserve(null);
    observing.networkBuilt(BN_NET);
    expect(sent.at(-1)?.probe).toBeUndefined();
  });
});
