// The live half of a network lesson: the lesson's experiment loaded into the app's runtime (the
// same workers and store as the Lab), its transport, a few knobs and the views the lesson is
// about. Opening the lesson trains from step 0 with the preset (or with the experiment its link
// carries); Play pauses by itself at the lesson's checkpoint. Reports the experiment's query to
// the page ('' while it is the preset) so the link always describes what is on screen. A
// predict-then-run verdict the page passes stands just above the view it measured.

import { Fragment, type ReactNode, useEffect } from 'react';
import { Knob } from '../lab/Knob.tsx';
import { dockKnobs, LiveDock } from '../lab/LiveDock.tsx';
import { useTransportKeys } from '../lab/Transport.tsx';
import { ViewCard, type ViewId } from '../lab/views.tsx';
import { controller } from '../runtime/app-controller.ts';
import { store, useStore } from '../store/index.ts';
import { CodeTwin } from '../twin/CodeTwin.tsx';
import { Notices } from '../ui/Notices.tsx';
import { formatExperimentParams, parseExperimentParams } from '../url/experiment-codec.ts';
import { currentExperiment, labHref, sameExperiment, startLessonExperiment } from './lesson-runtime.ts';
import type { NetworkLive } from './lesson-types.ts';

export function NetworkLesson({
  live,
  initialQuery,
  onQuery,
  modified,
  verdict,
}: {
  live: NetworkLive;
  /** A predict-then-run verdict, shown just above the view it measured. */
  verdict?: { view: ViewId | null; node: ReactNode } | null;
  /** The link's query ('' or only `step`: the preset). */
  initialQuery: string;
  onQuery: (query: string) => void;
  modified: boolean;
}) {
  useTransportKeys();
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once per mount (the page remounts on a new link)
  useEffect(() => {
    const params = new URLSearchParams(initialQuery);
    const carriesExperiment = [...params.keys()].some((k) => k !== 'step');
    let experiment = live.preset;
    if (carriesExperiment) {
      const parsed = parseExperimentParams(initialQuery, live.preset.config);
      if (parsed.issues.length) store.getState().addNotices(parsed.issues);
      experiment = {
        ...live.preset,
        config: parsed.config,
        comparison: parsed.comparison,
        sweep: parsed.sweep,
      };
    }
    const report = () => {
      const now = currentExperiment(live.preset);
      onQuery(
        sameExperiment(now, live.preset)
          ? ''
          : formatExperimentParams({ config: now.config, comparison: now.comparison, sweep: now.sweep }),
      );
    };
    startLessonExperiment(experiment);
    report();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.config !== prev.config || s.comparison !== prev.comparison || s.sweep !== prev.sweep) report();
    });
    return () => {
      unsubscribe();
      const c = controller();
      c.pause();
      c.cancelSweep();
      c.setStopAt(null);
      store.getState().setPreferredObserve(null);
    };
  }, []);

  const config = useStore((s) => s.config);
  const comparison = useStore((s) => s.comparison);
  const sweep = useStore((s) => s.sweep);
  // The runtime's checkpoint, not the preset's: a try-this or an exercise brings its own.
  const stopAt = useStore((s) => s.stopAt);

  return (
    <section className="lesson-live" aria-label="Live experiment">
      <LiveDock knobs={dockKnobs(live.knobs)} />
      <div className="lesson-live-links">
        {modified && (
          <button type="button" onClick={() => startLessonExperiment(live.preset)}>
            Back to the lesson’s setup
          </button>
        )}
        <a className="button" href={labHref({ ...live.preset, config, comparison, sweep })}>
          Open in Lab
        </a>
      </div>
      {stopAt !== null && (
        <p className="hint lesson-checkpoint">
          Play pauses at step {stopAt.toLocaleString('en-US')}, where this lesson’s claim is checked. Press
          Play again to keep training.
        </p>
      )}
      <Notices />
      {live.knobs.length > 0 && (
        <form className="lesson-knobs" aria-label="Lesson controls" onSubmit={(e) => e.preventDefault()}>
          {live.knobs.map((knob) => (
            <Knob key={knob} name={knob} />
          ))}
        </form>
      )}
      <div className="lesson-views">
        {live.views.map((view) => (
          <Fragment key={view}>
            {verdict?.view === view && verdict.node}
            <ViewCard id={view} place="lesson" />
          </Fragment>
        ))}
      </div>
      <CodeTwin steps={stopAt} serving={live.views.includes('serving')} />
    </section>
  );
}
