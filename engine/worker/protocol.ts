// The worker protocol: commands from the page's run coordinator, events back. One variant
// per message, discriminated by a string-literal `type`; both sides switch exhaustively.
//
// Play/pause live in the coordinator (app/runtime), not here: it grants each worker `step`
// rounds and waits for every worker's `stepped` reply before the next round. That keeps
// the runs of a comparison in lockstep by step count across workers, caps snapshots at one
// per round (~10 rounds per second at full speed, ~30 in slow motion), and never queues work
// without bound.

import type { ShiftSpec } from '../data/shift.ts';
import type { ExperimentConfig } from '../experiment/experiment.ts';
import type { SequenceStudy, SequenceStudyOptions } from '../lessons/token-model.ts';
import type { NormKnobKey } from '../norm/catalog.ts';
import type { ShiftMeasurement } from '../train/domain-shift.ts';
import type { FeatureMapLayer, FeatureMaps } from '../train/feature-maps.ts';
import type { FitResult, SpreadResult } from '../train/noise.ts';
import type { SmoothnessTrace } from '../train/smoothness.ts';
import type { UnitMapLayer, UnitMaps } from '../train/unit-maps.ts';

export type { FeatureMapLayer, FeatureMaps, ShiftMeasurement, ShiftSpec, UnitMapLayer, UnitMaps };

/** Which observability data a run should collect (nothing is computed unless asked). */
export interface ObserveRequest {
  /**
   * The model layer the activation, channel and inspector views look at: an index, or the k-th
   * activation layer of each run's own model (so runs of a comparison whose normalizer shifts the
   * indices still show the same place: the input of the first activation is the pre-activation),
   * or the k-th normalization layer of each run's own model (a run without one watches its k-th
   * activation): a comparison of none vs BatchNorm then shows the BN run's BN layer in the views
   * that explain one (drift, inspector, axes).
   */
  layer: number | { activation: number } | { norm: number };
  /** Unit (feature or channel) of that layer whose input percentiles are tracked over time. */
  unit: number;
  activations: boolean;
  channels: boolean;
  diagnostics: boolean;
  inspector: boolean;
  /** Decision-boundary grid resolution for 2-D data (0 = off). */
  boundary: number;
  /**
   * Probe the loss landscape along the gradient (smoothness.ts) before every step whose index is
   * a multiple of this (0 or absent = off). Each probe costs about five extra forward/backward
   * passes, so views ask for it only while they show it.
   */
  smoothEvery?: number;
  /**
   * Track the unit's input percentiles over a fixed probe set instead of the training batch: the
   * first `count` samples of the test split, the same at every snapshot, forwarded with the
   * current weights in inference mode (observe.ts, PROBE_MODE) after the step, without touching
   * training. Absent: the percentiles are over the step's own batch.
   */
  probe?: { count: number };
}

/** Live hyperparameters: the next step uses them, no reset. */
/**
 * A knob the worker changes live (`set`): the optimizer's and the batcher's, dropout's, and any
 * normalizer knob its catalog row declares live (engine/norm/catalog.ts, LIVE_NORM_KNOBS).
 */
export type HyperParam = 'lr' | 'batchSize' | 'momentum' | 'dropout' | NormKnobKey;

export type ServingMode = 'train' | 'eval';

/**
 * Commands the coordinator sends to an engine worker. Run ids are unique per worker. A request
 * (see REPLY_TYPE) may carry a `requestId`, echoed in its reply or in the `error` it raised.
 */
