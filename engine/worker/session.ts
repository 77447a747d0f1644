// A worker's training session: the runs it owns, their models, data and batchers, and the
// observability each snapshot carries. Pure apart from the clock it is given, so node tests
// drive it exactly as the worker does.

import { Rng } from '../core/rng.ts';
import { Batcher } from '../data/batcher.ts';
import { pickSamples, type Split } from '../data/dataset.ts';
import { planeGrid, pointsExtent } from '../data/extent.ts';
import { type MnistDataset, parseMnist } from '../data/mnist.ts';
import type { ShiftSpec } from '../data/shift.ts';
import { experimentData, experimentSpec } from '../experiment/build-experiment.ts';
import type { ExperimentConfig } from '../experiment/experiment.ts';
import { Dropout } from '../layers/dropout.ts';
import { applyLiveKnob, hasRunningStats, LIVE_NORM_KNOBS } from '../norm/index.ts';
import { measureShift, type ShiftMeasurement } from '../train/domain-shift.ts';
import { buildModel, type Model } from '../train/model.ts';
import { batchMateSpread, type FitResult, fitReport, type SpreadResult } from '../train/noise.ts';
import { canProbe, measureSmoothness, packSmoothness, type SmoothnessSample } from '../train/smoothness.ts';
import { type UnitMaps, unitMaps } from '../train/unit-maps.ts';
import { Observer, probeUnitPercentiles } from './observe.ts';
import type {
  Boundary,
  EngineEvent,
  HyperParam,
  LayerInfo,
  ObserveRequest,
  RunSnapshot,
  ServeResult,
  ServingMode,
} from './protocol.ts';

/** Batch size for evaluating the test split in eval mode (does not change results). */
export const EVAL_BATCH = 250;

/**
 * A run has diverged when its loss is non-finite or above this many times the chance-level
 * loss ln(K): cross-entropy that high means exploded weights making confident wrong
 * predictions, from which plain SGD does not come back within a lesson.
 */
export const DIVERGENCE_FACTOR = 100;

/**
 * The decision-boundary grid (a forward pass over res x res points) is recomputed at most this
 * often at full speed, however small the rounds: a lesson's run to its checkpoint comes in rounds
 * of a few steps, and a grid per round cost lesson 8 (three 33-layer nets) 4.5x its training time.
 * Rounds that ask for it (manual steps, slow motion) always get one.
 */
export const BOUNDARY_INTERVAL_MS = 250;

/** True when a training loss means the run has diverged (see DIVERGENCE_FACTOR). */
export function isDiverged(loss: number, classes: number): boolean {
  return !Number.isFinite(loss) || loss > DIVERGENCE_FACTOR * Math.log(Math.max(2, classes));
}

export interface Run {
  readonly id: string;
  config: ExperimentConfig;
  readonly model: Model;
  readonly train: Split;
  readonly evalSplit: Split;
  readonly test: Split;
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly batcher: Batcher;
  readonly observer: Observer;
  step: number;
  diverged: boolean;
  /**
   * Set when a step threw (e.g. BatchNorm on one value per channel); the run stops for the rest
   * of that step command and tries again at the next one (Play retries; no Reset needed).
   */
  failed: string | null;
  /** Clock time of the last decision-boundary grid. */
  boundaryAt: number;
  /** The fixed probe set (ObserveRequest.probe: the first samples of the test split), built on first use. */
  probeSet: Split | null;
}

export class Session {
  runs: Run[] = [];
  observe: ObserveRequest | null = null;
  evalEvery = 0;
  mnist: MnistDataset | null = null;
  private lossScratch = new Float32Array(64);
  private timeScratch = new Float64Array(64);

  constructor(readonly now: () => number) {}

