// The engine's numeric kernels: under Dense and Conv2d GEMM, im2col/col2im and two bias reductions,
// plus the normalizers' arithmetic and the optimizers' updates. Every hot loop goes through this
// one interface, so a WASM SIMD backend can replace `jsKernels` without touching the layers.
// Matrices are row-major with explicit offsets and leading dimensions (BLAS style): element (i, j)
// of M sits at off + i * ld + j.

import { denseBatchNormBackward, denseBatchNormForward } from '../norm/dense-batch-norm.ts';
import {
  channelAffine,
  channelAffineBackward,
  constantStatsBackward,
  elementAffine,
  elementAffineBackward,
  meanSquare,
  meanVariance,
  normalize,
  normalizeBackward,
  rmsBackward,
} from '../norm/stats.ts';
import { adamUpdate, sgdUpdate } from '../train/update.ts';
import type { Arr } from './types.ts';

export interface Kernels {
  readonly name: string;
  /**
   * C = op(A) op(B) (+ C when `accumulate`), with op(A) (m x k), op(B) (k x n), C (m x n).
   * op(A) = A^T when transA (then A is stored k x m), likewise for B. No aliasing of C with A or B.
   */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Arr,
    aOff: number,
    lda: number,
    b: Arr,
    bOff: number,
    ldb: number,
    c: Arr,
    cOff: number,
    ldc: number,
    accumulate: boolean,
  ): void;
  /**
   * Unfolds one CHW image (at xOff) into columns for convolution as GEMM:
   * col (C*k*k, outH*outW) at colOff, row (c * k + i) * k + j, column oh * outW + ow, holding
   * x[c, oh*stride - pad + i, ow*stride - pad + j] (0 outside the image).
   */
  im2col(
    x: Arr,
    xOff: number,
    channels: number,
    height: number,
    width: number,
    kernel: number,
    stride: number,
    pad: number,
    outH: number,
    outW: number,
    col: Arr,
    colOff: number,
  ): void;
  /** The adjoint of im2col: WRITES the image at xOff as the sum of every column entry mapping to each pixel. */
  col2im(
    col: Arr,
    colOff: number,
    channels: number,
    height: number,
    width: number,
    kernel: number,
    stride: number,
    pad: number,
    outH: number,
    outW: number,
    x: Arr,
    xOff: number,
  ): void;
  /** y[(o * channels + c) * inner + i] += bias[c] for o < outer, i < inner (Dense: inner 1; Conv: H*W). */
  addBias(y: Arr, bias: Arr, outer: number, channels: number, inner: number): void;
  /** dBias[c] = sum over o, i of dy[(o * channels + c) * inner + i] (written, not accumulated). */
  sumBias(dy: Arr, outer: number, channels: number, inner: number, dBias: Arr): void;

  // The normalizers' arithmetic (contracts at each function in norm/stats.ts and
  // norm/dense-batch-norm.ts): the statistics reductions, normalization, the affine step and the
  // backward reductions. A backend replacing them must give the same results.
  readonly meanVariance: typeof meanVariance;
  readonly meanSquare: typeof meanSquare;
  readonly normalize: typeof normalize;
  readonly normalizeBackward: typeof normalizeBackward;
  readonly rmsBackward: typeof rmsBackward;
  readonly constantStatsBackward: typeof constantStatsBackward;
  readonly channelAffine: typeof channelAffine;
  readonly elementAffine: typeof elementAffine;
  readonly channelAffineBackward: typeof channelAffineBackward;
  readonly elementAffineBackward: typeof elementAffineBackward;
  readonly denseBatchNormForward: typeof denseBatchNormForward;
  readonly denseBatchNormBackward: typeof denseBatchNormBackward;

  // The optimizers' per-element updates of one parameter tensor (contracts in train/update.ts).
  readonly adamUpdate: typeof adamUpdate;
  readonly sgdUpdate: typeof sgdUpdate;
}

