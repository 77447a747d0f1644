import { describe, expect, it } from 'vitest';
import { jsKernels } from './kernels.ts';
import { Rng } from './rng.ts';
import {
  chooseKernels,
  defaultKernels,
  SMALL_K,
  WASM_GEMM_MIN,
  WASM_UPDATE_MIN,
  WasmKernels,
  wasmF32Kernels,
  wasmKernels,
  wasmSimdSupported,
} from './wasm-kernels.ts';

/** Every GEMM of these backends runs in WebAssembly, however small: float64 sums (the default) and float32. */
const everyGemm = new WasmKernels(1);
const everyGemmF32 = new WasmKernels(1, 'float32');

function random(length: number, rng: Rng): Float32Array {
  const a = new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = rng.uniform() - 0.5;
  return a;
}

/**
 * float64 reference C = op(A) op(B) (+ C) and, per entry, the float32 error bound of any
 * summation order: (k + 2) * 2^-23 * (sum over p of |a||b| + |c|).
 */
function reference(
  tA: boolean,
  tB: boolean,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  lda: number,
  b: Float32Array,
  bOff: number,
  ldb: number,
  c: Float32Array,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): { value: Float64Array; bound: Float64Array } {
  const value = new Float64Array(m * n);
  const bound = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const c0 = accumulate ? c[cOff + i * ldc + j] : 0;
      let s = c0;
      let abs = Math.abs(c0);
      for (let p = 0; p < k; p++) {
        const av = tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        const bv = tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        s += av * bv;
        abs += Math.abs(av * bv);
      }
      value[i * n + j] = s;
      bound[i * n + j] = (k + 2) * 2 ** -23 * abs;
    }
  }
  return { value, bound };
}

/** Entries spread over magnitudes 2^-12 to 2^12 with both signs: any change in summation order or precision shows in the bits. */
function spread(length: number, rng: Rng): Float32Array {
  const a = new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = (rng.uniform() - 0.5) * 2 ** Math.floor(rng.uniform() * 25 - 12);
  return a;
}

/** The (index: wasm bits vs js bits) entries where two float32 arrays differ in any bit, at most 5. */
function bitDiffs(x: Float32Array, y: Float32Array): string[] {
  const xb = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const yb = new Uint32Array(y.buffer, y.byteOffset, y.length);
  const out: string[] = [];
  for (let q = 0; q < xb.length && out.length < 5; q++) {
    if (xb[q] !== yb[q]) out.push(`${q}: ${x[q]} vs ${y[q]}`);
  }
  return out;
}