  /** Builds each run from its config: same seed ⇒ same initial weights and batch order. */
  configure(
    runs: { id: string; config: ExperimentConfig }[],
    observe: ObserveRequest,
    evalEvery: number,
  ): LayerInfo[][] {
    this.observe = observe;
    this.evalEvery = evalEvery;
    this.runs = runs.map(({ id, config }) => this.buildRun(id, config));
    return this.runs.map((run) =>
      run.model.layers.map((layer, index) => ({
        index,
        kind: layer.kind,
        shape: [...layer.outShape],
        params: layer.params().reduce((s, p) => s + p.value.length, 0),
      })),
    );
  }

  private buildRun(id: string, config: ExperimentConfig): Run {
    const data = experimentData(config, this.mnist);
    const model = buildModel(experimentSpec(config, data.inputShape, data.classes));
    const batchRng = new Rng(config.seed).fork();
    return {
      id,
      config,
      model,
      train: data.train,
      evalSplit: data.evalSplit,
      test: data.test,
      inputShape: data.inputShape,
      classes: data.classes,
      batcher: new Batcher(data.train, batchRng),
      observer: new Observer(model),
      step: 0,
      diverged: false,
      failed: null,
      boundaryAt: Number.NEGATIVE_INFINITY,
      probeSet: null,
    };
  }

  run(id: string): Run {
    const run = this.runs.find((r) => r.id === id);
    if (!run) throw new Error(`no run with id "${id}" in this worker`);
    return run;
  }

  /**
   * Trains every live run `count` steps, interleaved step by step, and returns one snapshot
   * per run plus any divergence or failure events. `freshBoundary`: every 2-D run's snapshot
   * carries its decision-boundary grid (else at most one per BOUNDARY_INTERVAL_MS).
   */
  step(count: number, freshBoundary = false): { snapshots: RunSnapshot[]; events: EngineEvent[] } {
    if (this.lossScratch.length < count * this.runs.length) {
      this.lossScratch = new Float32Array(count * this.runs.length);
      this.timeScratch = new Float64Array(count * this.runs.length);
    }
    const events: EngineEvent[] = [];
    const done = this.runs.map(() => 0);
    const tests: RunSnapshot['test'][] = this.runs.map(() => null);
    const observations: RunSnapshot['observation'][] = this.runs.map(() => null);
    const observe = this.observe;
    const smoothEvery = observe?.smoothEvery ?? 0;
    const probes: (SmoothnessSample & { step: number })[][] = this.runs.map(() => []);
    const wantsObservation =
      observe !== null &&
      (observe.activations || observe.channels || observe.diagnostics || observe.inspector);
    for (const run of this.runs) run.failed = null;
    for (let s = 0; s < count; s++) {
      const last = s === count - 1;
      for (let r = 0; r < this.runs.length; r++) {
        const run = this.runs[r];
        if (run.diverged || run.failed) continue;
        const parts = run.config.accumSteps;
        const batch = run.batcher.next(run.config.batchSize * parts);
        // Probe the weights this step starts from, on its batch; everything is restored exactly.
        if (smoothEvery > 0 && run.step % smoothEvery === 0 && canProbe(run.model)) {
          try {
            const sample = measureSmoothness(run.model, batch.x, batch.y, batch.n, run.config.lr);
            probes[r].push({ step: run.step, ...sample });
          } catch {
            // A probe that cannot run (e.g. BatchNorm on one value per channel) is skipped; the step reports the error.
          }
        }
        if (last && wantsObservation) run.observer.rememberWeights();
        const t0 = this.now();
        let loss: number;
        try {
          loss =
            parts > 1
              ? run.model.trainStepAccumulated(batch.x, batch.y, batch.n, parts).loss
              : run.model.trainStep(batch.x, batch.y, batch.n).loss;
        } catch (err) {
          run.failed = err instanceof Error ? err.message : String(err);
          events.push({ type: 'error', runId: run.id, message: run.failed });
          continue;
        }
        const k = r * count + done[r];
        this.timeScratch[k] = this.now() - t0;
        this.lossScratch[k] = loss;
        done[r]++;
        run.step++;
        if (isDiverged(loss, run.classes)) {
          run.diverged = true;
          events.push({
            type: 'diverged',
            runId: run.id,
            step: run.step,
            loss,
            cause: divergenceCause(run.config),
          });
          continue;
        }
        // Observe the train step itself, before an evaluation pass overwrites the layer buffers.
        if (last && wantsObservation && observe) {
          const observation = run.observer.observe(observe, run.config.lr);
          // After observe(): the probe's forward pass must not replace the step's buffers it reads.
          if (observe.probe && observation.unitPercentiles)
            observation.unitPercentiles = this.probePercentiles(
              run,
              observation.layer,
              observe.unit,
              observe.probe,
            );
          observations[r] = observation;
        }
        if (this.evalEvery > 0 && run.step % this.evalEvery === 0)
          tests[r] = this.evaluateRun(run, run.evalSplit);
      }
    }
    const snapshots = this.runs.map((run, r): RunSnapshot => {
      const losses = this.lossScratch.slice(r * count, r * count + done[r]);
      const times = Array.from(this.timeScratch.subarray(r * count, r * count + done[r])).sort(
        (a, b) => a - b,
      );
      const observation = observations[r];
      if (
        observation &&
        observe &&
        observe.boundary > 0 &&
        run.inputShape.length === 1 &&
        run.inputShape[0] === 2 &&
        this.boundaryDue(run, freshBoundary)
      ) {
        observation.boundary = decisionBoundary(run, observe.boundary);
        run.boundaryAt = this.now();
      }
      return {
        runId: run.id,
        step: run.step,
        losses,
        test: tests[r],
        msPerStep: times.length ? times[Math.floor(times.length / 2)] : 0,
        diverged: run.diverged,
        observation,
        ...(probes[r].length > 0 ? { smoothness: packSmoothness(probes[r]) } : {}),
      };
    });
    return { snapshots, events };
  }

