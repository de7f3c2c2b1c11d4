#!/usr/bin/env node
// Could a deconvolution give back what a slid finger costs? The `smear` perturbation undone with
// its own kernel known (an oracle: the length and direction the perturbation drew), by Landweber
// iterations f ← f + hᵀ(g − h f) with the smear's operator h (symmetric), then extracted and all
// pairs scored as `afis eval perturb --kinds smear --seed S` does (issue 12, smear). A blind
// estimate of the kernel is what extraction would need; this says whether it is worth building.
//
//   node bench/extraction/smear-oracle.mjs DATA_DIR [ITERATIONS] [--seed S]
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { allPairsErrorRates } from '../../dist/matching/bootstrap-error-rates.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
const args = process.argv.slice(2);
const data = args[0];
if (!data) { console.error('usage: smear-oracle.mjs DATA_DIR [ITERATIONS] [--seed S]'); process.exit(2); }
const iters = Number(args[1] && !args[1].startsWith('--') ? args[1] : 20);
const seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : 1;
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((n) => `${data}/fvc2002/${n}`));
/** The smear's operator on a float image: the taps of src/perturbation/smear-image.ts, without its rounding to bytes. */
function smearF(src, w, h, length, theta) {
  const half = length / 2, n = Math.floor(half), taps = [];
  for (let k = -n - 1; k <= n + 1; k++) { const wt = Math.max(0, Math.min(1, half + 0.5 - Math.abs(k))); if (wt > 0) taps.push([k * Math.cos(theta), k * Math.sin(theta), wt]); }
  const tot = taps.reduce((s, t) => s + t[2], 0);
  const at = (x, y) => { const cx = Math.min(w - 1, Math.max(0, x)), cy = Math.min(h - 1, Math.max(0, y)); const x0 = Math.floor(cx), y0 = Math.floor(cy), x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1), fx = cx - x0, fy = cy - y0; return (src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx) * (1 - fy) + (src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx) * fy; };
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { let a = 0; for (const [dx, dy, wt] of taps) a += wt * at(x + dx, y + dy); out[y * w + x] = a / tot; }
  return out;
}
function restore(g, w, h, length, theta) {
  let f = Float32Array.from(g);
  for (let it = 0; it < iters; it++) {
    const hf = smearF(f, w, h, length, theta);
    const r = new Float32Array(w * h); for (let i = 0; i < r.length; i++) r[i] = g[i] - hf[i];
    const hr = smearF(r, w, h, length, theta);
    for (let i = 0; i < f.length; i++) f[i] += hr[i];
  }
  return Uint8Array.from(f, (v) => Math.max(0, Math.min(255, Math.round(v))));
}
const res = { smear: [], restored: [] };
for (const [k, set] of sets.entries()) {
  const smeared = extractEvalSet(set, { transform: (im, i) => perturbImage(im, 'smear', mixSeed(seed, 0, k, i)).image }).templates;
  const restored = extractEvalSet(set, { transform: (im, i) => {
    const p = perturbImage(im, 'smear', mixSeed(seed, 0, k, i)).image;
    const rng = createRng(mixSeed(seed, 0, k, i));
    const [l0, l1] = PERTURBATION_PARAMETERS.smearLength;
    const length = l0 + rng.next() * (l1 - l0), theta = rng.next() * Math.PI;
    return { ...p, data: restore(p.data, p.width, p.height, length, theta) };
  } }).templates;
  res.smear.push(100 * allPairsErrorRates(scoreEvalSet(set.fingers, smeared)).eer);
  res.restored.push(100 * allPairsErrorRates(scoreEvalSet(set.fingers, restored)).eer);
  console.log(names[k], res.smear.at(-1).toFixed(2), res.restored.at(-1).toFixed(2));
}
const m = (a) => (a.reduce((x, y) => x + y) / a.length).toFixed(2);
console.log('seed', seed, 'iterations', iters, 'mean EER % smeared', m(res.smear), 'restored with the known kernel', m(res.restored));
