import { StrictMode, Suspense, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { ErrorBoundary } from '../ErrorBoundary.tsx';
import { lazyPage } from './lazy-page.tsx';

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <ErrorBoundary>
      <Suspense fallback={<p role="status">Loading…</p>}>{children}</Suspense>
    </ErrorBoundary>
  );
}

type PageModule = { Page: () => React.ReactNode };

describe('lazyPage', () => {
  it('shows the loading state while the chunk loads, then the page', async () => {
    let resolve!: (m: PageModule) => void;
    const Page = lazyPage(() => new Promise<PageModule>((r) => (resolve = r)), 'Page');
    await render(
      <Shell>
        <Page />
      </Shell>,
    );
    await expect.element(page.getByRole('status')).toHaveTextContent('Loading…');
    resolve({ Page: () => <h1>Loaded page</h1> });
    await expect.element(page.getByRole('heading', { name: 'Loaded page' })).toBeVisible();
    await expect.element(page.getByRole('status')).not.toBeInTheDocument();
  });

  it('a preloaded page renders in the first frame, with no loading state (main.tsx preloads the address’s page)', async () => {
    let loads = 0;
    const Page = lazyPage(async () => {
      loads++;
      return { Page: () => <h1>Preloaded page</h1> };
    }, 'Page');
    await Page.preload();
    const screen = await render(
      <Shell>
        <Page />
      </Shell>,
    );
    // Read at once, not polled: the very first commit already holds the page.
    expect(screen.container.querySelector('h1')?.textContent).toBe('Preloaded page');
    expect(screen.container.querySelector('[role="status"]')).toBeNull();
    await Page.preload();
    expect(loads).toBe(1);
  });

  it('a chunk that comes in while React waits on it renders without an error (React replays the page with its loaded chunk)', async () => {
    // main.tsx renders while the address's chunk may still be on its way; a concurrent render
    // that suspends on it is replayed as soon as it resolves. That replay must call the same
    // hooks: it once called one more than the suspended attempt (React #467, reported as #520,
    // "recovered by rendering the entire root synchronously", which fails every journey).
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    const container = document.body.appendChild(document.createElement('div'));
    const root = createRoot(container, { onRecoverableError: (error) => errors.push(error) });
    try {
      for (let delay = 0; delay < 6; delay++) {
        const Page = lazyPage(
          () =>
            new Promise<PageModule>((resolve) =>
              setTimeout(() => resolve({ Page: () => <h1>Page after {delay} ms</h1> }), delay),
            ),
          'Page',
        );
        startTransition(() =>
          root.render(
            <StrictMode>
              <Shell>
                <Page />
              </Shell>
            </StrictMode>,
          ),
        );
        await expect.element(page.getByRole('heading', { name: `Page after ${delay} ms` })).toBeVisible();
      }
      expect(errors).toEqual([]);
    } finally {
      window.removeEventListener('error', onError);
      root.unmount();
      container.remove();
    }
  });

  it('a chunk that cannot be fetched asks for a reload, not "something went wrong"', async () => {
    const Page = lazyPage<'Page', object>(
      () => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/Lab-old.js')),
      'Page',
    );
    await render(
      <Shell>
        <Page />
      </Shell>,
    );
    await expect.element(page.getByRole('heading', { name: 'This page could not load' })).toBeVisible();
    await expect.element(page.getByText(/app was probably updated since this page was opened/)).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Reload the page' })).toBeVisible();
    await expect.element(page.getByText('Something went wrong on this page')).not.toBeInTheDocument();
  });

  it('after a failed load the next visit fetches the chunk again (the connection may be back)', async () => {
    let attempts = 0;
    const Page = lazyPage(async () => {
      attempts++;
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { Page: () => <h1>Back online</h1> };
    }, 'Page');
    await expect(Page.preload()).rejects.toThrow("this page's code could not load");
    await Page.preload();
    expect(attempts).toBe(2);
    await render(
      <Shell>
        <Page />
      </Shell>,
    );
    await expect.element(page.getByRole('heading', { name: 'Back online' })).toBeVisible();
  });
});
