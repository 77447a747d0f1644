// This machine's ceiling for W4: the multiply-add throughput of 128-bit WebAssembly SIMD, the only
// vector width WebAssembly has (no FMA, no 256-bit lanes), measured in node with the engine's own
// assembler (wabt). Twelve independent chains acc = acc * x + y per lane type keep both multiply
// and add ports busy; the accumulators are summed into the result so no work can be dropped. A
// GEMM summing in float64 lanes cannot beat the f64x2 figure, one summing in float32 the f32x4 one.

import { createRequire } from 'node:module';
import { join } from 'node:path';

const CHAINS = 12;

function probe(type) {
  const scalar = type === 'f64x2' ? 'f64' : 'f32';
  const locals = Array.from({ length: CHAINS }, (_, i) => `(local $a${i} v128)`).join(' ');
  const body = Array.from(
    { length: CHAINS },
    (_, i) =>
      `(local.set $a${i} (${type}.add (${type}.mul (local.get $a${i}) (local.get $x)) (local.get $y)))`,
  ).join('\n');
  const sum = Array.from(
    { length: CHAINS },
    (_, i) => `(local.set $x (${type}.add (local.get $x) (local.get $a${i})))`,
  ).join(' ');
  const lane =
    type === 'f64x2'
      ? '(f64x2.extract_lane 0 (local.get $x))'
      : '(f64.promote_f32 (f32x4.extract_lane 0 (local.get $x)))';
  return `(module (func (export "run") (param $iters i32) (result f64)
    (local $x v128) (local $y v128) ${locals}
    (local.set $x (${type}.splat (${scalar}.const 0.9999999)))
    (local.set $y (${type}.splat (${scalar}.const 0.0000001)))
    (loop $l ${body}
      (br_if $l (local.tee $iters (i32.sub (local.get $iters) (i32.const 1)))))
    ${sum}
    ${lane}))`;
}

/** GFLOP/s (a multiply and an add per lane per chain and iteration) of f64x2 and f32x4, best of three. */
export async function simdPeak(root) {
  const wabt = await createRequire(join(root, 'package.json'))('wabt')();
  const out = {};
  for (const type of ['f64x2', 'f32x4']) {
    const parsed = wabt.parseWat(`${type}.wat`, probe(type), { simd: true });
    parsed.resolveNames();
    parsed.validate();
    const { run } = new WebAssembly.Instance(new WebAssembly.Module(parsed.toBinary({}).buffer), {}).exports;
    parsed.destroy();
    run(1e6);
    const iters = 2e7;
    let best = 0;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      run(iters);
      const seconds = (performance.now() - t0) / 1000;
      best = Math.max(best, (iters * CHAINS * (type === 'f64x2' ? 2 : 4) * 2) / seconds / 1e9);
    }
    out[type] = best;
  }
  return out;
}
