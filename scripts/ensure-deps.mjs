// Installs npm dependencies if they are missing or stale (used by `npm run dev`).
import { ensureDeps } from './lib.mjs';

ensureDeps();
