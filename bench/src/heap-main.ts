// Zero-allocation check (node, run with --expose-gc): trains a NormLab workload for 10,000 steps
// after a warm-up and samples the heap every 2,500 steps (`--steps N`, `--only W1` to change). At each checkpoint it records heapUsed
// after a forced gc (what stays alive: flat means nothing accumulates) and the garbage collections
// V8 ran on its own since the last one. Short-lived garbage never shows in heap-after-gc, so V8's
// sampling heap profiler (which also keeps objects that were collected) runs over the 10,000
// steps and gives the bytes allocated per step and the functions that allocated them.

import { Session } from 'node:inspector';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { buildModel } from '../../engine/train/model.ts';
import { specFor } from './libs/normlab.ts';
import { makeBatches, workloadById } from './workloads.ts';

/** Steps after the warm-up (`--steps N` overrides, for a smoke test), sampled at 4 checkpoints. */
const DEFAULT_STEPS = 10_000;
const CHECKPOINTS = 4;
const WARMUP_STEPS = 1_000;
/** Mean bytes between two allocation samples (Poisson): ~1.5% error at 10,000 steps x 50 B. */
const SAMPLING_INTERVAL = 64;

export interface HeapCheckpoint {
  step: number;
  /** heapUsed before the forced gc at this checkpoint (garbage included). */
  heapBeforeGc: number;
  /** heapUsed after it. */
  heapAfterGc: number;
  /** ArrayBuffer backing stores (typed arrays live there, outside the JS heap), after the gc. */
  arrayBuffers: number;
  /** Garbage collections V8 started by itself since the previous checkpoint (0 = nothing to collect). */
  unforcedGcs: number;
  /** Bytes used per V8 heap space after the gc (code_space growth is JIT code, not data). */
  spaces: Record<string, number>;
}

export interface HeapResult {
  workload: string;
  steps: number;
  warmupSteps: number;
  checkpoints: HeapCheckpoint[];
  /** Max over checkpoints of heapAfterGc minus the first one (bytes). */
  maxRetainedGrowth: number;
  /** heapAfterGc at the last checkpoint minus the first (bytes). */
  retainedGrowth: number;
  /** The same growth split by V8 heap space (non-zero spaces only). */
  growthBySpace: Record<string, number>;
  maxArrayBufferGrowth: number;
  totalUnforcedGcs: number;
  /** Sampled bytes allocated per step inside Model.trainStep (collected objects included). */
  sampledBytesPerStep: number;
  /** Where those bytes were allocated: innermost frames (function names) and bytes per step. */
  sampledSites: { frames: string; bytesPerStep: number }[];
  seconds: number;
}

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const inspector = new Session();
function post<T>(method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    inspector.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

/** Bytes per step allocated under a `trainStep` frame, in total and by innermost two frames. */
function allocationsPerStep(
  head: ProfileNode,
  steps: number,
): Pick<HeapResult, 'sampledBytesPerStep' | 'sampledSites'> {
  const sites = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode, stack: string[], inStep: boolean) => {
    const name = node.callFrame.functionName || '(anonymous)';
    const here = [...stack, name];
    const stepping = inStep || name === 'trainStep';
    if (stepping && node.selfSize > 0) {
      total += node.selfSize;
      const key = here.slice(-2).join(' > ');
      sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, here, stepping);
  };
  walk(head, [], false);
  return {
    sampledBytesPerStep: total / steps,
    sampledSites: [...sites]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([frames, bytes]) => ({ frames, bytesPerStep: bytes / steps })),
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

let unforced = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const flags = (entry as { detail?: { flags?: number } }).detail?.flags ?? 0;
    if ((flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) === 0) unforced++;
  }
});

/** Lets the gc observer's queued entries arrive. */
const drain = () => new Promise((resolve) => setTimeout(resolve, 20));

async function checkpoint(step: number): Promise<HeapCheckpoint> {
  const heapBeforeGc = process.memoryUsage().heapUsed;
  (gc as () => void)();
  (gc as () => void)();
  const after = process.memoryUsage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, space.space_used_size]),
  );
  await drain();
  const unforcedGcs = unforced;
  unforced = 0;
  return {
    step,
    heapBeforeGc,
    heapAfterGc: after.heapUsed,
    arrayBuffers: after.arrayBuffers,
    unforcedGcs,
    spaces,
  };
}

async function heapRun(id: string, steps: number): Promise<HeapResult> {
  const w = workloadById(id);
  const model = buildModel(specFor(w));
  const batches = makeBatches(w);
  const count = batches.length;
  for (let s = 0; s < WARMUP_STEPS; s++) model.trainStep(batches[s % count].x, batches[s % count].y, w.batch);
  await post('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL,
    includeObjectsCollectedByMinorGC: true,
    includeObjectsCollectedByMajorGC: true,
  });
  const started = performance.now();
  const checkpoints = [await checkpoint(0)];
  checkpoints[0].unforcedGcs = 0;
  const every = Math.ceil(steps / CHECKPOINTS);
  for (let done = 0; done < steps; ) {
    for (let i = 0; i < every && done < steps; i++, done++) {
      const b = batches[done % count];
      model.trainStep(b.x, b.y, w.batch);
    }
    checkpoints.push(await checkpoint(done));
  }
  const seconds = (performance.now() - started) / 1000;
  const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
  const first = checkpoints[0];
  const last = checkpoints[checkpoints.length - 1];
  return {
    workload: id,
    steps,
    warmupSteps: WARMUP_STEPS,
    checkpoints,
    maxRetainedGrowth: Math.max(...checkpoints.map((c) => c.heapAfterGc - first.heapAfterGc)),
    retainedGrowth: last.heapAfterGc - first.heapAfterGc,
    growthBySpace: Object.fromEntries(
      Object.keys(last.spaces)
        .map((name) => [name, last.spaces[name] - (first.spaces[name] ?? 0)] as const)
        .filter(([, growth]) => growth !== 0),
    ),
    maxArrayBufferGrowth: Math.max(...checkpoints.map((c) => c.arrayBuffers - first.arrayBuffers)),
    totalUnforcedGcs: checkpoints.reduce((sum, c) => sum + c.unforcedGcs, 0),
    ...allocationsPerStep(profile.head, steps),
    seconds,
  };
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc');
  observer.observe({ entryTypes: ['gc'] });
  inspector.connect();
  await post('HeapProfiler.enable');
  const arg = (name: string) => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? (process.argv[at + 1] ?? '') : null;
  };
  const ids = arg('only')?.split(',') ?? ['W2-bn', 'W1'];
  const steps = Number(arg('steps') ?? DEFAULT_STEPS);
  if (!Number.isInteger(steps) || steps < CHECKPOINTS) {
    throw new Error(`--steps must be an integer >= ${CHECKPOINTS}`);
  }
  const results: HeapResult[] = [];
  for (const id of ids) {
    const result = await heapRun(id, steps);
    console.log(
      `  heap     ${id.padEnd(6)} after-gc heapUsed ${result.checkpoints.map((c) => c.heapAfterGc).join(' / ')} B; ` +
        `max growth ${result.maxRetainedGrowth} B; ${result.totalUnforcedGcs} unforced gcs; ` +
        `sampled ${result.sampledBytesPerStep.toFixed(1)} B/step allocated in trainStep (${result.seconds.toFixed(1)} s)`,
    );
    results.push(result);
  }
  observer.disconnect();
  inspector.disconnect();
  if (process.send) process.send({ type: 'heap', results }, () => process.disconnect());
  else console.log(JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
