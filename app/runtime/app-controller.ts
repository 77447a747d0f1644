// The app's one Controller, wired to the browser (engine workers, the MNIST asset, the page's
// frames) and created on first use. Components reach the runtime through it and actions.ts.

import { MNIST_ASSET_PATH } from '#engine';
import { store as appStore } from '../store/index.ts';
import { drawsPending } from '../ui/live.ts';
import { Controller } from './controller.ts';
import { createEngineWorker, type WorkerLike } from './engine-client.ts';
import { afterDraws } from './page-frame.ts';

let singleton: Controller | null = null;

/** The app's controller, created on first use in the browser. */
export function controller(): Controller {
  singleton ??= new Controller({
    store: appStore,
    createWorker: createEngineWorker as () => WorkerLike,
    poolSize: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)),
    cores: navigator.hardwareConcurrency || 1,
    waitForPage: () => afterDraws(drawsPending),
    fetchMnist: async () => {
      const url = new URL(MNIST_ASSET_PATH, document.baseURI);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.pathname}`);
      return response.arrayBuffer();
    },
  });
  return singleton;
}
