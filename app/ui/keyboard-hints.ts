// Hints that name a key ("press Play (or Space)") name it only where there is likely a keyboard: a
// touch-only screen (no hover, a coarse pointer: a phone, a tablet without its keyboard) has no
// Space bar, and telling its reader to press one is noise. Read when the hint renders.

/** A screen that is only touched. */
export const TOUCH_ONLY_QUERY = '(hover: none) and (pointer: coarse)';

/** True on a touch-only screen. */
export function touchOnly(): boolean {
  return typeof window !== 'undefined' && (window.matchMedia?.(TOUCH_ONLY_QUERY).matches ?? false);
}

/** " (or Space)" after an action the key also does; nothing on a touch-only screen. */
export function orKey(key: string): string {
  return touchOnly() ? '' : ` (or ${key})`;
}
