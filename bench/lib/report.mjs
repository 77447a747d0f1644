// Turns the results of run.mjs into the targets verdicts and the markdown report (which is also
// what the console shows). Pure functions of the results object.

/**
 * 'normlab' is the engine on its default kernels (WebAssembly SIMD, float64 sums, where supported);
 * 'normlab-js' on the JS reference (same bits); 'normlab-f32' on the float32-lane WebAssembly GEMM.
 */
export const LIBS = ['normlab', 'normlab-js', 'normlab-f32', 'tfjs-cpu', 'tfjs-wasm', 'convnetjs'];
const TFJS = ['tfjs-cpu', 'tfjs-wasm'];

/**
 * Issue 18's targets, the report's only list of them. A ratio target compares NormLab's `row` with
 * `vs` on `vsRow` (ConvNetJS has no BatchNorm, so the -bn rows compare against its plain row); a
 * GFLOP/s target (`gflops: true`) is NormLab's own W4 throughput, absolute. The earlier issue's
 * targets (W1 ≥ 20× best TF.js, W2 ≥ 0.5× TF.js wasm, W3 ≥ 3× ConvNetJS) are in no report made
 * from now on; engine/BENCHMARKS.md's generated report of 2026-11-22 still shows them.
 */
export const TARGETS = [
  { row: 'W1', vs: 'convnetjs', vsRow: 'W1', min: 2 },
  { row: 'W1-bn', vs: 'convnetjs', vsRow: 'W1', min: 2 },
  { row: 'W2', vs: 'tfjs-wasm', vsRow: 'W2', min: 3 },
  { row: 'W2-bn', vs: 'tfjs-wasm', vsRow: 'W2-bn', min: 3 },
  { row: 'W3', vs: 'convnetjs', vsRow: 'W3', min: 10 },
  { row: 'W3-bn', vs: 'convnetjs', vsRow: 'W3', min: 10 },
  { row: 'W4', gflops: true, min: 30 },
];

/** The W4 GFLOP/s target (from TARGETS), also applied to the float32-lane GEMM's line. */
const GEMM_TARGET_GFLOPS = TARGETS.find((t) => t.gflops).min;

const ENV_TITLES = { node: 'node', chromium: 'Chromium (Web Worker)' };

function rate(env, row, lib) {
  return env.rows[row]?.[lib]?.median ?? null;
}

/**
 * How each peer is run (bench/README.md explains why): printed in the report's header so that a
 * table never travels without the setup its numbers came from.
 */
export const PEER_SETUP = [
  'TF.js: production mode; variables, `tf.fused.matMul`/`tf.fused.conv2d` with bias, `tf.moments` + `tf.batchNorm`, `tf.losses`, `optimizer.minimize` with `tf.train.momentum` (no per-step data tensors: inputs and one-hot targets are tensors made once; the loss is read only after the timing). On wasm the dense layers take their gradients through `tf.customGrad` with an explicit `tf.transpose` and untransposed `matMul`s, because the wasm BatchMatMul leaves XNNPACK for a 4–7× slower loop when asked for a transposed operand, as the matMul gradient of its autodiff does. The wasm backend loads its SIMD binary (node) or threaded SIMD binary (cross-origin-isolated Chromium). Live tensors are counted after the warm-up and after the timed steps: a step that leaks voids its cell.',
  'ConvNetJS: its `Trainer` (sgd, momentum, `batch_size` = the batch) on `Vol`s built once, one `train()` per sample as its docs do; the harness allocates nothing per step (ConvNetJS itself allocates a Vol per layer per sample).',
];

/** The faster TF.js backend on a row: { lib, value } or null. */
function bestTfjs(env, row) {
  let best = null;
  for (const lib of TFJS) {
    const value = rate(env, row, lib);
    if (value != null && (best === null || value > best.value)) best = { lib, value };
  }
  return best;
}

/**
 * Every target in every environment: { ...target, target, env, value, met }. `value` is the ratio
 * (ratio targets) or NormLab's GFLOP/s (GFLOP/s targets); null = not measured, never met.
 */
