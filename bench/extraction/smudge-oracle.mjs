#!/usr/bin/env node
// Which stage of the extraction carries the cost of residue or of low contrast (issue 12): every
// image of the four FVC2002 B sets extracted clean (C) and perturbed (P, the seeds of
// `afis eval perturb --kinds KIND` with KIND alone in the list, as paired-option.mjs), then P's
// extraction re-run with oracle stages swapped in, each scored as a template set (all pairs) and
// compared with P's, paired, whole fingers resampled (300 rounds).
//
// residue (S = the smudges' pixels, weight > 0, known from the perturbation):
//   mask P−S            P's own mask with S cleared at pixel precision (the segmentation knowing S)
//   mask C−S            the clean mask with S cleared (the segmentation perfect)
//   mask C−S +blank     … and S as missing data in the enhancement (blank spots, normalised convolution)
//   mask C−S +norm      … and P's contrast normalisation with S left out of the local mean and
//                       deviation (normalised convolution; 0 on S), S blank
//   mask C−S +orient    … and the clean orientation field
//   mask C−S +fields    … mask, normalisation without S, S blank, clean orientation and period
//   P −on S / −near 4 / −near 8   P's template without its minutiae on S / within 4 or 8 px of S (true or false)
//   …, S border k       the minutia filters reading a mask whose S is shrunk so that the border
//                       distance at S is k px instead of borderDistance (the rest of the mask as named)
//   floor d0            C's template without its minutiae on S (what is visible at best)
// low-contrast (geometry unchanged):
//   P +orient, P +period, P +orient +period   P's own mask with the clean orientation / period field
//   P +norm, P +norm +period                 P's own mask and fields but the clean normalised image (and period)
//   mask C, mask C +orient, mask C +period, mask C +orient +period, mask C +fields (also C's normalised image)
//
//   node bench/extraction/smudge-oracle.mjs DATA_DIR [residue|low-contrast] [SEED] ['{"PARAM":VALUE}'] [--suite]
//
// --suite: the draws of the whole suite (`afis eval perturb` without --kinds: the kind's index in
// PERTURBATION_KINDS mixed into the seed) instead of the kind alone. For low contrast the output
// also gives, per set, where the fade falls: the mean share of the clean mask whose fade weight
// w is ≥ 0.8, and how many images have the clean mask's centroid (near the core on these
// centred prints) at w ≥ 0.5.
//
// Figures in bench/RESULTS.md ("Residue and low contrast: which stage, by oracle").
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG, normalizeAngle } from '../../dist/core/index.js';
import {
  analyzeFingerprint, extractFromAnalysis, prepareAnalysis, selectFilters, enhanceRidges, binarizeRidges, thinSkeleton,
  traceSkeletonGraph, removeSkeletonArtifacts, detectMinutiae, removeFalseMinutiae, checkMinutiae,
} from '../../dist/extraction/index.js';
import { openEndPixels } from '../../dist/extraction/remove-skeleton-artifacts.js';
import { nearForeground } from '../../dist/extraction/enhance-ridges.js';
import { findBlankSpots } from '../../dist/extraction/find-blank-spots.js';
import { boxMean } from '../../dist/extraction/filters.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { changesAgainstFirst } from './variant-changes.mjs';
import { perturbImage, PERTURBATION_KINDS } from '../../dist/perturbation/index.js';
import { PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const argv = process.argv.slice(2);
const suite = argv.includes('--suite');
const [dataDir, kind = 'residue', seedText = '1', changes] = argv.filter((a) => a !== '--suite');
const kindIndex = suite ? PERTURBATION_KINDS.indexOf(kind) : 0;
if (!dataDir || !['residue', 'low-contrast'].includes(kind)) {
  process.stderr.write("usage: smudge-oracle.mjs DATA_DIR [residue|low-contrast] [SEED] ['{\"PARAM\":VALUE}']\n");
  process.exit(2);
}
const seed = Number(seedText);
const P = { ...EXTRACTION_PARAMETERS, ...(changes ? JSON.parse(changes) : {}) };
if (P.enhancementRidgeGaps > 0) throw new Error('smudge-oracle.mjs does not replay enhancementRidgeGaps');
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets(['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((s) => `${D}/${s}`));

/** analyzeFingerprint's enhancement on a prepared analysis (parts possibly swapped); `extra` blank pixels. */
function enhance(image, a, extra = null) {
  const region = nearForeground(a.mask.pixels, a.width, a.height, P.enhancementAcrossHalfLength + 1);
  const selection = selectFilters(a.width, a.height, a.orientation, a.frequency, P, region);
  let blank = findBlankSpots(image, a.mask.pixels, P);
  if (extra) { blank = blank ? blank.map((v, i) => v | extra[i]) : extra; }
  return { ...a, enhanced: enhanceRidges(a.normalized, selection, a.mask.pixels, P, region, blank) };
}
const extract = (image, a) => extractFromAnalysis(image, a, P, NO_DEBUG);
/**
 * extractFromAnalysis's minutiae (as template minutiae, without the finger quality) with the
 * minutia filters reading `filterPixels` as the mask instead of the analysis's own.
 */
function tail(template, a, filterPixels) {
  const { width, height } = a;
  const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
  const open = openEndPixels(a.mask.pixels, width, height, P);
  const graph = (b) => removeSkeletonArtifacts(traceSkeletonGraph(thinSkeleton(b)), P, open);
  const candidates = detectMinutiae(graph(ridges), graph(valleys), P);
  const kept = checkMinutiae(removeFalseMinutiae(candidates, { ...a.mask, pixels: filterPixels }, a.orientation, a.enhanced, P, a.frequency), a, P);
  return {
    ...template,
    minutiae: kept.map((m) => ({
      x: Math.min(width - 1, Math.max(0, Math.round(m.x))), y: Math.min(height - 1, Math.max(0, Math.round(m.y))),
      angle: normalizeAngle(-m.direction), type: m.type, quality: m.quality,
    })),
  };
}
const withPixels = (mask, pixels) => ({ ...mask, pixels });

/** normalizeContrast with the pixels `gone` left out of the local mean and deviation (0 there). */
function normalizeWithout(grey, w, h, gone) {
  const n = w * h;
  const valid = new Float32Array(n), g = new Float32Array(n);
  for (let i = 0; i < n; i++) { valid[i] = gone[i] ? 0 : 1; g[i] = gone[i] ? 0 : grey[i]; }
  const vm = boxMean(valid, w, h, P.normalizationMeanRadius), gm = boxMean(g, w, h, P.normalizationMeanRadius);
  const c = new Float32Array(n), sq = new Float32Array(n);
  for (let i = 0; i < n; i++) { c[i] = gone[i] ? 0 : grey[i] - (vm[i] > 0 ? gm[i] / vm[i] : grey[i]); sq[i] = c[i] * c[i]; }
  const vd = boxMean(valid, w, h, P.normalizationDeviationRadius), sd = boxMean(sq, w, h, P.normalizationDeviationRadius);
  for (let i = 0; i < n; i++) c[i] = gone[i] ? 0 : c[i] / (Math.sqrt(vd[i] > 0 ? sd[i] / vd[i] : 0) + P.normalizationDeviationFloor);
  return { width: w, height: h, data: c };
}

const names = kind === 'residue'
  ? ['perturbed', 'mask P−S', 'mask C−S', 'mask C−S +blank', 'mask C−S +norm', 'mask C−S +orient', 'mask C−S +fields', 'P −on S', 'P −near 4', 'P −near 8',
    'mask C−S, S border 2', 'mask C−S, S border 4', 'mask P−S, S border 4', 'mask C−S +fields, S border 4', 'floor d0', 'clean']
  : ['perturbed', 'P +orient', 'P +period', 'P +orient +period', 'P +norm', 'P +norm +period', 'mask C', 'mask C +orient', 'mask C +period', 'mask C +orient +period', 'mask C +fields', 'clean'];
const scored = names.map(() => []);
let replayMismatch = 0;
/** fadeContrast's weight w at every pixel, from the same draw (its first random number is the direction). */
function fadeWeight(w, h, drawSeed) {
  const phi = createRng(drawSeed).next() * 2 * Math.PI, ux = Math.cos(phi), uy = Math.sin(phi);
  const proj = [0, w * ux, h * uy, w * ux + h * uy], lo = Math.min(...proj), hi = Math.max(...proj);
  const mid = (lo + hi) / 2, ramp = Math.max(1, PERTURBATION_PARAMETERS.fadeRampShare * (hi - lo));
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const t = (x * ux + y * uy - mid) / ramp + 0.5; out[y * w + x] = t <= 0 ? 0 : t >= 1 ? 1 : t; }
  return out;
}
const fadeStats = [];
for (const [k, s] of sets.entries()) {
  const out = names.map(() => []);
  const fs = { images: 0, fadedMaskShare: 0, coreFaded: 0 };
  s.items.forEach((item, i) => {
    const image = item.image;
    const p = perturbImage(image, kind, mixSeed(seed, kindIndex, k, i));
    const pi = p.image;
    const { width: w, height: h } = pi;
    let ca = null, pa = null, pp = null;
    try { ca = analyzeFingerprint(image, P); } catch { /* failure to enrol */ }
    try { pp = prepareAnalysis(pi, P); pa = analyzeFingerprint(pi, P); } catch { /* failure to enrol */ }
    const clean = ca ? extract(image, ca) : null;
    const pert = pa ? extract(pi, pa) : null;
    if (!ca || !pa) { names.forEach((name, v) => out[v].push(name === 'clean' ? clean : pert)); return; }
    const replay = extract(pi, enhance(pi, pp));
    if (JSON.stringify(replay) !== JSON.stringify(pert)) replayMismatch++;
    if (JSON.stringify(tail(pert, pa, pa.mask.pixels)) !== JSON.stringify(pert)) replayMismatch++;
    const t = {};
    t.perturbed = pert;
    t.clean = clean;
    if (kind === 'residue') {
      const gone = new Uint8Array(w * h);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (!p.mapPoint(x, y)) gone[y * w + x] = 1;
      const cut = (pixels) => pixels.map((v, j) => (gone[j] ? 0 : v));
      const mP = withPixels(pp.mask, cut(pp.mask.pixels));
      const mC = withPixels(ca.mask, cut(ca.mask.pixels));
      const norm = normalizeWithout(new Float32Array(pi.data), w, h, gone);
      t['mask P−S'] = extract(pi, enhance(pi, { ...pp, mask: mP }));
      t['mask C−S'] = extract(pi, enhance(pi, { ...pp, mask: mC }));
      t['mask C−S +blank'] = extract(pi, enhance(pi, { ...pp, mask: mC }, gone));
      t['mask C−S +norm'] = extract(pi, enhance(pi, { ...pp, mask: mC, normalized: norm }, gone));
      t['mask C−S +orient'] = extract(pi, enhance(pi, { ...pp, mask: mC, orientation: ca.orientation }));
      t['mask C−S +fields'] = extract(pi, enhance(pi, { ...pp, mask: mC, normalized: norm, orientation: ca.orientation, frequency: ca.frequency }, gone));
      // distance to S within 8 px (square neighbourhood), for the template's own minutiae
      const near8 = nearForeground(gone, w, h, 8);
      t['P −on S'] = { ...pert, minutiae: pert.minutiae.filter((m) => !gone[m.y * w + m.x]) };
      t['P −near 8'] = { ...pert, minutiae: pert.minutiae.filter((m) => !near8[m.y * w + m.x]) };
      const near4 = nearForeground(gone, w, h, 4);
      t['P −near 4'] = { ...pert, minutiae: pert.minutiae.filter((m) => !near4[m.y * w + m.x]) };
      // the border distance at S cut to k: the filters read the mask with S shrunk by borderDistance − k
      const inner = (k) => { const out = nearForeground(gone.map((v) => 1 - v), w, h, P.borderDistance - k); return gone.map((v, j) => (v && !out[j] ? 1 : 0)); };
      const s2 = inner(2), s4 = inner(4);
      const filterMask = (pixels, shrunk) => pixels.map((v, j) => (shrunk[j] ? 0 : v));
      const aC = enhance(pi, { ...pp, mask: mC });
      t['mask C−S, S border 2'] = tail(pert, aC, filterMask(ca.mask.pixels, s2));
      t['mask C−S, S border 4'] = tail(pert, aC, filterMask(ca.mask.pixels, s4));
      t['mask P−S, S border 4'] = tail(pert, enhance(pi, { ...pp, mask: mP }), filterMask(pp.mask.pixels, s4));
      t['mask C−S +fields, S border 4'] = tail(pert, enhance(pi, { ...pp, mask: mC, normalized: norm, orientation: ca.orientation, frequency: ca.frequency }, gone), filterMask(ca.mask.pixels, s4));
      t['floor d0'] = { ...clean, minutiae: clean.minutiae.filter((m) => !gone[m.y * w + m.x]) };
    } else {
      const fw = fadeWeight(w, h, mixSeed(seed, kindIndex, k, i));
      let n = 0, nf = 0, sx = 0, sy = 0;
      ca.mask.pixels.forEach((v, j) => { if (v) { n++; sx += j % w; sy += Math.floor(j / w); if (fw[j] >= 0.8) nf++; } });
      if (n > 0) {
        fs.images++; fs.fadedMaskShare += nf / n;
        if (fw[Math.round(sy / n) * w + Math.round(sx / n)] >= 0.5) fs.coreFaded++;
      }
      t['P +orient'] = extract(pi, enhance(pi, { ...pp, orientation: ca.orientation }));
      t['P +period'] = extract(pi, enhance(pi, { ...pp, frequency: ca.frequency }));
      t['P +orient +period'] = extract(pi, enhance(pi, { ...pp, orientation: ca.orientation, frequency: ca.frequency }));
      t['P +norm'] = extract(pi, enhance(pi, { ...pp, normalized: ca.normalized }));
      t['P +norm +period'] = extract(pi, enhance(pi, { ...pp, normalized: ca.normalized, frequency: ca.frequency }));
      t['mask C'] = extract(pi, enhance(pi, { ...pp, mask: ca.mask }));
      t['mask C +period'] = extract(pi, enhance(pi, { ...pp, mask: ca.mask, frequency: ca.frequency }));
      t['mask C +orient'] = extract(pi, enhance(pi, { ...pp, mask: ca.mask, orientation: ca.orientation }));
      t['mask C +orient +period'] = extract(pi, enhance(pi, { ...pp, mask: ca.mask, orientation: ca.orientation, frequency: ca.frequency }));
      t['mask C +fields'] = extract(pi, enhance(pi, { ...pp, mask: ca.mask, orientation: ca.orientation, frequency: ca.frequency, normalized: ca.normalized }));
    }
    names.forEach((name, v) => out[v].push(t[name]));
  });
  out.forEach((templates, v) => scored[v].push(scoreEvalSet(s.fingers, templates)));
  fadeStats.push(`${["DB1", "DB2", "DB3", "DB4"][k]}: mask share at w ≥ 0.8 ${(100 * fs.fadedMaskShare / Math.max(1, fs.images)).toFixed(1)} %, centroid at w ≥ 0.5 in ${fs.coreFaded} of ${fs.images}`);
}
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const f = changesAgainstFirst(scored, seed);
const pct = (v) => (v * 100).toFixed(2);
const result = {};
f.forEach((e, i) => { result[i === 0 ? `${kind} mean EER` : `${names[i]} − ${kind}`] = `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`; });
const perSet = Object.fromEntries(names.map((v, i) => [v, `${pct(mean(scored[i].map((x) => allPairsErrorRates(x).eer)))}: ${scored[i].map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')}`]));
process.stdout.write(`${JSON.stringify({ kind, seed, draws: suite ? 'suite' : 'kind alone', changes: changes ? JSON.parse(changes) : {}, replayMismatch, meanEerPercent: result, perSet, ...(kind === 'low-contrast' ? { fade: fadeStats } : {}) }, null, 2)}\n`);