/** Register tile of the micro-kernel (MR rows x NR columns of C in 16 local doubles). */
const MR = 4;
const NR = 4;
/** Depth of one packed block: a 4 x KC panel of A and of B (8 KB each) stay in L1. */
const KC = 256;
/** Up to this many multiply-adds (m * n * k) a GEMM skips packing (smallGemm). */
const SMALL_GEMM_MAX = 4096;

/**
 * Plain-JS GEMM after the BLIS/GotoBLAS design: op(A) and op(B) are packed (any transpose,
 * any leading dimension) into Float64 panels of 4 rows / 4 columns, and a 4 x 4 register-
 * blocked micro-kernel multiplies them. The panels make every access in the inner loop
 * sequential and keep the hot loop monomorphic (always Float64Array) whatever the precision.
 * Scratch panels grow on demand and are reused, so steady-state calls allocate nothing.
 */
class JsKernels implements Kernels {
  readonly name = 'js';
  readonly meanVariance = meanVariance;
  readonly meanSquare = meanSquare;
  readonly normalize = normalize;
  readonly normalizeBackward = normalizeBackward;
  readonly rmsBackward = rmsBackward;
  readonly constantStatsBackward = constantStatsBackward;
  readonly channelAffine = channelAffine;
  readonly elementAffine = elementAffine;
  readonly channelAffineBackward = channelAffineBackward;
  readonly elementAffineBackward = elementAffineBackward;
  readonly denseBatchNormForward = denseBatchNormForward;
  readonly denseBatchNormBackward = denseBatchNormBackward;
  readonly adamUpdate = adamUpdate;
  readonly sgdUpdate = sgdUpdate;
  private packedA = new Float64Array(MR * KC);
  private packedB = new Float64Array(NR * KC);
  private readonly tile = new Float64Array(MR * NR);

  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Arr,
    aOff: number,
    lda: number,
    b: Arr,
    bOff: number,
    ldb: number,
    c: Arr,
    cOff: number,
    ldc: number,
    accumulate: boolean,
  ): void {
    // Element (i, p) of op(A) is a[aOff + i * aRow + p * aCol]; (p, j) of op(B) is b[bOff + p * bRow + j * bCol].
    const aRow = transA ? 1 : lda;
    const aCol = transA ? lda : 1;
    const bRow = transB ? 1 : ldb;
    const bCol = transB ? ldb : 1;
    if (k > 0 && k <= KC && m * n * k <= SMALL_GEMM_MAX) {
      smallGemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, accumulate);
      return;
    }
    if (!accumulate) {
      for (let i = 0; i < m; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + n);
    }
    if (m === 0 || n === 0 || k === 0) return;
    const mPanels = Math.ceil(m / MR);
    const nPanels = Math.ceil(n / NR);
    const kcMax = Math.min(k, KC);
    if (this.packedA.length < mPanels * MR * kcMax) this.packedA = new Float64Array(mPanels * MR * kcMax);
    if (this.packedB.length < nPanels * NR * kcMax) this.packedB = new Float64Array(nPanels * NR * kcMax);
    const pa = this.packedA;
    const pb = this.packedB;
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      pack(a, aOff + p0 * aCol, aRow, aCol, m, kc, pa);
      pack(b, bOff + p0 * bRow, bCol, bRow, n, kc, pb);
      for (let jp = 0; jp < nPanels; jp++) {
        const j0 = jp * NR;
        const nr = Math.min(NR, n - j0);
        for (let ip = 0; ip < mPanels; ip++) {
          const i0 = ip * MR;
          microKernel(
            kc,
            pa,
            ip * MR * kc,
            pb,
            jp * NR * kc,
            c,
            cOff + i0 * ldc + j0,
            ldc,
            Math.min(MR, m - i0),
            nr,
            this.tile,
          );
        }
      }
    }
  }

  im2col(
    x: Arr,
    xOff: number,
    channels: number,
    height: number,
    width: number,
    kernel: number,
    stride: number,
    pad: number,
    outH: number,
    outW: number,
    col: Arr,
    colOff: number,
  ): void {
    const outP = outH * outW;
    for (let c = 0; c < channels; c++) {
      for (let ki = 0; ki < kernel; ki++) {
        for (let kj = 0; kj < kernel; kj++) {
          const row = colOff + ((c * kernel + ki) * kernel + kj) * outP;
          // Output columns whose input column ow*stride - pad + kj lies inside [0, width).
          const owLo = Math.min(outW, Math.max(0, Math.ceil((pad - kj) / stride)));
          const owHi = Math.max(owLo, Math.min(outW, Math.floor((width - 1 + pad - kj) / stride) + 1));
          for (let oh = 0; oh < outH; oh++) {
            const ih = oh * stride - pad + ki;
            const dst = row + oh * outW;
            if (ih < 0 || ih >= height) {
              col.fill(0, dst, dst + outW);
              continue;
            }
            const src = xOff + (c * height + ih) * width - pad + kj;
            for (let ow = 0; ow < owLo; ow++) col[dst + ow] = 0;
            for (let ow = owLo; ow < owHi; ow++) col[dst + ow] = x[src + ow * stride];
            for (let ow = owHi; ow < outW; ow++) col[dst + ow] = 0;
          }
        }
      }
    }
  }

  col2im(
    col: Arr,
    colOff: number,
    channels: number,
    height: number,
    width: number,
    kernel: number,
    stride: number,
    pad: number,
    outH: number,
    outW: number,
    x: Arr,
    xOff: number,
  ): void {
    x.fill(0, xOff, xOff + channels * height * width);
    const outP = outH * outW;
    for (let c = 0; c < channels; c++) {
      for (let ki = 0; ki < kernel; ki++) {
        for (let kj = 0; kj < kernel; kj++) {
          const row = colOff + ((c * kernel + ki) * kernel + kj) * outP;
          const owLo = Math.min(outW, Math.max(0, Math.ceil((pad - kj) / stride)));
          const owHi = Math.max(owLo, Math.min(outW, Math.floor((width - 1 + pad - kj) / stride) + 1));
          for (let oh = 0; oh < outH; oh++) {
            const ih = oh * stride - pad + ki;
            if (ih < 0 || ih >= height) continue;
            const src = row + oh * outW;
            const dst = xOff + (c * height + ih) * width - pad + kj;
            for (let ow = owLo; ow < owHi; ow++) x[dst + ow * stride] += col[src + ow];
          }
        }
      }
    }
  }

  addBias(y: Arr, bias: Arr, outer: number, channels: number, inner: number): void {
    let q = 0;
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < channels; c++) {
        const b = bias[c];
        for (let i = 0; i < inner; i++) y[q++] += b;
      }
    }
  }

  sumBias(dy: Arr, outer: number, channels: number, inner: number, dBias: Arr): void {
    dBias.fill(0, 0, channels);
    let q = 0;
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let i = 0; i < inner; i++) s += dy[q++];
        dBias[c] += s;
      }
    }
  }
}

