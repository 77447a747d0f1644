// Creates one library adapter by id, initialising what it needs (the TF.js backend). Each
// process (node) or Web Worker (browser) loads exactly one library, so no library's JIT state,
// heap or threads affect another's timings.

import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { jsKernels } from '../../engine/core/kernels.ts';
import { defaultKernels, wasmF32Kernels } from '../../engine/core/wasm-kernels.ts';
import rootPkg from '../../package.json';
import convnetPkg from '../node_modules/convnetjs/package.json';
import { createConvNetJs } from './libs/convnetjs.ts';
import type { Library, LibraryEnv, LibraryId } from './libs/library.ts';
import { createNormLab } from './libs/normlab.ts';
import { createTfjs, initTfjs } from './libs/tfjs.ts';

export async function loadLibrary(id: LibraryId, env: LibraryEnv): Promise<Library> {
  switch (id) {
    case 'normlab':
      return createNormLab('normlab', rootPkg.version, defaultKernels);
    case 'normlab-js':
      return createNormLab('normlab-js', rootPkg.version, jsKernels);
    case 'normlab-f32':
      return createNormLab('normlab-f32', rootPkg.version, wasmF32Kernels);
    case 'tfjs-cpu': {
      await initTfjs('cpu', env);
      const lib = createTfjs('cpu');
      return { ...lib, version: `core ${lib.version}, backend-cpu ${version_cpu}` };
    }
    case 'tfjs-wasm': {
      await initTfjs('wasm', env);
      const lib = createTfjs('wasm');
      return { ...lib, version: `core ${lib.version}, backend-wasm ${version_wasm}` };
    }
    case 'convnetjs':
      return createConvNetJs(convnetPkg.version);
    default: {
      const never: never = id;
      throw new Error(`unknown library ${never}`);
    }
  }
}