  /** The tracked unit's input percentiles over the run's fixed probe set, at its current weights. */
  private probePercentiles(
    run: Run,
    layer: number,
    unit: number,
    probe: NonNullable<ObserveRequest['probe']>,
  ): Float32Array {
    const count = Math.max(1, Math.min(Math.floor(probe.count), run.test.count));
    if (run.probeSet?.count !== count)
      run.probeSet = pickSamples(
        run.test,
        Int32Array.from({ length: count }, (_, i) => i),
      );
    return probeUnitPercentiles(run.model, layer, unit, run.probeSet.x, count);
  }

  /** The decision-boundary grid of every live 2-D run's current model, when the page asks for one. */
  boundaries(): { runId: string; step: number; boundary: Boundary }[] {
    const res = this.observe?.boundary ?? 0;
    if (res <= 0) return [];
    return this.runs
      .filter((run) => !run.failed && run.inputShape.length === 1 && run.inputShape[0] === 2)
      .map((run) => {
        run.boundaryAt = this.now();
        return { runId: run.id, step: run.step, boundary: decisionBoundary(run, res) };
      });
  }

  /**
   * Pictures of the first `units` units of each of `layers` over the run's 2-D plane (the decision
   * boundary's extent), forwarded in eval mode: nothing of the run changes (train/unit-maps.ts).
   */
  unitMaps(runId: string, res: number, layers: readonly number[], units: number): UnitMaps {
    const run = this.run(runId);
    return unitMaps(run.model, pointsExtent(run.train.x, run.train.count), res, layers, units);
  }

  /**
   * Whether this round refreshes the decision-boundary grid: a round that asks (a manual step, slow
   * motion) always does, so the plane matches the model the reader just stepped; otherwise at most
   * every BOUNDARY_INTERVAL_MS (the page keeps the last grid meanwhile).
   */
  private boundaryDue(run: Run, fresh: boolean): boolean {
    return fresh || this.now() - run.boundaryAt >= BOUNDARY_INTERVAL_MS;
  }

  evaluateRun(run: Run, split: Split): { step: number; loss: number; accuracy: number } {
    const { loss, accuracy } = run.model.evaluate(split.x, split.y, split.count, EVAL_BATCH, 'eval');
    return { step: run.step, loss, accuracy };
  }

