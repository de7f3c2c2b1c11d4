#!/usr/bin/env node
// A quick screen of orientation-field candidates (issue 12, wetorient), before any is built into
// the extraction: for every image of the four FVC2002 B sets, clean and perturbed by KIND (the
// seeds `afis eval perturb --kinds KIND` uses), each candidate's orientation field replaces the
// shipped one (the period re-estimated from it where the candidate says so), the image is
// enhanced and extracted, and the all-pairs EER reported per set, with the candidate field's
// distance on the perturbed images from the same candidate's field on the clean image (mean |Δ|,
// share > 10°, blocks inside both masks), and the share of blocks nearer an image axis (0° / 90°)
// than the clean image's shipped field. No intervals: a screen, judged afterwards with paired-option.mjs.
//
//   node bench/extraction/orientation-candidates.mjs DATA_DIR [KIND] [SEED] [--only a,b]
//
// Figures in bench/RESULTS.md ("The orientation field under spread ridges").
//
// Candidates:
//   shipped        the shipped field
//   second         the field again from the gradient moments of the first enhanced image
//   second+period  the same, the period re-estimated along it
//   mean           the doubled-angle mean of the shipped and the second field (unit vectors)
//   oracle low     the clean image's field where the shipped coherence is below LOW (env, 0.35)
//   coarseN low    the field with orientationCoarseSigma N where the shipped coherence is below LOW
//   second low     the second field where the shipped coherence is below LOW
//   coarse4        the field with orientationCoarseSigma 4 everywhere
//   scharr         the field from Scharr's derivative instead of Sobel's, the period re-estimated along it
//   presmoothS     the field with orientationPreSmoothSigma S (0.5, 0.8; the whole analysis)
//   FIELD_VARIANTS (env, JSON {name: {parameter: value}}): the field with those parameters, the period re-estimated
//   ANALYSIS_VARIANTS (env, JSON {name: {parameter: value}}): the field and period of prepareAnalysis
//                  with those parameters (for options read outside computeOrientationField, e.g.
//                  {"rn1": {"orientationFromRidgeNet": 1}})
//   ridgenet+coherence  the field from the learned ridge enhancer's map with that map's own
//                  coherence (orientationFromRidgeNet 1 keeps the classical one), the period re-estimated
//
// RIDGE_NET_MODEL (env): the ridge network's model file for the candidates that read it (useRidgeNetModel;
// the screen's enhancement does not blend the network, so only the fields change).
//
// Each candidate's perturbed field is also compared with the clean image's *shipped* field
// ("vsShippedClean"), the reference the oracle rows put back.
import path from 'node:path';
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { computeBlockGradients, computeOrientationField, enhanceRidges, runRidgeNet, estimateRidgeFrequency, extractFromAnalysis, prepareAnalysis, prepareFields, selectFilters, useRidgeNetModel } from '../../dist/extraction/index.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1].split(',') : null;
const [dataDir, kind = 'wet', seedArg = '1'] = args;
if (process.env.RIDGE_NET_MODEL) useRidgeNetModel(process.env.RIDGE_NET_MODEL);
const seed = Number(seedArg);
const S = path.join(dataDir, 'fvc2002');
const sets = await readEvalSets([`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`]);

