;; Local similarities of Minutia Cylinder-Code cylinders (WebAssembly text; `npm run build`
;; compiles it to dist/matching/cylinder-kernel.wasm with wabt, see scripts/build-wasm.mjs).
;; Loaded and driven by compare-cylinders.ts, which documents the method; this file only counts
;; bits. One instance per thread, its own memory (layout below, byte offsets).
;;
;;   0        sqrt table: f64 √v for v = 0 … 1279 (written by the caller with Math.sqrt, so
;;            a similarity here is the same double as in JavaScript)
;;   16384    top-k lists of the rows (f32[256 · 8]), then of the columns (f32[256 · 8])
;;   34816    keys per bucket (i32[256]; bucket = key >>> 23, the similarity's top 8 bits), then
;;            where each bucket starts in the ordered keys (i32[256])
;;   36864    minutiae of A taken (u8[256]), 37120 of B (u8[256])
;;   37376    the pairs taken, best first: their keys (i32[≤ 255])
;;   65536    shortlist candidates: (a << 8) | b of each comparable pair, i32[≤ 65025]
;;   327680   template A, 458752 template B: the packed cylinders of MinutiaCylinders.packed,
;;            one header word per minutia (angle | valid << 8 | full << 9 | spatial ones << 10 |
;;            ones << 18) padded to
;;            a multiple of 4 words, then per minutia 96 words: bits[40], mask[40] (the 39-word
;;            cylinder and its valid cells, one zero word of padding), spatial bits[8], spatial
;;            mask[8] (a disc cell's bit set when any of its direction cells is; 208 cells, padded);
;;            then the angle order: the count V of valid cylinders (padded to 4 words), their entries
;;            (index | angle << 8) by ascending angle (padded like the header), and u8[256]: the
;;            position of the first entry whose angle is ≥ s, for each s (0 when none)
;;   589824   keys: (quantised similarity << 16) | (a << 8) | b, i32[≤ 65025]
;;   851968   shortlist: the candidates' coarse values (f32[≤ 65025]); then the keys by bucket,
;;            best bucket first (i32[≤ 65025])
;;
;; similarities(nA, nB, rotation, k): computes the keys of the pairs with similarity > 0, then
;; takes the min(nA, nB) best pairs, best key first, each minutia once (the greedy assignment of
;; compare-cylinders.ts, the same pairs in the same order: keys are distinct and compared whole);
;; writes their keys at 37376 and returns how many. The keys are ordered by a counting sort on
;; their top 8 bits and, bucket by bucket as the assignment reaches it, an insertion sort. A
;; pair is compared when both cylinders are valid and the minutiae's
;; directions differ from `rotation` (units of 2π/256) by at most π/2. k = 0: every such pair
;; (the published all-pairs similarity). k > 0: a coarse similarity of the spatial cylinders
;; (on the 208 disc cells: 1 − √(differing) / (√(set in a) + √(set in b)), each cylinder's own
;; set cells, pairs with < 60 % of the cells valid in both left out) first; a pair is then compared in
;; full only when its coarse value is among the k best of its row or of its column (ties
;; included), so each minutia keeps its k likeliest partners on either side. The coarse pass
;; walks, for each cylinder of A, only B's valid cylinders within π/2 of its direction (a run of
;; B's angle order) instead of testing all nB: the same pairs, in another order, and the top-k
;; lists and the ordered keys do not depend on the order.
(module
  (memory (export "memory") 17)
  (global $levels f64 (f64.const 32768))

  ;; 1 − √nd / (√na + √nb), or 0 when the norm is 0 (the JavaScript formula, operation for
  ;; operation; √ from the table)
  (func $similarity (param $na i32) (param $nb i32) (param $nd i32) (result f64)
    (local $norm f64)
    (local.set $norm (f64.add (f64.load (i32.shl (local.get $na) (i32.const 3))) (f64.load (i32.shl (local.get $nb) (i32.const 3)))))
    (if (result f64) (f64.gt (local.get $norm) (f64.const 0))
      (then (f64.sub (f64.const 1) (f64.div (f64.load (i32.shl (local.get $nd) (i32.const 3))) (local.get $norm))))
      (else (f64.const 0))))

  ;; the full similarity of records ra (of A) and rb (of B); ha, hb their header words. Scalar
  ;; 64-bit popcounts (one instruction each; i8x16.popcnt costs several per 128 bits on x64)
  (func $full (param $ra i32) (param $rb i32) (param $ha i32) (param $hb i32) (result f64)
    (local $w i32) (local $end i32) (local $xa i64) (local $xb i64) (local $na i64) (local $nb i64) (local $nd i64)
    (local.set $end (i32.add (local.get $ra) (i32.const 160)))
    (if (i32.and (i32.and (local.get $ha) (local.get $hb)) (i32.const 512))
      (then
        ;; both cylinders wholly valid: only the differing bits need counting
        (loop $words
          (local.set $nd (i64.add (local.get $nd) (i64.add
            (i64.popcnt (i64.xor (i64.load (local.get $ra)) (i64.load (local.get $rb))))
            (i64.popcnt (i64.xor (i64.load offset=8 (local.get $ra)) (i64.load offset=8 (local.get $rb)))))))
          (local.set $ra (i32.add (local.get $ra) (i32.const 16)))
          (local.set $rb (i32.add (local.get $rb) (i32.const 16)))
          (br_if $words (i32.lt_u (local.get $ra) (local.get $end))))
        (return (call $similarity
          (i32.shr_u (local.get $ha) (i32.const 18)) (i32.shr_u (local.get $hb) (i32.const 18)) (i32.wrap_i64 (local.get $nd))))))
    ;; cells valid in both: 749 (60 % of 1 248) at least, else 0 (6 direction cells per disc cell)
    (if (i64.lt_u (i64.mul (i64.const 6) (i64.add
          (i64.add (i64.popcnt (i64.and (i64.load offset=352 (local.get $ra)) (i64.load offset=352 (local.get $rb))))
                   (i64.popcnt (i64.and (i64.load offset=360 (local.get $ra)) (i64.load offset=360 (local.get $rb)))))
          (i64.add (i64.popcnt (i64.and (i64.load offset=368 (local.get $ra)) (i64.load offset=368 (local.get $rb))))
                   (i64.popcnt (i64.and (i64.load offset=376 (local.get $ra)) (i64.load offset=376 (local.get $rb)))))))
          (i64.const 749))
      (then (return (f64.const 0))))
    (loop $words2
      (local.set $xa (i64.and (i64.load (local.get $ra)) (i64.load offset=160 (local.get $rb))))
      (local.set $xb (i64.and (i64.load (local.get $rb)) (i64.load offset=160 (local.get $ra))))
      (local.set $na (i64.add (local.get $na) (i64.popcnt (local.get $xa))))
      (local.set $nb (i64.add (local.get $nb) (i64.popcnt (local.get $xb))))
      (local.set $nd (i64.add (local.get $nd) (i64.popcnt (i64.xor (local.get $xa) (local.get $xb)))))
      (local.set $xa (i64.and (i64.load offset=8 (local.get $ra)) (i64.load offset=168 (local.get $rb))))
      (local.set $xb (i64.and (i64.load offset=8 (local.get $rb)) (i64.load offset=168 (local.get $ra))))
      (local.set $na (i64.add (local.get $na) (i64.popcnt (local.get $xa))))
      (local.set $nb (i64.add (local.get $nb) (i64.popcnt (local.get $xb))))
      (local.set $nd (i64.add (local.get $nd) (i64.popcnt (i64.xor (local.get $xa) (local.get $xb)))))
      (local.set $ra (i32.add (local.get $ra) (i32.const 16)))
      (local.set $rb (i32.add (local.get $rb) (i32.const 16)))
      (br_if $words2 (i32.lt_u (local.get $ra) (local.get $end))))
    (call $similarity (i32.wrap_i64 (local.get $na)) (i32.wrap_i64 (local.get $nb)) (i32.wrap_i64 (local.get $nd))))

  ;; appends the key of pair (a, b) with full similarity s > 0 (else nothing) at 589824 + 4K and
  ;; counts it in its bucket; returns the new K
  (func $key (param $a i32) (param $b i32) (param $s f64) (param $K i32) (result i32)
    (local $q f64) (local $cell i32) (local $i i32)
    (if (f64.le (local.get $s) (f64.const 0)) (then (return (local.get $K))))
    ;; Math.min(32767, Math.round(s · 32768)) for s > 0: floor, up when the rest is ≥ ½ (exact)
    ;; (the rest's test as 0 or 1, not a branch: it is a coin toss)
    (local.set $s (f64.mul (local.get $s) (global.get $levels)))
    (local.set $q (f64.floor (local.get $s)))
    (local.set $cell (i32.add (i32.trunc_f64_u (local.get $q)) (f64.ge (f64.sub (local.get $s) (local.get $q)) (f64.const 0.5))))
    (local.set $cell (select (i32.const 32767) (local.get $cell) (i32.gt_u (local.get $cell) (i32.const 32767))))
    (i32.store (i32.add (i32.const 589824) (i32.shl (local.get $K) (i32.const 2)))
      (i32.or (i32.shl (local.get $cell) (i32.const 16)) (i32.or (i32.shl (local.get $a) (i32.const 8)) (local.get $b))))
    (local.set $i (i32.add (i32.const 34816) (i32.shl (i32.shr_u (local.get $cell) (i32.const 7)) (i32.const 2))))
    (i32.store (local.get $i) (i32.add (i32.load (local.get $i)) (i32.const 1)))
    (i32.add (local.get $K) (i32.const 1)))

  (func (export "similarities") (param $nA i32) (param $nB i32) (param $rotation i32) (param $k i32) (result i32)
    (local $a i32) (local $b i32) (local $ha i32) (local $hb i32) (local $ra i32) (local $rb i32)
    (local $recA i32) (local $recB i32) (local $K i32) (local $v f32) (local $i i32) (local $L i32) (local $id i32)
    (local $sa0 i64) (local $sa1 i64) (local $sa2 i64) (local $sa3 i64) (local $ma0 i64) (local $ma1 i64) (local $ma2 i64) (local $ma3 i64)
    (local $mb0 i64) (local $mb1 i64) (local $mb2 i64) (local $mb3 i64) (local $xa i64) (local $xb i64)
    (local $na i32) (local $nb i32) (local $nd i32) (local $norm f64)
    (local $s i32) (local $pos i32) (local $left i32) (local $e i32) (local $orderB i32) (local $startsB i32) (local $validB i32)
    (local $vb i32) (local $p i32) (local $pe i32) (local $x i32) (local $cur i32) (local $gt i32) (local $M i32)
    (local.set $i (i32.const 0))
    (loop $clearHist
      (v128.store (i32.add (i32.const 34816) (local.get $i)) (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $clearHist (i32.lt_u (local.get $i) (i32.const 1024))))
    (local.set $recA (i32.add (i32.const 327680) (i32.shl (i32.and (i32.add (local.get $nA) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    (local.set $recB (i32.add (i32.const 458752) (i32.shl (i32.and (i32.add (local.get $nB) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    ;; B's angle order after its records (MinutiaCylinders.packed): the count of valid cylinders,
    ;; their entries (index | angle << 8) by angle, the first entry ≥ each angle (bytes)
    (local.set $orderB (i32.add (local.get $recB) (i32.mul (local.get $nB) (i32.const 384))))
    (local.set $validB (i32.load (local.get $orderB)))
    (local.set $orderB (i32.add (local.get $orderB) (i32.const 16)))
    (local.set $startsB (i32.add (local.get $orderB) (i32.shl (i32.and (i32.add (local.get $nB) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    (if (i32.eqz (local.get $k))
      (then
        ;; every comparable pair in full
        (local.set $a (i32.const 0))
        (loop $rowsF
          (local.set $ha (i32.load offset=327680 (i32.shl (local.get $a) (i32.const 2))))
          (local.set $ra (i32.add (local.get $recA) (i32.mul (local.get $a) (i32.const 384))))
          (local.set $b (i32.const 0))
          (loop $colsF
            (local.set $hb (i32.load offset=458752 (i32.shl (local.get $b) (i32.const 2))))
            (if (i32.and (i32.ne (i32.and (i32.and (local.get $ha) (local.get $hb)) (i32.const 256)) (i32.const 0))
                (i32.le_u (i32.and (i32.add (i32.sub (i32.add (local.get $ha) (local.get $rotation)) (local.get $hb)) (i32.const 64)) (i32.const 255)) (i32.const 128)))
              (then
                (local.set $K (call $key (local.get $a) (local.get $b)
                  (call $full (local.get $ra) (i32.add (local.get $recB) (i32.mul (local.get $b) (i32.const 384))) (local.get $ha) (local.get $hb))
                  (local.get $K)))))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br_if $colsF (i32.lt_u (local.get $b) (local.get $nB))))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (br_if $rowsF (i32.lt_u (local.get $a) (local.get $nA))))
        (return (call $assign (local.get $nA) (local.get $nB) (local.get $K)))))
    ;; shortlist: the coarse value of every comparable pair (64-bit popcounts of the spatial
    ;; cylinders, A's row held in locals) into a list of candidates (pair ids at 65536, values at
    ;; 851968), and the top-k lists of rows and columns
    (local.set $i (i32.const 0))
    (loop $clearRows
      (v128.store (i32.add (i32.const 16384) (local.get $i)) (v128.const f32x4 -1 -1 -1 -1))
      (v128.store offset=16 (i32.add (i32.const 16384) (local.get $i)) (v128.const f32x4 -1 -1 -1 -1))
      (local.set $i (i32.add (local.get $i) (i32.const 32)))
      (br_if $clearRows (i32.lt_u (local.get $i) (i32.shl (local.get $nA) (i32.const 5)))))
    (local.set $i (i32.const 0))
    (loop $clearCols
      (v128.store (i32.add (i32.const 24576) (local.get $i)) (v128.const f32x4 -1 -1 -1 -1))
      (v128.store offset=16 (i32.add (i32.const 24576) (local.get $i)) (v128.const f32x4 -1 -1 -1 -1))
      (local.set $i (i32.add (local.get $i) (i32.const 32)))
      (br_if $clearCols (i32.lt_u (local.get $i) (i32.shl (local.get $nB) (i32.const 5)))))
    (local.set $a (i32.const 0))
    (loop $rows
      (local.set $ha (i32.load offset=327680 (i32.shl (local.get $a) (i32.const 2))))
      (if (i32.and (local.get $ha) (i32.const 256))
        (then
          (local.set $ra (i32.add (local.get $recA) (i32.mul (local.get $a) (i32.const 384))))
          (local.set $sa0 (i64.load offset=320 (local.get $ra))) (local.set $sa1 (i64.load offset=328 (local.get $ra)))
          (local.set $sa2 (i64.load offset=336 (local.get $ra))) (local.set $sa3 (i64.load offset=344 (local.get $ra)))
          (local.set $ma0 (i64.load offset=352 (local.get $ra))) (local.set $ma1 (i64.load offset=360 (local.get $ra)))
          (local.set $ma2 (i64.load offset=368 (local.get $ra))) (local.set $ma3 (i64.load offset=376 (local.get $ra)))
          ;; B's valid cylinders within π/2 of a's direction (turned by `rotation`): a run of
          ;; B's angle order from the first entry whose angle is ≥ s = angle + rotation − 64,
          ;; while (angle_b − s) & 255 ≤ 128 (the order goes round; the test of every pair,
          ;; (angle_a + rotation − angle_b + 64) & 255 ≤ 128, keeps the same pairs)
          (local.set $s (i32.and (i32.sub (i32.add (local.get $ha) (local.get $rotation)) (i32.const 64)) (i32.const 255)))
          (local.set $pos (i32.load8_u (i32.add (local.get $startsB) (local.get $s))))
          (local.set $left (local.get $validB))
          (block $run
            (loop $cols
              (br_if $run (i32.eqz (local.get $left)))
              (local.set $e (i32.load (i32.add (local.get $orderB) (i32.shl (local.get $pos) (i32.const 2)))))
              (br_if $run (i32.gt_u (i32.and (i32.sub (i32.shr_u (local.get $e) (i32.const 8)) (local.get $s)) (i32.const 255)) (i32.const 128)))
              (local.set $b (i32.and (local.get $e) (i32.const 255)))
              (local.set $hb (i32.load offset=458752 (i32.shl (local.get $b) (i32.const 2))))
              (block $next
                (local.set $rb (i32.add (local.get $recB) (i32.mul (local.get $b) (i32.const 384))))
                ;; cells valid in both: 125 (60 % of 208) at least (all 208 when both are wholly valid)
                (if (i32.eqz (i32.and (i32.and (local.get $ha) (local.get $hb)) (i32.const 512)))
                  (then
                    (br_if $next (i64.lt_u
                      (i64.add (i64.add (i64.popcnt (i64.and (local.get $ma0) (i64.load offset=352 (local.get $rb)))) (i64.popcnt (i64.and (local.get $ma1) (i64.load offset=360 (local.get $rb)))))
                        (i64.add (i64.popcnt (i64.and (local.get $ma2) (i64.load offset=368 (local.get $rb)))) (i64.popcnt (i64.and (local.get $ma3) (i64.load offset=376 (local.get $rb))))))
                      (i64.const 125)))))
                ;; the set cells of each (all valid cells, not only those valid in both: cheaper, and
                ;; only a ranking) and the differing ones
                (local.set $na (i32.and (i32.shr_u (local.get $ha) (i32.const 10)) (i32.const 255)))
                (local.set $nb (i32.and (i32.shr_u (local.get $hb) (i32.const 10)) (i32.const 255)))
                (local.set $nd (i32.wrap_i64 (i64.add
                  (i64.add (i64.popcnt (i64.xor (local.get $sa0) (i64.load offset=320 (local.get $rb)))) (i64.popcnt (i64.xor (local.get $sa1) (i64.load offset=328 (local.get $rb)))))
                  (i64.add (i64.popcnt (i64.xor (local.get $sa2) (i64.load offset=336 (local.get $rb)))) (i64.popcnt (i64.xor (local.get $sa3) (i64.load offset=344 (local.get $rb))))))))
                ;; the similarity formula (see $similarity), as float32
                (local.set $norm (f64.add (f64.load (i32.shl (local.get $na) (i32.const 3))) (f64.load (i32.shl (local.get $nb) (i32.const 3)))))
                (local.set $v (f32.const 0))
                (if (f64.gt (local.get $norm) (f64.const 0))
                  (then (local.set $v (f32.demote_f64 (f64.sub (f64.const 1) (f64.div (f64.load (i32.shl (local.get $nd) (i32.const 3))) (local.get $norm)))))))
                (i32.store offset=65536 (i32.shl (local.get $L) (i32.const 2)) (i32.or (i32.shl (local.get $a) (i32.const 8)) (local.get $b)))
                (f32.store offset=851968 (i32.shl (local.get $L) (i32.const 2)) (local.get $v))
                (local.set $L (i32.add (local.get $L) (i32.const 1)))
                ;; into the top-k lists of row a and column b without a branch (whether v enters is
                ;; a coin toss the predictor loses): each entry keeps the larger of itself and the
                ;; value passed down, the smaller goes on; an entry equal to v keeps its place (the
                ;; lists hold the same values as inserting v only when it beats the last entry).
                ;; Values as their f32 bits compared as i32: the same order for v ≥ 0 and −1
                (local.set $vb (i32.reinterpret_f32 (local.get $v)))
                (local.set $p (i32.add (i32.const 16384) (i32.shl (local.get $a) (i32.const 5))))
                (local.set $pe (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
                (local.set $x (local.get $vb))
                (loop $rowIns
                  (local.set $cur (i32.load (local.get $p)))
                  (local.set $gt (i32.gt_s (local.get $x) (local.get $cur)))
                  (i32.store (local.get $p) (select (local.get $x) (local.get $cur) (local.get $gt)))
                  (local.set $x (select (local.get $cur) (local.get $x) (local.get $gt)))
                  (local.set $p (i32.add (local.get $p) (i32.const 4)))
                  (br_if $rowIns (i32.lt_u (local.get $p) (local.get $pe))))
                (local.set $p (i32.add (i32.const 24576) (i32.shl (local.get $b) (i32.const 5))))
                (local.set $pe (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
                (local.set $x (local.get $vb))
                (loop $colIns
                  (local.set $cur (i32.load (local.get $p)))
                  (local.set $gt (i32.gt_s (local.get $x) (local.get $cur)))
                  (i32.store (local.get $p) (select (local.get $x) (local.get $cur) (local.get $gt)))
                  (local.set $x (select (local.get $cur) (local.get $x) (local.get $gt)))
                  (local.set $p (i32.add (local.get $p) (i32.const 4)))
                  (br_if $colIns (i32.lt_u (local.get $p) (local.get $pe)))))
              (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
              (if (i32.eq (local.get $pos) (local.get $validB)) (then (local.set $pos (i32.const 0))))
              (local.set $left (i32.sub (local.get $left) (i32.const 1)))
              (br $cols)))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $a) (local.get $nA))))
    ;; full similarities of the candidates among the k best of their row or their column (the
    ;; k-th best of a row or column is −1 when it has fewer: every candidate passes then)
    ;; first the candidates that pass, listed in place without a branch (about one in five passes,
    ;; at random), then their full similarities in the same order
    (local.set $i (i32.const 0))
    (block $listed
      (loop $list
        (br_if $listed (i32.ge_u (local.get $i) (local.get $L)))
        (local.set $id (i32.load offset=65536 (i32.shl (local.get $i) (i32.const 2))))
        (local.set $vb (i32.load offset=851968 (i32.shl (local.get $i) (i32.const 2))))
        (i32.store offset=65536 (i32.shl (local.get $M) (i32.const 2)) (local.get $id))
        (local.set $M (i32.add (local.get $M) (i32.or
          (i32.ge_s (local.get $vb) (i32.load offset=16380 (i32.add (i32.shl (i32.shr_u (local.get $id) (i32.const 8)) (i32.const 5)) (i32.shl (local.get $k) (i32.const 2)))))
          (i32.ge_s (local.get $vb) (i32.load offset=24572 (i32.add (i32.shl (i32.and (local.get $id) (i32.const 255)) (i32.const 5)) (i32.shl (local.get $k) (i32.const 2))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $list)))
    (local.set $i (i32.const 0))
    (block $compared
      (loop $compare
        (br_if $compared (i32.ge_u (local.get $i) (local.get $M)))
        (local.set $id (i32.load offset=65536 (i32.shl (local.get $i) (i32.const 2))))
        (local.set $a (i32.shr_u (local.get $id) (i32.const 8)))
        (local.set $b (i32.and (local.get $id) (i32.const 255)))
        (local.set $K (call $key (local.get $a) (local.get $b)
          (call $full
            (i32.add (local.get $recA) (i32.mul (local.get $a) (i32.const 384)))
            (i32.add (local.get $recB) (i32.mul (local.get $b) (i32.const 384)))
            (i32.load offset=327680 (i32.shl (local.get $a) (i32.const 2)))
            (i32.load offset=458752 (i32.shl (local.get $b) (i32.const 2))))
          (local.get $K)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $compare)))
    (call $assign (local.get $nA) (local.get $nB) (local.get $K)))

  ;; the greedy assignment over the K keys at 589824 (see similarities)
  (func $assign (param $nA i32) (param $nB i32) (param $K i32) (result i32)
    (local $i i32) (local $j i32) (local $pos i32) (local $end i32) (local $key i32) (local $x i32)
    (local $n i32) (local $nR i32) (local $bucket i32) (local $a i32) (local $b i32)
    ;; bucket starts, best bucket first
    (local.set $bucket (i32.const 255))
    (loop $starts
      (local.set $i (i32.add (i32.const 34816) (i32.shl (local.get $bucket) (i32.const 2))))
      (i32.store offset=1024 (local.get $i) (local.get $pos))
      (local.set $pos (i32.add (local.get $pos) (i32.load (local.get $i))))
      (local.set $bucket (i32.sub (local.get $bucket) (i32.const 1)))
      (br_if $starts (i32.ge_s (local.get $bucket) (i32.const 0))))
    ;; scatter (the starts advance to the buckets' ends)
    (local.set $i (i32.const 0))
    (block $scattered
      (loop $scatter
        (br_if $scattered (i32.ge_u (local.get $i) (local.get $K)))
        (local.set $key (i32.load (i32.add (i32.const 589824) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (i32.add (i32.const 35840) (i32.shl (i32.shr_u (local.get $key) (i32.const 23)) (i32.const 2))))
        (local.set $pos (i32.load (local.get $j)))
        (i32.store (i32.add (i32.const 851968) (i32.shl (local.get $pos) (i32.const 2))) (local.get $key))
        (i32.store (local.get $j) (i32.add (local.get $pos) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scatter)))
    (local.set $i (i32.const 0))
    (loop $clearUsed
      (v128.store (i32.add (i32.const 36864) (local.get $i)) (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $clearUsed (i32.lt_u (local.get $i) (i32.const 512))))
    (local.set $nR (select (local.get $nA) (local.get $nB) (i32.lt_u (local.get $nA) (local.get $nB))))
    ;; bucket by bucket from the best: order it, then take its pairs
    (local.set $pos (i32.const 0))
    (local.set $bucket (i32.const 255))
    (block $done
      (loop $buckets
        (br_if $done (i32.lt_s (local.get $bucket) (i32.const 0)))
        (local.set $end (i32.load (i32.add (i32.const 35840) (i32.shl (local.get $bucket) (i32.const 2)))))
        ;; insertion sort of [pos, end), descending
        (local.set $i (i32.add (local.get $pos) (i32.const 1)))
        (block $sorted
          (loop $outer
            (br_if $sorted (i32.ge_s (local.get $i) (local.get $end)))
            (local.set $key (i32.load (i32.add (i32.const 851968) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $j (local.get $i))
            (block $placed
              (loop $inner
                (br_if $placed (i32.le_s (local.get $j) (local.get $pos)))
                (local.set $x (i32.load (i32.add (i32.const 851964) (i32.shl (local.get $j) (i32.const 2)))))
                (br_if $placed (i32.ge_s (local.get $x) (local.get $key)))
                (i32.store (i32.add (i32.const 851968) (i32.shl (local.get $j) (i32.const 2))) (local.get $x))
                (local.set $j (i32.sub (local.get $j) (i32.const 1)))
                (br $inner)))
            (i32.store (i32.add (i32.const 851968) (i32.shl (local.get $j) (i32.const 2))) (local.get $key))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $outer)))
        ;; take the bucket's pairs whose minutiae are free
        (block $taken
          (loop $take
            (br_if $taken (i32.ge_s (local.get $pos) (local.get $end)))
            (local.set $key (i32.load (i32.add (i32.const 851968) (i32.shl (local.get $pos) (i32.const 2)))))
            (local.set $a (i32.and (i32.shr_u (local.get $key) (i32.const 8)) (i32.const 255)))
            (local.set $b (i32.and (local.get $key) (i32.const 255)))
            (if (i32.eqz (i32.or (i32.load8_u (i32.add (i32.const 36864) (local.get $a))) (i32.load8_u (i32.add (i32.const 37120) (local.get $b)))))
              (then
                (i32.store8 (i32.add (i32.const 36864) (local.get $a)) (i32.const 1))
                (i32.store8 (i32.add (i32.const 37120) (local.get $b)) (i32.const 1))
                (i32.store (i32.add (i32.const 37376) (i32.shl (local.get $n) (i32.const 2))) (local.get $key))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (br_if $done (i32.ge_u (local.get $n) (local.get $nR)))))
            (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
            (br $take)))
        (local.set $bucket (i32.sub (local.get $bucket) (i32.const 1)))
        (br $buckets)))
    (local.get $n))
)
