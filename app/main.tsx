import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { prefetchPages, preloadRoute } from './pages/page-chunks.ts';
import { parseRoute } from './route.ts';
import { startTheme } from './theme.ts';
import { firstPageShown } from './ui/lazy-page.tsx';
import './styles.css';

// Before the first render, and the entry script blocks rendering until it has run
// (vite.config.ts), so the first frame already wears the reader's theme.
startTheme();

/**
 * How long the first render waits for the address's page chunk: on a fast connection the first
 * frame then shows the page itself, not the shell with "Loading…" and then the page; on a slow
 * one the shell shows after this long and the page follows.
 */
const FIRST_PAGE_WAIT_MS = 500;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const route = parseRoute(window.location.hash);
const firstPage = preloadRoute(route).catch(() => {
  // The page reports it itself when it renders (ErrorBoundary: "This page could not load").
});
Promise.race([firstPage, new Promise((wait) => setTimeout(wait, FIRST_PAGE_WAIT_MS))]).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});

/**
 * Resolves at the browser's first contentful paint, which it times when the frame is presented:
 * on a cold start that can come well after the main thread has painted it. A browser that does
 * not report paints (or reports none within 3 s) resolves at once (or then).
 */
function firstContentfulPaint(): Promise<void> {
  return new Promise((done) => {
    if (
      typeof PerformanceObserver === 'undefined' ||
      !PerformanceObserver.supportedEntryTypes?.includes('paint')
    )
      return done();
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.name === 'first-contentful-paint')) {
        observer.disconnect();
        done();
      }
    });
    observer.observe({ type: 'paint', buffered: true });
    setTimeout(() => {
      observer.disconnect();
      done();
    }, 3000);
  });
}

// Once the first page shows its content (not "Loading…"), that frame is painted (a timeout
// queued in an animation frame runs after its paint) and the browser has counted it as the first
// contentful paint, the rest: nothing below competes with the first page for the network or the
// main thread (a page that failed to load waits for nothing).
const painted = preloadRoute(route)
  .then(
    () => (route.page === 'not-found' ? undefined : firstPageShown),
    () => undefined,
  )
  .then(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))))
  .then(firstContentfulPaint);
// The other pages' chunks, fetched at idle, so a link followed later waits for nothing.
painted.then(() => prefetchPages(route));

// Offline: the production build's service worker (scripts/offline-plugin.ts) caches the app (every
// built file) once the page has loaded and shows its first page, so a reload works without a
// network. Not in development, where files change under it.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const loaded = new Promise((done) =>
    document.readyState === 'complete'
      ? done(undefined)
      : window.addEventListener('load', done, { once: true }),
  );
  Promise.all([loaded, painted]).then(() => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Unsupported context (e.g. a file:// page): the app works online as before.
    });
  });
}
