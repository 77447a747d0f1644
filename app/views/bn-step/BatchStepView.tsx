// Lesson 3's view, "BatchNorm, one step at a time": a visible seeded batch (dense 8 samples × 4
// features, or a conv feature map 2 images × 3 channels × 3×3) pushed through ONE training-mode
// forward of the engine's BatchNorm (batch-step.ts), with x, μ_B, σ²_B, x̂, γ, β, y and the running
// statistics after the step as real numbers. Cells of one colour share one mean and variance.
// Clicking a cell (or Enter/Space on it) shows its arithmetic with the numbers substituted
// (step-arith.ts); γ/β sliders and "Undo the normalization" show the layer can give back x.
//
// Props (all optional but `example`; the view keeps its own state and follows a prop when the
// page changes it, so it works both driven by a lesson page and on its own):
//   example          'dense' | 'conv': which batch is shown.
//   onExampleChange  called when the reader switches the example.
//   seed             the batch's seed (engine Rng), default 1; "New batch" moves to seed + 1.
//   onSeedChange     called with the new seed after "New batch".

import { useId, useMemo, useState } from 'react';
import { Select, Slider } from '../../ui/controls.tsx';
import { Tex } from '../../ui/Tex.tsx';
import { formatEps } from '../bn/inspector-math.ts';
import {
  elementIndex,
  makeBatch,
  maxUndoError,
  runBatchStep,
  STEP_SHAPES,
  type StepExample,
  type StepResult,
  undoParams,
} from './batch-step.ts';
import {
  arithmetic,
  type CellKey,
  cellChannel,
  cellKeyId,
  channelWord,
  elementWords,
  formatTiny,
  lineText,
  type StepFormat,
  sliderRanges,
  stepFormat,
  xhatMoments,
} from './step-arith.ts';
import '../bn/bn.css';
import './bn-step.css';

export const BATCH_STEP_TITLE = 'BatchNorm, one training step';
/** Below this, y and x agree to float64 rounding: the normalization is undone. */
export const UNDONE_TOLERANCE = 1e-9;
/** Seeds run 1 … 2³¹ − 1 ("New batch" wraps back to 1). */
const MAX_SEED = 0x7fffffff;

export interface BatchStepViewProps {
  example: StepExample;
  onExampleChange?: (example: StepExample) => void;
  seed?: number;
  onSeedChange?: (seed: number) => void;
}

const EXAMPLE_LABEL: Record<StepExample, string> = {
  dense: 'Dense: 8 samples × 4 features',
  conv: 'Conv: 2 images × 3 channels × 3×3',
};

const FORMULAS = [
  String.raw`\mu_B = \frac{1}{m}\sum_{i=1}^{m} x_i`,
  String.raw`\sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B)^2`,
  String.raw`\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}}`,
  String.raw`y_i = \gamma\,\hat{x}_i + \beta`,
];

/** As lesson 3 writes them (μ̂, σ̂²); the table below gives PyTorch's attribute names. */
const RUNNING_FORMULAS = [
  String.raw`\hat\mu = 0.9 \cdot 0 + 0.1\,\mu_B`,
  String.raw`\hat\sigma^2 = 0.9 \cdot 1 + 0.1\,\tfrac{m}{m-1}\,\sigma_B^2`,
];

/** Local state that follows its prop whenever the prop changes (React's "adjust state on prop change"). */
function useFollowedState<T>(prop: T): [T, (value: T) => void] {
  const [value, setValue] = useState(prop);
  const [seen, setSeen] = useState(prop);
  if (!Object.is(prop, seen)) {
    setSeen(prop);
    setValue(prop);
  }
  return [value, setValue];
}

