/// <reference types="@vitest/browser-playwright" />
// For the views' screenshot tests: a view in its card on the page background (as the Lab shows
// it), and the colour scheme the page renders in.

import type { ReactNode } from 'react';
import { cdp } from 'vitest/browser';

/** A view in a `view-card` (test id `testId`) on the page background, `padding` from the edge. */
export function Card({
  padding = 8,
  testId = 'card',
  children,
}: {
  padding?: number | string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div style={{ background: 'var(--bg)', padding }}>
      <div className="view-card" data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

type Session = { send: (method: string, params: object) => Promise<unknown> };
let session: Session | null = null;

/** Renders the page in a light or dark colour scheme (null: the browser's own again). */
export function emulateColorScheme(theme: 'light' | 'dark' | null): Promise<unknown> {
  // One CDP session per test file: an emulation lasts only as long as its session. The
  // session's type is augmented only by the provider package.
  session ??= cdp() as unknown as Session;
  // The stylesheets follow `data-theme` (app/theme.ts sets it from the toggle or this media
  // query in the app; tests render without it), so set it to the emulated scheme too.
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  return session.send('Emulation.setEmulatedMedia', {
    features: theme ? [{ name: 'prefers-color-scheme', value: theme }] : [],
  });
}
