// Lesson 10's sequence panel: asks an engine worker for the padded-sequence study (three tiny token
// models, BatchNorm / LayerNorm / RMSNorm, trained and probed: engine/lessons/token-model.ts) at the
// lesson's seed, and shows its numbers. The study runs in the worker of the lesson's first run (about
// a second of work; the run itself is untouched), like the serving panel's requests.

import { useEffect, useRef, useState } from 'react';
import type { SequenceStudy, TokenNorm } from '#engine';
import { controller } from '../../runtime/app-controller.ts';
import { useStore } from '../../store/index.ts';
import { sequenceStudyOptions } from './preset.ts';
import './sequence-panel.css';

const NORM_LABEL: Record<TokenNorm, string> = {
  batchnorm: 'BatchNorm',
  layernorm: 'LayerNorm',
  rmsnorm: 'RMSNorm',
  none: 'No norm',
};
/** Column heads: short, so four columns fit a phone (the caption spells them out). */
const NORM_SHORT: Record<TokenNorm, string> = {
  batchnorm: 'BN',
  layernorm: 'LN',
  rmsnorm: 'RMS',
  none: 'None',
};

type State =
  | { kind: 'idle' }
  | { kind: 'busy'; seed: number }
  | { kind: 'done'; seed: number; study: SequenceStudy }
  | { kind: 'failed'; message: string };

/** A logit change as the panel prints it: "0" only when nothing moved at all (bit-identical). */
export function formatMove(move: number): string {
  return move === 0 ? '0' : move.toFixed(2);
}

export function SequencePanel() {
  const seed = useStore((s) => s.config.seed);
  const runId = useStore((s) => s.runs[0]?.id ?? null);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = async () => {
    if (!runId) return;
    abort.current?.abort();
    const controllerOfThis = new AbortController();
    abort.current = controllerOfThis;
    const signal = controllerOfThis.signal;
    setState({ kind: 'busy', seed });
    try {
      const reply = await controller().request(
        { type: 'sequences', runId, options: sequenceStudyOptions(seed) },
        signal,
      );
      if (!signal.aborted) setState({ kind: 'done', seed, study: reply.study });
    } catch (err) {
      if (!signal.aborted)
        setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const study = state.kind === 'done' ? state.study : null;
  return (
    <section className="sequence-panel" aria-labelledby="sequence-panel-title">
      <h3 id="sequence-panel-title">Padded sequences, live</h3>
      <p className="sequence-panel-controls">
        <button
          type="button"
          className="button primary"
          onClick={run}
          disabled={!runId || state.kind === 'busy'}
        >
          {state.kind === 'done' ? 'Train again' : 'Train the three sequence models'}
        </button>{' '}
        <span role="status">
          {!runId
            ? 'Waiting for the engine…'
            : state.kind === 'busy'
              ? `Training with seed ${state.seed}… (a second or two)`
              : state.kind === 'done'
                ? `Seed ${state.seed}: trained ${sequenceStudyOptions(state.seed).steps} steps each.`
                : state.kind === 'failed'
                  ? `The study failed: ${state.message}. Press the button to try again.`
                  : `Seed ${seed} (the lesson's seed knob).`}
        </span>
      </p>
      {study && (
        <table className="run-table sequence-table">
          <caption>
            {study.rows.map((r) => `${NORM_SHORT[r.norm]}: ${NORM_LABEL[r.norm]}`).join(', ')}. Answers out of{' '}
            {study.testCount} held-out sequences. Train mode in batches of {sequenceStudyOptions(1).batchSize}
            , padded to {sequenceStudyOptions(1).maxLength} unless stated; a logit change is the largest over
            all sequences, and 0 means bit-identical.
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {study.rows.map((r) => (
                <th key={r.norm} scope="col">
                  <abbr title={NORM_LABEL[r.norm]}>{NORM_SHORT[r.norm]}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Right (eval mode)</th>
              {study.rows.map((r) => (
                <td key={r.norm}>{r.correct}</td>
              ))}
            </tr>
            {study.pads.map((pad, k) => (
              <tr key={pad}>
                <th scope="row">Padded to {pad}: logit change</th>
                {study.rows.map((r) => (
                  <td key={r.norm}>{formatMove(r.padMove[k])}</td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">Flipped at {study.pads.join(' / ')}</th>
              {study.rows.map((r) => (
                <td key={r.norm}>{r.padFlips.join(' / ')}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Batch 1, unpadded: differ from eval</th>
              {study.rows.map((r) => (
                <td key={r.norm}>{r.batchOneChanged}</td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
