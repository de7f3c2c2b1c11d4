import type { OrientationField, RawMinutia } from './types.js';

/**
 * Turns each minutia's direction toward the orientation field's ridge direction at its place, by
 * `share` (0 = the traced direction, as shipped; 1 = the field's, in the traced sense). The traced
 * direction is read on 4–14 px of skeleton (detect-minutiae.ts), so anything that bends that short
 * piece of ridge bends the direction with it: pixel noise on a faint print, or a sweep sensor's
 * stitching seam that moves the rows below it sideways by a pixel or two (a 2 px step over 10 px
 * tilts the trace by 11°). The field is pooled over blocks and does not see such steps. Only the
 * axis is taken from the field: of the two senses along it, the one nearer the traced direction.
 * Where the field has no direction (its doubled-angle vector, bilinear between block centres,
 * shorter than 0.05), the traced direction stays. Issue 12 (thermal), off by default:
 * `minutiaDirectionFieldShare`, bench/RESULTS.md. With `maxLength` > 0 only minutiae whose ridge to
 * its next node (`ridgeLength`, the skeleton the direction was read on) is shorter than that are
 * turned; longer traces keep their own direction (`minutiaDirectionFieldMaxLength`, issue 12,
 * dirgate). Returns new minutiae; pure; O(n).
 */
export function alignMinutiaDirections<T extends RawMinutia>(minutiae: readonly T[], field: OrientationField, share: number, maxLength = 0): T[] {
  if (!(share > 0)) return minutiae.slice();
  const { blockSize: bs, cols, rows } = field.grid;
  const at = (bx: number, by: number): number => Math.min(rows - 1, Math.max(0, by)) * cols + Math.min(cols - 1, Math.max(0, bx));
  return minutiae.map((m) => {
    if (maxLength > 0 && !(m.ridgeLength < maxLength)) return { ...m };
    // bilinear weights between the four nearest block centres
    const fx = m.x / bs - 0.5, fy = m.y / bs - 0.5;
    const x0 = Math.floor(fx), y0 = Math.floor(fy);
    const wx = fx - x0, wy = fy - y0;
    let c = 0, s = 0;
    for (const [dx, dy, w] of [[0, 0, (1 - wx) * (1 - wy)], [1, 0, wx * (1 - wy)], [0, 1, (1 - wx) * wy], [1, 1, wx * wy]] as const) {
      const i = at(x0 + dx, y0 + dy);
      c += w * field.cos2[i]!;
      s += w * field.sin2[i]!;
    }
    if (Math.hypot(c, s) < 0.05) return { ...m };
    const axis = Math.atan2(s, c) / 2;
    // the sense along the axis nearer the traced direction, as a signed turn in (−π/2, π/2]
    let turn = wrap(axis - m.direction);
    if (turn > Math.PI / 2) turn -= Math.PI;
    else if (turn <= -Math.PI / 2) turn += Math.PI;
    return { ...m, direction: m.direction + share * turn };
  });
}

/** An angle difference brought into (−π, π]. */
function wrap(a: number): number {
  const t = a % (2 * Math.PI);
  return t > Math.PI ? t - 2 * Math.PI : t <= -Math.PI ? t + 2 * Math.PI : t;
}
