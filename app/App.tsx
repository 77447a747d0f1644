// The app shell: header with navigation, the routed page, and a footer with the version
// and the engine worker's status.

import { Suspense } from 'react';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { type EngineStatus, useEngineStatus } from './engine-status.ts';
import { NotFound } from './pages/NotFound.tsx';
import { Home, Lab, LessonPage, LessonsIndex } from './pages/page-chunks.ts';
import { usePageMeta } from './pages/page-meta.ts';
import type { Route } from './route.ts';
import { ThemeToggle } from './ui/ThemeToggle.tsx';
import { useRoute } from './use-route.ts';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <Home />;
    case 'lessons':
      return <LessonsIndex />;
    case 'lesson':
      return <LessonPage id={route.id} />;
    case 'lab':
      return <Lab />;
    case 'not-found':
      return <NotFound path={route.path} />;
  }
}

function EngineBadge({ status }: { status: EngineStatus }) {
  switch (status.state) {
    case 'starting':
      return <span className="engine-status">Engine: starting…</span>;
    case 'ready':
      return (
        <span className="engine-status" data-sample={status.sample.join(',')}>
          Engine: ready in a Web Worker ({Math.max(1, Math.round(status.roundTripMs))} ms round trip)
        </span>
      );
    case 'error':
      return (
        <span className="engine-status engine-status-error" role="alert">
          Engine: {status.message}. Training needs Web Workers; try reloading or another browser.
        </span>
      );
  }
}

export function App() {
  const route = useRoute();
  const engine = useEngineStatus();
  usePageMeta(route);
  const section = route.page === 'lab' ? 'lab' : route.page === 'home' ? 'home' : 'course';
  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header className="site-header">
        <a className="brand" href="#/">
          <img src="./favicon.svg" alt="" width={28} height={28} />
          NormLab
        </a>
        <nav aria-label="Main">
          <a href="#/lessons" aria-current={section === 'course' ? 'page' : undefined}>
            Course
          </a>
          <a href="#/lab" aria-current={section === 'lab' ? 'page' : undefined}>
            Lab
          </a>
        </nav>
        <ThemeToggle />
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={`${route.page}`}>
          <Suspense
            fallback={
              <p className="page page-loading" role="status">
                Loading…
              </p>
            }
          >
            <Page route={route} />
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className="site-footer">
        <span>NormLab v{__APP_VERSION__}</span>
        <EngineBadge status={engine} />
        <span>Everything trains in your browser; nothing is sent anywhere.</span>
      </footer>
    </div>
  );
}
