#!/usr/bin/env python3
# Writes the `select` function of src/extraction/enhance-kernel.wat (replacing it and everything
# after it): selectFilters' per-pixel loop, 8 pixels per iteration as 4 f64x2 streams whose
# statements are interleaved, so the four chains of dependent operations overlap. Each stream is
# the same sequence of operations as the JavaScript (enhance-ridges.ts), branches as selects.
#   python3 scripts/gen-enhance-select.py src/extraction/enhance-kernel.wat && npm run build
V = 4
def L(n, v): return f"${n}{v}"
def g(n, v): return f"(local.get {L(n, v)})"
def st(v):
    G = lambda n: g(n, v)
    S = []
    def s(n, e): S.append(f"(local.set {L(n, v)} {e})")
    s('ax', f"(f64x2.promote_low_f32x4 (v128.load64_zero offset={8*v} (local.get $colA)))")
    s('oax', f"(f64x2.sub (v128.const f64x2 1 1) {G('ax')})")
    s('w00', f"(f64x2.mul {G('oax')} (local.get $oay))")
    s('w01', f"(f64x2.mul {G('ax')} (local.get $oay))")
    s('w10', f"(f64x2.mul {G('oax')} (local.get $ay))")
    s('w11', f"(f64x2.mul {G('ax')} (local.get $ay))")
    s('xa0', f"(i32.load offset={8*v} (local.get $col0))")
    s('xa1', f"(i32.load offset={8*v+4} (local.get $col0))")
    s('xb0', f"(i32.load offset={8*v} (local.get $col1))")
    s('xb1', f"(i32.load offset={8*v+4} (local.get $col1))")
    for nm, r, xx in (('a', '$r0', 'xa'), ('b', '$r0', 'xb'), ('c', '$r1', 'xa'), ('d', '$r1', 'xb')):
        for lane in (0, 1):
            s(f"{nm}{lane}_", f"(i32.shl (i32.add (local.get {r}) {G(xx + str(lane))}) (i32.const 2))")
    def pair(f, n):
        return (f"(f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get {f}) {G(n + '0_')}))))"
                f" (f64.promote_f32 (f32.load (i32.add (local.get {f}) {G(n + '1_')}))))")
    for f, out in (('$cos2', 'c'), ('$sin2', 's'), ('$period', 'p')):
        s(out, f"(f64x2.add (f64x2.add (f64x2.add (f64x2.mul {G('w00')} {pair(f, 'a')}) (f64x2.mul {G('w01')} {pair(f, 'b')})) (f64x2.mul {G('w10')} {pair(f, 'c')})) (f64x2.mul {G('w11')} {pair(f, 'd')}))")
    Z = "(v128.const f64x2 0 0)"
    # fastAtan2(s, c)
    s('tax', f"(v128.bitselect (f64x2.neg {G('c')}) {G('c')} (f64x2.lt {G('c')} {Z}))")
    s('tay', f"(v128.bitselect (f64x2.neg {G('s')}) {G('s')} (f64x2.lt {G('s')} {Z}))")
    s('mx', f"(v128.bitselect {G('tax')} {G('tay')} (f64x2.gt {G('tax')} {G('tay')}))")
    s('mn', f"(v128.bitselect {G('tax')} {G('tay')} (f64x2.lt {G('tax')} {G('tay')}))")
    s('ta', f"(f64x2.div {G('mn')} {G('mx')})")
    s('q', f"(f64x2.mul {G('ta')} {G('ta')})")
    s('at', f"(f64x2.add (f64x2.mul (f64x2.mul (f64x2.sub (f64x2.mul (f64x2.add (f64x2.mul (v128.const f64x2 -0.0464964749 -0.0464964749) {G('q')}) (v128.const f64x2 0.15931422 0.15931422)) {G('q')}) (v128.const f64x2 0.327622764 0.327622764)) {G('q')}) {G('ta')}) {G('ta')})")
    s('at', f"(v128.bitselect (f64x2.sub (v128.const f64x2 1.5707963267948966 1.5707963267948966) {G('at')}) {G('at')} (f64x2.gt {G('tay')} {G('tax')}))")
    s('at', f"(v128.bitselect (f64x2.sub (v128.const f64x2 3.141592653589793 3.141592653589793) {G('at')}) {G('at')} (f64x2.lt {G('c')} {Z}))")
    s('at', f"(v128.bitselect (f64x2.neg {G('at')}) {G('at')} (f64x2.lt {G('s')} {Z}))")
    s('at', f"(v128.bitselect {Z} {G('at')} (f64x2.eq {G('mx')} {Z}))")
    # a = 0.5·atan2; below 0: + π; o = Math.round(a·scale), bins → 0
    s('at', f"(f64x2.mul (v128.const f64x2 0.5 0.5) {G('at')})")
    s('at', f"(v128.bitselect (f64x2.add {G('at')} (v128.const f64x2 3.141592653589793 3.141592653589793)) {G('at')} (f64x2.lt {G('at')} {Z}))")
    s('t', f"(f64x2.mul {G('at')} (local.get $scale))")
    s('fl', f"(f64x2.floor {G('t')})")
    s('t', f"(v128.bitselect (f64x2.add {G('fl')} (v128.const f64x2 1 1)) {G('fl')} (f64x2.ge (f64x2.sub {G('t')} {G('fl')}) (v128.const f64x2 0.5 0.5)))")
    s('t', f"(v128.bitselect (f64x2.sub {G('t')} (local.get $bins)) {G('t')} (f64x2.ge {G('t')} (local.get $bins)))")
    # period bin: Math.round((p − minP) / step), clamped to 0 … periods − 1
    s('p', f"(f64x2.div (f64x2.sub {G('p')} (local.get $minP)) (local.get $step))")
    s('fl', f"(f64x2.floor {G('p')})")
    s('p', f"(v128.bitselect (f64x2.add {G('fl')} (v128.const f64x2 1 1)) {G('fl')} (f64x2.ge (f64x2.sub {G('p')} {G('fl')}) (v128.const f64x2 0.5 0.5)))")
    s('p', f"(v128.bitselect {Z} {G('p')} (f64x2.lt {G('p')} {Z}))")
    s('p', f"(v128.bitselect (local.get $lastP) {G('p')} (f64x2.ge {G('p')} (local.get $periods)))")
    s('oi', f"(i32x4.trunc_sat_f64x2_s_zero {G('t')})")
    s('pi', f"(i32x4.trunc_sat_f64x2_s_zero {G('p')})")
    return S

