// A template carried through a known geometry (bench-only; issue 12, elasticoracle): its minutiae
// moved, their directions turned with the map, and its coarse grids (orientation map, valid area)
// resampled onto the new image, each cell's ridge direction turned by the map too. Used by
// elastic-oracle.mjs to put a print's minutiae into another print's geometry without extracting.
//
// pointMap(x, y): where a point of the template's image lies in the new image (null: nowhere).
// backMap(x, y): its inverse, where a point of the new image came from (null: from nowhere).
// width, height: the new image's size. edge: minutiae landing within `edge` px of the new image's
// side are dropped (0: only those outside it).
// No import from dist/, so that a test can load it: the two template facts it needs, as
// src/templates/template.ts states them (the test checks the constant against it).
export const ORIENTATION_MAP_LEVELS = 15;
function insideValidArea(a, x, y) {
  const cx = Math.floor(x / a.cell), cy = Math.floor(y / a.cell);
  if (cx < 0 || cy < 0 || cx >= a.columns || cy >= a.rows) return false;
  const i = cy * a.columns + cx;
  return (a.bits[i >> 3] & (1 << (i & 7))) !== 0;
}

const TAU = 2 * Math.PI;
const STEP = 6; // px along a direction to follow it through the map (as perturb-floor.mjs)

/** The direction θ (template convention: (cos θ, −sin θ) on screen) at (x, y) carried by `map`; null when it cannot be. */
function turnDirection(map, x, y, theta, p = map(x, y)) {
  if (!p) return null;
  const q = map(x + STEP * Math.cos(theta), y - STEP * Math.sin(theta));
  if (!q) return null;
  let a = Math.atan2(-(q[1] - p[1]), q[0] - p[0]);
  if (a < 0) a += TAU;
  if (a >= TAU) a -= TAU;
  return a;
}

/** A coarse grid resampled onto the new image: each new cell's centre taken back to the old grid. */
function resampleGrid(grid, width, height, backMap, value) {
  const columns = Math.ceil(width / grid.cell), rows = Math.ceil(height / grid.cell);
  const out = [];
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < columns; cx++) {
      const s = backMap((cx + 0.5) * grid.cell, (cy + 0.5) * grid.cell);
      out.push(s ? value(s[0], s[1]) : 0);
    }
  }
  return { columns, rows, values: out };
}

export function warpTemplate(t, pointMap, backMap, width, height, edge = 0) {
  const minutiae = [];
  for (const m of t.minutiae) {
    const p = pointMap(m.x, m.y);
    if (!p || p[0] < edge || p[1] < edge || p[0] >= width - edge || p[1] >= height - edge) continue;
    const a = turnDirection(pointMap, m.x, m.y, m.angle, p) ?? m.angle;
    minutiae.push({ ...m, x: p[0], y: p[1], angle: a });
  }
  const out = { ...t, width, height, minutiae };
  if (t.orientationMap) {
    const o = t.orientationMap;
    const step = Math.PI / ORIENTATION_MAP_LEVELS;
    const g = resampleGrid(o, width, height, backMap, (x, y) => {
      const cx = Math.floor(x / o.cell), cy = Math.floor(y / o.cell);
      if (cx < 0 || cy < 0 || cx >= o.columns || cy >= o.rows) return 0;
      const code = o.codes[cy * o.columns + cx];
      if (code === 0) return 0;
      const turned = turnDirection(pointMap, x, y, (code - 1) * step);
      if (turned === null) return code;
      return (Math.round(turned / step) % ORIENTATION_MAP_LEVELS) + 1;
    });
    out.orientationMap = { cell: o.cell, columns: g.columns, rows: g.rows, codes: Uint8Array.from(g.values) };
  }
  if (t.validArea) {
    const v = t.validArea;
    const g = resampleGrid(v, width, height, backMap, (x, y) => (insideValidArea(v, x, y) ? 1 : 0));
    const bits = new Uint8Array(Math.ceil((g.columns * g.rows) / 8));
    g.values.forEach((b, i) => { if (b) bits[i >> 3] |= 1 << (i & 7); });
    out.validArea = { cell: v.cell, columns: g.columns, rows: g.rows, bits };
  }
  return out;
}