export function evaluateTargets(results) {
  const verdicts = [];
  for (const [envName, env] of Object.entries(results.environments)) {
    for (const target of TARGETS) {
      let value = null;
      if (target.gflops) {
        value = env.rows[target.row]?.normlab?.gflops ?? null;
      } else {
        const mine = rate(env, target.row, 'normlab');
        const other = rate(env, target.vsRow, target.vs);
        value = mine != null && other ? mine / other : null;
      }
      verdicts.push({ ...target, target, env: envName, value, met: value != null && value >= target.min });
    }
  }
  return verdicts;
}

/** A target as the report's table names it. */
export function targetLabel(target, labels) {
  return target.gflops
    ? `${target.row} ${labels.normlab} ≥ ${target.min} GFLOP/s`
    : `${target.row} ≥ ${target.min}× ${labels[target.vs]} ${target.vsRow}`;
}

/** One verdict's cell in the targets table. */
function verdictText(v) {
  if (v.value == null) return 'n/a';
  const shown = v.gflops ? `${v.value.toFixed(1)} GFLOP/s` : formatRatio(v.value);
  const verdict = v.met ? 'met' : `MISSED (${((1 - v.value / v.min) * 100).toFixed(0)}% short)`;
  return `${shown}: ${verdict}`;
}

/** 3 significant digits, thousands separated from 1,000 on. */
export function formatRate(value) {
  if (value == null) return 'n/a';
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function formatRatio(ratio) {
  if (ratio == null) return 'n/a';
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`;
}

/** Median absolute deviation of the repetitions, relative to their median, as a percentage. */
function spread(cell) {
  if (!cell?.rates?.length) return null;
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  const mid = (xs) => {
    const s = sorted(xs);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const med = mid(cell.rates);
  return (100 * mid(cell.rates.map((r) => Math.abs(r - med)))) / med;
}

function cellText(cell) {
  if (!cell || cell.median == null) return 'n/a';
  const s = spread(cell);
  return s == null ? formatRate(cell.median) : `${formatRate(cell.median)} ±${s.toFixed(0)}%`;
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function envTable(env, labels, workloads) {
  const header = [
    'Workload',
    ...LIBS.map((lib) => labels[lib]),
    'NormLab ÷ ConvNetJS',
    'NormLab ÷ best TF.js',
  ];
  const rows = workloads.map(({ id }) => {
    const plain = id.replace('-bn', '');
    const mine = rate(env, id, 'normlab');
    const conv = rate(env, plain, 'convnetjs');
    const tf = bestTfjs(env, id);
    const convRatio =
      mine != null && conv ? `${formatRatio(mine / conv)}${plain !== id ? ` (vs ${plain})` : ''}` : 'n/a';
    const tfRatio = mine != null && tf ? `${formatRatio(mine / tf.value)} (${labels[tf.lib]})` : 'n/a';
    return [id, ...LIBS.map((lib) => cellText(env.rows[id]?.[lib])), convRatio, tfRatio];
  });
  const gemm = env.rows.W4 ?? {};
  const mine = gemm.normlab?.gflops;
  const tf = TFJS.map((lib) => ({ lib, value: gemm[lib]?.gflops })).filter((t) => t.value != null);
  const best = tf.sort((a, b) => b.value - a.value)[0];
  rows.push([
    'W4 (GFLOP/s)',
    ...LIBS.map((lib) => (gemm[lib]?.gflops != null ? gemm[lib].gflops.toFixed(2) : 'n/a')),
    'n/a',
    mine != null && best ? `${formatRatio(mine / best.value)} (${labels[best.lib]})` : 'n/a',
  ]);
  return table(header, rows);
}

/**
 * W4: NormLab's default kernels and its float32-lane WASM GEMM, each against the JS reference and
 * the target, or null when neither ran.
 */
function gemmLine(env, labels) {
  const js = env.rows.W4?.['normlab-js']?.gflops;
  const parts = [];
  for (const lib of ['normlab', 'normlab-f32']) {
    const value = env.rows.W4?.[lib]?.gflops;
    if (value == null) continue;
    const kernels = env.libraries[lib]?.details?.kernels ?? '?';
    const vsJs =
      js != null && lib !== 'normlab-js' ? `, ${formatRatio(value / js)} ${labels['normlab-js']}` : '';
    const verdict = value >= GEMM_TARGET_GFLOPS ? 'met' : 'MISSED';
    parts.push(
      `${labels[lib]} (${kernels} kernels) ${value.toFixed(1)} GFLOP/s${vsJs}, target ≥ ${GEMM_TARGET_GFLOPS}: ${verdict}`,
    );
  }
  if (parts.length === 0) return null;
  return `W4: ${parts.join('; ')}${js != null ? ` (${labels['normlab-js']} ${js.toFixed(2)} GFLOP/s)` : ''}.`;
}

/**
 * W4 against this machine's 128-bit SIMD multiply-add peak (bench/lib/simd-peak.mjs): the float64-sum
 * kernel against the f64x2 peak, the float32 one against f32x4.
 */
function peakLine(results, labels) {
  const peak = results.simdPeak;
  if (!peak) return null;
  const share = (lib, lanes) =>
    Object.entries(results.environments)
      .map(([envName, env]) => {
        const value = env.rows.W4?.[lib]?.gflops;
        return value == null ? null : `${Math.round((100 * value) / peak[lanes])} % (${envName})`;
      })
      .filter(Boolean)
      .join(', ');
  return (
    `This machine's WebAssembly SIMD ceiling (128-bit lanes, no fused multiply-add; node, 12 independent multiply-add chains): ` +
    `f64x2 ${peak.f64x2.toFixed(1)} GFLOP/s, f32x4 ${peak.f32x4.toFixed(1)} GFLOP/s. ` +
    `${labels.normlab} sums in float64 lanes: its W4 is ${share('normlab', 'f64x2') || 'n/a'} of the f64x2 ceiling; ` +
    `${labels['normlab-f32']}'s is ${share('normlab-f32', 'f32x4') || 'n/a'} of the f32x4 one. ` +
    `A target above the f64x2 ceiling needs float32 sums.`
  );
}

