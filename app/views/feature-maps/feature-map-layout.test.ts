// The feature-map view's pure parts, and the one fact that ties the view to the serving panel: the
// digit forwarded in its serving batch (servingBatch) gets the prediction the engine's `serve`
// gives it at that batch size, in train mode too (where batch-mates change the answer).

import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig, OBSERVE_NOTHING } from '#engine';
import { handleCommand, Session } from '#engine/testing';
import { loadMnist } from '#engine/testing/node';
import { DIVERGING_NEGATIVE_RGB, DIVERGING_POSITIVE_RGB } from '../../colors.ts';
import { servingBatch } from '../serving/serving-math.ts';
import {
  beforeAfter,
  channelPixels,
  channelStats,
  defaultStage,
  mapStages,
  passText,
  rowSummary,
  tileSide,
} from './feature-map-layout.ts';
import { FIXTURE_LAYERS, fixtureMaps } from './fixtures.ts';

describe('layers and pairs', () => {
  const maps = fixtureMaps();
  const stages = mapStages(maps, FIXTURE_LAYERS);

  it('offers the image-shaped layers, numbered and named as the network diagram names them', () => {
    expect(stages.map((s) => `${s.number} ${s.title}`)).toEqual([
      '1 conv2d',
      '1 BatchNorm',
      '1 relu',
      '1 maxpool2d',
      '2 conv2d',
      '2 BatchNorm',
      '2 relu',
      '2 maxpool2d',
    ]);
    expect(stages[5].name).toBe('Layer 2 · BatchNorm');
    // One name per layer: the chip ("1 BatchNorm") and the captions ("Into Layer 1 · BatchNorm") agree.
    for (const s of stages) expect(s.name).toBe(`Layer ${s.number} · ${s.title}`);
  });

  it('shows the first normalizer unless the picked layer has maps', () => {
    expect(defaultStage(stages, null)).toBe(1);
    expect(defaultStage(stages, 9)).toBe(1); // the dense head has no maps
    expect(defaultStage(stages, 6)).toBe(6);
    const noNorm = stages.filter((s) => s.role !== 'norm');
    expect(defaultStage(noNorm, null)).toBe(0);
  });

  it('pairs what flows into a layer with what comes out: the first conv reads the digit', () => {
    const bn = beforeAfter(maps, stages, 5);
    expect(bn?.before.name).toBe('Layer 2 · conv2d');
    expect(bn?.after.name).toBe('Layer 2 · BatchNorm');
    expect(bn?.after.values).toBe(maps.layers[5].values);
    const conv = beforeAfter(maps, stages, 0);
    expect(conv?.before.name).toBe('the input digit');
    expect(conv?.before.shape).toEqual([1, 28, 28]);
    expect(beforeAfter(maps, stages, 8)).toBeNull();
  });
});

describe('colours and words', () => {
  const row = { shape: [2, 1, 3] as [number, number, number], values: Float32Array.of(-2, 0, 1, 4, 2, 0) };

  it('maps a value on the diverging scale: −scale blue, 0 white, +scale vermillion, beyond it clipped', () => {
    const c0 = channelPixels(row, 0, 2);
    expect([...c0.subarray(0, 4)]).toEqual([...DIVERGING_NEGATIVE_RGB, 255]);
    expect([...c0.subarray(4, 8)]).toEqual([255, 255, 255, 255]);
    const c1 = channelPixels(row, 1, 2);
    expect([...c1.subarray(0, 4)]).toEqual([...DIVERGING_POSITIVE_RGB, 255]); // 4 > scale 2: full colour
    expect([...c1.subarray(4, 8)]).toEqual([...DIVERGING_POSITIVE_RGB, 255]);
  });

  it('summarizes a row and each channel for screen readers', () => {
    expect(channelStats(row)).toEqual([
      { mean: -1 / 3, std: expect.closeTo(Math.sqrt(14 / 9), 6) },
      { mean: 2, std: expect.closeTo(Math.sqrt(8 / 3), 6) },
    ]);
    expect(rowSummary({ name: 'x', index: 0, ...row })).toBe(
      '2 maps of 1×3, values −2.00 to 4.00, mean 0.83, standard deviation 1.86',
    );
    expect(passText(fixtureMaps({ mode: 'train', batch: [0, 1, 2, 3] }))).toBe(
      'Test digit 1 (label 2, predicted 2) in train mode, in a batch of 4',
    );
  });

  it('magnifies small maps more', () => {
    expect([tileSide(28), tileSide(14), tileSide(7)]).toEqual([56, 42, 35]);
  });
});

describe('the digit in its serving batch', { timeout: 60_000 }, () => {
  const CNN: ExperimentConfig = {
    ...DEFAULT_CONFIG,
    dataset: 'mnist',
    noise: 0,
    model: 'cnn',
    activation: 'relu',
    norm: 'batchnorm',
    optimizer: 'adam',
    lr: 0.005,
    batchSize: 32,
  };

  it('gets the prediction serving gives it, in train mode at batch sizes 1 and 8', () => {
    const s = new Session(() => 0);
    s.mnist = loadMnist();
    handleCommand(s, {
      type: 'configure',
      runs: [{ id: 'r', config: CNN }],
      observe: OBSERVE_NOTHING,
      evalEvery: 0,
    });
    handleCommand(s, { type: 'step', count: 15, round: 1 });
    for (const batchSize of [1, 8]) {
      const served = handleCommand(s, {
        type: 'serve',
        runId: 'r',
        mode: 'train',
        batchSize,
        offset: 0,
        count: 48,
      }).events[0];
      if (served?.type !== 'served') throw new Error('expected served');
      for (const digit of [0, 13, 47]) {
        const batch = servingBatch(digit, batchSize, 2000);
        const e = handleCommand(s, { type: 'featureMaps', runId: 'r', image: digit, batch, mode: 'train' })
          .events[0];
        if (e?.type !== 'featureMapped') throw new Error(`expected featureMapped, got ${JSON.stringify(e)}`);
        expect({ batchSize, digit, predicted: e.result.predicted }).toEqual({
          batchSize,
          digit,
          predicted: served.result.predicted[digit],
        });
      }
    }
  });
});
