// The Code panel's tabs and script generators (CodeTabs.tsx) as a chunk of its own: the panel
// loads it when first opened, and pages/page-chunks.ts fetches it at idle after the first paint.

import { lazyChunk } from '../ui/lazy-page.tsx';

export const codeTabs = lazyChunk(() => import('./CodeTabs.tsx').then((m) => m.CodeTabs));