/**
 * Packs rows r < rows of a (rows x depth) strided matrix, element (r, p) at
 * src[off + r * rowStride + p * depthStride], into panels of 4 rows: panel q holds
 * out[(q * depth + p) * 4 + t] = (4q + t, p), zero-padded past `rows`.
 */
function pack(
  src: Arr,
  off: number,
  rowStride: number,
  depthStride: number,
  rows: number,
  depth: number,
  out: Float64Array,
): void {
  let q = 0;
  const fullRows = rows - (rows % 4);
  for (let r0 = 0; r0 < fullRows; r0 += 4) {
    let s0 = off + r0 * rowStride;
    let s1 = s0 + rowStride;
    let s2 = s1 + rowStride;
    let s3 = s2 + rowStride;
    for (let p = 0; p < depth; p++) {
      out[q] = src[s0];
      out[q + 1] = src[s1];
      out[q + 2] = src[s2];
      out[q + 3] = src[s3];
      q += 4;
      s0 += depthStride;
      s1 += depthStride;
      s2 += depthStride;
      s3 += depthStride;
    }
  }
  if (fullRows < rows) {
    for (let p = 0; p < depth; p++) {
      for (let t = 0; t < 4; t++) {
        const r = fullRows + t;
        out[q++] = r < rows ? src[off + r * rowStride + p * depthStride] : 0;
      }
    }
  }
}

