// "PNG" and "SVG" buttons under a view's card: the card as drawn now, with its title and the
// experiment (the deep link's query, and the step the runs are at) as caption, composed by
// charts/chart-image.ts. Every chart row of the view registry (views.tsx) gets them, in the Lab
// and in the lessons alike.

import type { RefObject } from 'react';
import { chartFileName, chartPng, composeViewSvg } from '../charts/chart-image.ts';
import { store } from '../store/index.ts';
import { downloadBlob } from '../ui/download.ts';
import { formatExperimentParams } from '../url/experiment-codec.ts';

/** An exported view's caption: the experiment as its deep link states it, at the runs' step. */
export function experimentCaption(): string {
  const { config, comparison, sweep, runs } = store.getState();
  const step = runs.length ? Math.max(...runs.map((r) => r.step)) : 0;
  return `NormLab experiment at step ${step}: ${formatExperimentParams({ config, comparison, sweep })}`;
}

export function ViewExport({ title, card }: { title: string; card: RefObject<HTMLElement | null> }) {
  const file = chartFileName(title);
  const compose = () => (card.current ? composeViewSvg(card.current, title, experimentCaption()) : null);
  return (
    <div className="chart-export" data-export="omit">
      <button
        type="button"
        aria-label={`Download ${title} as PNG`}
        onClick={async () => {
          const image = compose();
          if (image) downloadBlob(await chartPng(image), `${file}.png`);
        }}
      >
        PNG
      </button>
      <button
        type="button"
        aria-label={`Download ${title} as SVG`}
        onClick={() => {
          const image = compose();
          if (image) downloadBlob(new Blob([image.svg], { type: 'image/svg+xml' }), `${file}.svg`);
        }}
      >
        SVG
      </button>
    </div>
  );
}