function naNotes(results, labels) {
  const notes = new Map();
  for (const env of Object.values(results.environments)) {
    for (const [row, cells] of Object.entries(env.rows)) {
      for (const [lib, cell] of Object.entries(cells)) {
        if (cell.na)
          notes.set(`${labels[lib]}: ${cell.na}`, [...(notes.get(`${labels[lib]}: ${cell.na}`) ?? []), row]);
      }
    }
  }
  return [...notes].map(([note, rows]) => `- n/a — ${note} (${[...new Set(rows)].join(', ')}).`);
}

function libraryLines(results, labels) {
  const lines = [];
  for (const [envName, env] of Object.entries(results.environments)) {
    for (const lib of LIBS) {
      const info = env.libraries[lib];
      if (!info) continue;
      const details = Object.entries(info.details)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      lines.push(
        `- ${ENV_TITLES[envName]}, ${labels[lib]}: ${info.version}${details ? ` (${details})` : ''}`,
      );
    }
  }
  return lines;
}

function heapSection(heap) {
  if (!heap?.length) return ['(heap check not run)'];
  const bytes = (n) => `${n.toLocaleString('en-US')} B`;
  const steps = heap[0].checkpoints.map((c) => c.step.toLocaleString('en-US'));
  const [second, last] = [steps[1], steps.at(-1)];
  const header = [
    'Workload',
    `heapUsed after gc at ${heap[0].checkpoints.map((c) => c.step.toLocaleString('en-US')).join(' / ')} steps`,
    `growth 0 → ${last} (max; ${second} → ${last})`,
    'unforced GCs',
    'ArrayBuffer growth',
    'allocated per step (sampled)',
  ];
  const rows = heap.map((h) => [
    h.workload,
    h.checkpoints.map((c) => c.heapAfterGc.toLocaleString('en-US')).join(' / '),
    `${bytes(h.retainedGrowth)} (${bytes(h.maxRetainedGrowth)}; ${bytes(h.checkpoints.at(-1).heapAfterGc - h.checkpoints[1].heapAfterGc)})`,
    String(h.totalUnforcedGcs),
    bytes(h.maxArrayBufferGrowth),
    `${h.sampledBytesPerStep.toFixed(1)} B (${h.sampledSites.map((s) => `${s.frames}: ${s.bytesPerStep.toFixed(1)}`).join('; ')})`,
  ]);
  const bySpace = heap.map(
    (h) =>
      `- ${h.workload}: heap growth 0 → ${last} by V8 space: ` +
      (Object.entries(h.growthBySpace)
        .map(([space, growth]) => `${space} ${growth > 0 ? '+' : ''}${growth.toLocaleString('en-US')} B`)
        .join(', ') || 'none'),
  );
  return [
    table(header, rows),
    '',
    ...bySpace,
    '',
    `Node with \`--expose-gc\`, NormLab float32, after ${heap[0].warmupSteps.toLocaleString('en-US')} warm-up steps, ` +
      `${heap[0].steps.toLocaleString('en-US')} steps each. heapUsed after gc staying flat means nothing accumulates. ` +
      "Short-lived garbage never shows there, so V8's sampling heap profiler (collected objects included) also ran " +
      'over those steps: "allocated per step" is what it saw allocated inside Model.trainStep, with the ' +
      'innermost frames (optimised code reports inlined callees under the caller).',
  ];
}

