import { describe, expect, it } from 'vitest';
import { buildModel } from '../train/model.ts';
import { jsKernels as K, type Kernels } from './kernels.ts';
import { Rng } from './rng.ts';
import type { LayerSpec } from './spec.ts';
import type { Arr } from './types.ts';

/** float64 GEMM against a naive triple loop: only summation order differs. */
const GEMM_TOL_F64 = 1e-12;
/** float32 storage of C: one rounding of a ~1-sized sum. */
const GEMM_TOL_F32 = 1e-5;

function random(length: number, seed: number, f64 = true): Arr {
  const rng = new Rng(seed);
  const a = f64 ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = rng.uniform() - 0.5;
  return a;
}

/** Reference C = op(A) op(B) (+ C), same argument convention as Kernels.gemm. */
function naiveGemm(
  tA: boolean,
  tB: boolean,
  m: number,
  n: number,
  k: number,
  a: Arr,
  aOff: number,
  lda: number,
  b: Arr,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? c[cOff + i * ldc + j] : 0;
      for (let p = 0; p < k; p++) {
        const av = tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        const bv = tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        s += av * bv;
      }
      c[cOff + i * ldc + j] = s;
    }
  }
}

describe('gemm', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 4, 4],
    [9, 6, 300], // k > one packed block (256), ragged m and n
    [17, 13, 5],
  ];
  for (const [tA, tB] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    for (const [m, n, k] of shapes) {
      it(`${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} m=${m} n=${n} k=${k} with offsets and padded leading dims, float64`, () => {
        const pad = 3;
        const lda = (tA ? m : k) + pad;
        const ldb = (tB ? k : n) + pad;
        const ldc = n + pad;
        const aOff = 2;
        const bOff = 5;
        const cOff = 1;
        const a = random(aOff + (tA ? k : m) * lda, 1);
        const b = random(bOff + (tB ? n : k) * ldb, 2);
        for (const accumulate of [false, true]) {
          const c = random(cOff + m * ldc, 3) as Float64Array;
          const expected = Float64Array.from(c);
          K.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
          naiveGemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, expected, cOff, ldc, accumulate);
          for (let i = 0; i < c.length; i++) expect(Math.abs(c[i] - expected[i])).toBeLessThan(GEMM_TOL_F64);
        }
      });
    }
  }

  it('NN m=33 n=65 k=70 in float32 matches float64 within rounding', () => {
    const [m, n, k] = [33, 65, 70];
    const a = random(m * k, 4, false);
    const b = random(k * n, 5, false);
    const c = new Float32Array(m * n);
    const expected = new Float64Array(m * n);
    K.gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
    naiveGemm(false, false, m, n, k, a, 0, k, b, 0, n, expected, 0, n, false);
    for (let i = 0; i < c.length; i++) expect(Math.abs(c[i] - expected[i])).toBeLessThan(GEMM_TOL_F32);
  });

  it('2x2 by hand: [[1, 2], [3, 4]] [[5, 6], [7, 8]] = [[19, 22], [43, 50]]', () => {
    const c = new Float64Array(4);
    K.gemm(
      false,
      false,
      2,
      2,
      2,
      Float64Array.of(1, 2, 3, 4),
      0,
      2,
      Float64Array.of(5, 6, 7, 8),
      0,
      2,
      c,
      0,
      2,
      false,
    );
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });

  // Tiny products skip packing (smallGemm); the packed path is the reference, bit for bit. The same
  // first n columns are computed once as a tiny GEMM and once inside a GEMM wide enough to be packed.
  const tiny: [number, number, number][] = [
    [16, 8, 2],
    [16, 8, 8],
    [16, 1, 8],
    [8, 8, 16],
    [1, 8, 16],
    [7, 6, 5],
    [5, 3, 13],
  ];
  for (const [tA, tB] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    for (const [m, n, k] of tiny) {
      it(`${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} m=${m} n=${n} k=${k}: the unpacked tiny path gives the packed path's bits, float32`, () => {
        const wide = n + Math.ceil(4097 / (m * k));
        const lda = tA ? m : k;
        const ldb = tB ? k : wide;
        const a = random(m * k, 6, false);
        const b = random(k * wide, 7, false);
        a[0] = -0; // a -0 product must come out as +0 in both paths
        for (const accumulate of [false, true]) {
          const small = random(m * wide, 8, false);
          const packed = Float32Array.from(small);
          K.gemm(tA, tB, m, n, k, a, 0, lda, b, 0, ldb, small, 0, wide, accumulate);
          K.gemm(tA, tB, m, wide, k, a, 0, lda, b, 0, ldb, packed, 0, wide, accumulate);
          for (let i = 0; i < m; i++) {
            const row = (c: Arr) => new Uint8Array(c.buffer, i * wide * 4, n * 4);
            expect(row(small)).toEqual(row(packed));
          }
        }
      });
    }
  }

  it('k=0 writes zeros (or leaves C when accumulating)', () => {
    const c = Float64Array.of(1, 2);
    K.gemm(false, false, 1, 2, 0, new Float64Array(0), 0, 0, new Float64Array(0), 0, 2, c, 0, 2, true);
    expect(Array.from(c)).toEqual([1, 2]);
    K.gemm(false, false, 1, 2, 0, new Float64Array(0), 0, 0, new Float64Array(0), 0, 2, c, 0, 2, false);
    expect(Array.from(c)).toEqual([0, 0]);
  });
});

