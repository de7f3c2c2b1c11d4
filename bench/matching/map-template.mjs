// A template's minutiae scaled by (sx, sy) into a width × height frame at `ppi`, for the benches
// that put a foreign (ISO) template and our extraction of the same image on one grid
// (matching/secugen-interop.mjs, search/foreign-gallery.mjs). Directions follow the scaled
// vector; positions are clamped into the frame. Null stays null.
export const TWO_PI = 2 * Math.PI;
/** An angle in [0, 2π). */
export const wrap = (a) => ((a % TWO_PI) + TWO_PI) % TWO_PI;

export function mapTemplate(t, sx, sy, width, height, ppi) {
  if (!t) return null;
  const minutiae = t.minutiae.map((m) => ({
    ...m,
    x: Math.min(width - 1, Math.max(0, m.x * sx)),
    y: Math.min(height - 1, Math.max(0, m.y * sy)),
    angle: wrap(Math.atan2(Math.sin(m.angle) * sy, Math.cos(m.angle) * sx)),
  }));
  return { ...t, width, height, ppi, minutiae };
}