  /** Applies a live hyperparameter to one run or all; the next step uses it. */
  set(runId: string | null, param: HyperParam, value: number): void {
    for (const run of this.runs) {
      if (runId !== null && run.id !== runId) continue;
      switch (param) {
        case 'lr':
          run.model.setLearningRate(value);
          run.config = { ...run.config, lr: value };
          break;
        case 'momentum':
          run.model.setMomentum(value);
          run.config = { ...run.config, momentum: value };
          break;
        case 'batchSize':
          run.config = { ...run.config, batchSize: value };
          run.failed = null;
          break;
        case 'dropout':
          for (const layer of run.model.layers) if (layer instanceof Dropout) layer.rate = value;
          run.config = { ...run.config, dropout: value };
          break;
        default:
          // A normalizer's own knob: its catalog row says how a built layer takes it.
          if (!LIVE_NORM_KNOBS.includes(param))
            throw new Error(`${param} cannot change live: rebuild the run`);
          applyLiveKnob(run.model.layers, param, value);
          run.config = { ...run.config, [param]: value };
      }
    }
  }

  /**
   * Serves `count` test images in batches of `batchSize` in the given mode. Train mode uses
   * each batch's own statistics AND moves the running statistics, exactly as a model
   * mistakenly left in train mode would; the drift is measured and reported.
   */
  serve(
    runId: string,
    mode: ServingMode,
    batchSize: number,
    offset: number,
    count: number,
    indices?: readonly number[],
  ): ServeResult {
    const run = this.run(runId);
    const start = Math.max(0, Math.min(offset, run.test.count - 1));
    const chosen =
      indices && indices.length > 0
        ? Int32Array.from(indices, (i) => Math.max(0, Math.min(run.test.count - 1, Math.floor(i))))
        : Int32Array.from(
            { length: Math.max(1, Math.min(count, run.test.count - start)) },
            (_, k) => start + k,
          );
    const images = pickSamples(run.test, chosen);
    const total = images.count;
    const x = images.x;
    const labels = Int32Array.from(images.y);
    const before = runningStats(run.model);
    const otherMode: ServingMode = mode === 'train' ? 'eval' : 'train';
    const other = tryPredict(run.model, x, total, batchSize, otherMode);
    restoreRunningStats(run.model, before);
    const served = tryPredict(run.model, x, total, batchSize, mode);
    if (served.error) restoreRunningStats(run.model, before);
    const drift = statsDrift(run.model, before, runningStats(run.model));
    return {
      mode,
      indices: chosen,
      batchSize,
      predicted: served.predicted,
      labels,
      accuracy: served.error ? 0 : agreement(served.predicted, labels),
      otherAccuracy: other.error ? 0 : agreement(other.predicted, labels),
      otherError: other.error,
      runningStatsDrift: drift,
      error: served.error,
    };
  }

  /**
   * Lesson 11: measures a domain shift on a trained MNIST run (clean, shifted, shifted after AdaBN
   * on unlabeled shifted training digits drawn with the run's seed); the model is left exactly as
   * it was, so training continues from the same state.
   */
  shifted(runId: string, shift: ShiftSpec, adaptBatches: number, batchSize: number): ShiftMeasurement {
    const run = this.run(runId);
    if (run.config.dataset !== 'mnist')
      throw new Error('domain shifts apply to MNIST digits: switch the data set to MNIST digits');
    return measureShift(run.model, run, shift, adaptBatches, batchSize, run.config.seed);
  }

  /** Lesson 12: one test image's logit spread over random batch-mates per batch size (noise.ts). */
  spread(
    runId: string,
    image: number,
    batchSizes: readonly number[],
    draws: number,
    seed: number,
  ): SpreadResult {
    const run = this.run(runId);
    return batchMateSpread(run.model, run.test, image, batchSizes, draws, seed);
  }

  /** Lesson 12: the run's train/test gap and its weights' norm and effective step (noise.ts). */
  fit(runId: string): FitResult {
    const run = this.run(runId);
    return fitReport(run.model, run.train, run.test, run.config.lr, EVAL_BATCH);
  }