export type Command =
  | ({ type: 'hello'; seed: number } & Ask)
  | {
      type: 'configure';
      runs: { id: string; config: ExperimentConfig }[];
      observe: ObserveRequest;
      evalEvery: number;
    }
  | {
      type: 'step';
      count: number;
      round: number;
      /**
       * 'always': this round's snapshot carries a fresh decision-boundary grid (a manual step,
       * slow motion: the page shows every round as it comes). Absent: at most one grid per run
       * every BOUNDARY_INTERVAL_MS (full speed; Pause asks for fresh grids with `boundaries`).
       */
      boundary?: 'always';
    }
  | { type: 'set'; runId: string | null; param: HyperParam; value: number }
  | { type: 'observe'; observe: ObserveRequest }
  | ({ type: 'evaluate'; runId: string } & Ask)
  | ({
      type: 'serve';
      runId: string;
      mode: ServingMode;
      batchSize: number;
      /** Test images offset … offset + count - 1, or exactly these test-image indices (in order). */
      offset: number;
      count: number;
      indices?: number[];
    } & Ask)
  /** Fresh decision-boundary grids of the current models, no training (sent when play pauses). */
  | ({ type: 'boundaries' } & Ask)
  | { type: 'data'; name: 'mnist'; bytes: ArrayBuffer }
  /**
   * Lesson 10's sequence study (engine/lessons/token-model.ts): three tiny token models trained and
   * probed, about a second of work. Sent to the worker of run `runId`; the run itself is untouched.
   */
  | ({ type: 'sequences'; runId: string; options: SequenceStudyOptions } & Ask)
  /** Fold the run's BatchNorms into the layers before them and compare on the first `count` test images (fold-result.ts). */
  | ({ type: 'fold'; runId: string; count: number; batchSize: number } & Ask)
  /**
   * Lesson 11: the run's accuracy on the clean test digits, on the shifted ones, and on the shifted
   * ones after AdaBN over `adaptBatches` x `batchSize` unlabeled shifted training digits (forward
   * passes only); the run's running statistics are restored afterwards (train/domain-shift.ts).
   */
  | ({ type: 'shifted'; runId: string; shift: ShiftSpec; adaptBatches: number; batchSize: number } & Ask)
  /**
   * One test image's logits in train mode beside `draws` random sets of batch-mates per batch size
   * (engine/train/noise.ts, batchMateSpread); nothing of the run changes.
   */
  | ({
      type: 'spread';
      runId: string;
      image: number;
      batchSizes: number[];
      draws: number;
      seed: number;
    } & Ask)
  /** The run's train/test loss and accuracy, weight norm and effective step (noise.ts, fitReport). */
  | ({ type: 'fit'; runId: string } & Ask)
  /**
   * What each image-shaped layer of a CNN makes of test image `image`, forwarded with the test images
   * `batch` (its serving batch, `image` among them) and the normalizers in `mode`; nothing of the run
   * changes (engine/train/feature-maps.ts).
   */
  | ({ type: 'featureMaps'; runId: string; image: number; batch: number[]; mode: ServingMode } & Ask)
  /**
   * The network diagram's unit pictures for a 2-D run: the first `units` units of each of `layers`
   * (indices of flat-output layers) over a res x res grid of the data's plane, in eval mode; nothing
   * of the run changes (engine/train/unit-maps.ts).
   */
  | ({ type: 'unitMaps'; runId: string; res: number; layers: number[]; units: number } & Ask);

/** A request's id, echoed back so a caller can match a reply (or an error) to its request. */
export interface Ask {
  requestId?: number;
}

/** The commands that answer with exactly one event, and that event's type. */
export const REPLY_TYPE = {
  hello: 'hello',
  evaluate: 'evaluated',
  serve: 'served',
  boundaries: 'boundaries',
  sequences: 'sequenced',
  fold: 'folded',
  shifted: 'shifted',
  spread: 'spread',
  fit: 'fitted',
  featureMaps: 'featureMapped',
  unitMaps: 'unitMapped',
} as const satisfies Partial<Record<Command['type'], EngineEvent['type']>>;

/** A command that answers with one reply event. */
export type Request = Extract<Command, { type: keyof typeof REPLY_TYPE }>;

/** The reply event of request `R`. */
export type ReplyTo<R extends Request> = Extract<EngineEvent, { type: (typeof REPLY_TYPE)[R['type']] }>;

/** Events an engine worker sends back. */
export type EngineEvent =
  | ({ type: 'hello'; seed: number; sample: number[] } & Ask)
  | { type: 'configured'; runIds: string[]; layers: LayerInfo[][] }
  | { type: 'stepped'; round: number; snapshots: RunSnapshot[] }
  | { type: 'diverged'; runId: string; step: number; loss: number; cause: string }
  | ({ type: 'evaluated'; runId: string; step: number; loss: number; accuracy: number } & Ask)
  | ({ type: 'served'; runId: string; result: ServeResult } & Ask)
  | ({
      type: 'boundaries';
      boundaries: { runId: string; step: number; boundary: Boundary }[];
    } & Ask)
  | ({ type: 'error'; runId: string | null; message: string } & Ask)
  | ({ type: 'sequenced'; runId: string; study: SequenceStudy } & Ask)
  | ({ type: 'folded'; runId: string; result: FoldResult } & Ask)
  | ({ type: 'shifted'; runId: string; step: number; result: ShiftMeasurement } & Ask)
  | ({ type: 'spread'; runId: string; step: number; result: SpreadResult } & Ask)
  | ({ type: 'fitted'; runId: string; step: number; result: FitResult } & Ask)
  | ({ type: 'featureMapped'; runId: string; step: number; result: FeatureMaps } & Ask)
  | ({ type: 'unitMapped'; runId: string; step: number; result: UnitMaps } & Ask);

/** One model layer, as the network diagram shows it. */
export interface LayerInfo {
  index: number;
  kind: string;
  /** Output shape of one sample. */
  shape: number[];
  params: number;
}

/** Metrics and observations of one run since its previous snapshot. Typed arrays are transferred. */
export interface RunSnapshot {
  runId: string;
  /** Steps completed so far. */
  step: number;
  /** Train loss of each step since the last snapshot (steps step - losses.length + 1 … step). */
  losses: Float32Array;
  /** Test metrics if an evaluation fell in this round. */
  test: { step: number; loss: number; accuracy: number } | null;
  /** Median wall time of one step in this round, ms. */
  msPerStep: number;
  diverged: boolean;
  observation: Observation | null;
  /** The smoothness probes taken in this round (ObserveRequest.smoothEvery), oldest first; absent when none. */
  smoothness?: SmoothnessTrace;
}

