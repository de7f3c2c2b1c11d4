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
;;
;; select(...) is selectFilters' per-pixel loop (enhance-ridges.ts), two pixels per f64x2: the
;; bilinear weights, the three interpolated fields, the polynomial arctangent and the two
;; roundings (Math.round: floor, plus one when the rest is ≥ 0.5), every branch of the
;; JavaScript replaced by a select of the same two values, so each lane computes the same doubles.
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
  ;; Box means and the contrast normalisation of normalize-contrast.ts (boxMean of filters.ts):
  ;; the same f64 operations in the same order per pixel as the JavaScript, so the same bits.
  ;; Every buffer has 16 bytes of slack after it (the column pass reads and writes 2 at a time).

  ;; (f32 at p0 + 4x, f32 at p1 + 4x) as an f64x2
  (func $gather (param $p0 i32) (param $p1 i32) (param $x i32) (result v128)
    (f64x2.replace_lane 1
      (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $p0) (i32.shl (local.get $x) (i32.const 2))))))
      (f64.promote_f32 (f32.load (i32.add (local.get $p1) (i32.shl (local.get $x) (i32.const 2)))))))

  ;; The rows' running sums of boxMean: dst[y][x] = (Σ src[y][max(0, x − r) … min(w − 1, x + r)]) / nx[x],
  ;; summed as the JavaScript does (the first r, then one in and one out per step). Four rows at a
  ;; time in two f64x2 (rows past the end repeat the last row: the same values to the same place).
  (func $boxRows (param $src i32) (param $dst i32) (param $nx i32) (param $w i32) (param $h i32) (param $r i32)
    (local $y i32) (local $x i32) (local $lead i32) (local $init i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $a v128) (local $b v128) (local $n v128) (local $t i32)
    (local.set $lead (select (i32.sub (local.get $w) (local.get $r)) (i32.const 0) (i32.gt_s (i32.sub (local.get $w) (local.get $r)) (i32.const 0))))
    (local.set $init (select (local.get $r) (local.get $w) (i32.lt_s (local.get $r) (local.get $w))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $y) (local.get $h)))
        ;; byte offsets of the four rows (clamped to the last)
        (local.set $t (i32.sub (local.get $h) (i32.const 1)))
        (local.set $p0 (i32.shl (i32.mul (local.get $y) (local.get $w)) (i32.const 2)))
        (local.set $p1 (i32.shl (i32.mul (select (i32.add (local.get $y) (i32.const 1)) (local.get $t) (i32.lt_s (i32.add (local.get $y) (i32.const 1)) (local.get $h))) (local.get $w)) (i32.const 2)))
        (local.set $p2 (i32.shl (i32.mul (select (i32.add (local.get $y) (i32.const 2)) (local.get $t) (i32.lt_s (i32.add (local.get $y) (i32.const 2)) (local.get $h))) (local.get $w)) (i32.const 2)))
        (local.set $p3 (i32.shl (i32.mul (select (i32.add (local.get $y) (i32.const 3)) (local.get $t) (i32.lt_s (i32.add (local.get $y) (i32.const 3)) (local.get $h))) (local.get $w)) (i32.const 2)))
        (local.set $q0 (i32.add (local.get $dst) (local.get $p0)))
        (local.set $q1 (i32.add (local.get $dst) (local.get $p1)))
        (local.set $q2 (i32.add (local.get $dst) (local.get $p2)))
        (local.set $q3 (i32.add (local.get $dst) (local.get $p3)))
        (local.set $p0 (i32.add (local.get $src) (local.get $p0)))
        (local.set $p1 (i32.add (local.get $src) (local.get $p1)))
        (local.set $p2 (i32.add (local.get $src) (local.get $p2)))
        (local.set $p3 (i32.add (local.get $src) (local.get $p3)))
        (local.set $a (v128.const f64x2 0 0))
        (local.set $b (v128.const f64x2 0 0))
        (local.set $x (i32.const 0))
        (block $initDone
          (loop $initLoop
            (br_if $initDone (i32.ge_s (local.get $x) (local.get $init)))
            (local.set $a (f64x2.add (local.get $a) (call $gather (local.get $p0) (local.get $p1) (local.get $x))))
            (local.set $b (f64x2.add (local.get $b) (call $gather (local.get $p2) (local.get $p3) (local.get $x))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $initLoop)))
        (local.set $x (i32.const 0))
        (block $rowDone
          (loop $cols
            (br_if $rowDone (i32.ge_s (local.get $x) (local.get $w)))
            (if (i32.lt_s (local.get $x) (local.get $lead))
              (then
                (local.set $t (i32.add (local.get $x) (local.get $r)))
                (local.set $a (f64x2.add (local.get $a) (call $gather (local.get $p0) (local.get $p1) (local.get $t))))
                (local.set $b (f64x2.add (local.get $b) (call $gather (local.get $p2) (local.get $p3) (local.get $t))))))
            (if (i32.gt_s (local.get $x) (local.get $r))
              (then
                (local.set $t (i32.sub (i32.sub (local.get $x) (local.get $r)) (i32.const 1)))
                (local.set $a (f64x2.sub (local.get $a) (call $gather (local.get $p0) (local.get $p1) (local.get $t))))
                (local.set $b (f64x2.sub (local.get $b) (call $gather (local.get $p2) (local.get $p3) (local.get $t))))))
            (local.set $n (f64x2.splat (f64.load (i32.add (local.get $nx) (i32.shl (local.get $x) (i32.const 3))))))
            (local.set $t (i32.shl (local.get $x) (i32.const 2)))
            (f32.store (i32.add (local.get $q0) (local.get $t)) (f32.demote_f64 (f64x2.extract_lane 0 (f64x2.div (local.get $a) (local.get $n)))))
            (f32.store (i32.add (local.get $q1) (local.get $t)) (f32.demote_f64 (f64x2.extract_lane 1 (f64x2.div (local.get $a) (local.get $n)))))
            (f32.store (i32.add (local.get $q2) (local.get $t)) (f32.demote_f64 (f64x2.extract_lane 0 (f64x2.div (local.get $b) (local.get $n)))))
            (f32.store (i32.add (local.get $q3) (local.get $t)) (f32.demote_f64 (f64x2.extract_lane 1 (f64x2.div (local.get $b) (local.get $n)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $cols)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $rows))))

  ;; The columns of boxMean: acc (f64 per column, zeroed here) runs down the rows of `rows`;
  ;; dst[y][x] = ((acc + rows[y + r]) − rows[y − r − 1]) / n(y), as the JavaScript. Two columns
  ;; per f64x2 (a row's last odd column also computes the next row's first, overwritten after).
  (func $boxCols (param $rows i32) (param $dst i32) (param $acc i32) (param $w i32) (param $h i32) (param $r i32)
    (local $y i32) (local $x i32) (local $add i32) (local $sub i32) (local $o i32) (local $n v128) (local $v v128) (local $t i32)
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (i32.add (local.get $w) (i32.const 2)) (i32.const 3)))
    (block $initDone
      (loop $init
        (br_if $initDone (i32.ge_s (local.get $y) (select (local.get $r) (local.get $h) (i32.lt_s (local.get $r) (local.get $h)))))
        (local.set $o (i32.add (local.get $rows) (i32.shl (i32.mul (local.get $y) (local.get $w)) (i32.const 2))))
        (local.set $x (i32.const 0))
        (loop $ix
          (local.set $t (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 3))))
          (v128.store (local.get $t) (f64x2.add (v128.load (local.get $t))
            (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $o) (i32.shl (local.get $x) (i32.const 2)))))))
          (local.set $x (i32.add (local.get $x) (i32.const 2)))
          (br_if $ix (i32.lt_s (local.get $x) (local.get $w))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $init)))
    (local.set $y (i32.const 0))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_s (local.get $y) (local.get $h)))
        ;; n = min(h − 1, y + r) − max(0, y − r) + 1
        (local.set $t (i32.add (local.get $y) (local.get $r)))
        (local.set $n (f64x2.splat (f64.convert_i32_s (i32.add (i32.sub
          (select (i32.sub (local.get $h) (i32.const 1)) (local.get $t) (i32.lt_s (i32.sub (local.get $h) (i32.const 1)) (local.get $t)))
          (select (i32.const 0) (i32.sub (local.get $y) (local.get $r)) (i32.lt_s (i32.sub (local.get $y) (local.get $r)) (i32.const 0))))
          (i32.const 1)))))
        (local.set $add (select (i32.add (local.get $rows) (i32.shl (i32.mul (local.get $t) (local.get $w)) (i32.const 2))) (i32.const -1) (i32.lt_s (local.get $t) (local.get $h))))
        (local.set $t (i32.sub (i32.sub (local.get $y) (local.get $r)) (i32.const 1)))
        (local.set $sub (select (i32.add (local.get $rows) (i32.shl (i32.mul (local.get $t) (local.get $w)) (i32.const 2))) (i32.const -1) (i32.ge_s (local.get $t) (i32.const 0))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $y) (local.get $w)) (i32.const 2))))
        (local.set $x (i32.const 0))
        (loop $cols
          (local.set $t (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 3))))
          (local.set $v (v128.load (local.get $t)))
          (if (i32.ge_s (local.get $add) (i32.const 0))
            (then (local.set $v (f64x2.add (local.get $v)
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $add) (i32.shl (local.get $x) (i32.const 2)))))))))
          (if (i32.ge_s (local.get $sub) (i32.const 0))
            (then (local.set $v (f64x2.sub (local.get $v)
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $sub) (i32.shl (local.get $x) (i32.const 2)))))))))
          (v128.store (local.get $t) (local.get $v))
          (v128.store64_lane 0 (i32.add (local.get $o) (i32.shl (local.get $x) (i32.const 2))) (f32x4.demote_f64x2_zero (f64x2.div (local.get $v) (local.get $n))))
          (local.set $x (i32.add (local.get $x) (i32.const 2)))
          (br_if $cols (i32.lt_s (local.get $x) (local.get $w))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rowLoop))))

  ;; boxMean(src, w, h, r) into dst, with tmp (f32 per pixel) for the rows and nx, acc (f64 per column).
  (func $boxMean (param $src i32) (param $dst i32) (param $tmp i32) (param $nx i32) (param $acc i32) (param $w i32) (param $h i32) (param $r i32)
    (local $x i32) (local $t i32)
    ;; window widths at each column, clipped at the border: min(w − 1, x + r) − max(0, x − r) + 1
    (block $done
      (loop $xs
        (br_if $done (i32.ge_s (local.get $x) (local.get $w)))
        (local.set $t (i32.add (local.get $x) (local.get $r)))
        (f64.store (i32.add (local.get $nx) (i32.shl (local.get $x) (i32.const 3)))
          (f64.convert_i32_s (i32.add (i32.sub
            (select (i32.sub (local.get $w) (i32.const 1)) (local.get $t) (i32.lt_s (i32.sub (local.get $w) (i32.const 1)) (local.get $t)))
            (select (i32.const 0) (i32.sub (local.get $x) (local.get $r)) (i32.lt_s (i32.sub (local.get $x) (local.get $r)) (i32.const 0))))
            (i32.const 1))))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $xs)))
    (call $boxRows (local.get $src) (local.get $tmp) (local.get $nx) (local.get $w) (local.get $h) (local.get $r))
    (call $boxCols (local.get $tmp) (local.get $dst) (local.get $acc) (local.get $w) (local.get $h) (local.get $r)))

  ;; normalizeContrast: mean = boxMean(grey, rMean); v = grey − mean (f64), centred = v, sq = v·v
  ;; (each rounded to f32); variance = boxMean(sq, rDev); centred /= √max(variance, 0) + floor.
  (func (export "normalize") (param $grey i32) (param $mean i32) (param $centred i32) (param $sq i32) (param $variance i32)
    (param $tmp i32) (param $nx i32) (param $acc i32) (param $w i32) (param $h i32) (param $rMean i32) (param $rDev i32) (param $floorF f64)
    (local $i i32) (local $end i32) (local $v v128) (local $floor v128) (local $zero v128)
    (call $boxMean (local.get $grey) (local.get $mean) (local.get $tmp) (local.get $nx) (local.get $acc) (local.get $w) (local.get $h) (local.get $rMean))
    (local.set $end (i32.shl (i32.mul (local.get $w) (local.get $h)) (i32.const 2)))
    (block $done
      (loop $px
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (f64x2.sub
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $grey) (local.get $i))))
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $mean) (local.get $i))))))
        (v128.store64_lane 0 (i32.add (local.get $centred) (local.get $i)) (f32x4.demote_f64x2_zero (local.get $v)))
        (v128.store64_lane 0 (i32.add (local.get $sq) (local.get $i)) (f32x4.demote_f64x2_zero (f64x2.mul (local.get $v) (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $px)))
    (call $boxMean (local.get $sq) (local.get $variance) (local.get $tmp) (local.get $nx) (local.get $acc) (local.get $w) (local.get $h) (local.get $rDev))
    (local.set $floor (f64x2.splat (local.get $floorF)))
    (local.set $i (i32.const 0))
    (block $done2
      (loop $px2
        (br_if $done2 (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store64_lane 0 (i32.add (local.get $centred) (local.get $i)) (f32x4.demote_f64x2_zero (f64x2.div
          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $centred) (local.get $i))))
          (f64x2.add (f64x2.sqrt (f64x2.max (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $variance) (local.get $i)))) (local.get $zero))) (local.get $floor)))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $px2))))

  ;; select(cos2, sin2, period, colX0, colX1, colAx, rowR0, rowR1, rowAy, region, width, height,
  ;;        scale, minP, step, bins, nPeriods, outO, outP): addresses of the f32 block fields, the
  ;; column tables (i32, i32, f32; width + 8 entries, the last 8 copies of the last column,
  ;; read by the lanes past a row's end), the row tables (i32, i32, f64), the region (u8 per
  ;; pixel, 0 = every pixel) and the u8 outputs (8 bytes of slack after each; left as they are
  ;; outside the region). Eight pixels per step, four f64x2 streams whose operations are
  ;; interleaved so that their chains overlap; lanes past the row's end or outside the region
  ;; store 0 (the outputs start zeroed). Generated by scripts/gen-enhance-select.py.
  (func (export "select")
    (param $cos2 i32) (param $sin2 i32) (param $period i32) (param $cx0 i32) (param $cx1 i32) (param $cax i32)
    (param $rr0 i32) (param $rr1 i32) (param $ray i32) (param $region i32) (param $width i32) (param $height i32)
    (param $scaleF f64) (param $minPF f64) (param $stepF f64) (param $binsI i32) (param $nPeriods i32) (param $outO i32) (param $outP i32)
    (local $y i32) (local $x i32) (local $i i32) (local $r0 i32) (local $r1 i32) (local $ay v128) (local $oay v128)
    (local $col0 i32) (local $col1 i32) (local $colA i32) (local $keep v128)
    (local $scale v128) (local $minP v128) (local $step v128) (local $bins v128) (local $periods v128) (local $lastP v128)
    (local $ax0 v128) (local $oax0 v128) (local $w000 v128) (local $w010 v128) (local $w100 v128) (local $w110 v128) (local $c0 v128) (local $s0 v128) (local $p0 v128) (local $tax0 v128) (local $tay0 v128) (local $mx0 v128) (local $mn0 v128) (local $ta0 v128) (local $q0 v128) (local $at0 v128) (local $t0 v128) (local $fl0 v128) (local $oi0 v128) (local $pi0 v128) (local $ax1 v128) (local $oax1 v128) (local $w001 v128) (local $w011 v128) (local $w101 v128) (local $w111 v128) (local $c1 v128) (local $s1 v128) (local $p1 v128) (local $tax1 v128) (local $tay1 v128) (local $mx1 v128) (local $mn1 v128) (local $ta1 v128) (local $q1 v128) (local $at1 v128) (local $t1 v128) (local $fl1 v128) (local $oi1 v128) (local $pi1 v128) (local $ax2 v128) (local $oax2 v128) (local $w002 v128) (local $w012 v128) (local $w102 v128) (local $w112 v128) (local $c2 v128) (local $s2 v128) (local $p2 v128) (local $tax2 v128) (local $tay2 v128) (local $mx2 v128) (local $mn2 v128) (local $ta2 v128) (local $q2 v128) (local $at2 v128) (local $t2 v128) (local $fl2 v128) (local $oi2 v128) (local $pi2 v128) (local $ax3 v128) (local $oax3 v128) (local $w003 v128) (local $w013 v128) (local $w103 v128) (local $w113 v128) (local $c3 v128) (local $s3 v128) (local $p3 v128) (local $tax3 v128) (local $tay3 v128) (local $mx3 v128) (local $mn3 v128) (local $ta3 v128) (local $q3 v128) (local $at3 v128) (local $t3 v128) (local $fl3 v128) (local $oi3 v128) (local $pi3 v128)
    (local $xa00 i32) (local $xa10 i32) (local $xb00 i32) (local $xb10 i32) (local $a0_0 i32) (local $a1_0 i32) (local $b0_0 i32) (local $b1_0 i32) (local $c0_0 i32) (local $c1_0 i32) (local $d0_0 i32) (local $d1_0 i32) (local $xa01 i32) (local $xa11 i32) (local $xb01 i32) (local $xb11 i32) (local $a0_1 i32) (local $a1_1 i32) (local $b0_1 i32) (local $b1_1 i32) (local $c0_1 i32) (local $c1_1 i32) (local $d0_1 i32) (local $d1_1 i32) (local $xa02 i32) (local $xa12 i32) (local $xb02 i32) (local $xb12 i32) (local $a0_2 i32) (local $a1_2 i32) (local $b0_2 i32) (local $b1_2 i32) (local $c0_2 i32) (local $c1_2 i32) (local $d0_2 i32) (local $d1_2 i32) (local $xa03 i32) (local $xa13 i32) (local $xb03 i32) (local $xb13 i32) (local $a0_3 i32) (local $a1_3 i32) (local $b0_3 i32) (local $b1_3 i32) (local $c0_3 i32) (local $c1_3 i32) (local $d0_3 i32) (local $d1_3 i32)
    (if (i32.le_s (local.get $height) (i32.const 0)) (then (return)))
    (if (i32.le_s (local.get $width) (i32.const 0)) (then (return)))
    (local.set $scale (f64x2.splat (local.get $scaleF)))
    (local.set $minP (f64x2.splat (local.get $minPF)))
    (local.set $step (f64x2.splat (local.get $stepF)))
    (local.set $bins (f64x2.splat (f64.convert_i32_s (local.get $binsI))))
    (local.set $periods (f64x2.splat (f64.convert_i32_s (local.get $nPeriods))))
    (local.set $lastP (f64x2.splat (f64.convert_i32_s (i32.sub (local.get $nPeriods) (i32.const 1)))))
    (loop $rows
      (local.set $r0 (i32.load (i32.add (local.get $rr0) (i32.shl (local.get $y) (i32.const 2)))))
      (local.set $r1 (i32.load (i32.add (local.get $rr1) (i32.shl (local.get $y) (i32.const 2)))))
      (local.set $ay (f64x2.splat (f64.load (i32.add (local.get $ray) (i32.shl (local.get $y) (i32.const 3))))))
      (local.set $oay (f64x2.sub (v128.const f64x2 1 1) (local.get $ay)))
      (local.set $x (i32.const 0))
      (loop $cols
        (local.set $i (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x)))
        ;; the lanes to keep: inside the row, and inside the region
        (local.set $keep (i8x16.gt_s (i8x16.splat (select (i32.sub (local.get $width) (local.get $x)) (i32.const 16)
            (i32.lt_s (i32.sub (local.get $width) (local.get $x)) (i32.const 16))))
          (v128.const i8x16 0 1 2 3 4 5 6 7 16 16 16 16 16 16 16 16)))
        (if (local.get $region)
          (then (local.set $keep (v128.and (local.get $keep)
            (v128.not (i8x16.eq (v128.load64_zero (i32.add (local.get $region) (local.get $i))) (v128.const i32x4 0 0 0 0)))))))
        (if (v128.any_true (local.get $keep))
          (then
            (local.set $col0 (i32.add (local.get $cx0) (i32.shl (local.get $x) (i32.const 2))))
            (local.set $col1 (i32.add (local.get $cx1) (i32.shl (local.get $x) (i32.const 2))))
            (local.set $colA (i32.add (local.get $cax) (i32.shl (local.get $x) (i32.const 2))))
            (local.set $ax0 (f64x2.promote_low_f32x4 (v128.load64_zero offset=0 (local.get $colA))))
            (local.set $ax1 (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $colA))))
            (local.set $ax2 (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $colA))))
            (local.set $ax3 (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $colA))))
            (local.set $oax0 (f64x2.sub (v128.const f64x2 1 1) (local.get $ax0)))
            (local.set $oax1 (f64x2.sub (v128.const f64x2 1 1) (local.get $ax1)))
            (local.set $oax2 (f64x2.sub (v128.const f64x2 1 1) (local.get $ax2)))
            (local.set $oax3 (f64x2.sub (v128.const f64x2 1 1) (local.get $ax3)))
            (local.set $w000 (f64x2.mul (local.get $oax0) (local.get $oay)))
            (local.set $w001 (f64x2.mul (local.get $oax1) (local.get $oay)))
            (local.set $w002 (f64x2.mul (local.get $oax2) (local.get $oay)))
            (local.set $w003 (f64x2.mul (local.get $oax3) (local.get $oay)))
            (local.set $w010 (f64x2.mul (local.get $ax0) (local.get $oay)))
            (local.set $w011 (f64x2.mul (local.get $ax1) (local.get $oay)))
            (local.set $w012 (f64x2.mul (local.get $ax2) (local.get $oay)))
            (local.set $w013 (f64x2.mul (local.get $ax3) (local.get $oay)))
            (local.set $w100 (f64x2.mul (local.get $oax0) (local.get $ay)))
            (local.set $w101 (f64x2.mul (local.get $oax1) (local.get $ay)))
            (local.set $w102 (f64x2.mul (local.get $oax2) (local.get $ay)))
            (local.set $w103 (f64x2.mul (local.get $oax3) (local.get $ay)))
            (local.set $w110 (f64x2.mul (local.get $ax0) (local.get $ay)))
            (local.set $w111 (f64x2.mul (local.get $ax1) (local.get $ay)))
            (local.set $w112 (f64x2.mul (local.get $ax2) (local.get $ay)))
            (local.set $w113 (f64x2.mul (local.get $ax3) (local.get $ay)))
            (local.set $xa00 (i32.load offset=0 (local.get $col0)))
            (local.set $xa01 (i32.load offset=8 (local.get $col0)))
            (local.set $xa02 (i32.load offset=16 (local.get $col0)))
            (local.set $xa03 (i32.load offset=24 (local.get $col0)))
            (local.set $xa10 (i32.load offset=4 (local.get $col0)))
            (local.set $xa11 (i32.load offset=12 (local.get $col0)))
            (local.set $xa12 (i32.load offset=20 (local.get $col0)))
            (local.set $xa13 (i32.load offset=28 (local.get $col0)))
            (local.set $xb00 (i32.load offset=0 (local.get $col1)))
            (local.set $xb01 (i32.load offset=8 (local.get $col1)))
            (local.set $xb02 (i32.load offset=16 (local.get $col1)))
            (local.set $xb03 (i32.load offset=24 (local.get $col1)))
            (local.set $xb10 (i32.load offset=4 (local.get $col1)))
            (local.set $xb11 (i32.load offset=12 (local.get $col1)))
            (local.set $xb12 (i32.load offset=20 (local.get $col1)))
            (local.set $xb13 (i32.load offset=28 (local.get $col1)))
            (local.set $a0_0 (i32.shl (i32.add (local.get $r0) (local.get $xa00)) (i32.const 2)))
            (local.set $a0_1 (i32.shl (i32.add (local.get $r0) (local.get $xa01)) (i32.const 2)))
            (local.set $a0_2 (i32.shl (i32.add (local.get $r0) (local.get $xa02)) (i32.const 2)))
            (local.set $a0_3 (i32.shl (i32.add (local.get $r0) (local.get $xa03)) (i32.const 2)))
            (local.set $a1_0 (i32.shl (i32.add (local.get $r0) (local.get $xa10)) (i32.const 2)))
            (local.set $a1_1 (i32.shl (i32.add (local.get $r0) (local.get $xa11)) (i32.const 2)))
            (local.set $a1_2 (i32.shl (i32.add (local.get $r0) (local.get $xa12)) (i32.const 2)))
            (local.set $a1_3 (i32.shl (i32.add (local.get $r0) (local.get $xa13)) (i32.const 2)))
            (local.set $b0_0 (i32.shl (i32.add (local.get $r0) (local.get $xb00)) (i32.const 2)))
            (local.set $b0_1 (i32.shl (i32.add (local.get $r0) (local.get $xb01)) (i32.const 2)))
            (local.set $b0_2 (i32.shl (i32.add (local.get $r0) (local.get $xb02)) (i32.const 2)))
            (local.set $b0_3 (i32.shl (i32.add (local.get $r0) (local.get $xb03)) (i32.const 2)))
            (local.set $b1_0 (i32.shl (i32.add (local.get $r0) (local.get $xb10)) (i32.const 2)))
            (local.set $b1_1 (i32.shl (i32.add (local.get $r0) (local.get $xb11)) (i32.const 2)))
            (local.set $b1_2 (i32.shl (i32.add (local.get $r0) (local.get $xb12)) (i32.const 2)))
            (local.set $b1_3 (i32.shl (i32.add (local.get $r0) (local.get $xb13)) (i32.const 2)))
            (local.set $c0_0 (i32.shl (i32.add (local.get $r1) (local.get $xa00)) (i32.const 2)))
            (local.set $c0_1 (i32.shl (i32.add (local.get $r1) (local.get $xa01)) (i32.const 2)))
            (local.set $c0_2 (i32.shl (i32.add (local.get $r1) (local.get $xa02)) (i32.const 2)))
            (local.set $c0_3 (i32.shl (i32.add (local.get $r1) (local.get $xa03)) (i32.const 2)))
            (local.set $c1_0 (i32.shl (i32.add (local.get $r1) (local.get $xa10)) (i32.const 2)))
            (local.set $c1_1 (i32.shl (i32.add (local.get $r1) (local.get $xa11)) (i32.const 2)))
            (local.set $c1_2 (i32.shl (i32.add (local.get $r1) (local.get $xa12)) (i32.const 2)))
            (local.set $c1_3 (i32.shl (i32.add (local.get $r1) (local.get $xa13)) (i32.const 2)))
            (local.set $d0_0 (i32.shl (i32.add (local.get $r1) (local.get $xb00)) (i32.const 2)))
            (local.set $d0_1 (i32.shl (i32.add (local.get $r1) (local.get $xb01)) (i32.const 2)))
            (local.set $d0_2 (i32.shl (i32.add (local.get $r1) (local.get $xb02)) (i32.const 2)))
            (local.set $d0_3 (i32.shl (i32.add (local.get $r1) (local.get $xb03)) (i32.const 2)))
            (local.set $d1_0 (i32.shl (i32.add (local.get $r1) (local.get $xb10)) (i32.const 2)))
            (local.set $d1_1 (i32.shl (i32.add (local.get $r1) (local.get $xb11)) (i32.const 2)))
            (local.set $d1_2 (i32.shl (i32.add (local.get $r1) (local.get $xb12)) (i32.const 2)))
            (local.set $d1_3 (i32.shl (i32.add (local.get $r1) (local.get $xb13)) (i32.const 2)))
            (local.set $c0 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w000) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $a0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $a1_0)))))) (f64x2.mul (local.get $w010) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $b0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $b1_0))))))) (f64x2.mul (local.get $w100) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $c0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $c1_0))))))) (f64x2.mul (local.get $w110) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $d0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $d1_0))))))))
            (local.set $c1 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w001) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $a0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $a1_1)))))) (f64x2.mul (local.get $w011) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $b0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $b1_1))))))) (f64x2.mul (local.get $w101) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $c0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $c1_1))))))) (f64x2.mul (local.get $w111) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $d0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $d1_1))))))))
            (local.set $c2 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w002) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $a0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $a1_2)))))) (f64x2.mul (local.get $w012) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $b0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $b1_2))))))) (f64x2.mul (local.get $w102) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $c0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $c1_2))))))) (f64x2.mul (local.get $w112) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $d0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $d1_2))))))))
            (local.set $c3 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w003) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $a0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $a1_3)))))) (f64x2.mul (local.get $w013) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $b0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $b1_3))))))) (f64x2.mul (local.get $w103) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $c0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $c1_3))))))) (f64x2.mul (local.get $w113) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $d0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $cos2) (local.get $d1_3))))))))
            (local.set $s0 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w000) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $a0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $a1_0)))))) (f64x2.mul (local.get $w010) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $b0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $b1_0))))))) (f64x2.mul (local.get $w100) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $c0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $c1_0))))))) (f64x2.mul (local.get $w110) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $d0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $d1_0))))))))
            (local.set $s1 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w001) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $a0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $a1_1)))))) (f64x2.mul (local.get $w011) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $b0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $b1_1))))))) (f64x2.mul (local.get $w101) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $c0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $c1_1))))))) (f64x2.mul (local.get $w111) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $d0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $d1_1))))))))
            (local.set $s2 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w002) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $a0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $a1_2)))))) (f64x2.mul (local.get $w012) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $b0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $b1_2))))))) (f64x2.mul (local.get $w102) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $c0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $c1_2))))))) (f64x2.mul (local.get $w112) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $d0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $d1_2))))))))
            (local.set $s3 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w003) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $a0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $a1_3)))))) (f64x2.mul (local.get $w013) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $b0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $b1_3))))))) (f64x2.mul (local.get $w103) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $c0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $c1_3))))))) (f64x2.mul (local.get $w113) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $d0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $sin2) (local.get $d1_3))))))))
            (local.set $p0 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w000) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $a0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $a1_0)))))) (f64x2.mul (local.get $w010) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $b0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $b1_0))))))) (f64x2.mul (local.get $w100) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $c0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $c1_0))))))) (f64x2.mul (local.get $w110) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $d0_0))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $d1_0))))))))
            (local.set $p1 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w001) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $a0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $a1_1)))))) (f64x2.mul (local.get $w011) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $b0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $b1_1))))))) (f64x2.mul (local.get $w101) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $c0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $c1_1))))))) (f64x2.mul (local.get $w111) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $d0_1))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $d1_1))))))))
            (local.set $p2 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w002) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $a0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $a1_2)))))) (f64x2.mul (local.get $w012) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $b0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $b1_2))))))) (f64x2.mul (local.get $w102) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $c0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $c1_2))))))) (f64x2.mul (local.get $w112) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $d0_2))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $d1_2))))))))
            (local.set $p3 (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $w003) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $a0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $a1_3)))))) (f64x2.mul (local.get $w013) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $b0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $b1_3))))))) (f64x2.mul (local.get $w103) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $c0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $c1_3))))))) (f64x2.mul (local.get $w113) (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $d0_3))))) (f64.promote_f32 (f32.load (i32.add (local.get $period) (local.get $d1_3))))))))
            (local.set $tax0 (v128.bitselect (f64x2.neg (local.get $c0)) (local.get $c0) (f64x2.lt (local.get $c0) (v128.const f64x2 0 0))))
            (local.set $tax1 (v128.bitselect (f64x2.neg (local.get $c1)) (local.get $c1) (f64x2.lt (local.get $c1) (v128.const f64x2 0 0))))
            (local.set $tax2 (v128.bitselect (f64x2.neg (local.get $c2)) (local.get $c2) (f64x2.lt (local.get $c2) (v128.const f64x2 0 0))))
            (local.set $tax3 (v128.bitselect (f64x2.neg (local.get $c3)) (local.get $c3) (f64x2.lt (local.get $c3) (v128.const f64x2 0 0))))
            (local.set $tay0 (v128.bitselect (f64x2.neg (local.get $s0)) (local.get $s0) (f64x2.lt (local.get $s0) (v128.const f64x2 0 0))))
            (local.set $tay1 (v128.bitselect (f64x2.neg (local.get $s1)) (local.get $s1) (f64x2.lt (local.get $s1) (v128.const f64x2 0 0))))
            (local.set $tay2 (v128.bitselect (f64x2.neg (local.get $s2)) (local.get $s2) (f64x2.lt (local.get $s2) (v128.const f64x2 0 0))))
            (local.set $tay3 (v128.bitselect (f64x2.neg (local.get $s3)) (local.get $s3) (f64x2.lt (local.get $s3) (v128.const f64x2 0 0))))
            (local.set $mx0 (v128.bitselect (local.get $tax0) (local.get $tay0) (f64x2.gt (local.get $tax0) (local.get $tay0))))
            (local.set $mx1 (v128.bitselect (local.get $tax1) (local.get $tay1) (f64x2.gt (local.get $tax1) (local.get $tay1))))
            (local.set $mx2 (v128.bitselect (local.get $tax2) (local.get $tay2) (f64x2.gt (local.get $tax2) (local.get $tay2))))
            (local.set $mx3 (v128.bitselect (local.get $tax3) (local.get $tay3) (f64x2.gt (local.get $tax3) (local.get $tay3))))
            (local.set $mn0 (v128.bitselect (local.get $tax0) (local.get $tay0) (f64x2.lt (local.get $tax0) (local.get $tay0))))
            (local.set $mn1 (v128.bitselect (local.get $tax1) (local.get $tay1) (f64x2.lt (local.get $tax1) (local.get $tay1))))
            (local.set $mn2 (v128.bitselect (local.get $tax2) (local.get $tay2) (f64x2.lt (local.get $tax2) (local.get $tay2))))
            (local.set $mn3 (v128.bitselect (local.get $tax3) (local.get $tay3) (f64x2.lt (local.get $tax3) (local.get $tay3))))
            (local.set $ta0 (f64x2.div (local.get $mn0) (local.get $mx0)))
            (local.set $ta1 (f64x2.div (local.get $mn1) (local.get $mx1)))
            (local.set $ta2 (f64x2.div (local.get $mn2) (local.get $mx2)))
            (local.set $ta3 (f64x2.div (local.get $mn3) (local.get $mx3)))
            (local.set $q0 (f64x2.mul (local.get $ta0) (local.get $ta0)))
            (local.set $q1 (f64x2.mul (local.get $ta1) (local.get $ta1)))
            (local.set $q2 (f64x2.mul (local.get $ta2) (local.get $ta2)))
            (local.set $q3 (f64x2.mul (local.get $ta3) (local.get $ta3)))
            (local.set $at0 (f64x2.add (f64x2.mul (f64x2.mul (f64x2.sub (f64x2.mul (f64x2.add (f64x2.mul (v128.const f64x2 -0.0464964749 -0.0464964749) (local.get $q0)) (v128.const f64x2 0.15931422 0.15931422)) (local.get $q0)) (v128.const f64x2 0.327622764 0.327622764)) (local.get $q0)) (local.get $ta0)) (local.get $ta0)))
            (local.set $at1 (f64x2.add (f64x2.mul (f64x2.mul (f64x2.sub (f64x2.mul (f64x2.add (f64x2.mul (v128.const f64x2 -0.0464964749 -0.0464964749) (local.get $q1)) (v128.const f64x2 0.15931422 0.15931422)) (local.get $q1)) (v128.const f64x2 0.327622764 0.327622764)) (local.get $q1)) (local.get $ta1)) (local.get $ta1)))
            (local.set $at2 (f64x2.add (f64x2.mul (f64x2.mul (f64x2.sub (f64x2.mul (f64x2.add (f64x2.mul (v128.const f64x2 -0.0464964749 -0.0464964749) (local.get $q2)) (v128.const f64x2 0.15931422 0.15931422)) (local.get $q2)) (v128.const f64x2 0.327622764 0.327622764)) (local.get $q2)) (local.get $ta2)) (local.get $ta2)))
            (local.set $at3 (f64x2.add (f64x2.mul (f64x2.mul (f64x2.sub (f64x2.mul (f64x2.add (f64x2.mul (v128.const f64x2 -0.0464964749 -0.0464964749) (local.get $q3)) (v128.const f64x2 0.15931422 0.15931422)) (local.get $q3)) (v128.const f64x2 0.327622764 0.327622764)) (local.get $q3)) (local.get $ta3)) (local.get $ta3)))
            (local.set $at0 (v128.bitselect (f64x2.sub (v128.const f64x2 1.5707963267948966 1.5707963267948966) (local.get $at0)) (local.get $at0) (f64x2.gt (local.get $tay0) (local.get $tax0))))
            (local.set $at1 (v128.bitselect (f64x2.sub (v128.const f64x2 1.5707963267948966 1.5707963267948966) (local.get $at1)) (local.get $at1) (f64x2.gt (local.get $tay1) (local.get $tax1))))
            (local.set $at2 (v128.bitselect (f64x2.sub (v128.const f64x2 1.5707963267948966 1.5707963267948966) (local.get $at2)) (local.get $at2) (f64x2.gt (local.get $tay2) (local.get $tax2))))
            (local.set $at3 (v128.bitselect (f64x2.sub (v128.const f64x2 1.5707963267948966 1.5707963267948966) (local.get $at3)) (local.get $at3) (f64x2.gt (local.get $tay3) (local.get $tax3))))
            (local.set $at0 (v128.bitselect (f64x2.sub (v128.const f64x2 3.141592653589793 3.141592653589793) (local.get $at0)) (local.get $at0) (f64x2.lt (local.get $c0) (v128.const f64x2 0 0))))
            (local.set $at1 (v128.bitselect (f64x2.sub (v128.const f64x2 3.141592653589793 3.141592653589793) (local.get $at1)) (local.get $at1) (f64x2.lt (local.get $c1) (v128.const f64x2 0 0))))
            (local.set $at2 (v128.bitselect (f64x2.sub (v128.const f64x2 3.141592653589793 3.141592653589793) (local.get $at2)) (local.get $at2) (f64x2.lt (local.get $c2) (v128.const f64x2 0 0))))
            (local.set $at3 (v128.bitselect (f64x2.sub (v128.const f64x2 3.141592653589793 3.141592653589793) (local.get $at3)) (local.get $at3) (f64x2.lt (local.get $c3) (v128.const f64x2 0 0))))
            (local.set $at0 (v128.bitselect (f64x2.neg (local.get $at0)) (local.get $at0) (f64x2.lt (local.get $s0) (v128.const f64x2 0 0))))
            (local.set $at1 (v128.bitselect (f64x2.neg (local.get $at1)) (local.get $at1) (f64x2.lt (local.get $s1) (v128.const f64x2 0 0))))
            (local.set $at2 (v128.bitselect (f64x2.neg (local.get $at2)) (local.get $at2) (f64x2.lt (local.get $s2) (v128.const f64x2 0 0))))
            (local.set $at3 (v128.bitselect (f64x2.neg (local.get $at3)) (local.get $at3) (f64x2.lt (local.get $s3) (v128.const f64x2 0 0))))
            (local.set $at0 (v128.bitselect (v128.const f64x2 0 0) (local.get $at0) (f64x2.eq (local.get $mx0) (v128.const f64x2 0 0))))
            (local.set $at1 (v128.bitselect (v128.const f64x2 0 0) (local.get $at1) (f64x2.eq (local.get $mx1) (v128.const f64x2 0 0))))
            (local.set $at2 (v128.bitselect (v128.const f64x2 0 0) (local.get $at2) (f64x2.eq (local.get $mx2) (v128.const f64x2 0 0))))
            (local.set $at3 (v128.bitselect (v128.const f64x2 0 0) (local.get $at3) (f64x2.eq (local.get $mx3) (v128.const f64x2 0 0))))
            (local.set $at0 (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $at0)))
            (local.set $at1 (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $at1)))
            (local.set $at2 (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $at2)))
            (local.set $at3 (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $at3)))
            (local.set $at0 (v128.bitselect (f64x2.add (local.get $at0) (v128.const f64x2 3.141592653589793 3.141592653589793)) (local.get $at0) (f64x2.lt (local.get $at0) (v128.const f64x2 0 0))))
            (local.set $at1 (v128.bitselect (f64x2.add (local.get $at1) (v128.const f64x2 3.141592653589793 3.141592653589793)) (local.get $at1) (f64x2.lt (local.get $at1) (v128.const f64x2 0 0))))
            (local.set $at2 (v128.bitselect (f64x2.add (local.get $at2) (v128.const f64x2 3.141592653589793 3.141592653589793)) (local.get $at2) (f64x2.lt (local.get $at2) (v128.const f64x2 0 0))))
            (local.set $at3 (v128.bitselect (f64x2.add (local.get $at3) (v128.const f64x2 3.141592653589793 3.141592653589793)) (local.get $at3) (f64x2.lt (local.get $at3) (v128.const f64x2 0 0))))
            (local.set $t0 (f64x2.mul (local.get $at0) (local.get $scale)))
            (local.set $t1 (f64x2.mul (local.get $at1) (local.get $scale)))
            (local.set $t2 (f64x2.mul (local.get $at2) (local.get $scale)))
            (local.set $t3 (f64x2.mul (local.get $at3) (local.get $scale)))
            (local.set $fl0 (f64x2.floor (local.get $t0)))
            (local.set $fl1 (f64x2.floor (local.get $t1)))
            (local.set $fl2 (f64x2.floor (local.get $t2)))
            (local.set $fl3 (f64x2.floor (local.get $t3)))
            (local.set $t0 (v128.bitselect (f64x2.add (local.get $fl0) (v128.const f64x2 1 1)) (local.get $fl0) (f64x2.ge (f64x2.sub (local.get $t0) (local.get $fl0)) (v128.const f64x2 0.5 0.5))))
            (local.set $t1 (v128.bitselect (f64x2.add (local.get $fl1) (v128.const f64x2 1 1)) (local.get $fl1) (f64x2.ge (f64x2.sub (local.get $t1) (local.get $fl1)) (v128.const f64x2 0.5 0.5))))
            (local.set $t2 (v128.bitselect (f64x2.add (local.get $fl2) (v128.const f64x2 1 1)) (local.get $fl2) (f64x2.ge (f64x2.sub (local.get $t2) (local.get $fl2)) (v128.const f64x2 0.5 0.5))))
            (local.set $t3 (v128.bitselect (f64x2.add (local.get $fl3) (v128.const f64x2 1 1)) (local.get $fl3) (f64x2.ge (f64x2.sub (local.get $t3) (local.get $fl3)) (v128.const f64x2 0.5 0.5))))
            (local.set $t0 (v128.bitselect (f64x2.sub (local.get $t0) (local.get $bins)) (local.get $t0) (f64x2.ge (local.get $t0) (local.get $bins))))
            (local.set $t1 (v128.bitselect (f64x2.sub (local.get $t1) (local.get $bins)) (local.get $t1) (f64x2.ge (local.get $t1) (local.get $bins))))
            (local.set $t2 (v128.bitselect (f64x2.sub (local.get $t2) (local.get $bins)) (local.get $t2) (f64x2.ge (local.get $t2) (local.get $bins))))
            (local.set $t3 (v128.bitselect (f64x2.sub (local.get $t3) (local.get $bins)) (local.get $t3) (f64x2.ge (local.get $t3) (local.get $bins))))
            (local.set $p0 (f64x2.div (f64x2.sub (local.get $p0) (local.get $minP)) (local.get $step)))
            (local.set $p1 (f64x2.div (f64x2.sub (local.get $p1) (local.get $minP)) (local.get $step)))
            (local.set $p2 (f64x2.div (f64x2.sub (local.get $p2) (local.get $minP)) (local.get $step)))
            (local.set $p3 (f64x2.div (f64x2.sub (local.get $p3) (local.get $minP)) (local.get $step)))
            (local.set $fl0 (f64x2.floor (local.get $p0)))
            (local.set $fl1 (f64x2.floor (local.get $p1)))
            (local.set $fl2 (f64x2.floor (local.get $p2)))
            (local.set $fl3 (f64x2.floor (local.get $p3)))
            (local.set $p0 (v128.bitselect (f64x2.add (local.get $fl0) (v128.const f64x2 1 1)) (local.get $fl0) (f64x2.ge (f64x2.sub (local.get $p0) (local.get $fl0)) (v128.const f64x2 0.5 0.5))))
            (local.set $p1 (v128.bitselect (f64x2.add (local.get $fl1) (v128.const f64x2 1 1)) (local.get $fl1) (f64x2.ge (f64x2.sub (local.get $p1) (local.get $fl1)) (v128.const f64x2 0.5 0.5))))
            (local.set $p2 (v128.bitselect (f64x2.add (local.get $fl2) (v128.const f64x2 1 1)) (local.get $fl2) (f64x2.ge (f64x2.sub (local.get $p2) (local.get $fl2)) (v128.const f64x2 0.5 0.5))))
            (local.set $p3 (v128.bitselect (f64x2.add (local.get $fl3) (v128.const f64x2 1 1)) (local.get $fl3) (f64x2.ge (f64x2.sub (local.get $p3) (local.get $fl3)) (v128.const f64x2 0.5 0.5))))
            (local.set $p0 (v128.bitselect (v128.const f64x2 0 0) (local.get $p0) (f64x2.lt (local.get $p0) (v128.const f64x2 0 0))))
            (local.set $p1 (v128.bitselect (v128.const f64x2 0 0) (local.get $p1) (f64x2.lt (local.get $p1) (v128.const f64x2 0 0))))
            (local.set $p2 (v128.bitselect (v128.const f64x2 0 0) (local.get $p2) (f64x2.lt (local.get $p2) (v128.const f64x2 0 0))))
            (local.set $p3 (v128.bitselect (v128.const f64x2 0 0) (local.get $p3) (f64x2.lt (local.get $p3) (v128.const f64x2 0 0))))
            (local.set $p0 (v128.bitselect (local.get $lastP) (local.get $p0) (f64x2.ge (local.get $p0) (local.get $periods))))
            (local.set $p1 (v128.bitselect (local.get $lastP) (local.get $p1) (f64x2.ge (local.get $p1) (local.get $periods))))
            (local.set $p2 (v128.bitselect (local.get $lastP) (local.get $p2) (f64x2.ge (local.get $p2) (local.get $periods))))
            (local.set $p3 (v128.bitselect (local.get $lastP) (local.get $p3) (f64x2.ge (local.get $p3) (local.get $periods))))
            (local.set $oi0 (i32x4.trunc_sat_f64x2_s_zero (local.get $t0)))
            (local.set $oi1 (i32x4.trunc_sat_f64x2_s_zero (local.get $t1)))
            (local.set $oi2 (i32x4.trunc_sat_f64x2_s_zero (local.get $t2)))
            (local.set $oi3 (i32x4.trunc_sat_f64x2_s_zero (local.get $t3)))
            (local.set $pi0 (i32x4.trunc_sat_f64x2_s_zero (local.get $p0)))
            (local.set $pi1 (i32x4.trunc_sat_f64x2_s_zero (local.get $p1)))
            (local.set $pi2 (i32x4.trunc_sat_f64x2_s_zero (local.get $p2)))
            (local.set $pi3 (i32x4.trunc_sat_f64x2_s_zero (local.get $p3)))
            (v128.store64_lane 0 (i32.add (local.get $outO) (local.get $i)) (v128.and (local.get $keep) (i8x16.narrow_i16x8_u (i16x8.narrow_i32x4_u (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $oi0) (local.get $oi1)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $oi2) (local.get $oi3))) (v128.const i32x4 0 0 0 0))))
            (v128.store64_lane 0 (i32.add (local.get $outP) (local.get $i)) (v128.and (local.get $keep) (i8x16.narrow_i16x8_u (i16x8.narrow_i32x4_u (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $pi0) (local.get $pi1)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $pi2) (local.get $pi3))) (v128.const i32x4 0 0 0 0))))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (br_if $cols (i32.lt_s (local.get $x) (local.get $width))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_s (local.get $y) (local.get $height)))))

  ;; signature(img, width, height, cx, cy, dx, dy, len, hw, hann, trig, groups, sig, xs, power):
  ;; one block of estimateRidgeFrequency (estimate-ridge-frequency.ts): the x-signature of
  ;; sampleSignature at (cx, cy) along the ridge direction (dx, dy) over the f32 image at `img`,
  ;; into `sig` (f32, len), then measureSignature's mean-free, Hann-windowed signature into `xs`
  ;; (f32, len; `hann` f32) and the power re² + im² of each candidate period into `power` (f64,
  ;; 8·groups). `trig` holds the sinusoids as f64 in groups of eight periods: per group and sample
  ;; k, 128 bytes (cos of the eight periods, then sin). Returns −1 when a sample has no pixel in
  ;; the image, else the windowed energy (the powers are then written only when it is ≥ 1e-6).
  ;; The samples' coordinates, sums and roundings are those of the JavaScript, and each period's
  ;; two sums run over k in order (exact products of two f32): the same bits; the eight periods
  ;; go side by side as four f64x2 pairs.
  (func (export "signature")
    (param $img i32) (param $width i32) (param $height i32) (param $cx f64) (param $cy f64) (param $dx f64) (param $dy f64)
    (param $len i32) (param $hw i32) (param $hann i32) (param $trig i32) (param $groups i32) (param $sig i32) (param $xs i32) (param $power i32)
    (result f64)
    (local $k i32) (local $u i32) (local $c i32) (local $px i32) (local $py i32)
    (local $tk f64) (local $bx f64) (local $by f64) (local $s f64) (local $tk2 f64) (local $bx2 f64) (local $by2 f64) (local $s2 f64) (local $c2 i32) (local $px2 i32) (local $py2 i32) (local $uf f64)
    (if (i32.le_s (local.get $len) (i32.const 0)) (then (return (f64.const 0))))
    ;; the signature, two samples k and k + 1 side by side (two independent chains of additions;
    ;; either failing gives −1, as the first to fail would)
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_s (i32.add (local.get $k) (i32.const 1)) (local.get $len)))
        (local.set $tk (f64.sub (f64.convert_i32_s (local.get $k)) (f64.div (f64.convert_i32_s (i32.sub (local.get $len) (i32.const 1))) (f64.const 2))))
        (local.set $bx (f64.add (local.get $cx) (f64.mul (local.get $tk) (f64.neg (local.get $dy)))))
        (local.set $by (f64.add (local.get $cy) (f64.mul (local.get $tk) (local.get $dx))))
        (local.set $tk2 (f64.sub (f64.convert_i32_s (i32.add (local.get $k) (i32.const 1))) (f64.div (f64.convert_i32_s (i32.sub (local.get $len) (i32.const 1))) (f64.const 2))))
        (local.set $bx2 (f64.add (local.get $cx) (f64.mul (local.get $tk2) (f64.neg (local.get $dy)))))
        (local.set $by2 (f64.add (local.get $cy) (f64.mul (local.get $tk2) (local.get $dx))))
        (local.set $s (f64.const 0))
        (local.set $c (i32.const 0))
        (local.set $s2 (f64.const 0))
        (local.set $c2 (i32.const 0))
        (local.set $u (i32.sub (i32.const 0) (local.get $hw)))
        (block $along2
          (loop $step2
            (br_if $along2 (i32.gt_s (local.get $u) (local.get $hw)))
            (local.set $uf (f64.convert_i32_s (local.get $u)))
            (local.set $px (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $bx) (f64.mul (local.get $uf) (local.get $dx))) (f64.const 0.5))))
            (local.set $py (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $by) (f64.mul (local.get $uf) (local.get $dy))) (f64.const 0.5))))
            (local.set $px2 (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $bx2) (f64.mul (local.get $uf) (local.get $dx))) (f64.const 0.5))))
            (local.set $py2 (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $by2) (f64.mul (local.get $uf) (local.get $dy))) (f64.const 0.5))))
            (if (i32.and (i32.lt_u (local.get $px) (local.get $width)) (i32.lt_u (local.get $py) (local.get $height)))
              (then
                (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (i32.add (local.get $img)
                  (i32.shl (i32.add (i32.mul (local.get $py) (local.get $width)) (local.get $px)) (i32.const 2)))))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))))
            (if (i32.and (i32.lt_u (local.get $px2) (local.get $width)) (i32.lt_u (local.get $py2) (local.get $height)))
              (then
                (local.set $s2 (f64.add (local.get $s2) (f64.promote_f32 (f32.load (i32.add (local.get $img)
                  (i32.shl (i32.add (i32.mul (local.get $py2) (local.get $width)) (local.get $px2)) (i32.const 2)))))))
                (local.set $c2 (i32.add (local.get $c2) (i32.const 1)))))
            (local.set $u (i32.add (local.get $u) (i32.const 2)))
            (br $step2)))
        (if (i32.eqz (local.get $c)) (then (return (f64.const -1))))
        (if (i32.eqz (local.get $c2)) (then (return (f64.const -1))))
        (f32.store (i32.add (local.get $sig) (i32.shl (local.get $k) (i32.const 2)))
          (f32.demote_f64 (f64.div (local.get $s) (f64.convert_i32_s (local.get $c)))))
        (f32.store offset=4 (i32.add (local.get $sig) (i32.shl (local.get $k) (i32.const 2)))
          (f32.demote_f64 (f64.div (local.get $s2) (f64.convert_i32_s (local.get $c2)))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $pairs)))
    ;; the last sample of an odd count alone
    (if (i32.lt_s (local.get $k) (local.get $len))
      (then
        (loop $samples
          (local.set $tk (f64.sub (f64.convert_i32_s (local.get $k)) (f64.div (f64.convert_i32_s (i32.sub (local.get $len) (i32.const 1))) (f64.const 2))))
          (local.set $bx (f64.add (local.get $cx) (f64.mul (local.get $tk) (f64.neg (local.get $dy)))))
          (local.set $by (f64.add (local.get $cy) (f64.mul (local.get $tk) (local.get $dx))))
          (local.set $s (f64.const 0))
          (local.set $c (i32.const 0))
          (local.set $u (i32.sub (i32.const 0) (local.get $hw)))
          (block $along
            (loop $step
              (br_if $along (i32.gt_s (local.get $u) (local.get $hw)))
              (local.set $uf (f64.convert_i32_s (local.get $u)))
              (local.set $px (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $bx) (f64.mul (local.get $uf) (local.get $dx))) (f64.const 0.5))))
              (local.set $py (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $by) (f64.mul (local.get $uf) (local.get $dy))) (f64.const 0.5))))
              (if (i32.and (i32.lt_u (local.get $px) (local.get $width)) (i32.lt_u (local.get $py) (local.get $height)))
                (then
                  (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (i32.add (local.get $img)
                    (i32.shl (i32.add (i32.mul (local.get $py) (local.get $width)) (local.get $px)) (i32.const 2)))))))
                  (local.set $c (i32.add (local.get $c) (i32.const 1)))))
              (local.set $u (i32.add (local.get $u) (i32.const 2)))
              (br $step)))
          (if (i32.eqz (local.get $c)) (then (return (f64.const -1))))
          (f32.store (i32.add (local.get $sig) (i32.shl (local.get $k) (i32.const 2)))
            (f32.demote_f64 (f64.div (local.get $s) (f64.convert_i32_s (local.get $c)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $samples (i32.lt_s (local.get $k) (local.get $len))))))
    (call $spectrum (local.get $sig) (local.get $xs) (local.get $hann) (local.get $trig) (local.get $groups) (local.get $len) (local.get $power)))

  ;; signature2(img, img2, width, height, cx, cy, dx, dy, len, hw, hann, trig, groups, sig, sig2, xs,
  ;; power): signature's x-signature of two images of one size at once (each pixel's coordinates
  ;; found once, its value read from both; each sum the same chain of additions as alone), into
  ;; sig and sig2, then signature's spectrum of the first. Returns −1 when a sample has no pixel in
  ;; the image (for both: the positions are the same), else the first's windowed energy; the
  ;; second's spectrum is signatureSpectrum(sig2, …), once the first's powers are read.
  (func (export "signature2")
    (param $img i32) (param $img2 i32) (param $width i32) (param $height i32) (param $cx f64) (param $cy f64) (param $dx f64) (param $dy f64)
    (param $len i32) (param $hw i32) (param $hann i32) (param $trig i32) (param $groups i32) (param $sig i32) (param $sig2 i32) (param $xs i32) (param $power i32)
    (result f64)
    (local $k i32) (local $u i32) (local $c i32) (local $px i32) (local $py i32) (local $at i32) (local $at2 i32)
    (local $tk f64) (local $bx f64) (local $by f64) (local $s f64) (local $tk2 f64) (local $bx2 f64) (local $by2 f64) (local $s2 f64) (local $c2 i32) (local $px2 i32) (local $py2 i32) (local $uf f64)
    (local $t1 f64) (local $t2 f64)
    (if (i32.le_s (local.get $len) (i32.const 0)) (then (return (f64.const 0))))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_s (i32.add (local.get $k) (i32.const 1)) (local.get $len)))
        (local.set $tk (f64.sub (f64.convert_i32_s (local.get $k)) (f64.div (f64.convert_i32_s (i32.sub (local.get $len) (i32.const 1))) (f64.const 2))))
        (local.set $bx (f64.add (local.get $cx) (f64.mul (local.get $tk) (f64.neg (local.get $dy)))))
        (local.set $by (f64.add (local.get $cy) (f64.mul (local.get $tk) (local.get $dx))))
        (local.set $tk2 (f64.sub (f64.convert_i32_s (i32.add (local.get $k) (i32.const 1))) (f64.div (f64.convert_i32_s (i32.sub (local.get $len) (i32.const 1))) (f64.const 2))))
        (local.set $bx2 (f64.add (local.get $cx) (f64.mul (local.get $tk2) (f64.neg (local.get $dy)))))
        (local.set $by2 (f64.add (local.get $cy) (f64.mul (local.get $tk2) (local.get $dx))))
        (local.set $s (f64.const 0))
        (local.set $c (i32.const 0))
        (local.set $s2 (f64.const 0))
        (local.set $c2 (i32.const 0))
        (local.set $t1 (f64.const 0))
        (local.set $t2 (f64.const 0))
        (local.set $u (i32.sub (i32.const 0) (local.get $hw)))
        (block $along2
          (loop $step2
            (br_if $along2 (i32.gt_s (local.get $u) (local.get $hw)))
            (local.set $uf (f64.convert_i32_s (local.get $u)))
            (local.set $px (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $bx) (f64.mul (local.get $uf) (local.get $dx))) (f64.const 0.5))))
            (local.set $py (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $by) (f64.mul (local.get $uf) (local.get $dy))) (f64.const 0.5))))
            (local.set $px2 (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $bx2) (f64.mul (local.get $uf) (local.get $dx))) (f64.const 0.5))))
            (local.set $py2 (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $by2) (f64.mul (local.get $uf) (local.get $dy))) (f64.const 0.5))))
            (if (i32.and (i32.lt_u (local.get $px) (local.get $width)) (i32.lt_u (local.get $py) (local.get $height)))
              (then
                (local.set $at (i32.shl (i32.add (i32.mul (local.get $py) (local.get $width)) (local.get $px)) (i32.const 2)))
                (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (i32.add (local.get $img) (local.get $at))))))
                (local.set $t1 (f64.add (local.get $t1) (f64.promote_f32 (f32.load (i32.add (local.get $img2) (local.get $at))))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))))
            (if (i32.and (i32.lt_u (local.get $px2) (local.get $width)) (i32.lt_u (local.get $py2) (local.get $height)))
              (then
                (local.set $at2 (i32.shl (i32.add (i32.mul (local.get $py2) (local.get $width)) (local.get $px2)) (i32.const 2)))
                (local.set $s2 (f64.add (local.get $s2) (f64.promote_f32 (f32.load (i32.add (local.get $img) (local.get $at2))))))
                (local.set $t2 (f64.add (local.get $t2) (f64.promote_f32 (f32.load (i32.add (local.get $img2) (local.get $at2))))))
                (local.set $c2 (i32.add (local.get $c2) (i32.const 1)))))
            (local.set $u (i32.add (local.get $u) (i32.const 2)))
            (br $step2)))
        (if (i32.eqz (local.get $c)) (then (return (f64.const -1))))
        (if (i32.eqz (local.get $c2)) (then (return (f64.const -1))))
        (local.set $at (i32.shl (local.get $k) (i32.const 2)))
        (f32.store (i32.add (local.get $sig) (local.get $at)) (f32.demote_f64 (f64.div (local.get $s) (f64.convert_i32_s (local.get $c)))))
        (f32.store offset=4 (i32.add (local.get $sig) (local.get $at)) (f32.demote_f64 (f64.div (local.get $s2) (f64.convert_i32_s (local.get $c2)))))
        (f32.store (i32.add (local.get $sig2) (local.get $at)) (f32.demote_f64 (f64.div (local.get $t1) (f64.convert_i32_s (local.get $c)))))
        (f32.store offset=4 (i32.add (local.get $sig2) (local.get $at)) (f32.demote_f64 (f64.div (local.get $t2) (f64.convert_i32_s (local.get $c2)))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $pairs)))
    ;; the last sample of an odd count alone
    (if (i32.lt_s (local.get $k) (local.get $len))
      (then
        (local.set $tk (f64.sub (f64.convert_i32_s (local.get $k)) (f64.div (f64.convert_i32_s (i32.sub (local.get $len) (i32.const 1))) (f64.const 2))))
        (local.set $bx (f64.add (local.get $cx) (f64.mul (local.get $tk) (f64.neg (local.get $dy)))))
        (local.set $by (f64.add (local.get $cy) (f64.mul (local.get $tk) (local.get $dx))))
        (local.set $s (f64.const 0))
        (local.set $t1 (f64.const 0))
        (local.set $c (i32.const 0))
        (local.set $u (i32.sub (i32.const 0) (local.get $hw)))
        (block $along
          (loop $step
            (br_if $along (i32.gt_s (local.get $u) (local.get $hw)))
            (local.set $uf (f64.convert_i32_s (local.get $u)))
            (local.set $px (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $bx) (f64.mul (local.get $uf) (local.get $dx))) (f64.const 0.5))))
            (local.set $py (i32.trunc_sat_f64_s (f64.add (f64.add (local.get $by) (f64.mul (local.get $uf) (local.get $dy))) (f64.const 0.5))))
            (if (i32.and (i32.lt_u (local.get $px) (local.get $width)) (i32.lt_u (local.get $py) (local.get $height)))
              (then
                (local.set $at (i32.shl (i32.add (i32.mul (local.get $py) (local.get $width)) (local.get $px)) (i32.const 2)))
                (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (i32.add (local.get $img) (local.get $at))))))
                (local.set $t1 (f64.add (local.get $t1) (f64.promote_f32 (f32.load (i32.add (local.get $img2) (local.get $at))))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))))
            (local.set $u (i32.add (local.get $u) (i32.const 2)))
            (br $step)))
        (if (i32.eqz (local.get $c)) (then (return (f64.const -1))))
        (local.set $at (i32.shl (local.get $k) (i32.const 2)))
        (f32.store (i32.add (local.get $sig) (local.get $at)) (f32.demote_f64 (f64.div (local.get $s) (f64.convert_i32_s (local.get $c)))))
        (f32.store (i32.add (local.get $sig2) (local.get $at)) (f32.demote_f64 (f64.div (local.get $t1) (f64.convert_i32_s (local.get $c)))))))
    (call $spectrum (local.get $sig) (local.get $xs) (local.get $hann) (local.get $trig) (local.get $groups) (local.get $len) (local.get $power)))

  ;; signatureSpectrum(sig, xs, hann, trig, groups, len, power): the second half of signature
  ;; alone, on the signature at `sig` (f32, len): the windowed energy, and the powers when it is ≥ 1e-6.
  (func $spectrum (export "signatureSpectrum")
    (param $sig i32) (param $xs i32) (param $hann i32) (param $trig i32) (param $groups i32) (param $len i32) (param $power i32)
    (result f64)
    (local $k i32) (local $u i32) (local $g i32) (local $t i32) (local $end i32)
    (local $mean f64) (local $energy f64) (local $v f64)
    (local $vv v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $i0 v128) (local $i1 v128) (local $i2 v128) (local $i3 v128)
    (if (i32.le_s (local.get $len) (i32.const 0)) (then (return (f64.const 0))))
    ;; mean-free and windowed
    (local.set $k (i32.const 0))
    (loop $sum
      (local.set $mean (f64.add (local.get $mean) (f64.promote_f32 (f32.load (i32.add (local.get $sig) (i32.shl (local.get $k) (i32.const 2)))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $sum (i32.lt_s (local.get $k) (local.get $len))))
    (local.set $mean (f64.div (local.get $mean) (f64.convert_i32_s (local.get $len))))
    (local.set $k (i32.const 0))
    (loop $window
      (local.set $t (i32.shl (local.get $k) (i32.const 2)))
      (f32.store (i32.add (local.get $xs) (local.get $t)) (f32.demote_f64 (f64.mul
        (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $sig) (local.get $t)))) (local.get $mean))
        (f64.promote_f32 (f32.load (i32.add (local.get $hann) (local.get $t)))))))
      (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $xs) (local.get $t)))))
      (local.set $energy (f64.add (local.get $energy) (f64.mul (local.get $v) (local.get $v))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $window (i32.lt_s (local.get $k) (local.get $len))))
    (if (f64.lt (local.get $energy) (f64.const 1e-6)) (then (return (local.get $energy))))
    ;; the eight periods of each group against the windowed signature
    (local.set $end (i32.add (local.get $xs) (i32.shl (local.get $len) (i32.const 2))))
    (block $groupsDone
      (loop $group
        (br_if $groupsDone (i32.ge_s (local.get $g) (local.get $groups)))
        (local.set $r0 (v128.const f64x2 0 0))
        (local.set $r1 (v128.const f64x2 0 0))
        (local.set $r2 (v128.const f64x2 0 0))
        (local.set $r3 (v128.const f64x2 0 0))
        (local.set $i0 (v128.const f64x2 0 0))
        (local.set $i1 (v128.const f64x2 0 0))
        (local.set $i2 (v128.const f64x2 0 0))
        (local.set $i3 (v128.const f64x2 0 0))
        (local.set $t (i32.add (local.get $trig) (i32.mul (i32.mul (local.get $g) (local.get $len)) (i32.const 128))))
        (local.set $u (local.get $xs))
        (loop $tap
          (local.set $vv (f64x2.splat (f64.promote_f32 (f32.load (local.get $u)))))
          (local.set $r0 (f64x2.add (local.get $r0) (f64x2.mul (local.get $vv) (v128.load (local.get $t)))))
          (local.set $r1 (f64x2.add (local.get $r1) (f64x2.mul (local.get $vv) (v128.load offset=16 (local.get $t)))))
          (local.set $r2 (f64x2.add (local.get $r2) (f64x2.mul (local.get $vv) (v128.load offset=32 (local.get $t)))))
          (local.set $r3 (f64x2.add (local.get $r3) (f64x2.mul (local.get $vv) (v128.load offset=48 (local.get $t)))))
          (local.set $i0 (f64x2.add (local.get $i0) (f64x2.mul (local.get $vv) (v128.load offset=64 (local.get $t)))))
          (local.set $i1 (f64x2.add (local.get $i1) (f64x2.mul (local.get $vv) (v128.load offset=80 (local.get $t)))))
          (local.set $i2 (f64x2.add (local.get $i2) (f64x2.mul (local.get $vv) (v128.load offset=96 (local.get $t)))))
          (local.set $i3 (f64x2.add (local.get $i3) (f64x2.mul (local.get $vv) (v128.load offset=112 (local.get $t)))))
          (local.set $t (i32.add (local.get $t) (i32.const 128)))
          (local.set $u (i32.add (local.get $u) (i32.const 4)))
          (br_if $tap (i32.lt_u (local.get $u) (local.get $end))))
        (local.set $t (i32.add (local.get $power) (i32.shl (local.get $g) (i32.const 6))))
        (v128.store (local.get $t) (f64x2.add (f64x2.mul (local.get $r0) (local.get $r0)) (f64x2.mul (local.get $i0) (local.get $i0))))
        (v128.store offset=16 (local.get $t) (f64x2.add (f64x2.mul (local.get $r1) (local.get $r1)) (f64x2.mul (local.get $i1) (local.get $i1))))
        (v128.store offset=32 (local.get $t) (f64x2.add (f64x2.mul (local.get $r2) (local.get $r2)) (f64x2.mul (local.get $i2) (local.get $i2))))
        (v128.store offset=48 (local.get $t) (f64x2.add (f64x2.mul (local.get $r3) (local.get $r3)) (f64x2.mul (local.get $i3) (local.get $i3))))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $group)))
    (local.get $energy))

  ;; smooth(src, weight, k, r, cols, rows, stride, tmpNum, tmpDen, out): smoothGrid of filters.ts.
  ;; src and weight are f32 rows of stride + 2r cells, the grid's cols cells after r zeros and
  ;; zeros after them (weight 1 inside when smoothGrid has none); k the 2r + 1 f32 taps; tmpNum
  ;; and tmpDen rows + 2r rows of stride f32, the first and last r rows zero; out rows × stride
  ;; f32. stride is a multiple of 4. Per cell the JavaScript's sums over the taps inside the grid,
  ;; in the order of the taps, rounded to f32 after each pass, then num / den (0 where den ≤ 1e-12);
  ;; the taps outside add k·0·0 = +0 to sums that are never −0, which changes no bit. Four cells
  ;; per step in two f64x2 (four independent chains of additions).
  (func (export "smooth")
    (param $src i32) (param $wt i32) (param $k i32) (param $r i32) (param $cols i32) (param $rows i32) (param $stride i32)
    (param $tn i32) (param $td i32) (param $out i32)
    (local $y i32) (local $x i32) (local $i i32) (local $taps i32) (local $rowLen i32) (local $a i32) (local $b i32)
    (local $kw v128) (local $w0 v128) (local $w1 v128) (local $n0 v128) (local $n1 v128) (local $d0 v128) (local $d1 v128)
    (local $tiny v128)
    (local.set $taps (i32.add (i32.shl (local.get $r) (i32.const 1)) (i32.const 1)))
    (local.set $rowLen (i32.add (local.get $stride) (i32.shl (local.get $r) (i32.const 1))))
    (local.set $tiny (f64x2.splat (f64.const 1e-12)))
    (if (i32.le_s (local.get $rows) (i32.const 0)) (then (return)))
    ;; the rows
    (loop $rowsH
      (local.set $x (i32.const 0))
      (loop $colsH
        (local.set $n0 (v128.const f64x2 0 0))
        (local.set $n1 (v128.const f64x2 0 0))
        (local.set $d0 (v128.const f64x2 0 0))
        (local.set $d1 (v128.const f64x2 0 0))
        ;; byte offset of the cell's first tap in src and weight
        (local.set $a (i32.shl (i32.add (i32.mul (local.get $y) (local.get $rowLen)) (local.get $x)) (i32.const 2)))
        (local.set $i (i32.const 0))
        (loop $tapsH
          (local.set $kw (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $k) (i32.shl (local.get $i) (i32.const 2)))))))
          (local.set $b (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
          (local.set $w0 (f64x2.mul (local.get $kw) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $wt) (local.get $b))))))
          (local.set $w1 (f64x2.mul (local.get $kw) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (i32.add (local.get $wt) (local.get $b))))))
          (local.set $n0 (f64x2.add (local.get $n0) (f64x2.mul (local.get $w0) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $src) (local.get $b)))))))
          (local.set $n1 (f64x2.add (local.get $n1) (f64x2.mul (local.get $w1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (i32.add (local.get $src) (local.get $b)))))))
          (local.set $d0 (f64x2.add (local.get $d0) (local.get $w0)))
          (local.set $d1 (f64x2.add (local.get $d1) (local.get $w1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $tapsH (i32.lt_s (local.get $i) (local.get $taps))))
        (local.set $b (i32.shl (i32.add (i32.mul (i32.add (local.get $y) (local.get $r)) (local.get $stride)) (local.get $x)) (i32.const 2)))
        (v128.store64_lane 0 (i32.add (local.get $tn) (local.get $b)) (f32x4.demote_f64x2_zero (local.get $n0)))
        (v128.store64_lane offset=8 0 (i32.add (local.get $tn) (local.get $b)) (f32x4.demote_f64x2_zero (local.get $n1)))
        (v128.store64_lane 0 (i32.add (local.get $td) (local.get $b)) (f32x4.demote_f64x2_zero (local.get $d0)))
        (v128.store64_lane offset=8 0 (i32.add (local.get $td) (local.get $b)) (f32x4.demote_f64x2_zero (local.get $d1)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br_if $colsH (i32.lt_s (local.get $x) (local.get $stride))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rowsH (i32.lt_s (local.get $y) (local.get $rows))))
    ;; the columns, then the division
    (local.set $y (i32.const 0))
    (loop $rowsV
      (local.set $x (i32.const 0))
      (loop $colsV
        (local.set $n0 (v128.const f64x2 0 0))
        (local.set $n1 (v128.const f64x2 0 0))
        (local.set $d0 (v128.const f64x2 0 0))
        (local.set $d1 (v128.const f64x2 0 0))
        (local.set $a (i32.shl (i32.add (i32.mul (local.get $y) (local.get $stride)) (local.get $x)) (i32.const 2)))
        (local.set $i (i32.const 0))
        (loop $tapsV
          (local.set $kw (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $k) (i32.shl (local.get $i) (i32.const 2)))))))
          (local.set $b (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $stride)) (i32.const 2))))
          (local.set $n0 (f64x2.add (local.get $n0) (f64x2.mul (local.get $kw) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $tn) (local.get $b)))))))
          (local.set $n1 (f64x2.add (local.get $n1) (f64x2.mul (local.get $kw) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (i32.add (local.get $tn) (local.get $b)))))))
          (local.set $d0 (f64x2.add (local.get $d0) (f64x2.mul (local.get $kw) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $td) (local.get $b)))))))
          (local.set $d1 (f64x2.add (local.get $d1) (f64x2.mul (local.get $kw) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (i32.add (local.get $td) (local.get $b)))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $tapsV (i32.lt_s (local.get $i) (local.get $taps))))
        ;; each sum rounded to f32 as smoothGrid stores it, then the quotient
        (local.set $n0 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $n0))))
        (local.set $n1 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $n1))))
        (local.set $d0 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $d0))))
        (local.set $d1 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $d1))))
        (local.set $b (i32.add (local.get $out) (local.get $a)))
        (v128.store64_lane 0 (local.get $b) (f32x4.demote_f64x2_zero
          (v128.and (f64x2.div (local.get $n0) (local.get $d0)) (f64x2.gt (local.get $d0) (local.get $tiny)))))
        (v128.store64_lane offset=8 0 (local.get $b) (f32x4.demote_f64x2_zero
          (v128.and (f64x2.div (local.get $n1) (local.get $d1)) (f64x2.gt (local.get $d1) (local.get $tiny)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br_if $colsV (i32.lt_s (local.get $x) (local.get $stride))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rowsV (i32.lt_s (local.get $y) (local.get $rows)))))

  ;; orColumns(src, tmp, stride, rowsPadded, r): the column half of dilateSquare (filters.ts). src
  ;; holds rowsPadded rows of stride bytes (a multiple of 16); row y of the result, for y from 0
  ;; to rowsPadded − 2r − 1, is the OR of rows y … y + 2r, written over row y of tmp. Running
  ;; maxima of van Herk / Gil–Werman over blocks of 2r + 1 rows: tmp takes each block's suffix
  ;; ORs, src its prefix ORs (in place), then row y = suffix[y] | prefix[y + 2r]; 16 bytes at a time.
  (func (export "orColumns") (param $src i32) (param $tmp i32) (param $stride i32) (param $rowsPadded i32) (param $r i32)
    (local $span i32) (local $b i32) (local $last i32) (local $y i32) (local $o i32) (local $k i32) (local $end i32) (local $c i32)
    (local.set $span (i32.add (i32.shl (local.get $r) (i32.const 1)) (i32.const 1)))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_s (local.get $b) (local.get $rowsPadded)))
        (local.set $last (i32.sub (select (local.get $rowsPadded) (i32.add (local.get $b) (local.get $span))
          (i32.lt_s (local.get $rowsPadded) (i32.add (local.get $b) (local.get $span)))) (i32.const 1)))
        ;; suffixes: tmp[last] = src[last], tmp[y] = tmp[y + 1] | src[y] down to the block's start
        (local.set $o (i32.mul (local.get $last) (local.get $stride)))
        (local.set $k (i32.const 0))
        (loop $copy
          (v128.store (i32.add (local.get $tmp) (i32.add (local.get $o) (local.get $k)))
            (v128.load (i32.add (local.get $src) (i32.add (local.get $o) (local.get $k)))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $copy (i32.lt_u (local.get $k) (local.get $stride))))
        (local.set $y (i32.sub (local.get $last) (i32.const 1)))
        (block $sufDone
          (loop $suf
            (br_if $sufDone (i32.lt_s (local.get $y) (local.get $b)))
            (local.set $o (i32.mul (local.get $y) (local.get $stride)))
            (local.set $k (i32.const 0))
            (loop $sufRow
              (v128.store (i32.add (local.get $tmp) (i32.add (local.get $o) (local.get $k)))
                (v128.or
                  (v128.load (i32.add (local.get $tmp) (i32.add (i32.add (local.get $o) (local.get $stride)) (local.get $k))))
                  (v128.load (i32.add (local.get $src) (i32.add (local.get $o) (local.get $k))))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br_if $sufRow (i32.lt_u (local.get $k) (local.get $stride))))
            (local.set $y (i32.sub (local.get $y) (i32.const 1)))
            (br $suf)))
        ;; prefixes in place: src[y] |= src[y − 1] from the block's second row
        (local.set $y (i32.add (local.get $b) (i32.const 1)))
        (block $preDone
          (loop $pre
            (br_if $preDone (i32.gt_s (local.get $y) (local.get $last)))
            (local.set $o (i32.mul (local.get $y) (local.get $stride)))
            (local.set $k (i32.const 0))
            (loop $preRow
              (v128.store (i32.add (local.get $src) (i32.add (local.get $o) (local.get $k)))
                (v128.or
                  (v128.load (i32.add (local.get $src) (i32.add (local.get $o) (local.get $k))))
                  (v128.load (i32.add (local.get $src) (i32.sub (i32.add (local.get $o) (local.get $k)) (local.get $stride))))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br_if $preRow (i32.lt_u (local.get $k) (local.get $stride))))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $pre)))
        (local.set $b (i32.add (local.get $b) (local.get $span)))
        (br $blocks)))
    ;; the windows
    (local.set $end (i32.mul (i32.sub (local.get $rowsPadded) (i32.shl (local.get $r) (i32.const 1))) (local.get $stride)))
    (local.set $c (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $stride)))
    (local.set $o (i32.const 0))
    (block $winDone
      (loop $win
        (br_if $winDone (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store (i32.add (local.get $tmp) (local.get $o))
          (v128.or
            (v128.load (i32.add (local.get $tmp) (local.get $o)))
            (v128.load (i32.add (local.get $src) (i32.add (local.get $o) (local.get $c))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $win))))
)