/** Plain-text math with "_B" and "_unbiased" as subscripts. */
function MathText({ text }: { text: string }) {
  const parts = text.split(/_(B|unbiased)/);
  return (
    <>
      {parts.map((part, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed split of one string
        i % 2 === 1 ? <sub key={i}>{part}</sub> : <span key={i}>{part}</span>,
      )}
    </>
  );
}

type Stage = 'x' | 'xhat' | 'y';
const STAGE_SYMBOL: Record<Stage, string> = { x: 'x', xhat: 'x̂', y: 'y' };

interface CellProps {
  step: StepResult;
  fmt: StepFormat;
  selected: CellKey | null;
  onSelect: (key: CellKey) => void;
}

/** Whether a cell is part of the selected cell's arithmetic (same element, or an operand of μ_B/σ²_B). */
function linked(step: StepResult, selected: CellKey | null, stage: Stage, index: number): boolean {
  if (!selected) return false;
  if ('index' in selected) return selected.index === index;
  if (selected.kind === 'mean' || selected.kind === 'variance')
    return stage === 'x' && cellChannel(step, { kind: 'x', index }) === selected.channel;
  return false;
}

function ElementButton({
  step,
  fmt,
  selected,
  onSelect,
  stage,
  index,
}: CellProps & { stage: Stage; index: number }) {
  const key: CellKey = { kind: stage, index };
  const c = cellChannel(step, key);
  const values = stage === 'x' ? step.batch.x : stage === 'xhat' ? step.xhat : step.y;
  const text = fmt(stage, c, values[index]);
  const pressed = selected !== null && cellKeyId(selected) === cellKeyId(key);
  return (
    <button
      type="button"
      className={`bn-num bns-num${linked(step, selected, stage, index) && !pressed ? ' bns-linked' : ''}`}
      aria-label={`${STAGE_SYMBOL[stage]}, ${elementWords(step, index)} = ${text}`}
      aria-pressed={pressed}
      onClick={() => onSelect(key)}
    >
      {text}
    </button>
  );
}

type StatKind = 'mean' | 'variance' | 'gamma' | 'beta' | 'runningMean' | 'runningVar';
const STAT_NAME: Record<StatKind, string> = {
  mean: 'batch mean',
  variance: 'batch variance',
  gamma: 'γ',
  beta: 'β',
  runningMean: 'running mean',
  runningVar: 'running variance',
};

function statValue(step: StepResult, kind: StatKind, c: number): number {
  return step[kind][c];
}

function StatButton({
  step,
  fmt,
  selected,
  onSelect,
  kind,
  channel,
}: CellProps & { kind: StatKind; channel: number }) {
  const key: CellKey = { kind, channel };
  const text = fmt(kind, channel, statValue(step, kind, channel));
  return (
    <button
      type="button"
      className="bn-num bns-num"
      aria-label={`${STAT_NAME[kind]}, ${channelWord(step, channel)} = ${text}`}
      aria-pressed={selected !== null && cellKeyId(selected) === cellKeyId(key)}
      onClick={() => onSelect(key)}
    >
      {text}
    </button>
  );
}

const STAT_ROW_LABEL: Record<StatKind, string> = {
  mean: 'μ_B',
  variance: 'σ²_B',
  gamma: 'γ',
  beta: 'β',
  // The lessons' symbols, hats as in their formulas (lessons 3 and 6); PyTorch's attribute names
  // stand in the running table's caption.
  runningMean: 'running mean μ̂',
  runningVar: 'running variance σ̂²',
};

/** One stage of the dense batch as a table: rows samples, columns features, statistic rows below. */
function DenseTable(
  props: CellProps & { stage: Stage; caption: string; stats: StatKind[]; moments?: boolean },
) {
  const { step, stage, caption, stats, moments, fmt } = props;
  const { n, c: C } = step.batch.shape;
  const channels = Array.from({ length: C }, (_, c) => c);
  return (
    <div className="bns-scroll">
      <table className="bn-table bns-table">
        <caption>
          <MathText text={caption} />
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <abbr title="sample">i</abbr>
            </th>
            {channels.map((c) => (
              <th key={c} scope="col" className={`bns-ch bns-c${c}`}>
                f{c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: n }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: row i is sample i
            <tr key={i}>
              <th scope="row">{i}</th>
              {channels.map((c) => (
                <td key={c} className={`bns-cell bns-c${c}`}>
                  <ElementButton {...props} stage={stage} index={elementIndex(step.batch.shape, i, c)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {(stats.length > 0 || moments) && (
          <tfoot>
            {stats.map((kind) => (
              <tr key={kind}>
                <th scope="row">
                  <MathText text={STAT_ROW_LABEL[kind]} />
                </th>
                {channels.map((c) => (
                  <td key={c} className={`bns-stat bns-c${c}`}>
                    <StatButton {...props} kind={kind} channel={c} />
                  </td>
                ))}
              </tr>
            ))}
            {moments &&
              (['mean', 'var'] as const).map((what) => (
                <tr key={what} className="bns-moments">
                  <th scope="row">{what}</th>
                  {channels.map((c) => {
                    const m = xhatMoments(step, c);
                    return (
                      <td key={c} className={`bns-stat bns-c${c}`}>
                        {fmt('xhat', c, what === 'mean' ? m.mean : m.variance)}
                      </td>
                    );
                  })}
                </tr>
              ))}
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** One 3×3 map of one image and channel at one stage. */
function MapGrid(props: CellProps & { stage: Stage; image: number; channel: number }) {
  const { step, stage, image, channel } = props;
  const { h, w } = step.batch.shape;
  return (
    <fieldset
      className="bns-map-box"
      aria-label={`${STAGE_SYMBOL[stage]}, image ${image}, channel ${channel}`}
    >
      <legend className="bns-map-label">image {image}</legend>
      <div className="bns-map" style={{ gridTemplateColumns: `repeat(${w}, auto)` }}>
        {Array.from({ length: h * w }, (_, s) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: position s of the fixed map
          <span key={s} className={`bns-cell bns-c${channel}`}>
            <ElementButton
              {...props}
              stage={stage}
              index={elementIndex(step.batch.shape, image, channel, s)}
            />
          </span>
        ))}
      </div>
    </fieldset>
  );
}

function StatLine(props: CellProps & { kinds: StatKind[]; channel: number }) {
  return (
    <ul className="bn-stats bns-statline">
      {props.kinds.map((kind) => (
        <li key={kind}>
          <span aria-hidden="true">
            <MathText text={STAT_ROW_LABEL[kind]} /> ={' '}
          </span>
          <StatButton {...props} kind={kind} channel={props.channel} />
        </li>
      ))}
    </ul>
  );
}

/** The conv example: one card per channel, its N × H × W values through x → μ_B, σ²_B → x̂ → γ, β → y. */
function ConvChannels(props: CellProps) {
  const { step } = props;
  const { n, c: C } = step.batch.shape;
  const images = Array.from({ length: n }, (_, i) => i);
  const stageRow = (stage: Stage, channel: number, caption: string) => (
    <div className="bns-stage">
      <div className="bns-stage-name">
        <MathText text={caption} />
      </div>
      <div className="bns-maps">
        {images.map((image) => (
          <MapGrid key={image} {...props} stage={stage} image={image} channel={channel} />
        ))}
      </div>
    </div>
  );
  return (
    <div className="bns-channels">
      {Array.from({ length: C }, (_, c) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: card c is channel c
        <section key={c} className={`bns-channel bns-c${c}`} aria-label={`Channel ${c}`}>
          <h3 className="bns-channel-title">
            Channel {c}{' '}
            <span className="bns-muted">
              ({step.m} values, one μ<sub>B</sub> and σ²<sub>B</sub>)
            </span>
          </h3>
          {stageRow('x', c, 'x')}
          <StatLine {...props} kinds={['mean', 'variance']} channel={c} />
          {stageRow('xhat', c, 'x̂ = (x − μ_B) / √(σ²_B + ε)')}
          <StatLine {...props} kinds={['gamma', 'beta']} channel={c} />
          {stageRow('y', c, 'y = γ · x̂ + β')}
        </section>
      ))}
    </div>
  );
}

/** The running statistics after this step, per channel, read from the engine layer. */
function RunningTable(props: CellProps) {
  const { step } = props;
  const C = step.batch.shape.c;
  const dense = step.batch.shape.h * step.batch.shape.w === 1;
  return (
    <div className="bns-scroll">
      <table className="bn-table bns-table bns-running">
        <caption>
          After one training step (PyTorch: <code>running_mean</code>, <code>running_var</code>)
        </caption>
        <thead>
          <tr>
            <th scope="col">{dense ? 'feature' : 'channel'}</th>
            <th scope="col">{STAT_ROW_LABEL.runningMean}</th>
            <th scope="col">{STAT_ROW_LABEL.runningVar}</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: C }, (_, c) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: row c is channel c
            <tr key={c}>
              <th scope="row" className={`bns-ch-row bns-c${c}`}>
                {dense ? `f${c}` : c}
              </th>
              {(['runningMean', 'runningVar'] as const).map((kind) => (
                <td key={kind} className={`bns-stat bns-c${c}`}>
                  <StatButton {...props} kind={kind} channel={c} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** γ, β and the selection: reset whenever the batch (example or seed) changes. */
interface Affine {
  batchKey: string;
  gamma: number[];
  beta: number[];
  selected: CellKey | null;
}

export function BatchStepView({
  example: exampleProp,
  onExampleChange,
  seed: seedProp = 1,
  onSeedChange,
}: BatchStepViewProps) {
  const [example, setExample] = useFollowedState(exampleProp);
  const [seed, setSeed] = useFollowedState(seedProp);
  const [feature, setFeature] = useState(0);
  const titleId = useId();
  const batchKey = `${example}:${seed}`;
  const C = STEP_SHAPES[example].c;
  const fresh: Affine = { batchKey, gamma: Array(C).fill(1), beta: Array(C).fill(0), selected: null };
  const [stored, setAffine] = useState<Affine>(fresh);
  const affine = stored.batchKey === batchKey ? stored : fresh;

  const batch = useMemo(() => makeBatch(example, seed), [example, seed]);
  const step = useMemo(
    () => runBatchStep(batch, affine.gamma, affine.beta),
    [batch, affine.gamma, affine.beta],
  );
  const fmt = useMemo(() => stepFormat(step), [step]);

  const f = Math.min(feature, C - 1);
  const dense = example === 'dense';
  const word = dense ? 'feature' : 'channel';
  const selected = affine.selected;
  const select = (key: CellKey) => {
    setAffine({ ...affine, selected: key });
    setFeature(cellChannel(step, key));
  };
  const setParam = (which: 'gamma' | 'beta', value: number) => {
    const next = [...affine[which]];
    next[f] = value;
    setAffine({ ...affine, [which]: next });
  };
  const undo = () => {
    const { gamma, beta } = undoParams(step, f);
    const g = [...affine.gamma];
    const b = [...affine.beta];
    g[f] = gamma;
    b[f] = beta;
    setAffine({ ...affine, gamma: g, beta: b });
  };
  const reset = () => setAffine({ ...fresh, selected: affine.selected });
  const changeExample = (next: StepExample) => {
    setExample(next);
    onExampleChange?.(next);
  };
  const newBatch = () => {
    const next = seed >= MAX_SEED ? 1 : seed + 1;
    setSeed(next);
    onSeedChange?.(next);
  };

  const cellProps: CellProps = { step, fmt, selected, onSelect: select };
  const ranges = sliderRanges(step, f);
  const error = maxUndoError(step, f);
  const undone = error < UNDONE_TOLERANCE;
  const arith = selected ? arithmetic(step, fmt, selected) : null;
  const { n, h, w } = step.batch.shape;
  const shareText = dense
    ? `Cells of one colour share one batch mean μ_B and variance σ²_B: a column, one feature over all ${n} samples (m = ${step.m}).`
    : `Cells of one colour share one batch mean μ_B and variance σ²_B: all ${n} × ${h}×${w} = ${step.m} values of a channel, across both images (m = ${step.m}). ${C} channels, ${C} pairs.`;

  // γ and β sit right after the table they change (y), beside it where the tables wrap two to a
  // row: a desktop lesson's live column showed them 600 px below y, out of sight with it.
  const affinePanel = (
    <fieldset className="bns-affine">
      <legend>
        γ and β of {word} {f}
      </legend>
      <Select
        label={dense ? 'Feature' : 'Channel'}
        value={f}
        options={Array.from({ length: C }, (_, c) => ({
          value: c,
          label: `${dense ? 'Feature' : 'Channel'} ${c}`,
        }))}
        onChange={setFeature}
      />
      <Slider
        label={`γ (scale), ${word} ${f}`}
        value={affine.gamma[f]}
        min={0}
        max={ranges.gammaMax}
        step={0.01}
        display={fmt('gamma', f, affine.gamma[f])}
        onChange={(v) => setParam('gamma', v)}
      />
      <Slider
        label={`β (shift), ${word} ${f}`}
        value={affine.beta[f]}
        min={ranges.betaMin}
        max={ranges.betaMax}
        step={0.01}
        display={fmt('beta', f, affine.beta[f])}
        onChange={(v) => setParam('beta', v)}
      />
      <div className="bns-actions">
        <button type="button" className="button primary" onClick={undo}>
          Undo the normalization
        </button>
        <button type="button" onClick={reset}>
          Reset γ = 1, β = 0
        </button>
      </div>
      <p className="bns-muted bns-undo-hint">
        Undo sets γ = √(σ²<sub>B</sub> + ε) = {fmt('std', f, Math.sqrt(step.variance[f] + step.eps))} and β =
        μ<sub>B</sub> = {fmt('mean', f, step.mean[f])} for {word} {f}.
      </p>
      <p
        className={`bns-undo-status${undone ? ' undone' : ''}`}
        role="status"
        aria-label={`Undo check, ${word} ${f}`}
      >
        {word[0].toUpperCase() + word.slice(1)} {f}: max |y − x| = {formatTiny(error)}
        {undone ? ' — y equals x: γ and β have undone the normalization.' : ' — y differs from x.'}
      </p>
    </fieldset>
  );

  return (
    <section className="bn-view bns" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {BATCH_STEP_TITLE}
      </h2>
      <div className="bns-toolbar">
        <fieldset className="bn-segmented">
          <legend>Example</legend>
          {(['dense', 'conv'] as const).map((ex) => (
            <label key={ex} className={example === ex ? 'checked' : undefined}>
              <input
                type="radio"
                name={`${titleId}-example`}
                value={ex}
                checked={example === ex}
                onChange={() => changeExample(ex)}
              />
              {EXAMPLE_LABEL[ex]}
            </label>
          ))}
        </fieldset>
        <div className="bns-batch">
          <button type="button" onClick={newBatch}>
            New batch
          </button>
          <span className="bns-seed">
            seed <output aria-label="Batch seed">{seed}</output>
          </span>
        </div>
      </div>

      <div className="bns-formulas">
        {FORMULAS.map((tex) => (
          <Tex key={tex} tex={tex} />
        ))}
        <span className="bns-muted">
          ε = {formatEps(step.eps)}, training mode (engine BatchNorm, momentum {step.momentum})
        </span>
      </div>
      <p className="bn-note">
        <MathText text={shareText} /> Click a number (or focus it and press Enter) for its arithmetic.
      </p>

      {dense ? (
        <div className="bns-tables">
          <DenseTable {...cellProps} stage="x" caption="x: the input batch" stats={['mean', 'variance']} />
          <DenseTable {...cellProps} stage="xhat" caption="x̂ = (x − μ_B) / √(σ²_B + ε)" stats={[]} moments />
          <DenseTable {...cellProps} stage="y" caption="y = γ · x̂ + β" stats={['gamma', 'beta']} />
          {affinePanel}
        </div>
      ) : (
        <>
          <ConvChannels {...cellProps} />
          {affinePanel}
        </>
      )}

      <output className="bn-arith bns-arith" aria-live="polite" aria-label="Arithmetic">
        {arith ? (
          <>
            <strong className="bns-arith-title">{arith.title}</strong>
            {arith.lines.map((line) => (
              <span key={line.formula} className="bns-line">
                <MathText text={lineText(line)} />
              </span>
            ))}
            <span className="bns-arith-note">
              <MathText text={arith.note} />
            </span>
          </>
        ) : (
          'Click a number to see its arithmetic.'
        )}
      </output>

      <div className="bns-running-box">
        <h3 className="bns-subtitle">Running statistics μ̂ and σ̂²</h3>
        <div className="bns-formulas">
          {RUNNING_FORMULAS.map((tex) => (
            <Tex key={tex} tex={tex} />
          ))}
        </div>
        <RunningTable {...cellProps} />
        <p className="bn-note">
          Read from the engine layer, which started at mean 0 and variance 1: this step moved them 10% of the
          way to the batch statistics, storing the unbiased variance (÷ {step.m - 1}) while it normalized with
          the biased one (÷ {step.m}). Lesson 6 follows them over training.
        </p>
      </div>
    </section>
  );
}
