// The BN arithmetic inspector: the tracked unit's values in the current batch (x, x̂, y), the
// statistics and parameters they were normalized with, the formulas (KaTeX) beside them, and
// each number's arithmetic with the real values substituted when clicked. Updates a few times
// per second at most, and not at all while frozen. InspectorTable is presentational (props
// only); InspectorView reads the store and the latest observation.

import { type ReactNode, type RefObject, useId, useRef, useState } from 'react';
import { NORM_CATALOG, NORM_LABEL, normInfo } from '#engine';
import { selectObservedLayer } from '../../runtime/actions.ts';
import { metricsFor } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import { Select } from '../../ui/controls.tsx';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { Tex } from '../../ui/Tex.tsx';
import { usePickedRun } from '../../ui/use-picked-run.ts';
import {
  type CellKey,
  cellId,
  explain,
  formatEps,
  formatValue,
  type InspectorInput,
  inspectorModel,
  statisticsSentence,
  subscript,
} from './inspector-math.ts';
import { isSetNorm, type SetNorm } from './set-stats.ts';
import { useObserved, useThrottledSnapshot } from './use-observed.ts';
import { ViewNotice } from './ViewParts.tsx';
import './bn.css';

export const INSPECTOR_TITLE = 'Normalization arithmetic inspector';
/** The inspector refreshes at most this often (people read it). */
export const INSPECTOR_INTERVAL_MS = 400;

const FORMULAS: Record<'batch' | 'sample' | 'rms', string[]> = {
  batch: [
    String.raw`\mu_B = \frac{1}{m}\sum_i x_i`,
    String.raw`\sigma_B^2 = \frac{1}{m}\sum_i (x_i - \mu_B)^2`,
    String.raw`\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}}`,
    String.raw`y_i = \gamma\,\hat{x}_i + \beta`,
  ],
  sample: [
    String.raw`\mu_i = \frac{1}{m}\sum_{k \in S_i} x_k`,
    String.raw`\sigma_i^2 = \frac{1}{m}\sum_{k \in S_i} (x_k - \mu_i)^2`,
    String.raw`\hat{x}_i = \frac{x_i - \mu_i}{\sqrt{\sigma_i^2 + \varepsilon}}`,
    String.raw`y_i = \gamma\,\hat{x}_i + \beta`,
  ],
  rms: [
    String.raw`\mathrm{ms}_i = \frac{1}{m}\sum_{k \in S_i} x_k^2`,
    String.raw`\hat{x}_i = \frac{x_i}{\sqrt{\mathrm{ms}_i + \varepsilon}}`,
    String.raw`y_i = \gamma\,\hat{x}_i`,
  ],
};

export interface InspectorTableProps {
  /** The numbers, or null before the first snapshot (emptyText is shown instead). */
  input: InspectorInput | null;
  step?: number | null;
  frozen: boolean;
  onFrozenChange: (frozen: boolean) => void;
  emptyText?: string;
  /** Extra controls (run and unit pickers). */
  toolbar?: ReactNode;
}

/** Plain-text math with "μ_B" / "σ²_B" shown as a subscript B. */
export function MathText({ text }: { text: string }) {
  const parts = text.split(/_B/);
  return (
    <>
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed split of one string
        <span key={i}>
          {part}
          {i < parts.length - 1 && <sub>B</sub>}
        </span>
      ))}
    </>
  );
}

function NumberButton({
  k,
  label,
  value,
  selected,
  onSelect,
}: {
  k: CellKey;
  label: string;
  value: string;
  selected: string | null;
  onSelect: (k: CellKey) => void;
}) {
  const id = cellId(k);
  return (
    <button
      type="button"
      className="bn-num"
      aria-label={`${label.replace('_B', 'B')} = ${value}`}
      aria-pressed={selected === id}
      onClick={() => onSelect(k)}
    >
      {value}
    </button>
  );
}

