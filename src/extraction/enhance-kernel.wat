;; The two passes of the oriented enhancement filter (WebAssembly text; `npm run build` compiles
;; it to dist/extraction/enhance-kernel.wasm with wabt, see scripts/build-wasm.mjs). Driven by
;; enhance-ridges.ts, which documents the method and lays out the memory (the caller grows it);
;; this file only sums taps. One instance per thread.
;;
;; filter(...) computes, for every pixel i = y·width + x with mask[i] ≠ 0, the sum over the taps
;; k = 0 … taps − 1 of weight[key·taps + k] · src[c + offset[key·taps + k]], where
;; c = (y + srcPad)·srcStride + srcPad + x and key = binA[i]·nB + binB[i] (binA[i] alone when
;; binB = 0), and stores it as f32 at dst[(y + dstPad)·dstStride + dstPad + x]. Every sum is
;; a chain of f64 additions of exact f64 products of two f32, tap after tap, rounded once to f32
;; at the end: the same operations in the same order as the JavaScript loop, so the same bits.
;; Speed comes only from running several pixels' chains side by side: a run of neighbours of one
;; row with the same key (up to 8) shares each tap's weight and offset, and its samples are
;; contiguous, so two pixels go in one f64x2 lane pair.
(module
  (memory (export "memory") 1)

  (func $key (param $binA i32) (param $binB i32) (param $nB i32) (param $i i32) (result i32)
    (if (result i32) (local.get $binB)
      (then
        (i32.add
          (i32.mul (i32.load8_u (i32.add (local.get $binA) (local.get $i))) (local.get $nB))
          (i32.load8_u (i32.add (local.get $binB) (local.get $i)))))
      (else (i32.load8_u (i32.add (local.get $binA) (local.get $i))))))

  (func (export "filter")
    (param $src i32) (param $dst i32) (param $mask i32) (param $binA i32) (param $binB i32) (param $nB i32)
    (param $offs i32) (param $wts i32) (param $taps i32) (param $width i32) (param $height i32)
    (param $sStride i32) (param $sPad i32) (param $dStride i32) (param $dPad i32)
    (local $y i32) (local $x i32) (local $row i32) (local $i i32) (local $key i32) (local $run i32)
    (local $cRow i32) (local $dRow i32) (local $c i32) (local $d i32)
    (local $ob i32) (local $wb i32) (local $end i32) (local $a i32)
    (local $wv v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s f64)
    (if (i32.le_s (local.get $height) (i32.const 0)) (then (return)))
    (if (i32.le_s (local.get $width) (i32.const 0)) (then (return)))
    (loop $rows
      (local.set $row (i32.mul (local.get $y) (local.get $width)))
      (local.set $cRow (i32.add (local.get $src) (i32.shl
        (i32.add (i32.mul (i32.add (local.get $y) (local.get $sPad)) (local.get $sStride)) (local.get $sPad)) (i32.const 2))))
      (local.set $dRow (i32.add (local.get $dst) (i32.shl
        (i32.add (i32.mul (i32.add (local.get $y) (local.get $dPad)) (local.get $dStride)) (local.get $dPad)) (i32.const 2))))
      (local.set $x (i32.const 0))
      (loop $cols
        (local.set $i (i32.add (local.get $row) (local.get $x)))
        (if (i32.eqz (i32.load8_u (i32.add (local.get $mask) (local.get $i))))
          (then (local.set $run (i32.const 1)))
          (else
            (local.set $key (call $key (local.get $binA) (local.get $binB) (local.get $nB) (local.get $i)))
            ;; the run of neighbours with the same key, at most 8
            (local.set $run (i32.const 1))
            (block $runEnd
              (loop $grow
                (br_if $runEnd (i32.ge_u (local.get $run) (i32.const 8)))
                (br_if $runEnd (i32.ge_s (i32.add (local.get $x) (local.get $run)) (local.get $width)))
                (br_if $runEnd (i32.eqz (i32.load8_u (i32.add (local.get $mask) (i32.add (local.get $i) (local.get $run))))))
                (br_if $runEnd (i32.ne (local.get $key)
                  (call $key (local.get $binA) (local.get $binB) (local.get $nB) (i32.add (local.get $i) (local.get $run)))))
                (local.set $run (i32.add (local.get $run) (i32.const 1)))
                (br $grow)))
            (local.set $ob (i32.add (local.get $offs) (i32.shl (i32.mul (local.get $key) (local.get $taps)) (i32.const 2))))
            (local.set $wb (i32.add (local.get $wts) (i32.shl (i32.mul (local.get $key) (local.get $taps)) (i32.const 2))))
            (local.set $end (i32.add (local.get $ob) (i32.shl (local.get $taps) (i32.const 2))))
            (local.set $c (i32.add (local.get $cRow) (i32.shl (local.get $x) (i32.const 2))))
            (local.set $d (i32.add (local.get $dRow) (i32.shl (local.get $x) (i32.const 2))))
            (if (i32.eq (local.get $run) (i32.const 8))
              (then
                (local.set $s0 (v128.const f64x2 0 0))
                (local.set $s1 (v128.const f64x2 0 0))
                (local.set $s2 (v128.const f64x2 0 0))
                (local.set $s3 (v128.const f64x2 0 0))
                (if (i32.gt_s (local.get $taps) (i32.const 0))
                  (then
                    (loop $tap8
                      (local.set $wv (f64x2.splat (f64.promote_f32 (f32.load (local.get $wb)))))
                      (local.set $a (i32.add (local.get $c) (i32.shl (i32.load (local.get $ob)) (i32.const 2))))
                      (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $wv) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))))))
                      (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $wv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a))))))
                      (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $wv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $a))))))
                      (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $wv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $a))))))
                      (local.set $wb (i32.add (local.get $wb) (i32.const 4)))
                      (local.set $ob (i32.add (local.get $ob) (i32.const 4)))
                      (br_if $tap8 (i32.lt_u (local.get $ob) (local.get $end))))))
                (v128.store64_lane 0 (local.get $d) (f32x4.demote_f64x2_zero (local.get $s0)))
                (v128.store64_lane offset=8 0 (local.get $d) (f32x4.demote_f64x2_zero (local.get $s1)))
                (v128.store64_lane offset=16 0 (local.get $d) (f32x4.demote_f64x2_zero (local.get $s2)))
                (v128.store64_lane offset=24 0 (local.get $d) (f32x4.demote_f64x2_zero (local.get $s3))))
              (else
                (if (i32.ge_u (local.get $run) (i32.const 4))
                  (then
                    (local.set $run (i32.const 4))
                    (local.set $s0 (v128.const f64x2 0 0))
                    (local.set $s1 (v128.const f64x2 0 0))
                    (if (i32.gt_s (local.get $taps) (i32.const 0))
                      (then
                        (loop $tap4
                          (local.set $wv (f64x2.splat (f64.promote_f32 (f32.load (local.get $wb)))))
                          (local.set $a (i32.add (local.get $c) (i32.shl (i32.load (local.get $ob)) (i32.const 2))))
                          (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $wv) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))))))
                          (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $wv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a))))))
                          (local.set $wb (i32.add (local.get $wb) (i32.const 4)))
                          (local.set $ob (i32.add (local.get $ob) (i32.const 4)))
                          (br_if $tap4 (i32.lt_u (local.get $ob) (local.get $end))))))
                    (v128.store64_lane 0 (local.get $d) (f32x4.demote_f64x2_zero (local.get $s0)))
                    (v128.store64_lane offset=8 0 (local.get $d) (f32x4.demote_f64x2_zero (local.get $s1))))
                  (else
                    (if (i32.ge_u (local.get $run) (i32.const 2))
                      (then
                        (local.set $run (i32.const 2))
                        (local.set $s0 (v128.const f64x2 0 0))
                        (if (i32.gt_s (local.get $taps) (i32.const 0))
                          (then
                            (loop $tap2
                              (local.set $wv (f64x2.splat (f64.promote_f32 (f32.load (local.get $wb)))))
                              (local.set $a (i32.add (local.get $c) (i32.shl (i32.load (local.get $ob)) (i32.const 2))))
                              (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $wv) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))))))
                              (local.set $wb (i32.add (local.get $wb) (i32.const 4)))
                              (local.set $ob (i32.add (local.get $ob) (i32.const 4)))
                              (br_if $tap2 (i32.lt_u (local.get $ob) (local.get $end))))))
                        (v128.store64_lane 0 (local.get $d) (f32x4.demote_f64x2_zero (local.get $s0))))
                      (else
                        (local.set $s (f64.const 0))
                        (if (i32.gt_s (local.get $taps) (i32.const 0))
                          (then
                            (loop $tap1
                              (local.set $s (f64.add (local.get $s) (f64.mul
                                (f64.promote_f32 (f32.load (local.get $wb)))
                                (f64.promote_f32 (f32.load (i32.add (local.get $c) (i32.shl (i32.load (local.get $ob)) (i32.const 2))))))))
                              (local.set $wb (i32.add (local.get $wb) (i32.const 4)))
                              (local.set $ob (i32.add (local.get $ob) (i32.const 4)))
                              (br_if $tap1 (i32.lt_u (local.get $ob) (local.get $end))))))
                        (f32.store (local.get $d) (f32.demote_f64 (local.get $s)))))))))))
        (local.set $x (i32.add (local.get $x) (local.get $run)))
        (br_if $cols (i32.lt_s (local.get $x) (local.get $width))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_s (local.get $y) (local.get $height)))))
)
