// The orientation field near cores and deltas on synthetic prints, against the truth: reads a
// folder `afis synth` wrote (F_I images + truth/F_I.json with the true field on 16-px blocks),
// runs the extraction's analysis up to the field (`--set NAME=V` for a candidate) and reports the
// mean and 90th percentile of |field − truth| at the truth's block centres inside both masks, by
// distance to the nearest true core or delta (≤ 16, 16–32, 32–64, > 64 px); and how the
// Poincaré-index singular points of our field (find-singular-region.ts) meet the true ones: the
// share of true cores / deltas with one of ours of the same kind within 16 px, and our points per
// image with no true one of the same kind within 24 px; and, by the same bands, |log| of our
// period over the truth's mean period (the truth has no local period, so a rough check only). Nothing here involves minutiae or matching.
// `npm run build && nice -n 19 node bench/synthetic/core-field.mjs DIR [--set NAME=V]... [--limit N] [--json]`
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const { prepareAnalysis } = await import('../../dist/extraction/index.js');
const { findSingularRegion } = await import('../../dist/extraction/find-singular-region.js');
const { EXTRACTION_PARAMETERS } = await import('../../dist/config/parameters.js');
const { NO_DEBUG } = await import('../../dist/core/index.js');
const { decodeCapture } = await import('../../dist/capture/index.js');

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--json'));
const params = { ...EXTRACTION_PARAMETERS };
for (let i = 0; i < args.length; i++) if (args[i] === '--set') { const [k, v] = args[i + 1].split('='); if (!(k in params)) throw new Error(`unknown parameter ${k}`); params[k] = Number(v); }
const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : Infinity;

const bands = [['<=16', 16], ['16-32', 32], ['32-64', 64], ['>64', Infinity]];
const errors = Object.fromEntries(bands.map(([k]) => [k, []]));
const periodRatio = Object.fromEntries(bands.map(([k]) => [k, []]));
const det = { cores: 0, coresFound: 0, deltas: 0, deltasFound: 0, ours: 0, oursFalse: 0, images: 0 };

const names = (await readdir(dir)).filter((n) => /^\d+_\d+\.(png|wsq)$/.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, limit);
for (const name of names) {
  const stem = name.replace(/\.[^.]+$/, '');
  const truth = JSON.parse(await readFile(join(dir, 'truth', `${stem}.json`), 'utf8'));
  const bytes = await readFile(join(dir, name));
  const image = await decodeCapture(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  let a;
  try { a = prepareAnalysis(image, params, NO_DEBUG); } catch { continue; }
  det.images++;
  const { cols, rows, blockSize } = a.orientation.grid;
  const singulars = [...truth.cores, ...truth.deltas];
  const T = truth.orientation.block;
  truth.orientation.degrees.forEach((row, by) => row.forEach((deg, bx) => {
    if (deg < 0) return;
    const x = (bx + 0.5) * T, y = (by + 0.5) * T;
    const q = Math.floor(x / blockSize), r = Math.floor(y / blockSize);
    if (q >= cols || r >= rows || !a.mask.blocks[r * cols + q]) return;
    // the block's own direction (no interpolation: the truth block centre is a corner of ours,
    // so the four blocks around it are averaged in doubled angles)
    let c = 0, s = 0;
    for (const [dq, dr] of [[0, 0], [-1, 0], [0, -1], [-1, -1]]) {
      const qq = q + dq, rr = r + dr;
      if (qq < 0 || rr < 0) continue;
      c += a.orientation.cos2[rr * cols + qq]; s += a.orientation.sin2[rr * cols + qq];
    }
    const ours = 0.5 * Math.atan2(s, c);
    // the truth turns counter-clockwise on screen (y up), ours in image coordinates (y down)
    const d = Math.abs(((ours + (deg * Math.PI) / 180) % Math.PI + Math.PI) % Math.PI);
    const err = (Math.min(d, Math.PI - d) * 180) / Math.PI;
    const dist = singulars.length ? Math.min(...singulars.map(([sx, sy]) => Math.hypot(sx - x, sy - y))) : Infinity;
    for (const [k, lim] of bands) if (dist <= lim) { errors[k].push(err); periodRatio[k].push(Math.abs(Math.log(a.frequency.period[r * cols + q] / truth.meanRidgePeriod))); break; }
  }));
  const found = findSingularRegion(a.orientation, a.mask.blocks, params.singularRegionRadius);
  const meet = (truthPts, ourPts) => truthPts.filter(([x, y]) => ourPts.some(([u, v]) => Math.hypot(u - x, v - y) <= 16)).length;
  const inside = (pts) => pts.filter(([x, y]) => { const q = Math.floor(x / blockSize), r = Math.floor(y / blockSize); return q >= 0 && r >= 0 && q < cols && r < rows && a.mask.blocks[r * cols + q]; });
  const tc = inside(truth.cores), td = inside(truth.deltas);
  det.cores += tc.length; det.coresFound += meet(tc, found.cores);
  det.deltas += td.length; det.deltasFound += meet(td, found.deltas);
  det.ours += found.cores.length + found.deltas.length;
  det.oursFalse += found.cores.filter(([x, y]) => !truth.cores.some(([u, v]) => Math.hypot(u - x, v - y) <= 24)).length
    + found.deltas.filter(([x, y]) => !truth.deltas.some(([u, v]) => Math.hypot(u - x, v - y) <= 24)).length;
}
const stat = (v) => { const s = [...v].sort((p, q) => p - q); return { blocks: s.length, mean: Math.round((100 * s.reduce((p, q) => p + q, 0)) / Math.max(1, s.length)) / 100, p90: s.length ? Math.round(100 * s[Math.floor(0.9 * (s.length - 1))]) / 100 : 0 }; };
const out = {
  images: det.images,
  fieldErrorDegrees: Object.fromEntries(bands.map(([k]) => [k, stat(errors[k])])),
  // |log(our period / the truth's mean period)| (the truth has no local period): a rough check
  periodLogError: Object.fromEntries(bands.map(([k]) => [k, stat(periodRatio[k])])),
  singular: {
    coresInMask: det.cores, coreFoundShare: Math.round((1000 * det.coresFound) / Math.max(1, det.cores)) / 10,
    deltasInMask: det.deltas, deltaFoundShare: Math.round((1000 * det.deltasFound) / Math.max(1, det.deltas)) / 10,
    oursPerImage: Math.round((100 * det.ours) / Math.max(1, det.images)) / 100, falsePerImage: Math.round((100 * det.oursFalse) / Math.max(1, det.images)) / 100,
  },
};
if (args.includes('--json')) console.log(JSON.stringify(out));
else console.log(JSON.stringify(out, null, 1));