  setMnist(bytes: ArrayBuffer): void {
    this.mnist = parseMnist(bytes);
  }
}

/** A likely cause of a non-finite loss, in words a reader can act on. */
export function divergenceCause(config: ExperimentConfig): string {
  if (config.init === 'normal' && config.initStd > 1)
    return `the initial weights (std ${config.initStd}) are too large; try a smaller init std or Kaiming init`;
  const remedy = config.norm === 'none' ? ' (normalization lets a network tolerate higher rates)' : '';
  return `learning rate ${config.lr} is too high for this setup; try a smaller one${remedy}`;
}

function predictions(
  model: Model,
  x: Float32Array,
  count: number,
  batchSize: number,
  mode: ServingMode,
): Int32Array {
  const size = x.length / count;
  const out = new Int32Array(count);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const logits = model.forward(x.subarray(start * size, (start + n) * size), n, mode);
    const k = logits.length / n;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (logits[i * k + j] > logits[i * k + best]) best = j;
      out[start + i] = best;
    }
  }
  return out;
}

/** Predictions, or the error a framework would raise (e.g. BatchNorm on a (1, C) input in train mode). */
function tryPredict(
  model: Model,
  x: Float32Array,
  count: number,
  batchSize: number,
  mode: ServingMode,
): { predicted: Int32Array; error: string | null } {
  try {
    return { predicted: predictions(model, x, count, batchSize, mode), error: null };
  } catch (err) {
    return {
      predicted: new Int32Array(count).fill(-1),
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

function agreement(predicted: Int32Array, labels: Int32Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** All BatchNorm running statistics of a model, concatenated (for drift measurement and restore). */
function runningStats(model: Model): Float64Array {
  const parts: number[] = [];
  for (const layer of model.layers) {
    if (hasRunningStats(layer))
      parts.push(...layer.runningMean, ...layer.runningVar, layer.numBatchesTracked);
  }
  return Float64Array.from(parts);
}

/**
 * Largest absolute change of any running mean or running variance between two runningStats()
 * readings (the batch counters, also saved there, are not statistics and are left out).
 */
function statsDrift(model: Model, before: Float64Array, after: Float64Array): number {
  let drift = 0;
  let k = 0;
  for (const layer of model.layers) {
    if (!hasRunningStats(layer)) continue;
    for (let i = k; i < k + 2 * layer.channels; i++) drift = Math.max(drift, Math.abs(after[i] - before[i]));
    k += 2 * layer.channels + 1;
  }
  return drift;
}

function restoreRunningStats(model: Model, saved: Float64Array): void {
  let k = 0;
  for (const layer of model.layers) {
    if (!hasRunningStats(layer)) continue;
    const c = layer.channels;
    const state = layer.getState();
    state.runningMean = Array.from(saved.subarray(k, k + c));
    state.runningVar = Array.from(saved.subarray(k + c, k + 2 * c));
    state.numBatchesTracked = saved[k + 2 * c];
    layer.setState(state);
    k += 2 * c + 1;
  }
}

/** Class probabilities over a res x res grid covering the training points (eval mode). */
function decisionBoundary(run: Run, res: number): Boundary {
  const extent = pointsExtent(run.train.x, run.train.count);
  const { x0, x1, y0, y1 } = extent;
  const logits = run.model.forward(planeGrid(extent, res), res * res, 'eval');
  const classes = logits.length / (res * res);
  const label = new Uint8Array(res * res);
  const confidence = new Float32Array(res * res);
  for (let k = 0; k < res * res; k++) {
    let best = 0;
    let max = logits[k * classes];
    for (let c = 1; c < classes; c++) {
      if (logits[k * classes + c] > max) {
        max = logits[k * classes + c];
        best = c;
      }
    }
    let z = 0;
    for (let c = 0; c < classes; c++) z += Math.exp(logits[k * classes + c] - max);
    label[k] = best;
    confidence[k] = 1 / z;
  }
  return { res, x0, x1, y0, y1, label, confidence };
}
