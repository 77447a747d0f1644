// The live dock: the transport (Play/Pause, Step, Reset) and the run's status, with a Knobs
// button that opens the knobs that matter most in a bottom sheet. On a wide screen it is the
// transport row as before (the Lab's sidebar and a lesson's knobs sit beside the charts); on a
// narrow one it sticks to the top of the screen while the reader scrolls the charts, and the
// sheet brings the knobs to them (the controls are the same Knob components, one home).

import { useState } from 'react';
import { Sheet } from '../ui/Sheet.tsx';
import { Knob, type KnobName } from './Knob.tsx';
import { SpeedSelect, StatusLine, Transport } from './Transport.tsx';

/** The knobs that change a run the most, offered in the dock's sheet everywhere. */
export const DOCK_KNOBS: readonly KnobName[] = ['lr', 'batchSize', 'norm'];

/** The sheet's knobs: a page's own first (a lesson's), then the dock's, each once. */
export function dockKnobs(own: readonly KnobName[] = []): KnobName[] {
  return [...new Set([...own, ...DOCK_KNOBS])];
}

export function LiveDock({ knobs }: { knobs: readonly KnobName[] }) {
  const [open, setOpen] = useState(false);
  return (
    // A reveal (ui/reveal.ts) measures the dock to bring a view in just below it on a phone.
    <div className="live-dock" data-sticky-bar>
      <div className="live-dock-row">
        <Transport />
        <button
          type="button"
          className="live-dock-knobs"
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => setOpen(true)}
        >
          Knobs
        </button>
      </div>
      <StatusLine compact />
      <Sheet open={open} onClose={() => setOpen(false)} title="Knobs">
        <form className="sheet-knobs" aria-label="Knobs" onSubmit={(e) => e.preventDefault()}>
          {knobs.map((knob) => (
            <Knob key={knob} name={knob} />
          ))}
          <SpeedSelect />
        </form>
      </Sheet>
    </div>
  );
}
