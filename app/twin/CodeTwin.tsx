// The "Code" panel: the store's experiment as a runnable PyTorch or Keras script (CodeTabs.tsx).
// Collapsed by default; the scripts and their generators are a chunk of their own
// (code-tabs-chunk.ts), loaded when the panel first opens (or at idle after the first paint), and
// generated only while it is open.

import { Suspense, useState } from 'react';
import { useChunk } from '../ui/lazy-page.tsx';
import { codeTabs } from './code-tabs-chunk.ts';
import './code-twin.css';

const SUMMARY = 'Code: this experiment in PyTorch and Keras';

function LoadedTabs(props: { steps: number | null; serving: boolean }) {
  const CodeTabs = useChunk(codeTabs);
  return <CodeTabs {...props} />;
}

/**
 * The collapsible Code panel for the store's experiment. `steps`: what a run trains (a lesson's
 * stopping point; null in the Lab, which trains until paused). `serving`: the page shows the
 * serving panel, so the script serves test images one at a time in eval mode too.
 */
export function CodeTwin({ steps = null, serving = true }: { steps?: number | null; serving?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="code-twin" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{SUMMARY}</summary>
      {open && (
        <Suspense fallback={<p className="hint">Loading the code…</p>}>
          <LoadedTabs steps={steps} serving={serving} />
        </Suspense>
      )}
    </details>
  );
}

/** For a lesson whose experiment is a widget (no network run): says there is no twin. */
export function CodeTwinAbsent() {
  return (
    <details className="code-twin">
      <summary>{SUMMARY}</summary>
      <p className="hint">
        This lesson’s experiment is a worked example, not a network that trains, so it has no PyTorch or Keras
        script. Every network lesson and the Lab show theirs here.
      </p>
    </details>
  );
}
