// Brings training numbers to the page at a bounded rate: each round's metric history is
// recorded at once (cheap), but the store (run table, status) is told, and every chart's `tick`
// bumped, at most once per UI_INTERVAL_MS while training, so the page's work does not grow
// with the number of rounds or views.

import type { RunSnapshot } from '#engine';
import type { AppStore } from '../store/index.ts';
import type { RunView } from '../store/run-slice.ts';
import { recordSnapshot } from './metrics.ts';

/** The page redraws its live views at most this often while training (10 per second). */
export const UI_INTERVAL_MS = 100;

interface Pending {
  step: number;
  lastLoss: number;
  test: RunView['test'];
  msPerStep: number;
}

/** What the throttle needs to know about the race (see coordinator.ts). */
export interface RaceState {
  readonly isPlaying: boolean;
  readonly yieldsToPage: boolean;
}

export class UiThrottle {
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Whether a page update went out since `pushedSinceAsked` last asked. */
  private pushed = false;

  constructor(
    private readonly store: AppStore,
    private readonly race: RaceState,
  ) {}

  /** Numbers the page has not been shown yet. */
  get holding(): boolean {
    return this.pending.size > 0;
  }

  /** Records a round and shows it now unless a page update went out less than UI_INTERVAL_MS ago. */
  round(snapshots: RunSnapshot[]): void {
    for (const snap of snapshots) {
      recordSnapshot(snap);
      this.pending.set(snap.runId, {
        step: snap.step,
        lastLoss: snap.losses.length ? snap.losses[snap.losses.length - 1] : Number.NaN,
        test: snap.test ?? this.pending.get(snap.runId)?.test ?? null,
        msPerStep: snap.msPerStep,
      });
    }
    if (!this.race.isPlaying || this.timer === null) this.flush();
  }

  /**
   * Whether the page got an update (the store and every chart's tick) since the last call: a race
   * that yields to the page waits for its frame only then. A round within UI_INTERVAL_MS of the last
   * update is only recorded, so the page has nothing new to draw for it (a lesson's run to its
   * checkpoint comes in rounds of a few steps, ~4 per update: a frame's wait each cost lesson 10
   * a quarter of its time).
   */
  pushedSinceAsked(): boolean {
    const pushed = this.pushed;
    this.pushed = false;
    return pushed;
  }

  /** Forgets numbers not yet shown (the runs were rebuilt). */
  clear(): void {
    this.pending.clear();
  }

  /**
   * Pushes the latest run numbers to the store and bumps `tick` (every chart redraws from the
   * metric history); then waits UI_INTERVAL_MS before the next push.
   */
  flush(): void {
    if (this.timer !== null) return;
    const s = this.store.getState();
    this.pushed = true;
    if (this.pending.size > 0) {
      const pending = new Map(this.pending);
      this.pending.clear();
      s.setRuns(
        s.runs.map((r) => {
          const p = pending.get(r.id);
          if (!p) return r;
          return {
            ...r,
            step: p.step,
            lastLoss: Number.isFinite(p.lastLoss) ? p.lastLoss : r.lastLoss,
            test: p.test ?? r.test,
            msPerStep: p.msPerStep,
          };
        }),
        true,
      );
    }
    const after = this.store.getState();
    if (!this.race.isPlaying && after.status === 'idle') after.setRunStatus('paused');
    if (after.runs.length > 0 && after.runs.every((r) => r.diverged)) after.setRunStatus('diverged');
    this.timer = setTimeout(() => {
      this.timer = null;
      // While a race yields to the page, the next round brings these numbers to the page: the
      // workers then rest while it draws them (a flush from this timer would draw them while
      // they compute).
      if (this.race.isPlaying && this.race.yieldsToPage) return;
      if (this.pending.size > 0) this.flush();
    }, UI_INTERVAL_MS);
  }
}