/** What the views draw; each part present only when requested. */
/** A decision-boundary grid: class and confidence over a res x res grid of the input plane. */
export type Boundary = NonNullable<Observation['boundary']>;

export interface Observation {
  layer: number;
  /** Histogram of the observed layer's input and output over the batch, on fixed bin edges. */
  histograms: {
    lo: number;
    hi: number;
    input: Float32Array;
    /** The output's own range: a tanh's outputs in [-1, 1] stay readable beside inputs of ±60. */
    outLo: number;
    outHi: number;
    output: Float32Array;
  } | null;
  /** Percentiles (PERCENTILES) of the tracked unit's input over the batch, or over the probe set (ObserveRequest.probe). */
  unitPercentiles: Float32Array | null;
  /** Per-channel batch mean/variance (biased) and running mean/variance (unbiased) for BatchNorm. */
  channels: {
    batchMean: Float32Array;
    batchVar: Float32Array;
    runningMean: Float32Array;
    runningVar: Float32Array;
  } | null;
  /** Per parametrized layer: gradient norm, update-to-weight ratio, saturated fraction. */
  diagnostics: {
    layers: Int32Array;
    gradNorm: Float32Array;
    updateRatio: Float32Array;
    saturated: Float32Array;
  } | null;
  /** The inspector's numbers for the tracked unit: batch values, mean, variance, x̂, gamma, beta, y. */
  inspector: {
    x: Float32Array;
    mean: number;
    variance: number;
    eps: number;
    xhat: Float32Array;
    gamma: number;
    beta: number;
    y: Float32Array;
  } | null;
  /**
   * Mean and (biased) variance of the observed layer's input per (sample, channel) cell, for
   * the first `n` samples and `c` channels (capped): with equal-sized cells, the statistics of
   * any BN / LN / GN / IN set are exact combinations of these.
   */
  cells: { n: number; c: number; spatial: number; mean: Float32Array; variance: Float32Array } | null;
  /**
   * Predicted class and its probability over a res x res grid (row 0 at the top, y1) spanning the
   * training points; refreshed a few times per second, null in the snapshots in between.
   */
  boundary: {
    res: number;
    x0: number;
    x1: number;
    y0: number;
    y1: number;
    label: Uint8Array;
    confidence: Float32Array;
  } | null;
}

/** Bins of every activation histogram (equal bins over a symmetric range that only grows). */
export const HISTOGRAM_BINS = 40;

/** An observe request that asks for nothing: training only (sweeps, tests, benchmarks). */
export const OBSERVE_NOTHING: Readonly<ObserveRequest> = {
  layer: 0,
  unit: 0,
  activations: false,
  channels: false,
  diagnostics: false,
  inspector: false,
  boundary: 0,
};

/** The percentiles tracked over time: the BatchNorm paper's 15/50/85 plus wider bands. */
export const PERCENTILES = [2, 9, 15, 50, 85, 91, 98] as const;

export interface ServeResult {
  mode: ServingMode;
  /** Test-image index of each served image. */
  indices: Int32Array;
  batchSize: number;
  /** Predictions and labels for the served images. */
  predicted: Int32Array;
  labels: Int32Array;
  accuracy: number;
  /** Accuracy on the same images in the other mode (computed without touching running stats). */
  otherAccuracy: number;
  /** The other mode's framework-style error (then otherAccuracy is 0 and means nothing), else null. */
  otherError: string | null;
  /**
   * Largest absolute change of any BatchNorm running mean or running variance caused by this
   * serving pass (0 in eval mode; the batch counter is not counted).
   */
  runningStatsDrift: number;
  /** Framework-style error when train-mode serving is impossible (e.g. BN on a (1, C) input). */
  error: string | null;
}

/** A run's model folded for inference (BatchNorm into the Dense/Conv2d before it), measured on test images. */
export interface FoldResult {
  /** The run's step when it was folded. */
  step: number;
  /** Test images compared (the first ones of the test split). */
  images: number;
  /** Train-mode batch size of the train-mode comparison. */
  batchSize: number;
  /** Largest |folded − unfolded| logit, both in eval mode: the fold's rounding only. */
  maxDifference: number;
  /** Largest |folded − unfolded in train mode| logit: batch statistics are not what a fold bakes in. */
  trainModeDifference: number;
  /** Accuracy of the unfolded model in eval mode, of the folded model, and of the unfolded model in train mode. */
  accuracy: number;
  foldedAccuracy: number;
  trainModeAccuracy: number;
  /** Share of images whose predicted class differs between the folded model and the unfolded one in eval / in train mode. */
  changedFromEval: number;
  changedFromTrainMode: number;
  layersBefore: number;
  layersAfter: number;
  batchNormsBefore: number;
  batchNormsAfter: number;
  /** Kinds of the normalization layers the folded model still has (those that compute statistics at inference). */
  normalizersLeft: string[];
  /** Multiplications per image (train/fold.ts countMultiplies). */
  multipliesBefore: number;
  multipliesAfter: number;
}

/** Compile-time exhaustiveness check for switches over the unions above. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
