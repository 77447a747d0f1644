// A page loaded on demand from its own chunk. `preload()` starts the fetch early (main.tsx does
// for the page in the address before the first render; the other pages are fetched at idle), and
// once the chunk is in, the page renders at once with no loading state. Until then the page
// suspends (the shell's Suspense shows "Loading…"). A chunk that cannot be fetched (the app was
// updated since the tab opened and its files are gone, or the connection dropped) fails with
// ChunkLoadFailed, which the ErrorBoundary shows as "reload the page", not as a bug. A lesson's
// content is loaded the same way (lessons/lesson-chunks.ts, with `lazyChunk`).

import { type ComponentType, use, useEffect } from 'react';
import { ChunkLoadFailed } from './load-failure.ts';

let markShown: () => void = () => {};
/** Resolves once the first lazy page has rendered its content (not its loading state). */
export const firstPageShown = new Promise<void>((resolve) => {
  markShown = resolve;
});

/** Something a chunk holds, fetched once: read at once when it is in, else a promise of it. */
export interface LazyChunk<T> {
  /** What the chunk holds, once it is in (null before). */
  loaded(): T | null;
  /** Starts loading the chunk (once; again after a failure, which rejects with ChunkLoadFailed). */
  load(): Promise<T>;
}

/** `load` fetches a chunk and picks what it holds. */
export function lazyChunk<T>(load: () => Promise<T>): LazyChunk<T> {
  let value: { v: T } | null = null;
  let pending: Promise<T> | null = null;
  return {
    loaded: () => (value ? value.v : null),
    load() {
      pending ??= load().then(
        (v) => {
          value = { v };
          return v;
        },
        (err: unknown) => {
          pending = null; // the next visit tries again
          throw new ChunkLoadFailed(err instanceof Error ? err.message : String(err));
        },
      );
      return pending;
    },
  };
}

/**
 * What a chunk holds, for a component: at once when it is in, else the component suspends until
 * it is. Call it after the component's hooks: React replays a render that suspended here as soon
 * as the chunk is in, with the hooks of the suspended attempt, and by then the chunk is loaded so
 * `use` is skipped; a hook after it would be one more than the attempt had (React #467, reported
 * as a recovered error, #520).
 */
export function useChunk<T>(chunk: LazyChunk<T>): T {
  return chunk.loaded() ?? use(chunk.load());
}

/** A component whose code is a chunk of its own: it suspends until the chunk is in. */
export interface LazyComponent<P extends object> {
  (props: P): React.ReactNode;
  /** Starts loading the chunk (once; again after a failure); resolves when it is in. */
  preload(): Promise<void>;
}

/** A routed page loaded this way (it marks `firstPageShown` once its content renders). */
export type LazyPage<P extends object> = LazyComponent<P>;

/** `name` is the module's named export (the app's modules export named components, not defaults). */
export function lazyComponent<K extends string, P extends object>(
  load: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
): LazyComponent<P> {
  const chunk = lazyChunk<ComponentType<P>>(() => load().then((module) => module[name]));
  function Lazy(props: P) {
    const Loaded = useChunk(chunk);
    return <Loaded {...props} />;
  }
  Lazy.displayName = `Lazy(${name})`;
  Lazy.preload = () => chunk.load().then(() => undefined);
  return Lazy;
}

/** A page (`lazyComponent`) that marks `firstPageShown` when its content first renders. */
export function lazyPage<K extends string, P extends object>(
  load: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
): LazyPage<P> {
  const Content = lazyComponent(load, name);
  function Page(props: P) {
    useEffect(() => markShown(), []);
    return <Content {...props} />;
  }
  Page.displayName = `Lazy(${name})`;
  Page.preload = Content.preload;
  return Page;
}
