// Lesson 12's spread panel, live: asks an MNIST run's worker (the first, or the one picked) for one
// test digit's logit spread over random batch-mates (the `spread` request) whenever training
// pauses, and draws it.

import { type ReactNode, useState } from 'react';
import { SPREAD_BATCH_SIZES, SPREAD_DRAWS } from '#engine';
import { controller } from '../../runtime/app-controller.ts';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { usePickedRun } from '../../ui/use-picked-run.ts';
import { useMnistRuns } from '../mnist-runs.ts';
import { SpreadView } from './SpreadView.tsx';
import { useSettled } from './use-settled.ts';

export const SPREAD_NOT_MNIST =
  'The spread is measured on MNIST digits: switch the data set to MNIST digits.';

export function SpreadPanel() {
  const runs = useMnistRuns();
  const { run, pick } = usePickedRun(runs);
  if (!run) return <p className="hint">{SPREAD_NOT_MNIST}</p>;
  const picker = <RunPicker runs={runs} value={run.id} onChange={pick} />;
  return <LiveSpread key={run.id} runId={run.id} auto={run.auto} picker={picker} />;
}

function LiveSpread({ runId, auto, picker }: { runId: string; auto: boolean; picker: ReactNode }) {
  const [seed, setSeed] = useState(1);
  const [image, setImage] = useState(0);
  const [manual, setManual] = useState(0);
  const settled = useSettled(
    runId,
    `${image}|${seed}`,
    (signal) =>
      controller()
        .request(
          {
            type: 'spread',
            runId,
            image,
            batchSizes: [...SPREAD_BATCH_SIZES],
            draws: SPREAD_DRAWS,
            seed,
          },
          signal,
        )
        .then((reply) => reply.result),
    auto,
    manual,
  );
  return (
    <SpreadView
      result={settled.value}
      step={settled.step}
      pending={settled.pending}
      onNewMates={() => setSeed((s) => s + 1)}
      onNextDigit={() => setImage((i) => i + 1)}
      picker={picker}
      onMeasure={auto ? undefined : () => setManual((m) => m + 1)}
    >
      {settled.failure && (
        <p className="notice notice-error" role="alert">
          The engine could not measure the spread: {settled.failure}. Press Reset and train again.
        </p>
      )}
    </SpreadView>
  );
}
