// What flows through a CNN for one digit (the feature-map view, as CNN Explainer shows it): the
// digit is forwarded in its serving batch, every normalizer in the requested mode (train mode: the
// batch's own statistics; eval mode: the running ones), dropout off; the output of every layer that
// still has an image shape [C, H, W] is copied out for that digit. Nothing of the model changes:
// running statistics and batch counters are restored bit for bit, no dropout mask is drawn and no
// gradient is computed, so the run trains on exactly as if nothing had been asked.

import type { Arr, Mode } from '../core/types.ts';
import { pickSamples, type Split } from '../data/dataset.ts';
import { hasRunningStats } from '../norm/catalog.ts';
import type { Model } from './model.ts';

/** One layer's output for the digit: `shape` is [C, H, W]; `values` is C·H·W long, channel-major. */
export interface FeatureMapLayer {
  /** The layer's index in the model (as in LayerInfo.index). */
  index: number;
  kind: string;
  shape: [number, number, number];
  values: Float32Array;
}

export interface FeatureMaps {
  /** Test-image index of the digit. */
  image: number;
  label: number;
  /** The model's prediction for the digit in this pass. */
  predicted: number;
  mode: Mode;
  /** Test images forwarded together (the digit's serving batch, the digit among them). */
  batch: number[];
  /** The digit as the network reads it (layer 0's input), [C, H, W]. */
  input: { shape: [number, number, number]; values: Float32Array };
  /** Every layer whose output is an image, in model order (convolutions, normalizers, activations, pools). */
  layers: FeatureMapLayer[];
}

/**
 * Forwards test images `batch` (which must contain `image`) through `model` with its normalizers
 * in `mode` and returns what each image-shaped layer made of `image`. Throws, changing nothing, when
 * no layer outputs an image (an MLP) or the mode cannot take the batch (BatchNorm on one value per
 * channel in train mode).
 */
export function featureMaps(
  model: Model,
  test: Split,
  image: number,
  batch: readonly number[],
  mode: Mode,
): FeatureMaps {
  if (model.inShape.length !== 3 || !model.layers.some((l) => l.outShape.length === 3))
    throw new Error('feature maps need a convolutional network (a layer whose output is an image)');
  for (const i of batch) {
    if (!Number.isInteger(i) || i < 0 || i >= test.count)
      throw new Error(`test image ${i} is out of range [0, ${test.count})`);
  }
  const position = batch.indexOf(image);
  if (position < 0) throw new Error(`the batch [${batch.join(', ')}] does not hold image ${image}`);
  const n = batch.length;
  const samples = pickSamples(test, batch);
  const saved = model.layers.map((layer) => (hasRunningStats(layer) ? layer.getState() : null));
  const layers: FeatureMapLayer[] = [];
  let a: Arr = samples.x;
  try {
    model.layers.forEach((layer, index) => {
      // Only the normalizers have a mode that matters here; dropout stays off (no mask is drawn).
      const layerMode: Mode = hasRunningStats(layer) ? mode : 'eval';
      a = layer.forward(a, n, layerMode);
      if (layer.outShape.length === 3) {
        const [c, h, w] = layer.outShape;
        const size = c * h * w;
        layers.push({
          index,
          kind: layer.kind,
          shape: [c, h, w],
          values: Float32Array.from(a.subarray(position * size, (position + 1) * size)),
        });
      }
    });
  } finally {
    model.layers.forEach((layer, i) => {
      const state = saved[i];
      if (state && hasRunningStats(layer)) layer.setState(state);
    });
  }
  const k = a.length / n;
  let predicted = 0;
  for (let j = 1; j < k; j++) if (a[position * k + j] > a[position * k + predicted]) predicted = j;
  const [c, h, w] = model.inShape;
  const size = c * h * w;
  return {
    image,
    label: samples.y[position],
    predicted,
    mode,
    batch: [...batch],
    input: { shape: [c, h, w], values: samples.x.slice(position * size, (position + 1) * size) },
    layers,
  };
}
