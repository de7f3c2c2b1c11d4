// Orientation-field distance of two prints (individuality.mjs, field-by-class.mjs): the best rigid
// alignment of one coarse field (singular-points.mjs) onto the other, without minutiae or matcher.
import { B } from './singular-points.mjs';

/** Mean |Δθ| (degrees) between two fields at the best rigid alignment of b onto a. */
export function fieldDistance(a, b, minOverlap = 80) { return fieldAlignment(a, b, minOverlap).d; }

/** Best rigid alignment of b's field onto a's: mean |Δθ| (degrees), rotation (degrees), translation (px). */
export function fieldAlignment(a, b, minOverlap = 80) {
  const score = (rot, tx, ty) => {
    const cr = Math.cos(rot), sr = Math.sin(rot), c2 = Math.cos(2 * rot), s2 = Math.sin(2 * rot);
    let sum = 0, n = 0;
    for (let r = 0; r < b.field.rows; r++) for (let q = 0; q < b.field.cols; q++) {
      const i = r * b.field.cols + q;
      if (!b.field.m[i]) continue;
      const x = (q + 0.5) * B - b.cx, y = (r + 0.5) * B - b.cy;
      const X = cr * x - sr * y + a.cx + tx, Y = sr * x + cr * y + a.cy + ty;
      const qq = Math.floor(X / B), rr = Math.floor(Y / B);
      if (qq < 0 || rr < 0 || qq >= a.field.cols || rr >= a.field.rows) continue;
      const k = rr * a.field.cols + qq;
      if (!a.field.m[k]) continue;
      // b's direction rotated by rot, against a's: doubled-angle dot product
      const bc = b.field.c[i] * c2 - b.field.s[i] * s2, bs = b.field.s[i] * c2 + b.field.c[i] * s2;
      const dot = Math.max(-1, Math.min(1, bc * a.field.c[k] + bs * a.field.s[k]));
      sum += Math.acos(dot) / 2;
      n++;
    }
    return n >= minOverlap ? sum / n : Infinity;
  };
  let best = { d: Infinity, rot: 0, tx: 0, ty: 0 };
  const deg = Math.PI / 180;
  for (let rot = -30; rot <= 30; rot += 6) for (let tx = -128; tx <= 128; tx += 16) for (let ty = -128; ty <= 128; ty += 16) {
    const d = score(rot * deg, tx, ty);
    if (d < best.d) best = { d, rot, tx, ty };
  }
  if (!Number.isFinite(best.d)) return { d: NaN, rot: 0, tx: 0, ty: 0 };
  const c = best;
  for (let rot = c.rot - 4; rot <= c.rot + 4; rot += 2) for (let tx = c.tx - 12; tx <= c.tx + 12; tx += 4) for (let ty = c.ty - 12; ty <= c.ty + 12; ty += 4) {
    const d = score(rot * deg, tx, ty);
    if (d < best.d) best = { d, rot, tx, ty };
  }
  return { ...best, d: (best.d * 180) / Math.PI };
}