// biome-ignore format: one row of the 4 x 4 register tile per line reads like the math.
/**
 * C[0..mr, 0..nr] += A_panel (4 x kc) * B_panel (kc x 4), accumulating the 4 x 4 block in
 * locals. Edge blocks (mr or nr < 4) go through `tile` so the inner loop never branches.
 */
function microKernel(
  kc: number,
  a: Float64Array,
  pa: number,
  b: Float64Array,
  pb: number,
  c: Arr,
  co: number,
  ldc: number,
  mr: number,
  nr: number,
  tile: Float64Array,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = a[pa], a1 = a[pa + 1], a2 = a[pa + 2], a3 = a[pa + 3];
    const b0 = b[pb], b1 = b[pb + 1], b2 = b[pb + 2], b3 = b[pb + 3];
    pa += 4;
    pb += 4;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (mr === 4 && nr === 4) {
    c[co] += c00; c[co + 1] += c01; c[co + 2] += c02; c[co + 3] += c03;
    co += ldc;
    c[co] += c10; c[co + 1] += c11; c[co + 2] += c12; c[co + 3] += c13;
    co += ldc;
    c[co] += c20; c[co + 1] += c21; c[co + 2] += c22; c[co + 3] += c23;
    co += ldc;
    c[co] += c30; c[co + 1] += c31; c[co + 2] += c32; c[co + 3] += c33;
    return;
  }
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) c[co + i * ldc + j] += tile[i * 4 + j];
  }
}

/**
 * GEMM for tiny products (the 2-8-8-1 MLPs), where packing and zero-filling cost more than the
 * multiply. It gives the packed path's bits exactly: with k <= KC that path sums each C entry in
 * one float64 accumulator, starting at 0, over p in increasing order, then adds it to C (0 after
 * the fill, or C itself when accumulating). The tiles below do the same operations in the same
 * order per entry, reading op(A) and op(B) in place; like the micro-kernel they keep several
 * independent accumulators so the additions of different entries overlap.
 */
function smallGemm(
  m: number,
  n: number,
  k: number,
  a: Arr,
  aOff: number,
  aRow: number,
  aCol: number,
  b: Arr,
  bOff: number,
  bRow: number,
  bCol: number,
  c: Arr,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  // 4 x 4 tiles over the first m4 rows and n4 columns; the ragged rows and columns past them go
  // one at a time (1 x 4, 4 x 1 and 1 x 1 blocks).
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i += i < m4 ? 4 : 1) {
    const ai = aOff + i * aRow;
    const ci = cOff + i * ldc;
    for (let j = 0; j < n; j += j < n4 ? 4 : 1) {
      const bj = bOff + j * bCol;
      if (i < m4 && j < n4) tile4x4(k, a, ai, aRow, aCol, b, bj, bRow, bCol, c, ci + j, ldc, accumulate);
      else if (i < m4) tile4x1(k, a, ai, aRow, aCol, b, bj, bRow, c, ci + j, ldc, accumulate);
      else if (j < n4) tile1x4(k, a, ai, aCol, b, bj, bRow, bCol, c, ci + j, accumulate);
      else c[ci + j] = (accumulate ? c[ci + j] : 0) + dot(k, a, ai, aCol, b, bj, bRow);
    }
  }
}

