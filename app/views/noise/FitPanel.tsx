// Lesson 12's fit table, live: asks every MNIST run's worker for its train/test fit (the `fit`
// request) whenever training pauses, and shows them side by side.

import { useState } from 'react';
import type { FitResult } from '#engine';
import { controller } from '../../runtime/app-controller.ts';
import { type MnistRun, useMnistRuns } from '../mnist-runs.ts';
import { FitTable } from './FitTable.tsx';
import { useSettled } from './use-settled.ts';

export const FIT_NOT_MNIST =
  'The train/test gap is measured on MNIST digits: switch the data set to MNIST digits.';

export function FitPanel() {
  const runs = useMnistRuns();
  if (runs.length === 0) return <p className="hint">{FIT_NOT_MNIST}</p>;
  const key = runs.map((r) => r.id).join(',');
  return <LiveFit key={key} runs={runs} />;
}

function LiveFit({ runs }: { runs: MnistRun[] }) {
  const auto = runs.every((r) => r.auto);
  const [manual, setManual] = useState(0);
  const settled = useSettled<(FitResult | null)[]>(
    runs[0].id,
    '',
    (signal) =>
      Promise.all(
        runs.map((r) =>
          controller()
            .request({ type: 'fit', runId: r.id }, signal)
            .then((reply) => reply.result),
        ),
      ),
    auto,
    manual,
  );
  return (
    <>
      <FitTable
        runs={runs}
        fits={settled.value ?? runs.map(() => null)}
        step={settled.step}
        pending={settled.pending}
        onMeasure={auto ? undefined : () => setManual((m) => m + 1)}
      />
      {settled.failure && (
        <p className="notice notice-error" role="alert">
          The engine could not measure the fit: {settled.failure}. Press Reset and train again.
        </p>
      )}
    </>
  );
}
