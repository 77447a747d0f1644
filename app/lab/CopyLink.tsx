import { useState } from 'react';

/** Copies the current address (the canonical deep link) to the clipboard. */
export function CopyLink() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(window.location.href);
          setState('copied');
        } catch {
          setState('failed');
        }
        setTimeout(() => setState('idle'), 2000);
      }}
    >
      {state === 'copied'
        ? 'Link copied'
        : state === 'failed'
          ? 'Copy failed: use the address bar'
          : 'Copy link'}
    </button>
  );
}
