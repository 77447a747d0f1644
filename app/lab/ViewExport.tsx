// "PNG" and "SVG" buttons under a view's card: the card as drawn now, with its title and the
// experiment (the deep link's query, and the step the runs are at) as caption, composed by
// charts/chart-image.ts, which is loaded with the first download (a page shows its views without
// it). Every chart row of the view registry (views.tsx) gets them, in the Lab and in the lessons
// alike.

import type { RefObject } from 'react';
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
  const exportAs = async (format: 'png' | 'svg') => {
    const { chartFileName, chartPng, composeViewSvg } = await import('../charts/chart-image.ts');
    if (!card.current) return;
    const image = composeViewSvg(card.current, title, experimentCaption());
    const file = `${chartFileName(title)}.${format}`;
    if (format === 'png') downloadBlob(await chartPng(image), file);
    else downloadBlob(new Blob([image.svg], { type: 'image/svg+xml' }), file);
  };
  return (
    <div className="chart-export" data-export="omit">
      <button type="button" aria-label={`Download ${title} as PNG`} onClick={() => exportAs('png')}>
        PNG
      </button>
      <button type="button" aria-label={`Download ${title} as SVG`} onClick={() => exportAs('svg')}>
        SVG
      </button>
    </div>
  );
}
