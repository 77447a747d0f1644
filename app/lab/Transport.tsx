// Play/pause, step, step ×10, reset and speed, plus the run status line. Keyboard: space
// plays/pauses, → steps, r resets — except while typing in a field, and Space is left to a control
// it operates (a button, a checkbox, a radio: a lesson's guess must not start training).

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { controller } from '../runtime/app-controller.ts';
import { useStore } from '../store/index.ts';
import { type RunStatus, SLOW_START_STEPS } from '../store/run-slice.ts';
import { Select } from '../ui/controls.tsx';
import { orKey } from '../ui/keyboard-hints.ts';

const SPEEDS: { value: string; label: string }[] = [
  { value: 'slow-start', label: `Slow start (${SLOW_START_STEPS} steps), then full` },
  { value: 'full', label: 'Full speed' },
  { value: '30', label: '30 steps/s' },
  { value: '10', label: '10 steps/s' },
  { value: '2', label: '2 steps/s' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !['range', 'checkbox', 'radio', 'button'].includes(target.type)
  );
}

/** Input types Space operates itself (ticks a box, picks a radio, presses a button). */
const SPACE_INPUTS = ['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color'];

/** Whether Space on this element belongs to it: a button, a summary, or an input Space presses or picks. */
function takesSpace(target: EventTarget | null): boolean {
  if (target instanceof HTMLButtonElement || (target instanceof HTMLElement && target.tagName === 'SUMMARY'))
    return true;
  return target instanceof HTMLInputElement && SPACE_INPUTS.includes(target.type);
}

/** Installs the Lab's keyboard shortcuts while mounted. */
export function useTransportKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === ' ' && !takesSpace(e.target)) {
        e.preventDefault();
        controller().togglePlay();
      } else if (e.key === 'ArrowRight' && !(e.target instanceof HTMLInputElement)) {
        e.preventDefault();
        controller().step(1);
      } else if (e.key === 'r' || e.key === 'R') {
        controller().reset();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

const STATUS_TEXT: Record<Exclude<RunStatus, 'idle'>, string> = {
  loading: 'Loading',
  training: 'Training',
  paused: 'Paused',
  diverged: 'Diverged',
  error: 'Error',
};

/** The status line's words; the idle one names Space only where there is a keyboard. */
function statusText(status: RunStatus): string {
  return status === 'idle' ? `Ready: press Play${orKey('Space')} to train` : STATUS_TEXT[status];
}

/**
 * The run's status for everyone to see. Screen readers hear what changes the state (training,
 * paused, diverged and why, an error) as it happens, but not the step counter, which changes ten
 * times a second while training: it sits outside the live regions.
 *
 * `compact` (the live dock): on a narrow screen the dock sticks to the top while the reader
 * scrolls the charts, so a long status (lesson 5's "diverged at step 5 — learning rate 3 is too
 * high…", five lines on a phone) would take a fifth of the screen for as long as it stands. There
 * the text shows two lines, and a More button, offered only when the text is cut, shows the rest
 * (screen readers always hear all of it; the clamp is visual, in styles.css).
 */
export function StatusLine({ compact = false }: { compact?: boolean }) {
  const status = useStore((s) => s.status);
  const detail = useStore((s) => s.statusDetail);
  const reloadNeeded = useStore((s) => s.reloadNeeded);
  const runs = useStore((s) => s.runs);
  const step = runs.length ? Math.max(...runs.map((r) => r.step)) : 0;
  const diverged = runs.filter((r) => r.diverged);
  const [expanded, setExpanded] = useState(false);
  const [cut, setCut] = useState(false);
  const text = useRef<HTMLDivElement>(null);
  // Whether the clamp hides anything, measured after every render (the text changes with it).
  useLayoutEffect(() => {
    const el = text.current;
    if (!compact || !el) return;
    const next = el.scrollHeight > el.clientHeight + 1;
    if (!expanded && next !== cut) setCut(next);
  });
  const long = compact && (Boolean(detail) || diverged.length > 0);
  const clamped = long && !expanded;
  return (
    <div className={`status status-${status}${clamped ? ' status-clamped' : ''}`}>
      <div className="status-text" ref={text}>
        <strong role="status">{statusText(status)}</strong>
        {status !== 'idle' && status !== 'loading' && status !== 'error' && (
          <span className="status-step"> · step {step.toLocaleString('en-US')}</span>
        )}
        <span role="status">
          {detail && <span> · {detail}</span>}
          {diverged.map((r) => (
            <span key={r.id} className="diverged-note">
              {' '}
              · {runs.length > 1 ? `${r.label}: ` : ''}diverged at step {r.diverged?.step} —{' '}
              {r.diverged?.cause}
            </span>
          ))}
        </span>
      </div>
      {long && (cut || expanded) && (
        <button
          type="button"
          className="status-more"
          aria-expanded={expanded}
          aria-label={expanded ? 'Less of the status' : 'More of the status'}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Less' : 'More'}
        </button>
      )}
      {status === 'error' && reloadNeeded && (
        <button type="button" className="status-reload" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      )}
    </div>
  );
}

/** The training pace; in the transport, and in the live dock's knob sheet on a phone. */
export function SpeedSelect() {
  const speed = useStore((s) => s.speed);
  return (
    <Select
      label="Speed"
      value={String(speed)}
      options={SPEEDS}
      onChange={(v) => controller().setSpeed(v === 'full' || v === 'slow-start' ? v : Number(v))}
    />
  );
}

/** Play/pause, step, reset; Step ×10 and Speed are marked `transport-more` (a phone's dock hides them). */
export function Transport() {
  const status = useStore((s) => s.status);
  const playing = status === 'training';
  const blocked = status === 'error' || status === 'loading' || status === 'diverged';
  return (
    <div className="transport">
      <button
        type="button"
        className="button primary"
        onClick={() => controller().togglePlay()}
        disabled={blocked}
        aria-keyshortcuts="Space"
      >
        {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        onClick={() => controller().step(1)}
        disabled={blocked || playing}
        aria-keyshortcuts="ArrowRight"
      >
        Step
      </button>
      <button
        type="button"
        className="transport-more"
        onClick={() => controller().step(10)}
        disabled={blocked || playing}
      >
        Step ×10
      </button>
      <button type="button" onClick={() => controller().reset()} aria-keyshortcuts="R">
        Reset
      </button>
      <div className="transport-more">
        <SpeedSelect />
      </div>
    </div>
  );
}
