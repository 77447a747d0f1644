// A page loaded on demand from its own chunk. `preload()` starts the fetch early (main.tsx does
// for the page in the address before the first render; the other pages are fetched at idle), and
// once the chunk is in, the page renders at once with no loading state. Until then the page
// suspends (the shell's Suspense shows "Loading…"). A chunk that cannot be fetched (the app was
// updated since the tab opened and its files are gone, or the connection dropped) fails with
// ChunkLoadFailed, which the ErrorBoundary shows as "reload the page", not as a bug.

import { type ComponentType, use, useEffect } from 'react';
import { ChunkLoadFailed } from './load-failure.ts';

let markShown: () => void = () => {};
/** Resolves once the first lazy page has rendered its content (not its loading state). */
export const firstPageShown = new Promise<void>((resolve) => {
  markShown = resolve;
});

export interface LazyPage<P extends object> {
  (props: P): React.ReactNode;
  /** Starts loading the page's chunk (once; again after a failure); resolves when it is in. */
  preload(): Promise<void>;
}

/** `name` is the page module's named export (the pages export named components, not defaults). */
export function lazyPage<K extends string, P extends object>(
  load: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
): LazyPage<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchChunk = (): Promise<ComponentType<P>> => {
    pending ??= load().then(
      (module) => {
        loaded = module[name];
        return loaded;
      },
      (err: unknown) => {
        pending = null; // the next visit tries again
        throw new ChunkLoadFailed(err instanceof Error ? err.message : String(err));
      },
    );
    return pending;
  };
  function Page(props: P) {
    const Loaded = loaded ?? use(fetchChunk());
    useEffect(() => markShown(), []);
    return <Loaded {...props} />;
  }
  Page.displayName = `Lazy(${name})`;
  Page.preload = () => fetchChunk().then(() => undefined);
  return Page;
}
