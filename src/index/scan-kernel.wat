;; The first-stage scan kernel (WebAssembly text; `npm run build` compiles it to
;; dist/index/scan-kernel.wasm with wabt, see scripts/build-wasm.mjs).
;;
;; One instance per subject chunk and thread: it imports the chunk's shared memory (layout in
;; gallery-layout.ts: codes, finger entries and metadata stored per finger position, then the
;; scan lanes). A caller holding a lane writes the probe there (header below, then the probe's
;; packed codes) and calls `next` until it returns -1.
;;
;; next(lane, from, to, floor, simd): the first eligible subject s in [from, to) whose score is
;; greater than `floor`, or -1. The score goes to the global `score`; every eligible subject passed
;; over is counted in the global `eligible` (the caller resets it per chunk). Eligible: status
;; byte 1 (alive), no excluded flag, and mask byte 1 when the lane has a mask. The score is the
;; plain formula of scan-gallery-codes.ts, with the same floating-point operations in the same
;; order (so the same value to the last bit):
;;   Σ over the probe's present fingers f with gallery popcount g > 0 of
;;     (shared − e) / sqrt(e + 1),  e = pbits[f] · g / bits,  shared = popcount(gallery ∧ probe)
;; A finger with g = 0 has an empty code, so shared = e = 0 and its term is 0: it is skipped.
;; `simd` 0: 64-bit popcounts; 1: i8x16.popcnt (both are measured by `afis bench scan`).
;;
;; Lane header (byte offsets from the lane):
;;   0 codes base   4 subject stride (bytes)   8 finger stride (bytes)   12 info base
;;   16 info finger stride (bytes)   20 status base   24 flags base   28 excluded flags
;;   32 mask base (0 = no mask)   36 blocks (32-byte blocks per code)   40 present fingers n
;;   44 present finger indexes i32[10]   88 probe bits f64[10]   168 code bits f64
;;   252 lock (used by the JavaScript side)   256 probe codes, [finger][code words]
(module
  (import "env" "memory" (memory 1 65536 shared))
  (global $score (export "score") (mut f64) (f64.const 0))
  (global $eligible (export "eligible") (mut i32) (i32.const 0))

  (func (export "next") (param $lane i32) (param $from i32) (param $to i32) (param $floor f64) (param $simd i32) (result i32)
    (local $s i32) (local $k i32) (local $f i32) (local $g i32) (local $p i32) (local $v i32)
    (local $acc v128) (local $sh i32) (local $sh64 i64) (local $total f64) (local $e f64) (local $pc i32)
    (local $codes i32) (local $sStride i32) (local $fStride i32) (local $info i32) (local $iStride i32)
    (local $status i32) (local $flags i32) (local $excl i32) (local $mask i32) (local $blocks i32)
    (local $n i32) (local $bits f64) (local $gs i32) (local $probe i32)
    (local.set $codes (i32.load offset=0 (local.get $lane)))
    (local.set $sStride (i32.load offset=4 (local.get $lane)))
    (local.set $fStride (i32.load offset=8 (local.get $lane)))
    (local.set $info (i32.load offset=12 (local.get $lane)))
    (local.set $iStride (i32.load offset=16 (local.get $lane)))
    (local.set $status (i32.load offset=20 (local.get $lane)))
    (local.set $flags (i32.load offset=24 (local.get $lane)))
    (local.set $excl (i32.load offset=28 (local.get $lane)))
    (local.set $mask (i32.load offset=32 (local.get $lane)))
    (local.set $blocks (i32.load offset=36 (local.get $lane)))
    (local.set $n (i32.load offset=40 (local.get $lane)))
    (local.set $bits (f64.load offset=168 (local.get $lane)))
    (local.set $probe (i32.add (local.get $lane) (i32.const 256)))
    (local.set $s (local.get $from))
    (local.set $gs (i32.add (local.get $codes) (i32.mul (local.get $s) (local.get $sStride))))
    (block $done
      (loop $subject
        (br_if $done (i32.ge_u (local.get $s) (local.get $to)))
        (block $skip
          (br_if $skip (i32.ne (i32.load8_u (i32.add (local.get $status) (local.get $s))) (i32.const 1)))
          (br_if $skip (i32.and (i32.load8_u (i32.add (local.get $flags) (local.get $s))) (local.get $excl)))
          (if (local.get $mask)
            (then (br_if $skip (i32.eqz (i32.load8_u (i32.add (local.get $mask) (local.get $s)))))))
          (global.set $eligible (i32.add (global.get $eligible) (i32.const 1)))
          (local.set $total (f64.const 0))
          (local.set $k (i32.const 0))
          (block $fingersDone
            (loop $finger
              (br_if $fingersDone (i32.ge_u (local.get $k) (local.get $n)))
              (local.set $f (i32.load offset=44 (i32.add (local.get $lane) (i32.shl (local.get $k) (i32.const 2)))))
              (local.set $pc (i32.shr_u
                (i32.load (i32.add (local.get $info) (i32.add (i32.mul (local.get $f) (local.get $iStride)) (i32.shl (local.get $s) (i32.const 2)))))
                (i32.const 16)))
              (if (local.get $pc)
                (then
                  (local.set $g (i32.add (local.get $gs) (i32.mul (local.get $f) (local.get $fStride))))
                  (local.set $p (i32.add (local.get $probe) (i32.mul (local.get $f) (i32.shl (local.get $blocks) (i32.const 5)))))
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
                      (local.set $sh (i32.add
                        (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                        (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))))
                    (else
                      (local.set $sh64 (i64.const 0))
                      (loop $wordBlock
                        (local.set $sh64 (i64.add (local.get $sh64) (i64.add
                          (i64.add
                            (i64.popcnt (i64.and (i64.load (local.get $g)) (i64.load (local.get $p))))
                            (i64.popcnt (i64.and (i64.load offset=8 (local.get $g)) (i64.load offset=8 (local.get $p)))))
                          (i64.add
                            (i64.popcnt (i64.and (i64.load offset=16 (local.get $g)) (i64.load offset=16 (local.get $p))))
                            (i64.popcnt (i64.and (i64.load offset=24 (local.get $g)) (i64.load offset=24 (local.get $p))))))))
                        (local.set $g (i32.add (local.get $g) (i32.const 32)))
                        (local.set $p (i32.add (local.get $p) (i32.const 32)))
                        (local.set $v (i32.sub (local.get $v) (i32.const 1)))
                        (br_if $wordBlock (local.get $v)))
                      (local.set $sh (i32.wrap_i64 (local.get $sh64)))))
                  (local.set $e (f64.div
                    (f64.mul (f64.load offset=88 (i32.add (local.get $lane) (i32.shl (local.get $f) (i32.const 3)))) (f64.convert_i32_u (local.get $pc)))
                    (local.get $bits)))
                  (local.set $total (f64.add (local.get $total)
                    (f64.div (f64.sub (f64.convert_i32_u (local.get $sh)) (local.get $e)) (f64.sqrt (f64.add (local.get $e) (f64.const 1))))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $finger)))
          (if (f64.gt (local.get $total) (local.get $floor))
            (then
              (global.set $score (local.get $total))
              (return (local.get $s)))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (local.set $gs (i32.add (local.get $gs) (local.get $sStride)))
        (br $subject)))
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
