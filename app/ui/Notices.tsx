// Problems found in a link or in saved state: listed as plain text (never as HTML), with a
// dismiss button. The experiment already fell back to safe values, so nothing is blocked.

import { useStore } from '../store/index.ts';

export function Notices() {
  const notices = useStore((s) => s.notices);
  const dismiss = useStore((s) => s.dismissNotices);
  if (notices.length === 0) return null;
  return (
    <section className="notice notices" aria-label="Notices" role="status">
      <div>
        <strong>Some settings were adjusted:</strong>
        <ul>
          {notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </div>
      <button type="button" onClick={dismiss} aria-label="Dismiss notices">
        Dismiss
      </button>
    </section>
  );
}
