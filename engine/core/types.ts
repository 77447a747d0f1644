// Core contracts shared by every layer, normalizer and the model.
// Shapes: a batch is row-major; dense data is (N, F) at n * F + f, image data is
// NCHW at ((n * C + c) * H + h) * W + w. The batch size N is passed per call.

/** 'train' uses batch statistics and dropout; 'eval' uses running statistics, no dropout. */
export type Mode = 'train' | 'eval';

/** Storage precision. The app trains in float32; tests use float64 for tight gradient checks. */
export type Precision = 'float32' | 'float64';

/** A batch buffer in either precision. */
export type Arr = Float32Array | Float64Array;

/** Shape of ONE sample, without the batch dimension: [F] or [C, H, W]. */
export type SampleShape = readonly number[];

/** A trainable tensor with its gradient (same length). `decay` marks it for weight decay. */
export interface Param {
  readonly name: string;
  readonly value: Arr;
  readonly grad: Arr;
  readonly decay: boolean;
}

/**
 * A differentiable layer. forward() returns a buffer owned by the layer, valid until the
 * next forward() with the same batch size; backward() consumes dL/dy of the LAST forward,
 * writes (not accumulates) the parameter gradients, and returns dL/dx (also owned).
 * After warm-up (one call per batch size) neither allocates.
 */
export interface Layer {
  readonly kind: string;
  readonly inShape: SampleShape;
  readonly outShape: SampleShape;
  forward(x: Arr, n: number, mode: Mode): Arr;
  backward(dy: Arr): Arr;
  params(): readonly Param[];
}

/** Allocates a zeroed buffer in the requested precision. */
export function alloc(precision: Precision, length: number): Arr {
  return precision === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** Number of elements in one sample of the given shape. */
export function sizeOf(shape: SampleShape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}