export function InspectorTable({
  input,
  step = null,
  frozen,
  onFrozenChange,
  emptyText = 'Press Play or Step: the inspector shows the numbers of the latest training step.',
  toolbar,
}: InspectorTableProps) {
  const [selected, setSelected] = useState<CellKey | null>(null);
  const titleId = useId();
  const model = input ? inspectorModel(input) : null;
  const header = (
    <>
      <div className="bn-head">
        <h2 className="chart-title" id={titleId}>
          {INSPECTOR_TITLE}
        </h2>
        <button
          type="button"
          className="bn-freeze"
          aria-pressed={frozen}
          onClick={() => onFrozenChange(!frozen)}
          disabled={!input}
        >
          {frozen ? 'Frozen: resume' : 'Freeze'}
        </button>
      </div>
      {toolbar && <div className="bn-controls">{toolbar}</div>}
    </>
  );
  if (!input || !model) {
    return (
      <section className="bn-view" aria-labelledby={titleId}>
        {header}
        <p className="bn-empty">{emptyText}</p>
      </section>
    );
  }
  const { inspector } = input;
  const info = normInfo(model.kind);
  // One mean and variance per channel over the batch (BN), or per-sample statistics; RMSNorm
  // subtracts no mean and has no β.
  const bn = info.shares === 'channel';
  const rms = !info.centers;
  const selectedId = selected ? cellId(selected) : null;
  const select = (k: CellKey) => setSelected(k);
  const what = input.spatial > 1 ? 'channel' : 'unit';
  const shownOf =
    input.batchSize > model.rows
      ? `the first ${model.rows} of ${input.batchSize} samples`
      : `${model.rows} samples`;
  const firstPosition = input.spatial > 1 ? ', first position of each map' : '';
  const statButtons: { k: CellKey; label: string; value: string }[] = [
    ...(bn
      ? [
          { k: { col: 'mean' } as CellKey, label: 'μ_B', value: formatValue(inspector.mean) },
          { k: { col: 'variance' } as CellKey, label: 'σ²_B', value: formatValue(inspector.variance) },
        ]
      : []),
    { k: { col: 'eps' }, label: 'ε', value: formatEps(inspector.eps) },
    { k: { col: 'gamma' }, label: 'γ', value: formatValue(inspector.gamma) },
    ...(!info.beta
      ? []
      : [{ k: { col: 'beta' } as CellKey, label: 'β', value: formatValue(inspector.beta) }]),
  ];
  const rowStat = !bn && model.perRow;
  const rowLabel = (i: number) => `sample ${i}`;
  return (
    <section className="bn-view bn-inspector" aria-labelledby={titleId}>
      {header}
      <p className="bn-note">
        <MathText text={statisticsSentence(model, input)} />
        {!bn && model.perRowProblem && ` Their values cannot be computed here: ${model.perRowProblem}.`}
        {!bn &&
          !model.perRowProblem &&
          ' They are pooled from the per-(sample, channel) statistics of this batch.'}
      </p>
      <div className="bn-inspector-body">
        <div className="bn-formulas">
          {FORMULAS[bn ? 'batch' : rms ? 'rms' : 'sample'].map((tex) => (
            <Tex key={tex} tex={tex} display />
          ))}
          <p className="bn-note">
            m = {model.m.toLocaleString('en-US')} values{bn ? ' per channel in this batch' : ' per set Sᵢ'}
          </p>
        </div>
        <div className="bn-tables">
          <ul className="bn-stats" aria-label="Statistics and parameters">
            {statButtons.map((b) => (
              <li key={b.label}>
                <span aria-hidden="true">
                  <MathText text={b.label} /> =
                </span>{' '}
                <NumberButton {...b} selected={selectedId} onSelect={select} />
              </li>
            ))}
          </ul>
          <div className="bn-table-wrap">
            <table className="bn-table">
              <caption>
                {NORM_LABEL[model.kind]}, {what} {model.unit}: {shownOf}
                {firstPosition}
                {step !== null ? `, step ${step.toLocaleString('en-US')}` : ''}
                {frozen ? ' (frozen)' : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">i</th>
                  <th scope="col">xᵢ</th>
                  {rowStat && <th scope="col">{rms ? 'msᵢ' : 'μᵢ'}</th>}
                  {rowStat && !rms && <th scope="col">σ²ᵢ</th>}
                  <th scope="col">x̂ᵢ</th>
                  <th scope="col">yᵢ</th>
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: model.rows }, (_, i) => {
                  const stats = model.perRow?.[i] ?? null;
                  const s = subscript(i);
                  const rowSelected = selected && 'row' in selected && selected.row === i;
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: row i is sample i of the batch
                    <tr key={i} className={rowSelected ? 'bn-row-selected' : undefined}>
                      <th scope="row" aria-label={rowLabel(i)}>
                        {i}
                      </th>
                      <td>
                        <NumberButton
                          k={{ col: 'x', row: i }}
                          label={`x${s}`}
                          value={formatValue(inspector.x[i])}
                          selected={selectedId}
                          onSelect={select}
                        />
                      </td>
                      {rowStat && (
                        <td>
                          <NumberButton
                            k={{ col: rms ? 'rowMeanSquare' : 'rowMean', row: i }}
                            label={rms ? `ms${s}` : `μ${s}`}
                            value={formatValue(stats ? (rms ? stats.meanSquare : stats.mean) : Number.NaN)}
                            selected={selectedId}
                            onSelect={select}
                          />
                        </td>
                      )}
                      {rowStat && !rms && (
                        <td>
                          <NumberButton
                            k={{ col: 'rowVariance', row: i }}
                            label={`σ²${s}`}
                            value={formatValue(stats ? stats.variance : Number.NaN)}
                            selected={selectedId}
                            onSelect={select}
                          />
                        </td>
                      )}
                      <td>
                        <NumberButton
                          k={{ col: 'xhat', row: i }}
                          label={`x̂${s}`}
                          value={formatValue(inspector.xhat[i])}
                          selected={selectedId}
                          onSelect={select}
                        />
                      </td>
                      <td>
                        <NumberButton
                          k={{ col: 'y', row: i }}
                          label={`y${s}`}
                          value={formatValue(inspector.y[i])}
                          selected={selectedId}
                          onSelect={select}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      </div>
      <output className="bn-arith" aria-live="polite" aria-label="Arithmetic">
        {selected && model.rows > ('row' in selected ? selected.row : -1) ? (
          <MathText text={explain(model, input, selected)} />
        ) : (
          'Click a number to see its arithmetic.'
        )}
      </output>
    </section>
  );
}

/** What the inspector shows: captured together so a frozen view keeps consistent numbers. */
interface Captured {
  input: InspectorInput | null;
  step: number | null;
}

/** The live inspector of the observed normalizer layer and tracked unit (refreshed only on screen). */
export function InspectorView() {
  const ref = useRef<HTMLDivElement>(null);
  return (
    <div ref={ref}>
      <LiveInspector onScreen={ref} />
    </div>
  );
}

function LiveInspector({ onScreen }: { onScreen: RefObject<HTMLDivElement | null> }) {
  const { unit, runs } = useObserved();
  // The runs whose observed layer is a normalizer the inspector explains.
  const eligible = runs.filter((r) => r.kind !== null && isSetNorm(r.kind));
  const { run, pick } = usePickedRun(eligible);
  const [frozen, setFrozen] = useState(false);
  const runId = run?.id ?? '';
  const read = (): Captured => {
    if (!run) return { input: null, step: null };
    const m = metricsFor(run.id);
    const latest = m.latest;
    if (!latest?.inspector || latest.layer !== run.layer) return { input: null, step: null };
    const cells = latest.cells;
    return {
      step: store.getState().runs.find((r) => r.id === run.id)?.step ?? null,
      input: {
        kind: run.kind as SetNorm,
        unit: Math.min(unit, Math.max(0, run.channels - 1)),
        inspector: latest.inspector,
        batchSize: run.batchSize,
        spatial: cells?.spatial ?? run.spatial,
        channels: run.channels,
        groups: run.groups,
        cells,
      },
    };
  };
  const captured = useThrottledSnapshot(
    read,
    INSPECTOR_INTERVAL_MS,
    frozen,
    `${runId}:${run?.layer}:${unit}:${run?.kind}`,
    onScreen,
  );
  if (runs.length === 0)
    return <ViewNotice title={INSPECTOR_TITLE}>No run yet: press Play to start training.</ViewNotice>;
  if (runs.every((r) => r.kind === null))
    return (
      <ViewNotice title={INSPECTOR_TITLE}>
        The network is being built; press Play to start training.
      </ViewNotice>
    );
  if (!run)
    return (
      <ViewNotice title={INSPECTOR_TITLE}>
        The inspector explains a normalization layer; pick a {NORM_CATALOG.map((row) => row.label).join(', ')}{' '}
        layer in the network diagram.
      </ViewNotice>
    );
  const unitOptions = Array.from({ length: run.channels }, (_, u) => ({
    value: u,
    label: `${run.spatial > 1 ? 'Channel' : 'Unit'} ${u}`,
  }));
  return (
    <InspectorTable
      input={captured.input}
      step={captured.step}
      frozen={frozen}
      onFrozenChange={setFrozen}
      toolbar={
        <>
          <RunPicker runs={eligible} value={run.id} onChange={pick} />
          <Select
            label={run.spatial > 1 ? 'Channel' : 'Unit'}
            value={Math.min(unit, Math.max(0, run.channels - 1))}
            options={unitOptions}
            onChange={(u) => selectObservedLayer(run.layer ?? 0, u)}
          />
        </>
      }
    />
  );
}
