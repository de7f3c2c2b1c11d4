// The "floor" templates of a geometric perturbation (issue 12, part 5): a clean template moved
// through the perturbation's known geometry (`mapPoint`), what a perfect extractor would give the
// matcher. Shared by perturb-floor.mjs and crop-common-mates.mjs; the moving itself is
// warp-template.mjs's (minutiae moved and turned, those within EDGE px of the new side dropped).
//
// The orientation map: kept as the clean template had it (`map` 'keep', perturb-floor's figures
// before crop2), in the clean frame, so that a cropped print's map lies up to the crop's offset away
// from its minutiae and the matcher's orientation agreement reads that as disagreement
// (bench/RESULTS.md, crop2); or, with `map` 'move', resampled into the perturbed frame by
// warp-template.mjs through the inverse of the geometry: the inverse of a scale and shift (crop,
// resolution; scaleShiftOf) or the perturbation's own `unmapPoint` (elastic). Kept where neither is known.
// `source[i]` is the clean index of the moved template's i-th minutia.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { warpTemplate } from './warp-template.mjs';

export const EDGE = 10;
const dist = (path) => pathToFileURL(resolve('dist', path)).href;
const { perturbImage } = await import(dist('perturbation/index.js'));
const { mixSeed } = await import(dist('synthetic/index.js'));

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

/** The inverse of the perturbation's geometry where it is known (see above), else null. */
function inverseOf(mapPoint, unmapPoint, width, height) {
  if (unmapPoint) return unmapPoint;
  const g = scaleShiftOf(mapPoint, width, height);
  return g ? (x, y) => [(x - g.tx) / g.s, (y - g.ty) / g.s] : null;
}

/** The clean template `t` moved by `mapPoint` into a width × height image: { template, source }. */
export function moveTemplate(t, mapPoint, width, height, options = {}) {
  const back = options.map === 'move' ? inverseOf(mapPoint, options.unmapPoint, t.width, t.height) : null;
  // each minutia tagged with its clean index, which the move keeps (warpTemplate spreads it)
  const tagged = { ...t, minutiae: t.minutiae.map((m, i) => ({ ...m, floorSource: i })) };
  const warped = warpTemplate(tagged, mapPoint, back ?? (() => null), width, height, EDGE);
  const source = warped.minutiae.map((m) => m.floorSource);
  const minutiae = warped.minutiae.map(({ floorSource, ...m }) => m);
  const template = { ...t, width, height, minutiae };
  if (back && warped.orientationMap) template.orientationMap = warped.orientationMap;
  return { template, source };
}

/**
 * One image perturbed by `kind` with perturb-floor's seeds (mixSeed(seed, kindIndex, k, i)): the
 * perturbed image, its mapPoint, and the floor template of the clean one (null without one).
 */
export function perturbedItem(image, clean, kind, seed, kindIndex, k, i, options = {}) {
  const p = perturbImage(image, kind, mixSeed(seed, kindIndex, k, i));
  const moved = clean ? moveTemplate(clean, p.mapPoint, p.image.width, p.image.height, { ...options, unmapPoint: p.unmapPoint }) : null;
  return { image: p.image, mapPoint: p.mapPoint, floor: moved ? moved.template : null, source: moved ? moved.source : null };
}