streams = [st(v) for v in range(V)]
body = []
for k in range(len(streams[0])):
    for v in range(V): body.append(streams[v][k])
names = ['ax','oax','w00','w01','w10','w11','c','s','p','tax','tay','mx','mn','ta','q','at','t','fl','oi','pi']
inames = ['xa0','xa1','xb0','xb1'] + [f"{n}{l}_" for n in 'abcd' for l in (0, 1)]
locs = ' '.join(f"(local {L(n, v)} v128)" for v in range(V) for n in names)
ilocs = ' '.join(f"(local {L(n, v)} i32)" for v in range(V) for n in inames)
# lanes of the four streams to 8 bytes: [o0 o1 | 0 0] per stream → 8 × i32 → 8 bytes
def pack(n):
    ab = f"(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get ${n}0) (local.get ${n}1))"
    cd = f"(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get ${n}2) (local.get ${n}3))"
    return f"(v128.and (local.get $keep) (i8x16.narrow_i16x8_u (i16x8.narrow_i32x4_u {ab} {cd}) (v128.const i32x4 0 0 0 0)))"
ind = '            '
func = f'''
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
    {locs}
    {ilocs}
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
{chr(10).join(ind + b for b in body)}
            (v128.store64_lane 0 (i32.add (local.get $outO) (local.get $i)) {pack('oi')})
            (v128.store64_lane 0 (i32.add (local.get $outP) (local.get $i)) {pack('pi')})))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (br_if $cols (i32.lt_s (local.get $x) (local.get $width))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_s (local.get $y) (local.get $height)))))
'''
import sys
p = sys.argv[1]
s = open(p).read()
i = s.index("  ;; select(cos2")
s = s[:i] + func.lstrip('\n') + ")\n"
open(p, 'w').write(s)
