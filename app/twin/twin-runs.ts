// The code twin's inputs for an experiment as the app holds it (config, comparison, sweep): one
// script per run the controller would train (planRuns), each with comment lines saying where it
// sits in the experiment. Pure.

import type { Comparison, ExperimentConfig, Sweep } from '#engine';
import { planRuns } from '../runtime/controller.ts';
import type { TwinInput } from './twin-plan.ts';

export interface TwinExperiment {
  config: ExperimentConfig;
  comparison: Comparison | null;
  sweep: Sweep | null;
}

export interface TwinRun {
  /** The run's id, label and colour as the app shows them (e.g. "BatchNorm", "Learning rate 0.1"). */
  id: string;
  label: string;
  color: string;
  input: TwinInput;
}

/** One twin input per run; steps null means the experiment trains until paused (the Lab). */
export function twinRuns(experiment: TwinExperiment, steps: number | null, serving: boolean): TwinRun[] {
  const { comparison, sweep } = experiment;
  const sweepNote = sweep
    ? [
        `NormLab also sweeps ${sweep.knob} over ${sweep.values.join(', ')} (${sweep.steps} steps each):`,
        `set ${sweep.knob} and run again for each point.`,
      ]
    : [];
  return planRuns(experiment.config, comparison).map((plan) => ({
    id: plan.id,
    label: plan.label,
    color: plan.color,
    input: {
      config: plan.config,
      steps,
      serving,
      context: [
        ...(comparison
          ? [
              `NormLab trains ${comparison.knob} = ${comparison.values.join(', ')} side by side; this is the run with`,
              `${comparison.knob} = ${plan.config[comparison.knob]} (same seed and data).`,
            ]
          : []),
        ...sweepNote,
      ],
    },
  }));
}
