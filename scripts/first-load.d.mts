// Types of first-load.mjs (plain node, imported by the TypeScript journeys).

export const FIRST_LOAD_BUDGET_BYTES: number;
export const PAGE_CHUNKS: { home: string; lessons: string; lesson: string; lab: string };
export type FirstLoadPage = keyof typeof PAGE_CHUNKS;
export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}
export function staticImports(code: string): string[];
export function closure(assets: string, files: readonly string[]): string[];
export function firstLoad(
  dist: string,
  page: FirstLoadPage,
  /** The lesson whose content a lesson page needs (default 4). */
  lesson?: number,
): {
  entry: string;
  pageChunk: string | null;
  scripts: FileSize[];
  styles: FileSize[];
  gzip: number;
  bytes: number;
};
