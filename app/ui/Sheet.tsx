// A modal bottom sheet: a native <dialog> opened with showModal (the page behind it is inert),
// with Tab and Shift+Tab kept inside it, Escape and its Close button closing it, and focus
// returned to whatever opened it. The Lab and the lessons use it for the live dock's knobs on
// narrow screens; its content renders only while open (no second copy of a control in the page).

import { type ReactNode, useEffect, useId, useRef } from 'react';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** The enabled, rendered controls inside `root`, in tab order (document order; none uses tabindex > 0). */
function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !el.hasAttribute('disabled') && el.getClientRects().length > 0,
  );
}

export function Sheet({
  open,
  onClose,
  title,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    focusables(dialog)[0]?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // Back where the reader was (the browser may do this too; doing it here makes it certain).
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = focusables(ref.current);
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className="sheet"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      // Escape closes the element itself; its `close` event brings the state along.
      onClose={onClose}
      onClick={(e) => {
        // A tap on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === ref.current) onClose();
      }}
    >
      {open && (
        <div className="sheet-body">
          <div className="sheet-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}