const enhance = (a, orientation, frequency) => enhanceRidges(a.normalized, selectFilters(a.width, a.height, orientation, frequency, P), a.mask.pixels, P);
const second = (a) => {
  const first = enhance(a, a.orientation, a.frequency);
  return computeOrientationField(computeBlockGradients(first.data, a.width, a.height, a.orientation.grid), a.mask.blocks, P);
};
const unitMean = (f, g) => {
  const n = f.cos2.length;
  const cos2 = new Float32Array(n), sin2 = new Float32Array(n), angle = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = f.cos2[i] + g.cos2[i], y = f.sin2[i] + g.sin2[i], m = Math.hypot(x, y);
    cos2[i] = m > 1e-9 ? x / m : f.cos2[i];
    sin2[i] = m > 1e-9 ? y / m : f.sin2[i];
    let t = 0.5 * Math.atan2(sin2[i], cos2[i]);
    if (t < 0) t += Math.PI;
    if (t >= Math.PI) t -= Math.PI;
    angle[i] = t;
  }
  return { grid: f.grid, cos2, sin2, angle, coherence: f.coherence };
};
/** `f` with `g`'s blocks where the shipped coherence of `a` is below `level`. */
const gate = (a, g, level) => {
  const f = a.orientation;
  const take = f.coherence.map((c) => (c < level ? 1 : 0));
  const pick = (x, y) => x.map((v, i) => (take[i] ? y[i] : v));
  return { grid: f.grid, cos2: pick(f.cos2, g.cos2), sin2: pick(f.sin2, g.sin2), angle: pick(f.angle, g.angle), coherence: f.coherence };
};
const LOW = Number(process.env.LOW ?? 0.35);
const coarser = (a, sigma) => computeOrientationField(a.gradients, a.mask.blocks, { ...P, orientationCoarseSigma: sigma });
/** Block moments from Scharr's derivative (3, 10, 3 across; more nearly rotation-invariant than Sobel's 1, 2, 1). */
const scharrMoments = (grey, width, height, grid) => {
  const n = grid.cols * grid.rows, size = grid.blockSize;
  const gxx = new Float32Array(n), gyy = new Float32Array(n), gxy = new Float32Array(n);
  for (let y = 1; y < height - 1; y++) for (let x = 1; x < width - 1; x++) {
    const p = (dx, dy) => grey[(y + dy) * width + x + dx];
    const gx = (3 * (p(1, -1) - p(-1, -1)) + 10 * (p(1, 0) - p(-1, 0)) + 3 * (p(1, 1) - p(-1, 1))) / 4;
    const gy = (3 * (p(-1, 1) - p(-1, -1)) + 10 * (p(0, 1) - p(0, -1)) + 3 * (p(1, 1) - p(1, -1))) / 4;
    const b = ((y / size) | 0) * grid.cols + ((x / size) | 0);
    gxx[b] += gx * gx; gyy[b] += gy * gy; gxy[b] += gx * gy;
  }
  return { grid, gxx, gyy, gxy };
};
const withPeriod = (a, o) => ({ orientation: o, frequency: estimateRidgeFrequency(a.normalized, o, a.mask.blocks, P) });
const candidates = {
  shipped: (a) => ({ orientation: a.orientation, frequency: a.frequency }),
  second: (a) => ({ orientation: second(a), frequency: a.frequency }),
  'second+period': (a) => {
    const o = second(a);
    return { orientation: o, frequency: estimateRidgeFrequency(a.normalized, o, a.mask.blocks, P) };
  },
  mean: (a) => ({ orientation: unitMean(a.orientation, second(a)), frequency: a.frequency }),
  'oracle low': (a, clean) => ({ orientation: gate(a, clean.orientation, LOW), frequency: a.frequency }),
  'coarse4 low': (a) => ({ orientation: gate(a, coarser(a, 4), LOW), frequency: a.frequency }),
  'coarse6 low': (a) => ({ orientation: gate(a, coarser(a, 6), LOW), frequency: a.frequency }),
  'second low': (a) => ({ orientation: gate(a, second(a), LOW), frequency: a.frequency }),
  coarse4: (a) => ({ orientation: coarser(a, 4), frequency: a.frequency }),
  scharr: (a) => withPeriod(a, computeOrientationField(scharrMoments(a.grey, a.width, a.height, a.orientation.grid), a.mask.blocks, P)),
  'scharr, period kept': (a) => ({ orientation: computeOrientationField(scharrMoments(a.grey, a.width, a.height, a.orientation.grid), a.mask.blocks, P), frequency: a.frequency }),
  ...Object.fromEntries(Object.entries(JSON.parse(process.env.FIELD_VARIANTS ?? '{}')).map(([name, changes]) => [name, (a) => withPeriod(a, computeOrientationField(a.gradients, a.mask.blocks, { ...P, ...changes }))])),
  ...Object.fromEntries(Object.entries(JSON.parse(process.env.ANALYSIS_VARIANTS ?? '{}')).map(([name, changes]) => [name, (a) => { const b = prepareAnalysis(a.image, { ...P, ...changes }); return { orientation: b.orientation, frequency: b.frequency }; }])),
  'ridgenet+coherence': (a) => withPeriod(a, computeOrientationField(computeBlockGradients(runRidgeNet(a.normalized), a.width, a.height, a.orientation.grid), a.mask.blocks, P)),
  presmooth05: (a) => { const b = prepareAnalysis(a.image, { ...P, orientationPreSmoothSigma: 0.5 }); return { orientation: b.orientation, frequency: b.frequency }; },
  presmooth08: (a) => { const b = prepareAnalysis(a.image, { ...P, orientationPreSmoothSigma: 0.8 }); return { orientation: b.orientation, frequency: b.frequency }; },
};
const names = Object.keys(candidates).filter((c) => !only || only.includes(c));
const axisDist = (a) => { const m = a % (Math.PI / 2); return Math.min(m, Math.PI / 2 - m); };
const angleDiff = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return (d * 180) / Math.PI; };
const out = {};
const started = Date.now();
for (const [k, set] of sets.entries()) {
  const t = { clean: Object.fromEntries(names.map((n) => [n, []])), [kind]: Object.fromEntries(names.map((n) => [n, []])) };
  const dist = Object.fromEntries(names.map((n) => [n, { n: 0, sum: 0, over10: 0, toward: 0, sumR: 0, over10R: 0 }]));
  const cleanField = {};
  for (const [i, item] of set.items.entries()) {
    const clean = { ...prepareAnalysis(item.image, P), gradients: prepareFields(item.image, P).orientationGradients, grey: Float32Array.from(item.image.data), image: item.image };
    const pimg = perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
    const own = { ...prepareAnalysis(pimg, P), gradients: prepareFields(pimg, P).orientationGradients, grey: Float32Array.from(pimg.data), image: pimg };
    for (const [arm, a, img] of [['clean', clean, item.image], [kind, own, pimg]]) {
      for (const name of names) {
        let tpl = null;
        try {
          const f = candidates[name](a, clean);
          if (arm === 'clean') cleanField[name] = f.orientation;
          if (arm === kind) {
            const d = dist[name];
            for (let b = 0; b < f.orientation.angle.length; b++) {
              if (!clean.mask.blocks[b] || !own.mask.blocks[b]) continue;
              const x = angleDiff(f.orientation.angle[b], cleanField[name].angle[b]);
              d.n++; d.sum += x; if (x > 10) d.over10++;
              const xr = angleDiff(f.orientation.angle[b], clean.orientation.angle[b]);
              d.sumR += xr; if (xr > 10) d.over10R++;
              if (axisDist(clean.orientation.angle[b]) > axisDist(f.orientation.angle[b])) d.toward++;
            }
          }
          tpl = extractFromAnalysis(img, { ...a, ...f, enhanced: enhance(a, f.orientation, f.frequency) }, P, NO_DEBUG);
        } catch { tpl = null; }
        t[arm][name].push(tpl);
      }
    }
  }
  out[`DB${k + 1}`] = Object.fromEntries(names.map((n) => [n, {
    clean: (100 * allPairsErrorRates(scoreEvalSet(set.fingers, t.clean[n])).eer).toFixed(2),
    [kind]: (100 * allPairsErrorRates(scoreEvalSet(set.fingers, t[kind][n])).eer).toFixed(2),
    fieldVsClean: `${(dist[n].sum / dist[n].n).toFixed(2)}°, >10° ${(100 * dist[n].over10 / dist[n].n).toFixed(1)} %, nearer an axis than the clean shipped field ${(100 * dist[n].toward / dist[n].n).toFixed(1)} %`,
    vsShippedClean: `${(dist[n].sumR / dist[n].n).toFixed(2)}°, >10° ${(100 * dist[n].over10R / dist[n].n).toFixed(1)} %`,
  }]));
  console.error(`DB${k + 1} ${Math.round((Date.now() - started) / 1000)} s`, JSON.stringify(out[`DB${k + 1}`]));
}
const mean = (arm, n) => (Object.values(out).reduce((s, r) => s + Number(r[n][arm]), 0) / Object.keys(out).length).toFixed(2);
console.log(JSON.stringify({ kind, seed, seconds: Math.round((Date.now() - started) / 1000), mean: Object.fromEntries(names.map((n) => [n, { clean: mean('clean', n), [kind]: mean(kind, n) }])), sets: out }, null, 1));
