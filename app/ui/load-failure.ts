// When a file of the app cannot be fetched (a page's chunk, the engine worker's script): the app
// was updated since the tab opened and the old files are gone, or the connection dropped. Only a
// reload helps, so the page says so instead of reporting a bug.

/** Why a file of the app cannot load, as a student reads it (pages, the engine worker). */
export const OUTDATED_OR_OFFLINE =
  'the app was probably updated since this page was opened (or the connection dropped)';

/** A page's code could not be loaded: only a reload (fetching the current files) helps. */
export class ChunkLoadFailed extends Error {
  constructor(readonly detail: string) {
    super(`this page's code could not load: ${detail}`);
    this.name = 'ChunkLoadFailed';
  }
}
