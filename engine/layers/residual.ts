// Identity residual connections as two layers of the flat layer list: `skip` opens a block and
// `add` closes it, y = x + F(x), where F is every layer between them (He et al. 2016). The pair
// nests like brackets (buildModel pairs each add with the nearest open skip). Forward: Skip returns
// its input unchanged and keeps a copy; Add returns its input plus that copy. Backward: Add passes
// dy into the block and hands the same dy to its Skip, which adds it to what comes back out of
// the block, dx = dy_F + dy. Shapes: the block must give back the shape it was given.

import type { Arr, Layer, Mode, Param, Precision, SampleShape } from '../core/types.ts';
import { alloc, sizeOf } from '../core/types.ts';
import { BatchCache } from './batch-cache.ts';

const NO_PARAMS: readonly Param[] = [];

interface SkipBuffers {
  /** The block's input, kept for Add. */
  x: Arr;
  /** dL/dx: the gradient out of the block plus the one through the identity path. */
  dx: Arr;
}

export class Skip implements Layer {
  readonly kind = 'skip';
  readonly inShape: SampleShape;
  readonly outShape: SampleShape;
  private readonly cache: BatchCache<SkipBuffers>;
  private buffers: SkipBuffers | null = null;
  /** dL/dy of the paired Add's output (set by Add.backward, read by this backward). */
  private identityGrad: Arr | null = null;

  constructor(shape: SampleShape, precision: Precision) {
    this.inShape = [...shape];
    this.outShape = [...shape];
    const size = sizeOf(shape);
    this.cache = new BatchCache((n) => ({ x: alloc(precision, n * size), dx: alloc(precision, n * size) }));
  }

  /** Returns x itself; a copy is kept for the closing Add. */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    this.buffers = this.cache.get(n);
    this.buffers.x.set(x);
    this.identityGrad = null;
    return x;
  }

  /** The block's input of the last forward (read by Add). */
  saved(): Arr {
    if (this.buffers === null) throw new Error('skip: add reached before its skip ran forward');
    return this.buffers.x;
  }

  /** Called by the paired Add's backward: the gradient that takes the identity path. */
  receive(dy: Arr): void {
    this.identityGrad = dy;
  }

  backward(dy: Arr): Arr {
    if (this.buffers === null || this.identityGrad === null) {
      throw new Error('skip backward called before its add ran backward');
    }
    const { dx } = this.buffers;
    const identity = this.identityGrad;
    for (let i = 0; i < dx.length; i++) dx[i] = dy[i] + identity[i];
    this.identityGrad = null;
    return dx;
  }

  params(): readonly Param[] {
    return NO_PARAMS;
  }
}

export class Add implements Layer {
  readonly kind = 'add';
  readonly inShape: SampleShape;
  readonly outShape: SampleShape;
  private readonly cache: BatchCache<Arr>;

  /** Closes the block `skip` opened; the block's output shape must be the skip's input shape. */
  constructor(
    shape: SampleShape,
    readonly skip: Skip,
    precision: Precision,
  ) {
    if (shape.length !== skip.inShape.length || shape.some((d, i) => d !== skip.inShape[i])) {
      throw new Error(
        `add: the block gives [${shape.join(', ')}] but its skip took [${skip.inShape.join(', ')}]; an identity skip needs the same shape`,
      );
    }
    this.inShape = [...shape];
    this.outShape = [...shape];
    const size = sizeOf(shape);
    this.cache = new BatchCache((n) => alloc(precision, n * size));
  }

  /** y = F(x) + x. */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    const y = this.cache.get(n);
    const identity = this.skip.saved();
    for (let i = 0; i < y.length; i++) y[i] = x[i] + identity[i];
    return y;
  }

  /** dy flows into the block unchanged and, through the skip, around it. */
  backward(dy: Arr): Arr {
    this.skip.receive(dy);
    return dy;
  }

  params(): readonly Param[] {
    return NO_PARAMS;
  }
}