export function markdown(results) {
  const labels = results.labels;
  const m = results.machine;
  const verdicts = evaluateTargets(results);
  const envs = Object.keys(results.environments);
  const lines = [
    '# NormLab engine benchmark',
    '',
    `Generated by \`npm run bench\` on ${results.date} (wall time ${results.wallSeconds.toFixed(0)} s${results.quick ? ', --quick: numbers NOT meaningful' : ''}).`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}; load average ${m.loadStart.map((x) => x.toFixed(2)).join(' ')} at start, ${m.loadEnd.map((x) => x.toFixed(2)).join(' ')} at the end.`,
    `- Node ${m.node}${m.chromium ? `; Chromium ${m.chromium} (headless, Playwright ${m.playwright}, cross-origin isolated: ${m.crossOriginIsolated})` : ''}.`,
    `- NormLab ${results.versions.normlab}; TF.js ${results.versions.tfjs}; ConvNetJS ${results.versions.convnetjs}.`,
    ...libraryLines(results, labels),
    ...PEER_SETUP.map((line) => `- ${line}`),
    `- Method: one step = forward + backward + SGD update (lr 0.1, momentum 0.9) on seeded random data, the same for every library. Each library runs in its own process (node) or Web Worker (Chromium); per workload, every library is built and warmed up (≥ ${results.timing.warmupMs} ms and ≥ ${results.timing.warmupMinIters} steps), then ${results.timing.reps} timed repetitions of ~${results.timing.repMs} ms are interleaved across libraries (rotating order). Cells: median steps/s ± median absolute deviation of the repetitions.`,
    '',
  ];
  for (const envName of envs) {
    lines.push(`## ${ENV_TITLES[envName]}: steps per second (higher is better)`, '');
    lines.push(envTable(results.environments[envName], labels, results.workloads), '');
    const gemm = gemmLine(results.environments[envName], labels);
    if (gemm) lines.push(gemm, '');
  }
  const peak = peakLine(results, labels);
  if (peak) lines.push(peak, '');
  lines.push(...naNotes(results, labels), '');
  lines.push('## Targets (issue 18; ratios and GFLOP/s measured in this run)', '');
  const header = ['Target', ...envs.map((e) => ENV_TITLES[e])];
  const rows = TARGETS.map((target) => [
    targetLabel(target, labels),
    ...envs.map((envName) => verdictText(verdicts.find((v) => v.env === envName && v.target === target))),
  ]);
  lines.push(table(header, rows), '');
  const met = verdicts.filter((v) => v.met).length;
  lines.push(`${met} of ${verdicts.length} target checks met.`, '');
  lines.push('## Zero allocations per training step (node)', '', ...heapSection(results.heap), '');
  return lines.join('\n');
}
