;; The first-stage scan kernel (WebAssembly text; `npm run build` compiles it to
;; dist/index/scan-kernel.wasm with wabt, see scripts/build-wasm.mjs).
;;
;; One instance per subject chunk and thread: it imports the chunk's shared memory (layout in
;; gallery-layout.ts: codes, finger entries and metadata stored per finger position, then the
;; scan lanes). A caller holding a lane writes the probe there (header below, the probe's packed
;; codes and one term table per present finger) and calls `next` until it returns -1.
;;
;; next(lane, from, to, floor, simd): the first eligible subject s in [from, to) whose score is
;; greater than `floor`, or -1. The score goes to the global `score`. Eligible: status byte 1
;; (alive), no excluded flag, and mask byte 1 when the lane has a mask; every eligible subject is
;; counted once in the global `eligible` (the caller resets it per chunk). The score is the plain
;; formula of scan-gallery-codes.ts, with the same floating-point operations in the same order
;; (so the same value to the last bit):
;;   Σ over the probe's present fingers f, in order, with gallery popcount g > 0, of
;;     (shared − e) / sqrt(e + 1),  e = pbits[f] · g / bits,  shared = popcount(gallery ∧ probe)
;; A finger with g = 0 has an empty code, so shared = e = 0 and its term is 0: it is skipped.
;; e and sqrt(e + 1) depend only on the finger and g, so the caller computes them once per probe
;; (the same operations in JavaScript: the same values) into a term table per present finger,
;; indexed by g; per finger the kernel then does one subtraction and one division.
;;
;; Why subjects are scored in blocks, one finger position at a time: codes are stored per finger
;; position, so scoring a subject's ten fingers one after the other reads ten streams 3 MB apart
;; at once, which the hardware prefetchers follow badly (measured: twice the time of a block).
;; `next` therefore scores a block of up to B subjects position by position (one contiguous
;; stream of B codes at a time), adding each finger's term to the subject's running total in the
;; lane, in the same finger order as before; then it walks the block's totals in slot order
;; against the floor. The block stays in the lane between calls, so a caller that resumes at
;; hit + 1 continues in it. The caller writes 0, 0 to the block bounds whenever it writes a lane.
;; `simd` 0: 64-bit popcounts of 128-bit ANDs; 1: i8x16.popcnt (both measured by `afis bench scan`).
;;
;; Lane header (byte offsets from the lane):
;;   0 status base   4 flags base   8 excluded flags   12 mask base (0 = no mask)
;;   16 blocks (32-byte blocks per code)   20 present fingers n   24 code stride (bytes)
;;   28 B (subjects per block)
;;   32 + 16k for the k-th present finger f (k < n): code base of position f, probe code of f,
;;      info base of position f, term table (f64 pairs e, sqrt(e + 1) for g = 0, 1, …)
;;   192 totals base (f64[B])   196 list base (i32[B])   200 block start   204 block end
;;   252 lock (used by the JavaScript side)
(module
  (import "env" "memory" (memory 1 65536 shared))
  (global $score (export "score") (mut f64) (f64.const 0))
  (global $eligible (export "eligible") (mut i32) (i32.const 0))

  ;; Scores slots [bs, be) into the lane's totals: −∞ for a subject that is not eligible.
  (func $scoreBlock (param $lane i32) (param $bs i32) (param $be i32) (param $simd i32)
    (local $s i32) (local $m i32) (local $at i32) (local $kk i32) (local $kEnd i32) (local $li i32) (local $lEnd i32)
    (local $status i32) (local $flags i32) (local $excl i32) (local $mask i32) (local $blocks i32) (local $stride i32)
    (local $totals i32) (local $list i32) (local $codeK i32) (local $probeK i32) (local $infoK i32) (local $tableK i32)
    (local $pc i32) (local $g i32) (local $p i32) (local $v i32) (local $t i32)
    (local $sh64 i64) (local $x v128) (local $y v128) (local $acc v128)
    (local.set $status (i32.load offset=0 (local.get $lane)))
    (local.set $flags (i32.load offset=4 (local.get $lane)))
    (local.set $excl (i32.load offset=8 (local.get $lane)))
    (local.set $mask (i32.load offset=12 (local.get $lane)))
    (local.set $blocks (i32.load offset=16 (local.get $lane)))
    (local.set $stride (i32.load offset=24 (local.get $lane)))
    (local.set $totals (i32.load offset=192 (local.get $lane)))
    (local.set $list (i32.load offset=196 (local.get $lane)))
    ;; eligibility: an eligible subject's total starts at 0 and its slot is listed; others get −∞
    (local.set $s (local.get $bs))
    (local.set $at (local.get $totals))
    (local.set $li (local.get $list))
    (block $listed
      (loop $subject
        (br_if $listed (i32.ge_u (local.get $s) (local.get $be)))
        (f64.store (local.get $at) (f64.const -inf))
        (block $skip
          (br_if $skip (i32.ne (i32.load8_u (i32.add (local.get $status) (local.get $s))) (i32.const 1)))
          (br_if $skip (i32.and (i32.load8_u (i32.add (local.get $flags) (local.get $s))) (local.get $excl)))
          (if (local.get $mask)
            (then (br_if $skip (i32.eqz (i32.load8_u (i32.add (local.get $mask) (local.get $s)))))))
          (f64.store (local.get $at) (f64.const 0))
          (i32.store (local.get $li) (local.get $s))
          (local.set $li (i32.add (local.get $li) (i32.const 4))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (br $subject)))
    (local.set $lEnd (local.get $li))
    (global.set $eligible (i32.add (global.get $eligible) (i32.shr_u (i32.sub (local.get $lEnd) (local.get $list)) (i32.const 2))))
    ;; one present finger at a time, over the listed subjects in slot order
    (local.set $kk (local.get $lane))
    (local.set $kEnd (i32.add (local.get $lane) (i32.shl (i32.load offset=20 (local.get $lane)) (i32.const 4))))
    (block $fingersDone
      (loop $finger
        (br_if $fingersDone (i32.ge_u (local.get $kk) (local.get $kEnd)))
        (local.set $codeK (i32.load offset=32 (local.get $kk)))
        (local.set $probeK (i32.load offset=36 (local.get $kk)))
        (local.set $infoK (i32.load offset=40 (local.get $kk)))
        (local.set $tableK (i32.load offset=44 (local.get $kk)))
        (local.set $li (local.get $list))
        (block $subjectsDone
          (loop $subject
            (br_if $subjectsDone (i32.ge_u (local.get $li) (local.get $lEnd)))
            (local.set $s (i32.load (local.get $li)))
            (local.set $pc (i32.shr_u (i32.load (i32.add (local.get $infoK) (i32.shl (local.get $s) (i32.const 2)))) (i32.const 16)))
            (if (local.get $pc)
              (then
                (local.set $g (i32.add (local.get $codeK) (i32.mul (local.get $s) (local.get $stride))))
                (local.set $p (local.get $probeK))
                (local.set $v (local.get $blocks))
                (if (local.get $simd)
                  (then
                    ;; byte lanes count at most 8 per vector and two vectors per block: ≤ 15 blocks
                    ;; keep every lane below 256 (the JavaScript side checks the code length)
                    (local.set $acc (v128.const i32x4 0 0 0 0))
                    (loop $simdBlock
                      (local.set $acc (i8x16.add (local.get $acc) (i8x16.add
                        (i8x16.popcnt (v128.and (v128.load (local.get $g)) (v128.load (local.get $p))))
                        (i8x16.popcnt (v128.and (v128.load offset=16 (local.get $g)) (v128.load offset=16 (local.get $p)))))))
                      (local.set $g (i32.add (local.get $g) (i32.const 32)))
                      (local.set $p (i32.add (local.get $p) (i32.const 32)))
                      (local.set $v (i32.sub (local.get $v) (i32.const 1)))
                      (br_if $simdBlock (local.get $v)))
                    (local.set $acc (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc))))
                    (local.set $sh64 (i64.extend_i32_u (i32.add
                      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))))
                  (else
                    ;; 128-bit loads and ANDs (half the loads of 64-bit words), 64-bit popcounts
                    (local.set $sh64 (i64.const 0))
                    (loop $wordBlock
                      (local.set $x (v128.and (v128.load (local.get $g)) (v128.load (local.get $p))))
                      (local.set $y (v128.and (v128.load offset=16 (local.get $g)) (v128.load offset=16 (local.get $p))))
                      (local.set $sh64 (i64.add (local.get $sh64) (i64.add
                        (i64.add (i64.popcnt (i64x2.extract_lane 0 (local.get $x))) (i64.popcnt (i64x2.extract_lane 1 (local.get $x))))
                        (i64.add (i64.popcnt (i64x2.extract_lane 0 (local.get $y))) (i64.popcnt (i64x2.extract_lane 1 (local.get $y)))))))
                      (local.set $g (i32.add (local.get $g) (i32.const 32)))
                      (local.set $p (i32.add (local.get $p) (i32.const 32)))
                      (local.set $v (i32.sub (local.get $v) (i32.const 1)))
                      (br_if $wordBlock (local.get $v)))))
                (local.set $t (i32.add (local.get $tableK) (i32.shl (local.get $pc) (i32.const 4))))
                (local.set $at (i32.add (local.get $totals) (i32.shl (i32.sub (local.get $s) (local.get $bs)) (i32.const 3))))
                (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
                  (f64.div (f64.sub (f64.convert_i64_u (local.get $sh64)) (f64.load (local.get $t))) (f64.load offset=8 (local.get $t)))))))
            (local.set $li (i32.add (local.get $li) (i32.const 4)))
            (br $subject)))
        (local.set $kk (i32.add (local.get $kk) (i32.const 16)))
        (br $finger))))

  (func (export "next") (param $lane i32) (param $from i32) (param $to i32) (param $floor f64) (param $simd i32) (result i32)
    (local $s i32) (local $bs i32) (local $be i32) (local $at i32) (local $totals i32) (local $B i32) (local $v f64)
    (local.set $totals (i32.load offset=192 (local.get $lane)))
    (local.set $B (i32.load offset=28 (local.get $lane)))
    (local.set $bs (i32.load offset=200 (local.get $lane)))
    (local.set $be (i32.load offset=204 (local.get $lane)))
    (local.set $s (local.get $from))
    (block $done
      (loop $blockLoop
        (br_if $done (i32.ge_u (local.get $s) (local.get $to)))
        ;; outside the block in the lane: score the next one, [s, min(s + B, to))
        (if (i32.or (i32.lt_u (local.get $s) (local.get $bs)) (i32.ge_u (local.get $s) (local.get $be)))
          (then
            (local.set $bs (local.get $s))
            (local.set $be (select (local.get $to) (i32.add (local.get $s) (local.get $B))
              (i32.lt_u (i32.sub (local.get $to) (local.get $s)) (local.get $B))))
            (call $scoreBlock (local.get $lane) (local.get $bs) (local.get $be) (local.get $simd))
            (i32.store offset=200 (local.get $lane) (local.get $bs))
            (i32.store offset=204 (local.get $lane) (local.get $be))))
        ;; the block's totals in slot order (−∞ never beats the floor)
        (local.set $at (i32.add (local.get $totals) (i32.shl (i32.sub (local.get $s) (local.get $bs)) (i32.const 3))))
        (loop $check
          (local.set $v (f64.load (local.get $at)))
          (if (f64.gt (local.get $v) (local.get $floor))
            (then
              (global.set $score (local.get $v))
              (return (local.get $s))))
          (local.set $at (i32.add (local.get $at) (i32.const 8)))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br_if $check (i32.lt_u (local.get $s) (local.get $be))))
        (br $blockLoop)))
    (i32.const -1))

  ;; readBytes(from, to): XOR of the 64-byte blocks in [from, to): the memory-read bound of a scan
  ;; over the same bytes (the benchmark's read loop; the value only keeps the loads alive).
  (func (export "readBytes") (param $a i32) (param $b i32) (result i32)
    (local $x v128) (local $y v128) (local $z v128) (local $q v128)
    (block $out
      (loop $block
        (br_if $out (i32.ge_u (local.get $a) (local.get $b)))
        (local.set $x (v128.xor (local.get $x) (v128.load (local.get $a))))
        (local.set $y (v128.xor (local.get $y) (v128.load offset=16 (local.get $a))))
        (local.set $z (v128.xor (local.get $z) (v128.load offset=32 (local.get $a))))
        (local.set $q (v128.xor (local.get $q) (v128.load offset=48 (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (br $block)))
    (i32x4.extract_lane 0 (v128.xor (v128.xor (local.get $x) (local.get $y)) (v128.xor (local.get $z) (local.get $q)))))
)
