;; NormLab's WebAssembly SIMD kernels (128-bit SIMD): the GEMMs and, at the end of the file, the
;; optimizers' per-element updates. Assembled by scripts/build-wasm.mjs with the `wabt` package into
;; engine/core/wasm/gemm-wasm.js. engine/core/wasm-kernels.ts copies the operands' spans into this
;; module's memory (one memcpy each), calls a kernel, and copies the results back. Two GEMM kernels,
;; same arguments (and gemmSmallK, below, for a shallow A^T B):
;;
;;   gemm     sums in float64 lanes, the JS reference's operations in its order: bit-identical to
;;            JsKernels.gemm (engine/core/kernels.ts). The engine's default.
;;   gemmF32  sums in float32 lanes (4 x 8 f32x4 tile): ~2x the throughput, results within float32
;;            rounding of the reference but not its bits. Opt-in (the benchmark's peak figure).
;;
;; (gemm|gemmF32)(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, scratch):
;;   C = op(A) op(B) (+ C), BLAS conventions: op(A) (m x k), op(B) (k x n), C (m x n); A stored
;;   (k x m) when transA, B stored (n x k) when transB; a, b, c, scratch are byte addresses, the
;;   leading dimensions lda, ldb, ldc count elements. Row-major: element (i, j) of C at c + (i * ldc + j) * 4.
;;   Both work in 256-deep blocks of k into a padded copy of C at `scratch`, which goes back to C
;;   at the end, in a fixed order: the bits are the same on every engine (SIMD 128 has no fused
;;   multiply-add, and WebAssembly never reassociates).
;;
;; gemmF32: per block op(A) is packed into panels of 4 rows and op(B) into panels of 8 columns
;; (zero-padded), and the 4 x 8 micro-kernel adds each block of C, summed in eight f32x4 registers
;; from 0 over p in increasing order, into the padded C.
;; Scratch bytes needed: (ceil(m/4) * 4 + ceil(n/8) * 8) * min(k, 256) * 4 + ceil(m/4) * 4 * ceil(n/8) * 8 * 4.

(module
  (memory (export "memory") 1)

  ;; Packs rows r < rows of a strided matrix, element (r, p) at src + r * rs + p * ps (bytes),
  ;; depth p < depth, into panels of w (4 or 8) rows: dst + ((q * depth + p) * w + t) * 4 holds row
  ;; q * w + t, 0 past `rows`.
  (func $pack (param $src i32) (param $rs i32) (param $ps i32) (param $rows i32) (param $depth i32)
    (param $w i32) (param $dst i32)
    (local $r0 i32) (local $nr i32) (local $s i32) (local $p i32) (local $t i32) (local $e i32)
    (block $done
      (loop $panel
        (br_if $done (i32.ge_s (local.get $r0) (local.get $rows)))
        (local.set $nr (i32.sub (local.get $rows) (local.get $r0)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r0) (local.get $rs))))
        (local.set $p (local.get $depth))
        (if (i32.and (i32.ge_s (local.get $nr) (local.get $w)) (i32.eq (local.get $rs) (i32.const 4)))
          (then
            ;; The panel's rows are adjacent in memory: w floats per p, copied as vectors.
            (if (i32.eq (local.get $w) (i32.const 8))
              (then
                (loop $vec8
                  (v128.store (local.get $dst) (v128.load (local.get $s)))
                  (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $s)))
                  (local.set $s (i32.add (local.get $s) (local.get $ps)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                  (br_if $vec8 (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
              (else
                (loop $vec4
                  (v128.store (local.get $dst) (v128.load (local.get $s)))
                  (local.set $s (i32.add (local.get $s) (local.get $ps)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                  (br_if $vec4 (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))))
          (else
            (if (i32.ge_s (local.get $nr) (local.get $w))
              (then
                ;; A full panel gathered one element at a time.
                (loop $full
                  (local.set $e (local.get $s))
                  (local.set $t (local.get $w))
                  (loop $gather
                    (f32.store (local.get $dst) (f32.load (local.get $e)))
                    (local.set $e (i32.add (local.get $e) (local.get $rs)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                    (br_if $gather (local.tee $t (i32.sub (local.get $t) (i32.const 1)))))
                  (local.set $s (i32.add (local.get $s) (local.get $ps)))
                  (br_if $full (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
              (else
                ;; The last, ragged panel: nr rows, then zeros.
                (loop $ragged
                  (local.set $e (local.get $s))
                  (local.set $t (i32.const 0))
                  (loop $gatherZero
                    (if (i32.lt_s (local.get $t) (local.get $nr))
                      (then (f32.store (local.get $dst) (f32.load (local.get $e))))
                      (else (f32.store (local.get $dst) (f32.const 0))))
                    (local.set $e (i32.add (local.get $e) (local.get $rs)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                    (br_if $gatherZero (i32.lt_s (local.tee $t (i32.add (local.get $t) (i32.const 1))) (local.get $w))))
                  (local.set $s (i32.add (local.get $s) (local.get $ps)))
                  (br_if $ragged (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))))
        (local.set $r0 (i32.add (local.get $r0) (local.get $w)))
        (br $panel))))

  ;; Copies a rows x cols block of floats: row i from src + i * srcStride to dst + i * dstStride (bytes).
  (func $copyBlock (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32)
    (param $rows i32) (param $cols i32)
    (local $s i32) (local $d i32) (local $end i32) (local $vecEnd i32)
    (block $done
      (loop $row
        (br_if $done (i32.le_s (local.get $rows) (i32.const 0)))
        (local.set $s (local.get $src))
        (local.set $d (local.get $dst))
        (local.set $end (i32.add (local.get $src) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $vecEnd (i32.sub (local.get $end) (i32.const 12)))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $s) (local.get $vecEnd)))
            (v128.store (local.get $d) (v128.load (local.get $s)))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $s) (local.get $end)))
            (f32.store (local.get $d) (f32.load (local.get $s)))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $tail)))
        (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
        (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; C (mPanels*4 x nPanels*8 at c, row stride ldc bytes) += A_packed (pa) * B_packed (pb), depth kc >= 1.
  (func $kernel (param $kc i32) (param $mPanels i32) (param $nPanels i32)
    (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
    (local $aPanel i32) (local $bPanel i32) ;; bytes per A panel (kc * 16), per B panel (kc * 32)
    (local $jp i32) (local $ip i32)
    (local $bBase i32) (local $cCol i32)
    (local $a i32) (local $b i32) (local $bEnd i32) (local $cp i32)
    (local $b0 v128) (local $b1 v128) (local $av v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $aPanel (i32.shl (local.get $kc) (i32.const 4)))
    (local.set $bPanel (i32.shl (local.get $kc) (i32.const 5)))
    (block $jDone
      (loop $jLoop
        (br_if $jDone (i32.ge_u (local.get $jp) (local.get $nPanels)))
        (local.set $bBase (i32.add (local.get $pb) (i32.mul (local.get $jp) (local.get $bPanel))))
        (local.set $cCol (i32.add (local.get $c) (i32.shl (local.get $jp) (i32.const 5))))
        (local.set $ip (i32.const 0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $ip) (local.get $mPanels)))
            (local.set $a (i32.add (local.get $pa) (i32.mul (local.get $ip) (local.get $aPanel))))
            (local.set $b (local.get $bBase))
            (local.set $bEnd (i32.add (local.get $bBase) (local.get $bPanel)))
            (local.set $c00 (v128.const i32x4 0 0 0 0))
            (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0))
            (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0))
            (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0))
            (local.set $c31 (v128.const i32x4 0 0 0 0))
            (loop $pLoop
              (local.set $b0 (v128.load (local.get $b)))
              (local.set $b1 (v128.load offset=16 (local.get $b)))
              (local.set $av (v128.load32_splat (local.get $a)))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load32_splat offset=4 (local.get $a)))
              (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load32_splat offset=8 (local.get $a)))
              (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load32_splat offset=12 (local.get $a)))
              (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $a (i32.add (local.get $a) (i32.const 16)))
              (local.set $b (i32.add (local.get $b) (i32.const 32)))
              (br_if $pLoop (i32.lt_u (local.get $b) (local.get $bEnd))))
            (local.set $cp (i32.add (local.get $cCol) (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $c00)))
            (v128.store offset=16 (local.get $cp) (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $c01)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $c10)))
            (v128.store offset=16 (local.get $cp) (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $c11)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $c20)))
            (v128.store offset=16 (local.get $cp) (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $c21)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $c30)))
            (v128.store offset=16 (local.get $cp) (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $c31)))
            (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
            (br $iLoop)))
        (local.set $jp (i32.add (local.get $jp) (i32.const 1)))
        (br $jLoop))))

  (func (export "gemmF32")
    (param $transA i32) (param $transB i32) (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32)
    (param $accumulate i32) (param $scratch i32)
    (local $aRs i32) (local $aPs i32) (local $bRs i32) (local $bPs i32)
    (local $mPanels i32) (local $nPanels i32) (local $kcMax i32) (local $kc i32) (local $p0 i32)
    (local $pa i32) (local $pb i32) (local $cw i32) (local $ldw i32) (local $q i32) (local $end i32)
    ;; Byte strides: op(A)'s (i, p) at a + i * aRs + p * aPs; op(B)'s (p, j) at b + j * bRs + p * bPs.
    (local.set $aRs (select (i32.const 4) (i32.shl (local.get $lda) (i32.const 2)) (local.get $transA)))
    (local.set $aPs (select (i32.shl (local.get $lda) (i32.const 2)) (i32.const 4) (local.get $transA)))
    (local.set $bRs (select (i32.shl (local.get $ldb) (i32.const 2)) (i32.const 4) (local.get $transB)))
    (local.set $bPs (select (i32.const 4) (i32.shl (local.get $ldb) (i32.const 2)) (local.get $transB)))
    (local.set $mPanels (i32.shr_u (i32.add (local.get $m) (i32.const 3)) (i32.const 2)))
    (local.set $nPanels (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    (local.set $kcMax (select (local.get $k) (i32.const 256) (i32.lt_s (local.get $k) (i32.const 256))))
    (local.set $pa (local.get $scratch))
    (local.set $pb (i32.add (local.get $pa) (i32.mul (i32.shl (local.get $mPanels) (i32.const 4)) (local.get $kcMax))))
    (local.set $cw (i32.add (local.get $pb) (i32.mul (i32.shl (local.get $nPanels) (i32.const 5)) (local.get $kcMax))))
    (local.set $ldw (i32.shl (local.get $nPanels) (i32.const 5)))
    ;; The padded C starts as C (accumulate) or 0.
    (if (local.get $accumulate)
      (then
        (call $copyBlock (local.get $c) (i32.shl (local.get $ldc) (i32.const 2)) (local.get $cw) (local.get $ldw)
          (local.get $m) (local.get $n)))
      (else
        (local.set $q (local.get $cw))
        (local.set $end (i32.add (local.get $cw) (i32.mul (i32.shl (local.get $mPanels) (i32.const 2)) (local.get $ldw))))
        (loop $zero
          (v128.store (local.get $q) (v128.const i32x4 0 0 0 0))
          (br_if $zero (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 16))) (local.get $end))))))
    (block $done
      (loop $block
        (br_if $done (i32.ge_s (local.get $p0) (local.get $k)))
        (local.set $kc (i32.sub (local.get $k) (local.get $p0)))
        (if (i32.gt_s (local.get $kc) (i32.const 256)) (then (local.set $kc (i32.const 256))))
        (call $pack (i32.add (local.get $a) (i32.mul (local.get $p0) (local.get $aPs))) (local.get $aRs) (local.get $aPs)
          (local.get $m) (local.get $kc) (i32.const 4) (local.get $pa))
        (call $pack (i32.add (local.get $b) (i32.mul (local.get $p0) (local.get $bPs))) (local.get $bRs) (local.get $bPs)
          (local.get $n) (local.get $kc) (i32.const 8) (local.get $pb))
        (call $kernel (local.get $kc) (local.get $mPanels) (local.get $nPanels) (local.get $pa) (local.get $pb)
          (local.get $cw) (local.get $ldw))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 256)))
        (br $block)))
    (call $copyBlock (local.get $cw) (local.get $ldw) (local.get $c) (i32.shl (local.get $ldc) (i32.const 2))
      (local.get $m) (local.get $n)))
  ;; ---- gemm: the exact kernel, the JS reference's bits (engine/core/kernels.ts, JsKernels.gemm) ----
  ;; Same arguments and conventions as gemmF32. Per 256-deep block of k, op(A) and op(B) are packed
  ;; as float64 (promoted from float32: exact) into panels of 4 rows / 4 columns, and the 4 x 4
  ;; micro-kernel sums each entry of C in one f64 lane from 0 over p in increasing order (a product
  ;; of two float32 values is exact in float64; no fused multiply-add), then adds the block's sum to
  ;; C as f32(f64(c) + sum). These are the JS reference's operations in its order, so the results are
  ;; bit-identical to it on every engine.
  ;;
  ;; Scratch bytes needed: (ceil(m/4) + ceil(n/4)) * 4 * min(k, 256) * 8 + ceil(m/4) * 4 * ceil(n/4) * 4 * 4.

  ;; Packs rows r < rows of a strided float32 matrix, element (r, p) at src + r * rs + p * ps (bytes),
  ;; depth p < depth, as float64 into panels of 4 rows: dst + ((q * depth + p) * 4 + t) * 8 holds
  ;; row 4q + t, 0 past `rows`.
  (func $pack64 (param $src i32) (param $rs i32) (param $ps i32) (param $rows i32) (param $depth i32)
    (param $dst i32)
    (local $r0 i32) (local $nr i32) (local $s i32) (local $p i32) (local $t i32) (local $e i32) (local $v v128)
    (block $done
      (loop $panel
        (br_if $done (i32.ge_s (local.get $r0) (local.get $rows)))
        (local.set $nr (i32.sub (local.get $rows) (local.get $r0)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r0) (local.get $rs))))
        (local.set $p (local.get $depth))
        (if (i32.ge_s (local.get $nr) (i32.const 4))
          (then
            (if (i32.eq (local.get $rs) (i32.const 4))
              (then
                ;; The panel's 4 rows are adjacent: one vector load, two promotions per p.
                (loop $vec
                  (local.set $v (v128.load (local.get $s)))
                  (v128.store (local.get $dst) (f64x2.promote_low_f32x4 (local.get $v)))
                  (v128.store offset=16 (local.get $dst)
                    (f64x2.promote_low_f32x4
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
                  (local.set $s (i32.add (local.get $s) (local.get $ps)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                  (br_if $vec (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
              (else
                ;; A full panel gathered one element at a time.
                (loop $gather
                  (local.set $e (local.get $s))
                  (f64.store (local.get $dst) (f64.promote_f32 (f32.load (local.get $e))))
                  (local.set $e (i32.add (local.get $e) (local.get $rs)))
                  (f64.store offset=8 (local.get $dst) (f64.promote_f32 (f32.load (local.get $e))))
                  (local.set $e (i32.add (local.get $e) (local.get $rs)))
                  (f64.store offset=16 (local.get $dst) (f64.promote_f32 (f32.load (local.get $e))))
                  (local.set $e (i32.add (local.get $e) (local.get $rs)))
                  (f64.store offset=24 (local.get $dst) (f64.promote_f32 (f32.load (local.get $e))))
                  (local.set $s (i32.add (local.get $s) (local.get $ps)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                  (br_if $gather (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))))
          (else
            ;; The last, ragged panel: nr rows, then zeros.
            (loop $ragged
              (local.set $e (local.get $s))
              (local.set $t (i32.const 0))
              (loop $gatherZero
                (if (i32.lt_s (local.get $t) (local.get $nr))
                  (then (f64.store (local.get $dst) (f64.promote_f32 (f32.load (local.get $e)))))
                  (else (f64.store (local.get $dst) (f64.const 0))))
                (local.set $e (i32.add (local.get $e) (local.get $rs)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
                (br_if $gatherZero (i32.lt_s (local.tee $t (i32.add (local.get $t) (i32.const 1))) (i32.const 4))))
              (local.set $s (i32.add (local.get $s) (local.get $ps)))
              (br_if $ragged (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 4)))
        (br $panel))))

  ;; Adds two float64 sums to the two float32 entries of C at cp: cp[t] = f32(f64(cp[t]) + sum[t]).
  (func $addPair (param $cp i32) (param $sum v128)
    (v128.store64_lane 0 (local.get $cp)
      (f32x4.demote_f64x2_zero
        (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $cp))) (local.get $sum)))))

  ;; C (mPanels*4 x nPanels*4 float32 at c, row stride ldc bytes) += A_packed (pa) * B_packed (pb),
  ;; float64 panels, depth kc >= 1; each 4 x 4 block's float64 sums are added to C once.
  (func $kernel64 (param $kc i32) (param $mPanels i32) (param $nPanels i32)
    (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
    (local $panel i32) ;; bytes per packed panel, A's or B's (kc * 32)
    (local $jp i32) (local $ip i32)
    (local $bBase i32) (local $cCol i32)
    (local $a i32) (local $b i32) (local $bEnd i32) (local $cp i32)
    (local $b0 v128) (local $b1 v128) (local $av v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $panel (i32.shl (local.get $kc) (i32.const 5)))
    (block $jDone
      (loop $jLoop
        (br_if $jDone (i32.ge_u (local.get $jp) (local.get $nPanels)))
        (local.set $bBase (i32.add (local.get $pb) (i32.mul (local.get $jp) (local.get $panel))))
        (local.set $cCol (i32.add (local.get $c) (i32.shl (local.get $jp) (i32.const 4))))
        (local.set $ip (i32.const 0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $ip) (local.get $mPanels)))
            (local.set $a (i32.add (local.get $pa) (i32.mul (local.get $ip) (local.get $panel))))
            (local.set $b (local.get $bBase))
            (local.set $bEnd (i32.add (local.get $bBase) (local.get $panel)))
            (local.set $c00 (v128.const i32x4 0 0 0 0))
            (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0))
            (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0))
            (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0))
            (local.set $c31 (v128.const i32x4 0 0 0 0))
            (loop $pLoop
              (local.set $b0 (v128.load (local.get $b)))
              (local.set $b1 (v128.load offset=16 (local.get $b)))
              (local.set $av (v128.load64_splat (local.get $a)))
              (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av) (local.get $b0))))
              (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load64_splat offset=8 (local.get $a)))
              (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $av) (local.get $b0))))
              (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load64_splat offset=16 (local.get $a)))
              (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $av) (local.get $b0))))
              (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load64_splat offset=24 (local.get $a)))
              (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $av) (local.get $b0))))
              (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $av) (local.get $b1))))
              (local.set $a (i32.add (local.get $a) (i32.const 32)))
              (local.set $b (i32.add (local.get $b) (i32.const 32)))
              (br_if $pLoop (i32.lt_u (local.get $b) (local.get $bEnd))))
            (local.set $cp (i32.add (local.get $cCol) (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))))
            (call $addPair (local.get $cp) (local.get $c00))
            (call $addPair (i32.add (local.get $cp) (i32.const 8)) (local.get $c01))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (call $addPair (local.get $cp) (local.get $c10))
            (call $addPair (i32.add (local.get $cp) (i32.const 8)) (local.get $c11))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (call $addPair (local.get $cp) (local.get $c20))
            (call $addPair (i32.add (local.get $cp) (i32.const 8)) (local.get $c21))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (call $addPair (local.get $cp) (local.get $c30))
            (call $addPair (i32.add (local.get $cp) (i32.const 8)) (local.get $c31))
            (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
            (br $iLoop)))
        (local.set $jp (i32.add (local.get $jp) (i32.const 1)))
        (br $jLoop))))

  (func (export "gemm")
    (param $transA i32) (param $transB i32) (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32)
    (param $accumulate i32) (param $scratch i32)
    (local $aRs i32) (local $aPs i32) (local $bRs i32) (local $bPs i32)
    (local $mPanels i32) (local $nPanels i32) (local $kcMax i32) (local $kc i32) (local $p0 i32)
    (local $pa i32) (local $pb i32) (local $cw i32) (local $ldw i32) (local $q i32) (local $end i32)
    (local.set $aRs (select (i32.const 4) (i32.shl (local.get $lda) (i32.const 2)) (local.get $transA)))
    (local.set $aPs (select (i32.shl (local.get $lda) (i32.const 2)) (i32.const 4) (local.get $transA)))
    (local.set $bRs (select (i32.shl (local.get $ldb) (i32.const 2)) (i32.const 4) (local.get $transB)))
    (local.set $bPs (select (i32.const 4) (i32.shl (local.get $ldb) (i32.const 2)) (local.get $transB)))
    (local.set $mPanels (i32.shr_u (i32.add (local.get $m) (i32.const 3)) (i32.const 2)))
    (local.set $nPanels (i32.shr_u (i32.add (local.get $n) (i32.const 3)) (i32.const 2)))
    (local.set $kcMax (select (local.get $k) (i32.const 256) (i32.lt_s (local.get $k) (i32.const 256))))
    (local.set $pa (local.get $scratch))
    (local.set $pb (i32.add (local.get $pa) (i32.mul (i32.shl (local.get $mPanels) (i32.const 5)) (local.get $kcMax))))
    (local.set $cw (i32.add (local.get $pb) (i32.mul (i32.shl (local.get $nPanels) (i32.const 5)) (local.get $kcMax))))
    (local.set $ldw (i32.shl (local.get $nPanels) (i32.const 4)))
    ;; The padded C starts as C (accumulate) or +0, as the reference's fill.
    (if (local.get $accumulate)
      (then
        (call $copyBlock (local.get $c) (i32.shl (local.get $ldc) (i32.const 2)) (local.get $cw) (local.get $ldw)
          (local.get $m) (local.get $n)))
      (else
        (local.set $q (local.get $cw))
        (local.set $end (i32.add (local.get $cw) (i32.mul (i32.shl (local.get $mPanels) (i32.const 2)) (local.get $ldw))))
        (loop $zero
          (v128.store (local.get $q) (v128.const i32x4 0 0 0 0))
          (br_if $zero (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 16))) (local.get $end))))))
    (block $done
      (loop $block
        (br_if $done (i32.ge_s (local.get $p0) (local.get $k)))
        (local.set $kc (i32.sub (local.get $k) (local.get $p0)))
        (if (i32.gt_s (local.get $kc) (i32.const 256)) (then (local.set $kc (i32.const 256))))
        (call $pack64 (i32.add (local.get $a) (i32.mul (local.get $p0) (local.get $aPs))) (local.get $aRs) (local.get $aPs)
          (local.get $m) (local.get $kc) (local.get $pa))
        (call $pack64 (i32.add (local.get $b) (i32.mul (local.get $p0) (local.get $bPs))) (local.get $bRs) (local.get $bPs)
          (local.get $n) (local.get $kc) (local.get $pb))
        (call $kernel64 (local.get $kc) (local.get $mPanels) (local.get $nPanels) (local.get $pa) (local.get $pb)
          (local.get $cw) (local.get $ldw))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 256)))
        (br $block)))
    (call $copyBlock (local.get $cw) (local.get $ldw) (local.get $c) (i32.shl (local.get $ldc) (i32.const 2))
      (local.get $m) (local.get $n)))

  ;; gemmSmallK(m, n, k, a, lda, b, ldb, c, ldc, accumulate): C = A^T B (+ C) for a shallow k (a
  ;; layer's weight gradient on a small batch: k is the batch). A stored k x m, B stored k x n, as
  ;; `gemm` with transA = 1, transB = 0. Packing and the padded C cost more than the k products per
  ;; entry there, so each row of C is summed straight from A and B, two columns per f64x2 vector:
  ;; from 0 over p in increasing order, then added to C as f32(f64(c) + sum), the reference's
  ;; operations for a k of at most 256 (one block), so its bits.
  (func (export "gemmSmallK")
    (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $lda i32) (param $b i32)
    (param $ldb i32) (param $c i32) (param $ldc i32) (param $accumulate i32)
    (local $i i32) (local $j i32) (local $p i32) (local $nEven i32) (local $crow i32) (local $bcol i32)
    (local $sum v128) (local $old v128) (local $s f64) (local $ldaB i32) (local $ldbB i32)
    (local.set $nEven (i32.and (local.get $n) (i32.const -2)))
    (local.set $ldaB (i32.shl (local.get $lda) (i32.const 2)))
    (local.set $ldbB (i32.shl (local.get $ldb) (i32.const 2)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $crow (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $ldc)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pair
            (br_if $pairsDone (i32.ge_u (local.get $j) (local.get $nEven)))
            (local.set $sum (v128.const f64x2 0 0))
            (local.set $bcol (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $p (i32.const 0))
            (block $pDone
              (loop $depth
                (br_if $pDone (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $sum
                  (f64x2.add (local.get $sum)
                    (f64x2.mul
                      (f64x2.splat (f64.promote_f32 (f32.load
                        (i32.add (local.get $a) (i32.add (i32.mul (local.get $p) (local.get $ldaB)) (i32.shl (local.get $i) (i32.const 2)))))))
                      (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $bcol))))))
                (local.set $bcol (i32.add (local.get $bcol) (local.get $ldbB)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $depth)))
            (local.set $old
              (if (result v128) (local.get $accumulate)
                (then (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $crow))))
                (else (v128.const f64x2 0 0))))
            (v128.store64_lane 0 (local.get $crow)
              (f32x4.demote_f64x2_zero (f64x2.add (local.get $old) (local.get $sum))))
            (local.set $crow (i32.add (local.get $crow) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pair)))
        (if (i32.lt_u (local.get $nEven) (local.get $n))
          (then
            (local.set $s (f64.const 0))
            (local.set $bcol (i32.add (local.get $b) (i32.shl (local.get $nEven) (i32.const 2))))
            (local.set $p (i32.const 0))
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $s
                  (f64.add (local.get $s)
                    (f64.mul
                      (f64.promote_f32 (f32.load
                        (i32.add (local.get $a) (i32.add (i32.mul (local.get $p) (local.get $ldaB)) (i32.shl (local.get $i) (i32.const 2))))))
                      (f64.promote_f32 (f32.load (local.get $bcol))))))
                (local.set $bcol (i32.add (local.get $bcol) (local.get $ldbB)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $tail)))
            (f32.store (local.get $crow)
              (f32.demote_f64 (f64.add
                (select (f64.promote_f32 (f32.load (local.get $crow))) (f64.const 0) (local.get $accumulate))
                (local.get $s))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; ---- The optimizers' updates (engine/train/update.ts holds the JS reference and the formulas).
  ;; Float32 arrays at byte addresses, updated in place, two elements per f64x2 vector: every value
  ;; is promoted to float64, the reference's operations run in its order (each stored float32 is
  ;; read back rounded, as a JS typed array gives it), and results are demoted on store. SIMD 128
  ;; has no fused multiply-add and f64x2.sqrt and f64x2.div round as Math.sqrt and `/` do, so the
  ;; results are the reference's bits.

  ;; Both run a loop over pairs (straight-line code: V8 does not inline wasm calls) and, for an odd
  ;; length, the same formula once more on the last element in scalar float64.

  ;; adam(p, g, m, v, n, wd, b1, c1, b2, c2, stepSize, sc, eps), c1 = 1 - b1, c2 = 1 - b2:
  ;;   gi = g + wd p;  m = b1 m + c1 gi;  v = b2 v + (c2 gi) gi;  p -= (stepSize m) / (sqrt(v) / sc + eps)
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $wd f64) (param $b1 f64) (param $c1 f64) (param $b2 f64) (param $c2 f64)
    (param $ss f64) (param $sc f64) (param $eps f64)
    (local $end i32) (local $pp v128) (local $gi v128) (local $mm v128) (local $vv v128)
    (local $vwd v128) (local $vb1 v128) (local $vc1 v128) (local $vb2 v128) (local $vc2 v128)
    (local $vss v128) (local $vsc v128) (local $veps v128)
    (local $sp f64) (local $sg f64) (local $sm f32) (local $sv f32)
    (local.set $vwd (f64x2.splat (local.get $wd)))
    (local.set $vb1 (f64x2.splat (local.get $b1)))
    (local.set $vc1 (f64x2.splat (local.get $c1)))
    (local.set $vb2 (f64x2.splat (local.get $b2)))
    (local.set $vc2 (f64x2.splat (local.get $c2)))
    (local.set $vss (f64x2.splat (local.get $ss)))
    (local.set $vsc (f64x2.splat (local.get $sc)))
    (local.set $veps (f64x2.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $pp (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))))
        (local.set $gi (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g)))
                                  (f64x2.mul (local.get $vwd) (local.get $pp))))
        (local.set $mm (f32x4.demote_f64x2_zero
          (f64x2.add (f64x2.mul (local.get $vb1) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $m))))
                     (f64x2.mul (local.get $vc1) (local.get $gi)))))
        (local.set $vv (f32x4.demote_f64x2_zero
          (f64x2.add (f64x2.mul (local.get $vb2) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $v))))
                     (f64x2.mul (f64x2.mul (local.get $vc2) (local.get $gi)) (local.get $gi)))))
        (v128.store64_lane 0 (local.get $m) (local.get $mm))
        (v128.store64_lane 0 (local.get $v) (local.get $vv))
        (v128.store64_lane 0 (local.get $p) (f32x4.demote_f64x2_zero
          (f64x2.sub (local.get $pp)
            (f64x2.div (f64x2.mul (local.get $vss) (f64x2.promote_low_f32x4 (local.get $mm)))
                       (f64x2.add (f64x2.div (f64x2.sqrt (f64x2.promote_low_f32x4 (local.get $vv))) (local.get $vsc))
                                  (local.get $veps))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (local.set $m (i32.add (local.get $m) (i32.const 8)))
        (local.set $v (i32.add (local.get $v) (i32.const 8)))
        (br $pair)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $sp (f64.promote_f32 (f32.load (local.get $p))))
        (local.set $sg (f64.add (f64.promote_f32 (f32.load (local.get $g))) (f64.mul (local.get $wd) (local.get $sp))))
        (local.set $sm (f32.demote_f64 (f64.add (f64.mul (local.get $b1) (f64.promote_f32 (f32.load (local.get $m))))
                                                (f64.mul (local.get $c1) (local.get $sg)))))
        (local.set $sv (f32.demote_f64 (f64.add (f64.mul (local.get $b2) (f64.promote_f32 (f32.load (local.get $v))))
                                                (f64.mul (f64.mul (local.get $c2) (local.get $sg)) (local.get $sg)))))
        (f32.store (local.get $m) (local.get $sm))
        (f32.store (local.get $v) (local.get $sv))
        (f32.store (local.get $p) (f32.demote_f64 (f64.sub (local.get $sp)
          (f64.div (f64.mul (local.get $ss) (f64.promote_f32 (local.get $sm)))
                   (f64.add (f64.div (f64.sqrt (f64.promote_f32 (local.get $sv))) (local.get $sc)) (local.get $eps)))))))))

  ;; sgd(p, g, buf, n, lr, mu, wd, mode):
  ;;   mode 0 (no momentum):         p -= lr (g + wd p)
  ;;   mode 1 (first momentum step): buf = g + wd p;          p -= lr buf
  ;;   mode 2 (momentum):            buf = mu buf + g + wd p; p -= lr buf
  (func (export "sgd") (param $p i32) (param $g i32) (param $buf i32) (param $n i32)
    (param $lr f64) (param $mu f64) (param $wd f64) (param $mode i32)
    (local $end i32) (local $pp v128) (local $d v128) (local $vlr v128) (local $vmu v128) (local $vwd v128)
    (local $sp f64) (local $sd f64)
    (local.set $vlr (f64x2.splat (local.get $lr)))
    (local.set $vmu (f64x2.splat (local.get $mu)))
    (local.set $vwd (f64x2.splat (local.get $wd)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
    (if (i32.eqz (local.get $mode))
      (then
        (block $done0
          (loop $pair0
            (br_if $done0 (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $pp (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))))
            (local.set $d (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g)))
                                     (f64x2.mul (local.get $vwd) (local.get $pp))))
            (v128.store64_lane 0 (local.get $p)
              (f32x4.demote_f64x2_zero (f64x2.sub (local.get $pp) (f64x2.mul (local.get $vlr) (local.get $d)))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $g (i32.add (local.get $g) (i32.const 8)))
            (br $pair0))))
      (else
        (block $done
          (loop $pair
            (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $pp (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))))
            (local.set $d (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g))))
            (if (i32.eq (local.get $mode) (i32.const 2))
              (then
                (local.set $d (f64x2.add (f64x2.mul (local.get $vmu) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $buf))))
                                         (local.get $d)))))
            (local.set $d (f32x4.demote_f64x2_zero (f64x2.add (local.get $d) (f64x2.mul (local.get $vwd) (local.get $pp)))))
            (v128.store64_lane 0 (local.get $buf) (local.get $d))
            (v128.store64_lane 0 (local.get $p)
              (f32x4.demote_f64x2_zero
                (f64x2.sub (local.get $pp) (f64x2.mul (local.get $vlr) (f64x2.promote_low_f32x4 (local.get $d))))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $g (i32.add (local.get $g) (i32.const 8)))
            (local.set $buf (i32.add (local.get $buf) (i32.const 8)))
            (br $pair)))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $sp (f64.promote_f32 (f32.load (local.get $p))))
        (local.set $sd (f64.promote_f32 (f32.load (local.get $g))))
        (if (i32.eq (local.get $mode) (i32.const 2))
          (then
            (local.set $sd (f64.add (f64.mul (local.get $mu) (f64.promote_f32 (f32.load (local.get $buf)))) (local.get $sd)))))
        (local.set $sd (f64.add (local.get $sd) (f64.mul (local.get $wd) (local.get $sp))))
        (if (local.get $mode)
          (then
            (f32.store (local.get $buf) (f32.demote_f64 (local.get $sd)))
            (local.set $sd (f64.promote_f32 (f32.load (local.get $buf))))))
        (f32.store (local.get $p) (f32.demote_f64 (f64.sub (local.get $sp) (f64.mul (local.get $lr) (local.get $sd))))))))
)
