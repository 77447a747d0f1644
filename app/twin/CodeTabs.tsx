// The Code panel's content (twin/CodeTwin.tsx): the store's experiment as a runnable PyTorch or
// Keras script (tabs), updated as the knobs change, with Copy (clipboard, or the text selected when
// the clipboard is refused) and Download (a Blob URL, no network). A chunk of its own, with the
// script generators, loaded when the panel first opens (or at idle after the first paint).

import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import { useStore } from '../store/index.ts';
import { downloadText } from '../ui/download.ts';
import { RunPicker } from '../ui/RunPicker.tsx';
import { usePickedRun } from '../ui/use-picked-run.ts';
import { KERAS_FILE, kerasScript } from './keras.ts';
import { PYTORCH_FILE, pytorchScript } from './pytorch.ts';
import { twinRuns } from './twin-runs.ts';

const FRAMEWORKS = [
  { id: 'pytorch', label: 'PyTorch', file: PYTORCH_FILE, script: pytorchScript },
  { id: 'keras', label: 'Keras', file: KERAS_FILE, script: kerasScript },
] as const;
type Framework = (typeof FRAMEWORKS)[number]['id'];

/** How long "Copied" stays on the button. */
const COPIED_MS = 2000;

/** Roving focus over the tabs: arrows move and select, Home/End jump (WAI-ARIA tabs pattern). */
function nextTab(key: string, index: number): number | null {
  const n = FRAMEWORKS.length;
  if (key === 'ArrowRight') return (index + 1) % n;
  if (key === 'ArrowLeft') return (index - 1 + n) % n;
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return null;
}

export function CodeTabs({ steps, serving }: { steps: number | null; serving: boolean }) {
  const id = useId();
  const config = useStore((s) => s.config);
  const comparison = useStore((s) => s.comparison);
  const sweep = useStore((s) => s.sweep);
  const [framework, setFramework] = useState<Framework>('pytorch');
  const [copy, setCopy] = useState<'idle' | 'copied' | 'selected'>('idle');
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const pre = useRef<HTMLPreElement>(null);

  const runs = useMemo(
    () => twinRuns({ config, comparison, sweep }, steps, serving),
    [config, comparison, sweep, steps, serving],
  );
  // planRuns always plans at least one run.
  const { run: picked, pick } = usePickedRun(runs);
  const run = picked ?? runs[0];
  const selected = FRAMEWORKS.find((f) => f.id === framework) ?? FRAMEWORKS[0];
  const code = useMemo(() => {
    try {
      return { text: selected.script(run.input), error: null };
    } catch (e) {
      return { text: '', error: e instanceof Error ? e.message : String(e) };
    }
  }, [selected, run]);

  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const next = nextTab(e.key, index);
    if (next === null) return;
    e.preventDefault();
    setFramework(FRAMEWORKS[next].id);
    tabs.current[next]?.focus();
  };

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(code.text);
      setCopy('copied');
    } catch {
      // No clipboard (insecure context, permission refused): select the code for Ctrl+C.
      const node = pre.current;
      const selection = window.getSelection();
      if (node && selection) selection.selectAllChildren(node);
      setCopy('selected');
    }
    setTimeout(() => setCopy('idle'), COPIED_MS);
  };

  return (
    <div className="code-twin-body">
      <div className="code-twin-bar">
        <div role="tablist" aria-label="Framework" className="code-twin-tabs">
          {FRAMEWORKS.map((f, i) => (
            <button
              key={f.id}
              ref={(node) => {
                tabs.current[i] = node;
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${f.id}`}
              aria-selected={f.id === framework}
              aria-controls={`${id}-panel`}
              tabIndex={f.id === framework ? 0 : -1}
              onClick={() => setFramework(f.id)}
              onKeyDown={(e) => onKeyDown(e, i)}
            >
              {f.label}
            </button>
          ))}
        </div>
        <div className="code-twin-actions">
          <button type="button" onClick={onCopy} disabled={code.error !== null}>
            {copy === 'copied' ? 'Copied' : copy === 'selected' ? 'Selected: press Ctrl+C' : 'Copy'}
          </button>
          <button
            type="button"
            onClick={() => downloadText(code.text, selected.file, 'text/x-python')}
            disabled={code.error !== null}
          >
            Download {selected.file}
          </button>
          <span className="sr-only" aria-live="polite">
            {copy === 'copied' ? 'Code copied' : copy === 'selected' ? 'Code selected' : ''}
          </span>
        </div>
      </div>
      <RunPicker runs={runs} value={run.id} onChange={pick} />
      {code.error !== null ? (
        <p className="hint" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${framework}`}>
          No script for this experiment: {code.error}
        </p>
      ) : (
        <pre
          ref={pre}
          role="tabpanel"
          id={`${id}-panel`}
          aria-labelledby={`${id}-tab-${framework}`}
          className="code-twin-code"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the panel scrolls inside itself; WAI-ARIA tabs give a panel without focusable content tabindex 0
          tabIndex={0}
        >
          <code>{code.text}</code>
        </pre>
      )}
    </div>
  );
}