/** sum over p < k of a[ai + p * aStep] * b[bi + p * bStep], from 0 in increasing p. */
function dot(k: number, a: Arr, ai: number, aStep: number, b: Arr, bi: number, bStep: number): number {
  let sum = 0;
  for (let p = 0; p < k; p++) {
    sum += a[ai] * b[bi];
    ai += aStep;
    bi += bStep;
  }
  return sum;
}

/** Adds a finished sum to C: 0 + sum unless accumulating (the packed path's +0 fill turns -0 into +0). */
function store(c: Arr, q: number, accumulate: boolean, sum: number): void {
  c[q] = (accumulate ? c[q] : 0) + sum;
}

// biome-ignore format: one row of the 4 x 4 tile per line reads like the math.
/** The 4 x 4 block of C at co: rows ai + r * aRow of op(A), columns bj + t * bCol of op(B). */
function tile4x4(
  k: number,
  a: Arr,
  ai: number,
  aRow: number,
  aCol: number,
  b: Arr,
  bj: number,
  bRow: number,
  bCol: number,
  c: Arr,
  co: number,
  ldc: number,
  accumulate: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < k; p++) {
    const a0 = a[ai], a1 = a[ai + aRow], a2 = a[ai + 2 * aRow], a3 = a[ai + 3 * aRow];
    const b0 = b[bj], b1 = b[bj + bCol], b2 = b[bj + 2 * bCol], b3 = b[bj + 3 * bCol];
    ai += aCol;
    bj += bRow;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  store(c, co, accumulate, c00); store(c, co + 1, accumulate, c01); store(c, co + 2, accumulate, c02); store(c, co + 3, accumulate, c03);
  co += ldc;
  store(c, co, accumulate, c10); store(c, co + 1, accumulate, c11); store(c, co + 2, accumulate, c12); store(c, co + 3, accumulate, c13);
  co += ldc;
  store(c, co, accumulate, c20); store(c, co + 1, accumulate, c21); store(c, co + 2, accumulate, c22); store(c, co + 3, accumulate, c23);
  co += ldc;
  store(c, co, accumulate, c30); store(c, co + 1, accumulate, c31); store(c, co + 2, accumulate, c32); store(c, co + 3, accumulate, c33);
}

/** A 4-row, 1-column block of C at co (the columns past the last multiple of 4). */
function tile4x1(
  k: number,
  a: Arr,
  ai: number,
  aRow: number,
  aCol: number,
  b: Arr,
  bj: number,
  bRow: number,
  c: Arr,
  co: number,
  ldc: number,
  accumulate: boolean,
): void {
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  for (let p = 0; p < k; p++) {
    const bv = b[bj];
    c0 += a[ai] * bv;
    c1 += a[ai + aRow] * bv;
    c2 += a[ai + 2 * aRow] * bv;
    c3 += a[ai + 3 * aRow] * bv;
    ai += aCol;
    bj += bRow;
  }
  store(c, co, accumulate, c0);
  store(c, co + ldc, accumulate, c1);
  store(c, co + 2 * ldc, accumulate, c2);
  store(c, co + 3 * ldc, accumulate, c3);
}

/** A 1-row, 4-column block of C at co (the rows past the last multiple of 4). */
function tile1x4(
  k: number,
  a: Arr,
  ai: number,
  aCol: number,
  b: Arr,
  bj: number,
  bRow: number,
  bCol: number,
  c: Arr,
  co: number,
  accumulate: boolean,
): void {
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  for (let p = 0; p < k; p++) {
    const av = a[ai];
    c0 += av * b[bj];
    c1 += av * b[bj + bCol];
    c2 += av * b[bj + 2 * bCol];
    c3 += av * b[bj + 3 * bCol];
    ai += aCol;
    bj += bRow;
  }
  store(c, co, accumulate, c0);
  store(c, co + 1, accumulate, c1);
  store(c, co + 2, accumulate, c2);
  store(c, co + 3, accumulate, c3);
}

/** The plain-JS backend (one shared instance: its scratch panels are reused across calls). */
export const jsKernels: Kernels = new JsKernels();
