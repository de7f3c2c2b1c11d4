// The "floor" templates of a geometric perturbation (issue 12, part 5): a clean template moved
// through the perturbation's known geometry (`mapPoint`), what a perfect extractor would give the
// matcher. Shared by perturb-floor.mjs and crop-common-mates.mjs.
//
// moveTemplate: each minutia's position and the direction through a point 6 px along it moved;
// minutiae that leave the perturbed image or lie within EDGE px of its side dropped. The template's
// other fields (the orientation map) are kept as they are unless `map` is 'move': then the
// orientation map is moved into the perturbed image's frame (each new cell takes the code of the
// clean cell its centre came from, 0, no print, where none): through the inverse of a scale and
// shift (crop, resolution), or through the perturbation's `unmapPoint` with the direction carried
// forward (elastic); kept as it is where neither is known. Kept as it is, a cropped print's
// map lies up to the crop's offset away from its minutiae (the clean frame), which the matcher's
// orientation agreement reads as disagreement (bench/RESULTS.md, crop2). `source[i]` is the clean index of the moved template's i-th minutia.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const EDGE = 10;
const dist = (path) => pathToFileURL(resolve('dist', path)).href;
const { perturbImage } = await import(dist('perturbation/index.js'));
const { mixSeed } = await import(dist('synthetic/index.js'));
const { ORIENTATION_MAP_LEVELS } = await import(dist('templates/index.js'));

/**
 * The scale s and shift (tx, ty) with mapPoint(x, y) = (s·x + tx, s·y + ty) at every point of a
 * 16 px grid it keeps (crop: s = 1; resolution: no shift), or null when the map is not of that form.
 */
export function scaleShiftOf(mapPoint, width, height) {
  const kept = [];
  for (let y = 0; y < height; y += 16) for (let x = 0; x < width; x += 16) { const p = mapPoint(x, y); if (p) kept.push([x, y, p[0], p[1]]); }
  if (kept.length < 2) return null;
  const [u, v] = [kept[0], kept[kept.length - 1]];
  const s = Math.abs(v[0] - u[0]) > Math.abs(v[1] - u[1]) ? (v[2] - u[2]) / (v[0] - u[0]) : (v[3] - u[3]) / (v[1] - u[1]);
  if (!(s > 0)) return null;
  const tx = u[2] - s * u[0], ty = u[3] - s * u[1];
  for (const [x, y, px, py] of kept) if (Math.abs(s * x + tx - px) > 1e-6 || Math.abs(s * y + ty - py) > 1e-6) return null;
  return { s, tx, ty };
}

/**
 * The orientation map `m` (clean frame) moved into a width × height image: each new cell takes the
 * code of the clean cell under the clean point its centre came from, `back(x, y)` (null: none, code
 * 0), its direction carried forward through `forward` (a point 6 px along it; unchanged when
 * `forward` is null, as under a scale and shift).
 */
export function moveOrientationMap(m, back, forward, width, height) {
  const columns = Math.ceil(width / m.cell), rows = Math.ceil(height / m.cell);
  const codes = new Uint8Array(columns * rows);
  const L = ORIENTATION_MAP_LEVELS;
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) {
    const q = back((c + 0.5) * m.cell, (r + 0.5) * m.cell);
    if (!q) continue;
    const cx = Math.floor(q[0] / m.cell), cy = Math.floor(q[1] / m.cell);
    if (cx < 0 || cy < 0 || cx >= m.columns || cy >= m.rows) continue;
    const code = m.codes[cy * m.columns + cx];
    if (code === 0 || !forward) { codes[r * columns + c] = code; continue; }
    const theta = ((code - 1) * Math.PI) / L;
    const p0 = forward(q[0], q[1]), p1 = forward(q[0] + 6 * Math.cos(theta), q[1] - 6 * Math.sin(theta));
    if (!p0 || !p1) { codes[r * columns + c] = code; continue; }
    let a = Math.atan2(-(p1[1] - p0[1]), p1[0] - p0[0]);
    a = ((a % Math.PI) + Math.PI) % Math.PI;
    codes[r * columns + c] = 1 + (Math.round((a * L) / Math.PI) % L);
  }
  return { cell: m.cell, columns, rows, codes };
}

/** The clean template `t` moved by `mapPoint` into a width × height image: { template, source }. */
export function moveTemplate(t, mapPoint, width, height, options = {}) {
  const minutiae = [], source = [];
  t.minutiae.forEach((m, i) => {
    const p = mapPoint(m.x, m.y);
    if (!p || p[0] < EDGE || p[1] < EDGE || p[0] >= width - EDGE || p[1] >= height - EDGE) return;
    const q = mapPoint(m.x + 6 * Math.cos(m.angle), m.y - 6 * Math.sin(m.angle));
    let a = q ? Math.atan2(-(q[1] - p[1]), q[0] - p[0]) : m.angle;
    if (a < 0) a += 2 * Math.PI;
    if (a >= 2 * Math.PI) a -= 2 * Math.PI;
    minutiae.push({ ...m, x: p[0], y: p[1], angle: a });
    source.push(i);
  });
  const template = { ...t, width, height, minutiae };
  if (options.map === 'move' && t.orientationMap) {
    const g = scaleShiftOf(mapPoint, t.width, t.height);
    if (g) template.orientationMap = moveOrientationMap(t.orientationMap, (x, y) => [(x - g.tx) / g.s, (y - g.ty) / g.s], null, width, height);
    else if (options.unmapPoint) template.orientationMap = moveOrientationMap(t.orientationMap, options.unmapPoint, mapPoint, width, height);
  }
  return { template, source };
}

/**
 * One set's images perturbed by `kind` with perturb-floor's seeds (mixSeed(seed, kindIndex, k, i)):
 * per image the perturbed image, its mapPoint and the floor template of the clean one (null where
 * no clean template). `clean` the set's clean templates.
 */
export function perturbedItem(image, clean, kind, seed, kindIndex, k, i, options = {}) {
  const p = perturbImage(image, kind, mixSeed(seed, kindIndex, k, i));
  const moved = clean ? moveTemplate(clean, p.mapPoint, p.image.width, p.image.height, { ...options, unmapPoint: p.unmapPoint }) : null;
  return { image: p.image, mapPoint: p.mapPoint, floor: moved ? moved.template : null, source: moved ? moved.source : null };
}
