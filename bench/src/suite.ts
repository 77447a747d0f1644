// One library's side of the benchmark, driven by commands so that the orchestrator (run.mjs) can
// interleave the libraries: for each workload it prepares every library (build + warm-up), then
// asks each in turn for one timed repetition, rotating the order, so that load from elsewhere on
// the machine hits every library alike. The same handler serves a node child process (IPC) and a
// browser Web Worker (postMessage).

import { measureRep, type TimingOptions, warmUp } from './harness.ts';
import type { Library } from './libs/library.ts';
import {
  GEMM_FLOPS,
  GEMM_SIZE,
  makeBatches,
  makeGemmOperands,
  WORKLOADS,
  workloadById,
} from './workloads.ts';

export type Command =
  | { type: 'info' }
  | { type: 'prepare'; workload: string; timing: TimingOptions }
  | { type: 'rep' }
  | { type: 'finish' };

export type Reply =
  | {
      type: 'info';
      id: string;
      label: string;
      version: string;
      details: Record<string, string | number | boolean>;
      /** The workloads in table order, and W4's floating-point operations per matmul. */
      workloads: { id: string; title: string }[];
      gemm: { size: number; flops: number };
    }
  | { type: 'prepared'; na: string | null; itersPerRep: number; warmupIters: number }
  | { type: 'rep'; rate: number }
  | { type: 'finished'; lossAfter: number | null; corners: [number, number] | null }
  | { type: 'error'; message: string };

interface Active {
  iter: () => void;
  itersPerRep: number;
  /** Called once the warm-up is over: remembers what finish() checks for leaks. */
  warmedUp: () => void;
  finish: () => { lossAfter: number | null; corners: [number, number] | null };
}

/** Per-endpoint state: the library and the workload being measured. */
export interface Session {
  lib: Library;
  active: Active | null;
}

export function handleCommand(session: Session, command: Command): Reply {
  try {
    return handle(session, command);
  } catch (error) {
    session.active = null;
    return { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

function handle(session: Session, command: Command): Reply {
  const { lib } = session;
  switch (command.type) {
    case 'info':
      return {
        type: 'info',
        id: lib.id,
        label: lib.label,
        version: lib.version,
        details: lib.details(),
        workloads: WORKLOADS.map((w) => ({ id: w.id, title: w.title })),
        gemm: { size: GEMM_SIZE, flops: GEMM_FLOPS },
      };
    case 'prepare': {
      session.active = null;
      const active = command.workload === 'W4' ? prepareGemm(lib) : prepareTrain(lib, command.workload);
      if (typeof active === 'string') return { type: 'prepared', na: active, itersPerRep: 0, warmupIters: 0 };
      const { itersPerRep, warmupIters } = warmUp(active.iter, command.timing);
      active.itersPerRep = itersPerRep;
      active.warmedUp();
      session.active = active;
      return { type: 'prepared', na: null, itersPerRep, warmupIters };
    }
    case 'rep': {
      const active = requireActive(session);
      return { type: 'rep', rate: measureRep(active.iter, active.itersPerRep) };
    }
    case 'finish': {
      const active = requireActive(session);
      session.active = null;
      return { type: 'finished', ...active.finish() };
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

function requireActive(session: Session): Active {
  if (!session.active) throw new Error('no workload prepared');
  return session.active;
}

function prepareTrain(lib: Library, id: string): Active | string {
  const w = workloadById(id);
  const na = lib.unsupported(w);
  if (na) return na;
  const runner = lib.train(w, makeBatches(w));
  let liveAfterWarmup = 0;
  return {
    iter: runner.step,
    itersPerRep: 0,
    warmedUp() {
      liveAfterWarmup = runner.liveObjects?.() ?? 0;
    },
    finish() {
      // Every timed step ran between the warm-up and now: a step that leaks would have left
      // thousands of objects behind (and timed their allocation).
      const live = runner.liveObjects?.() ?? 0;
      if (live !== liveAfterWarmup) {
        runner.dispose();
        throw new Error(
          `the training step leaks: ${liveAfterWarmup} live objects after the warm-up, ${live} after the timed steps`,
        );
      }
      const lossAfter = runner.lossOfNextStep();
      runner.dispose();
      return { lossAfter, corners: null };
    },
  };
}

function prepareGemm(lib: Library): Active | string {
  const { a, b } = makeGemmOperands();
  const runner = lib.gemm(GEMM_SIZE, a, b);
  if (!runner) return 'no matrix multiply of its own';
  return {
    iter: runner.run,
    itersPerRep: 0,
    warmedUp() {},
    finish() {
      const corners = runner.corners();
      runner.dispose();
      return { lossAfter: null, corners };
    },
  };
}
