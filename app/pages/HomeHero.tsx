// The home page's live hero: lesson 2's race (one deep tanh network, the same seed and the same
// starting weights, without normalization and with BatchNorm) trained in the app's engine workers,
// as the lesson runs it: its loss curves and the current batch's histograms of the layer the
// lesson watches. It starts by itself, plays the race out in slow motion over HERO_SECONDS and
// stops at the lesson's checkpoint (500 steps); under prefers-reduced-motion it trains one step
// (the real run's first frame) and waits for Play. Leaving the page pauses it, as leaving a lesson
// does, and gives back the reader's pace.

import { useEffect, useState } from 'react';
import { CurveChart } from '../charts/CurveChart.tsx';
import { useRunSources } from '../lab/RunCurves.tsx';
import { Claim } from '../lessons/Claim.tsx';
import { LESSON_2 } from '../lessons/lesson-2/preset.ts';
import { startLessonExperiment } from '../lessons/lesson-runtime.ts';
import { controller } from '../runtime/app-controller.ts';
import { store, useStore } from '../store/index.ts';
import { prefersReducedMotion } from '../ui/motion.ts';
import { BatchHistograms } from '../views/activations/ActivationView.tsx';

/** The race the hero shows: lesson 2's experiment, unchanged, and where it pauses. */
export const HERO_EXPERIMENT = LESSON_2;
/** The lesson that explains it. */
export const HERO_LESSON = 2;
/**
 * How long the race plays out: the hero trains in slow motion, stopAt / HERO_SECONDS steps per
 * second. At full speed the engine now runs lesson 2's 500 steps in under a second after load,
 * a flash instead of a race to watch (and to pause).
 */
export const HERO_SECONDS = 5;
const HERO_PACE = Math.round((HERO_EXPERIMENT.stopAt ?? 500) / HERO_SECONDS);

const formatLoss = (v: number) => v.toFixed(3);

function HeroTransport() {
  const status = useStore((s) => s.status);
  const step = useStore((s) => (s.runs.length ? Math.max(...s.runs.map((r) => r.step)) : 0));
  const stopAt = HERO_EXPERIMENT.stopAt ?? 0;
  const playing = status === 'training';
  const finished = !playing && step >= stopAt;
  const blocked = status === 'error' || status === 'loading' || status === 'diverged';
  const label = playing ? 'Pause' : finished ? 'Train again' : 'Play';
  const onClick = () => {
    const c = controller();
    if (playing) c.pause();
    else if (finished) {
      startLessonExperiment(HERO_EXPERIMENT);
      c.play();
    } else c.play();
  };
  return (
    <div className="hero-transport">
      <button type="button" className="button" onClick={onClick} disabled={blocked}>
        {label}
      </button>
      <span className="hero-step" aria-live="off">
        Step {step.toLocaleString('en-US')} of {stopAt.toLocaleString('en-US')}
        {finished ? ' · done' : ''}
      </span>
    </div>
  );
}

export function HomeHero() {
  const [reduced] = useState(prefersReducedMotion);
  // biome-ignore lint/correctness/useExhaustiveDependencies: starts once per visit of the page
  useEffect(() => {
    startLessonExperiment(HERO_EXPERIMENT);
    const c = controller();
    // The reader's own pace (the Lab's speed menu) comes back when the page is left.
    const speedBefore = store.getState().speed;
    c.setSpeed(HERO_PACE);
    let unsubscribe = () => {};
    if (!reduced) c.play();
    else {
      // The first step once the networks are built: the watched layer (lesson 2's 4th tanh) is
      // resolved from the built layers, so a step taken earlier would show the default layer.
      const built = () => {
        const { runs } = store.getState();
        return runs.length > 0 && runs.every((r) => r.layers.length > 0);
      };
      if (built()) c.step(1);
      else
        unsubscribe = store.subscribe(() => {
          if (!built()) return;
          unsubscribe();
          // After the event that built them has also sent the workers the watched layer
          // (engine-events.ts: layers are stored first, then networkBuilt picks the layer).
          queueMicrotask(() => c.step(1));
        });
    }
    return () => {
      unsubscribe();
      const c = controller();
      c.pause();
      c.setStopAt(null);
      c.setSpeed(speedBefore);
    };
  }, []);
  const sources = useRunSources((m) => m.loss);
  return (
    <section className="hero" aria-label="Live comparison">
      <p className="hero-caption">
        <strong>Training now, in your browser:</strong> the same 8-layer tanh network, same seed and same
        starting weights, learning to separate two rings of points.{' '}
        <Claim id="l2-stalled">
          Without normalization its loss gets no lower than chance (about 0.69, a coin flip); with BatchNorm
          it learns.
        </Claim>
      </p>
      <div className="hero-charts">
        <CurveChart
          title="Training loss"
          yLabel="Loss"
          sources={sources}
          format={formatLoss}
          height={170}
          emptyText="Starting the engine…"
        />
        <BatchHistograms height={160} emptyText="The first step’s histograms appear here." />
      </div>
      <div className="hero-footer">
        <HeroTransport />
        <a href={`#/lessons/${HERO_LESSON}`}>Why? Lesson {HERO_LESSON} explains it →</a>
      </div>
    </section>
  );
}
