// The header's theme toggle: System (follow the device's light or dark setting), Light or Dark.
// The choice is applied at once, remembered (app/theme.ts saves it with the progress) and shared
// with other open tabs.

import { setThemeChoice, THEME_CHOICES, type ThemeChoice, useThemeChoice } from '../theme.ts';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeToggle() {
  const choice = useThemeChoice();
  return (
    <label className="theme-toggle">
      {/* The menu is named by its aria-label, so a phone can hide the word and keep the header to one line. */}
      <span className="theme-toggle-word" aria-hidden="true">
        Theme
      </span>
      <select
        aria-label="Theme"
        value={choice}
        onChange={(e) => setThemeChoice(e.currentTarget.value as ThemeChoice)}
      >
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