describe('WebAssembly SIMD gemm, float64 sums: the JS reference bit for bit', () => {
  it('is supported in this node and is the default backend (NORMLAB_KERNELS=js forces the JS one)', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(defaultKernels).toBe(process.env.NORMLAB_KERNELS === 'js' ? jsKernels : wasmKernels);
  });

  it('falls back to the JS reference where WebAssembly SIMD is missing or rejects the module', () => {
    expect(chooseKernels({ validate: () => true }, undefined)).toBe(wasmKernels);
    expect(chooseKernels({ validate: () => true }, 'js')).toBe(jsKernels);
    expect(chooseKernels(undefined, undefined)).toBe(jsKernels);
    expect(chooseKernels({ validate: () => false }, undefined)).toBe(jsKernels);
    const throwing = (): boolean => {
      throw new Error('no SIMD');
    };
    expect(chooseKernels({ validate: throwing }, undefined)).toBe(jsKernels);
    // And the fallback computes the same bits as WASM on a product WASM runs.
    const r = new Rng(4);
    const [m, n, k] = [40, 50, 300];
    const a = spread(m * k, r);
    const b = spread(n * k, r);
    const viaWasm = new Float32Array(m * n);
    const viaFallback = new Float32Array(m * n);
    const runs = wasmKernels.wasmGemms;
    wasmKernels.gemm(false, true, m, n, k, a, 0, k, b, 0, k, viaWasm, 0, n, false);
    expect(wasmKernels.wasmGemms).toBe(runs + 1);
    chooseKernels({ validate: () => false }, undefined).gemm(
      false,
      true,
      m,
      n,
      k,
      a,
      0,
      k,
      b,
      0,
      k,
      viaFallback,
      0,
      n,
      false,
    );
    expect(bitDiffs(viaWasm, viaFallback)).toEqual([]);
  });

  it("gives JsKernels.gemm's bits on 300 random shapes: every transposition, ragged edges, k past 256, offsets, ld > cols, accumulate", () => {
    const r = new Rng(1818);
    const size = (max: number): number => 1 + Math.floor(r.uniform() * max);
    const wrong: string[] = [];
    for (let t = 0; t < 300 && wrong.length === 0; t++) {
      const tA = r.uniform() < 0.5;
      const tB = r.uniform() < 0.5;
      const accumulate = r.uniform() < 0.5;
      // Mostly small and ragged; every fifth deep (k past one or two 256-deep blocks).
      const m = size(t % 7 === 0 ? 70 : 13);
      const n = size(t % 11 === 0 ? 70 : 13);
      const k = t % 5 === 0 ? 200 + size(400) : size(40);
      const lda = (tA ? m : k) + Math.floor(r.uniform() * 4);
      const ldb = (tB ? k : n) + Math.floor(r.uniform() * 4);
      const ldc = n + Math.floor(r.uniform() * 4);
      const aOff = Math.floor(r.uniform() * 5);
      const bOff = Math.floor(r.uniform() * 5);
      const cOff = Math.floor(r.uniform() * 5);
      const a = spread(aOff + (tA ? k : m) * lda, r);
      const b = spread(bOff + (tB ? n : k) * ldb, r);
      const c = spread(cOff + m * ldc + 3, r);
      const viaJs = Float32Array.from(c);
      everyGemm.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      jsKernels.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, viaJs, cOff, ldc, accumulate);
      for (const d of bitDiffs(c, viaJs)) {
        wrong.push(`${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} ${m}x${n}x${k} acc=${accumulate}: ${d}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the same comparison sees the float32-lane kernel's different rounding (the test can fail)", () => {
    const r = new Rng(6);
    const [m, n, k] = [16, 16, 300];
    const a = spread(m * k, r);
    const b = spread(k * n, r);
    const viaF32 = new Float32Array(m * n);
    const viaJs = new Float32Array(m * n);
    everyGemmF32.gemm(false, false, m, n, k, a, 0, k, b, 0, n, viaF32, 0, n, false);
    jsKernels.gemm(false, false, m, n, k, a, 0, k, b, 0, n, viaJs, 0, n, false);
    expect(bitDiffs(viaF32, viaJs).length).toBeGreaterThan(0);
  });
});

describe('WebAssembly SIMD gemm, both kernels', () => {
  // Edge sizes: 1, odd, not multiples of the 4 x 8 tile, k past one packed block (256).
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 9, 3],
    [7, 1, 5],
    [3, 5, 7],
    [4, 8, 4],
    [5, 9, 13],
    [17, 13, 5],
    [9, 6, 300],
    [33, 70, 520],
  ];
  const rng = new Rng(18);
  for (const [kernels, exact] of [
    [everyGemm, true],
    [everyGemmF32, false],
  ] as const)
    for (const [tA, tB] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      for (const [m, n, k] of shapes) {
        it(`${kernels.name} ${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} m=${m} n=${n} k=${k}: offsets, ld > n, accumulate, within float32 rounding${exact ? ", the reference's bits" : ''}`, () => {
          const pad = 3;
          const lda = (tA ? m : k) + pad;
          const ldb = (tB ? k : n) + pad;
          const ldc = n + pad;
          const aOff = 2;
          const bOff = 5;
          const cOff = 1;
          const a = random(aOff + (tA ? k : m) * lda, rng);
          const b = random(bOff + (tB ? n : k) * ldb, rng);
          for (const accumulate of [false, true]) {
            const c = random(cOff + m * ldc + pad, rng);
            const before = Float32Array.from(c);
            const viaJs = Float32Array.from(c);
            const runs = kernels.wasmGemms;
            kernels.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            expect(kernels.wasmGemms).toBe(runs + 1);
            jsKernels.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, viaJs, cOff, ldc, accumulate);
            const ref = reference(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, before, cOff, ldc, accumulate);
            const wrong: string[] = [];
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                const q = cOff + i * ldc + j;
                const tol = ref.bound[i * n + j];
                const offRef = Math.abs(c[q] - ref.value[i * n + j]) > tol;
                if (offRef || Math.abs(c[q] - viaJs[q]) > 2 * tol)
                  wrong.push(`(${i}, ${j}) ${c[q]} vs ${viaJs[q]}`);
              }
            }
            // Nothing outside C's m x n block moves: the offset, the ld padding, the tail.
            for (let q = 0; q < c.length; q++) {
              const inside = q >= cOff && (q - cOff) % ldc < n && Math.floor((q - cOff) / ldc) < m;
              if (!inside && c[q] !== before[q]) wrong.push(`outside C at ${q}`);
            }
            expect(wrong.slice(0, 5)).toEqual([]);
            if (exact) expect(bitDiffs(c, viaJs)).toEqual([]);
          }
        });
      }
    }

  for (const kernels of [everyGemm, everyGemmF32])
    it(`${kernels.name}: gives the same bits on a repeat, after a larger product grew its memory`, () => {
      const r = new Rng(5);
      const [m, n, k] = [37, 29, 300];
      const a = random(m * k, r);
      const b = random(k * n, r);
      const first = new Float32Array(m * n);
      kernels.gemm(false, false, m, n, k, a, 0, k, b, 0, n, first, 0, n, false);
      const big = random(300 * 300, r);
      kernels.gemm(
        false,
        false,
        300,
        300,
        300,
        big,
        0,
        300,
        big,
        0,
        300,
        new Float32Array(300 * 300),
        0,
        300,
        false,
      );
      const again = new Float32Array(m * n);
      kernels.gemm(false, false, m, n, k, a, 0, k, b, 0, n, again, 0, n, false);
      expect(again).toEqual(first);
    });

  it('leaves float64 and tiny products to the JS reference, bit for bit', () => {
    const wasmKernels = wasmF32Kernels;
    const r = new Rng(7);
    const a64 = Float64Array.from(random(64 * 64, r));
    const c64 = new Float64Array(64 * 64);
    const js64 = new Float64Array(64 * 64);
    const runs = wasmKernels.wasmGemms;
    wasmKernels.gemm(false, true, 64, 64, 64, a64, 0, 64, a64, 0, 64, c64, 0, 64, false);
    jsKernels.gemm(false, true, 64, 64, 64, a64, 0, 64, a64, 0, 64, js64, 0, 64, false);
    expect(c64).toEqual(js64);
    expect(16 * 8 * 8).toBeLessThan(WASM_GEMM_MIN);
    const a = random(16 * 8, r);
    const c = new Float32Array(16 * 8);
    const js = new Float32Array(16 * 8);
    wasmKernels.gemm(false, true, 16, 8, 8, a, 0, 8, a, 0, 8, c, 0, 8, false);
    jsKernels.gemm(false, true, 16, 8, 8, a, 0, 8, a, 0, 8, js, 0, 8, false);
    expect(c).toEqual(js);
    expect(wasmKernels.wasmGemms).toBe(runs);
  });
});

describe('WebAssembly SIMD gemm, a shallow A^T B (gemmSmallK, k <= SMALL_K): the JS reference bit for bit', () => {
  it('k from 1 to SMALL_K + 1, odd and even n, offsets, leading dimensions past the columns, with and without accumulate', () => {
    const r = new Rng(31);
    for (let k = 1; k <= SMALL_K + 1; k++) {
      for (const [m, n] of [
        [1, 1],
        [3, 7],
        [64, 784],
        [17, 64],
      ]) {
        for (const accumulate of [false, true]) {
          const [lda, ldb, ldc] = [m + (k % 3), n + (k % 2), n + 1];
          const [aOff, bOff, cOff] = [k % 4, 2, 3];
          const a = spread(aOff + k * lda, r);
          const b = spread(bOff + k * ldb, r);
          const c0 = spread(cOff + m * ldc, r);
          const [cw, cj] = [c0.slice(), c0.slice()];
          const runs = everyGemm.wasmGemms;
          everyGemm.gemm(true, false, m, n, k, a, aOff, lda, b, bOff, ldb, cw, cOff, ldc, accumulate);
          jsKernels.gemm(true, false, m, n, k, a, aOff, lda, b, bOff, ldb, cj, cOff, ldc, accumulate);
          expect(everyGemm.wasmGemms).toBe(runs + 1);
          expect(bitDiffs(cw, cj), `m ${m} n ${n} k ${k} accumulate ${accumulate}`).toEqual([]);
        }
      }
    }
  });
});

describe("WebAssembly SIMD optimizer updates: the JS reference's bits", () => {
  /** Every update runs in WebAssembly, however small the tensor. */
  const everyUpdate = new WasmKernels(WASM_GEMM_MIN, 'float64', 1);

  /** Gradients spread over magnitudes, some exactly 0, so rounding differences would show. */
  function gradients(length: number, rng: Rng): Float32Array {
    const g = spread(length, rng);
    for (let i = 3; i < length; i += 7) g[i] = 0;
    return g;
  }

  it('Adam: 40 steps of odd and even lengths, with and without weight decay, give the same p, m and v bits', () => {
    for (const [length, wd] of [
      [1, 0],
      [7, 0.01],
      [256, 0],
      [1001, 5e-4],
    ] as const) {
      const rng = new Rng(length);
      const p = spread(length, rng);
      const [pw, mw, vw] = [p.slice(), new Float32Array(length), new Float32Array(length)];
      const [pj, mj, vj] = [p.slice(), new Float32Array(length), new Float32Array(length)];
      for (let t = 1; t <= 40; t++) {
        const g = gradients(length, rng);
        const s = {
          weightDecay: wd,
          beta1: 0.9,
          beta2: 0.999,
          stepSize: 0.002 / (1 - 0.9 ** t),
          sqrtCorrection2: Math.sqrt(1 - 0.999 ** t),
          eps: 1e-8,
        };
        everyUpdate.adamUpdate(pw, g, mw, vw, s);
        jsKernels.adamUpdate(pj, g, mj, vj, s);
      }
      expect(bitDiffs(pw, pj), `p, length ${length}`).toEqual([]);
      expect(bitDiffs(mw, mj), `m, length ${length}`).toEqual([]);
      expect(bitDiffs(vw, vj), `v, length ${length}`).toEqual([]);
      expect(pw).not.toEqual(p); // the parameters moved
    }
  });

  it('SGD without momentum, on its first momentum step and after: the same p and buffer bits', () => {
    for (const [length, momentum, wd] of [
      [3, 0, 0],
      [513, 0, 1e-4],
      [1, 0.9, 0],
      [600, 0.9, 1e-4],
    ] as const) {
      const rng = new Rng(100 + length);
      const p = spread(length, rng);
      const [pw, bw] = [p.slice(), new Float32Array(length)];
      const [pj, bj] = [p.slice(), new Float32Array(length)];
      for (let t = 1; t <= 30; t++) {
        const g = gradients(length, rng);
        const s = { learningRate: 0.05, momentum, weightDecay: wd, first: t === 1 };
        everyUpdate.sgdUpdate(pw, g, bw, s);
        jsKernels.sgdUpdate(pj, g, bj, s);
      }
      expect(bitDiffs(pw, pj), `p, length ${length}, momentum ${momentum}`).toEqual([]);
      expect(bitDiffs(bw, bj), `buffer, length ${length}, momentum ${momentum}`).toEqual([]);
      expect(pw).not.toEqual(p);
    }
  });

  it('leaves tiny tensors (under WASM_UPDATE_MIN) and float64 ones to the JS reference; models step through the default backend', () => {
    const runs = wasmKernels.wasmUpdates;
    const s = { learningRate: 0.1, momentum: 0, weightDecay: 0, first: true };
    const small = new Float32Array(WASM_UPDATE_MIN - 1).fill(1);
    wasmKernels.sgdUpdate(small, small.slice(), small.slice(), s);
    const big64 = new Float64Array(4 * WASM_UPDATE_MIN).fill(1);
    wasmKernels.sgdUpdate(big64, big64.slice(), big64.slice(), s);
    expect(big64[0]).toBeCloseTo(0.9, 12);
    expect(wasmKernels.wasmUpdates).toBe(runs);
    const big = new Float32Array(WASM_UPDATE_MIN).fill(1);
    wasmKernels.sgdUpdate(big, big.slice(), big.slice(), s);
    expect(wasmKernels.wasmUpdates).toBe(runs + 1);
    expect(defaultKernels).toBe(wasmKernels);
  });
});
