import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startTheme } from './theme.ts';
import './styles.css';

// Before the first render, and the entry script blocks rendering until it has run
// (vite.config.ts), so the first frame already wears the reader's theme.
startTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline: the production build's service worker (scripts/offline-plugin.ts) caches the app as it loads,
// so a reload works without a network. Not in development, where files change under it.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Unsupported context (e.g. a file:// page): the app works online as before.
    });
  });
}
