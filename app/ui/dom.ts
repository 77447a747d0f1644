// Writes for the imperative chart islands that redraw ten times a second: each touches the DOM
// only when the value changed, because a write invalidates style or layout even when it is equal
// (setting `hidden` to what it was re-sets the attribute; `textContent =` replaces the text node).

/** Sets `el`'s text, editing its text node in place when there is one. */
export function setText(el: Element | null, text: string): void {
  if (!el || el.textContent === text) return;
  const only = el.firstChild;
  if (only instanceof Text && only.nextSibling === null) only.data = text;
  else el.textContent = text;
}

/** Shows or hides `el` with the `hidden` attribute. */
export function setHidden(el: HTMLElement | null, hidden: boolean): void {
  if (el && el.hidden !== hidden) el.hidden = hidden;
}