describe('im2col / col2im', () => {
  it('im2col by hand: 1 channel 3x3, kernel 2, stride 1, pad 0', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    const col = new Float64Array(4 * 4);
    K.im2col(x, 0, 1, 3, 3, 2, 1, 0, 2, 2, col, 0);
    // rows (i, j) of the kernel, columns the 4 output positions
    expect(Array.from(col)).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
  });

  it('im2col pads with zeros: 1 channel 2x2, kernel 3, pad 1 -> centre row is the image', () => {
    const x = Float64Array.of(1, 2, 3, 4);
    const col = new Float64Array(9 * 4);
    K.im2col(x, 0, 1, 2, 2, 3, 1, 1, 2, 2, col, 0);
    expect(Array.from(col.subarray(4 * 4, 5 * 4))).toEqual([1, 2, 3, 4]); // kernel centre (1, 1)
    expect(Array.from(col.subarray(0, 4))).toEqual([0, 0, 0, 1]); // top-left tap sees x[0] only at (1, 1)
  });

  /** col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)> for every geometry. */
  const geometries = [
    { c: 2, h: 5, w: 6, k: 3, stride: 1, pad: 1 },
    { c: 3, h: 7, w: 5, k: 3, stride: 2, pad: 0 },
    { c: 1, h: 6, w: 6, k: 2, stride: 2, pad: 1 },
    { c: 2, h: 4, w: 4, k: 4, stride: 3, pad: 2 },
  ];
  for (const { c, h, w, k, stride, pad } of geometries) {
    it(`col2im is the adjoint of im2col: c=${c} ${h}x${w} k=${k} stride=${stride} pad=${pad}`, () => {
      const outH = Math.floor((h + 2 * pad - k) / stride) + 1;
      const outW = Math.floor((w + 2 * pad - k) / stride) + 1;
      const colLen = c * k * k * outH * outW;
      const x = random(3 + c * h * w, 7);
      const g = random(colLen + 2, 8);
      const col = new Float64Array(colLen + 2);
      const back = new Float64Array(3 + c * h * w);
      K.im2col(x, 3, c, h, w, k, stride, pad, outH, outW, col, 2);
      K.col2im(g, 2, c, h, w, k, stride, pad, outH, outW, back, 3);
      let lhs = 0;
      for (let i = 2; i < col.length; i++) lhs += col[i] * g[i];
      let rhs = 0;
      for (let i = 3; i < back.length; i++) rhs += x[i] * back[i];
      expect(Math.abs(lhs - rhs)).toBeLessThan(GEMM_TOL_F64);
    });
  }
});

describe('bias kernels', () => {
  it('addBias and sumBias over (outer=2, channels=3, inner=2)', () => {
    const y = new Float64Array(12);
    K.addBias(y, Float64Array.of(1, 2, 3), 2, 3, 2);
    expect(Array.from(y)).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    const db = Float64Array.of(9, 9, 9);
    K.sumBias(y, 2, 3, 2, db);
    expect(Array.from(db)).toEqual([4, 8, 12]);
  });
});

describe('the kernel interface is the whole arithmetic backend', () => {
  /** jsKernels behind a proxy that records which methods a model calls. */
  function counting(): { kernels: Kernels; calls: Set<string> } {
    const calls = new Set<string>();
    const kernels = new Proxy(K, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.add(String(prop));
          return value.apply(target, args);
        };
      },
    });
    return { kernels, calls };
  }

  it('dense layers and every normalizer of a model run through the kernels they were built with', () => {
    const rng = new Rng(3);
    const x = Float32Array.from({ length: 8 * 4 }, () => rng.normal());
    const y = Float32Array.from({ length: 8 }, (_, i) => i % 3);
    const cases: [LayerSpec[], string[]][] = [
      [
        [{ type: 'dense', units: 6, bias: false }, { type: 'batchnorm' }, { type: 'relu' }],
        ['denseBatchNormForward', 'denseBatchNormBackward'],
      ],
      [
        [{ type: 'dense', units: 6 }, { type: 'layernorm' }, { type: 'relu' }],
        ['meanVariance', 'normalize', 'normalizeBackward', 'elementAffine', 'elementAffineBackward'],
      ],
      [
        [{ type: 'dense', units: 6 }, { type: 'rmsnorm' }, { type: 'relu' }],
        ['meanSquare', 'rmsBackward', 'elementAffine'],
      ],
    ];
    for (const [layers, expected] of cases) {
      const { kernels, calls } = counting();
      const model = buildModel(
        {
          input: [4],
          layers: [...layers, { type: 'dense', units: 3 }],
          loss: 'softmax-cross-entropy',
          optimizer: { type: 'sgd', lr: 0.1 },
          init: { type: 'kaiming' },
          seed: 1,
        },
        'float32',
        kernels,
      );
      model.trainStep(x, y, 8);
      for (const name of ['gemm', 'addBias', 'sumBias', ...expected]) expect(calls, name).toContain(name);
    }
  });

  it('a conv network with BatchNorm uses the per-channel statistics and affine kernels', () => {
    const { kernels, calls } = counting();
    const model = buildModel(
      {
        input: [1, 6, 6],
        layers: [
          { type: 'conv2d', filters: 2, kernel: 3, padding: 1, bias: false },
          { type: 'batchnorm' },
          { type: 'relu' },
          { type: 'flatten' },
          { type: 'dense', units: 2 },
        ],
        loss: 'softmax-cross-entropy',
        optimizer: { type: 'sgd', lr: 0.1 },
        init: { type: 'kaiming' },
        seed: 1,
      },
      'float32',
      kernels,
    );
    const rng = new Rng(4);
    model.trainStep(
      Float32Array.from({ length: 3 * 36 }, () => rng.normal()),
      Float32Array.from([0, 1, 0]),
      3,
    );
    for (const name of [
      'im2col',
      'meanVariance',
      'normalize',
      'normalizeBackward',
      'channelAffine',
      'channelAffineBackward',
    ])
      expect(calls, name).toContain(name);
  });
});
