#!/usr/bin/env node
// Where the extraction loses and adds minutiae on the `elastic` perturbation (issue 12): each
// FVC2002 B image extracted clean and warped (the seeds of `paired-option.mjs … elastic SEED`),
// every clean minutia moved by the warp's own mapPoint and looked for among the warped image's
// (12 px, 30°, as `afis eval perturb` counts), and back. Counted per variant of the warped image's
// extraction, each taking one stage from the clean image (moved through the warp):
//   warped        the warped image as it is (what the suite measures)
//   +period       the enhancement's period bins from the clean period field, moved: the clean
//                 period at the source point times the warp's local stretch across the ridges
//   +orientation  the orientation bins from the clean direction field turned by the warp's
//                 local Jacobian (own periods)
//   +filters      both (the whole per-pixel filter choice of the clean image, moved)
//   +mask         the clean pixel mask moved (own fields)
//   +enhanced     the clean enhanced image and mask resampled through the warp (bilinear):
//                 only binarisation onwards runs on the warped geometry
//   roundtrip     the warped image resampled back through mapPoint (bilinear twice, no net
//                 geometry), compared with clean in the clean frame: an upper bound of what the
//                 warp's interpolation blur alone costs
// Lost and false minutiae are split by the warp's displacement at the minutia (core < 0.5 px:
// pixel-identical content), by the local period ratio (warped / clean across the ridges) and by
// nearness (< 16 px) to the warped mask's edge; lost ones of `warped` also by the stage where
// they go (mask/border, binarise+thin, skeleton cleaning, minutia filters).
//
//   node bench/extraction/elastic-stages.mjs DATA_DIR [SEED] ['{"PARAM":VALUE}'] [STEP]
//
// Figures in bench/RESULTS.md ("Elastic distortion: which stage of the extraction").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import {
  analyzeFingerprint, binarizeRidges, thinSkeleton, traceSkeletonGraph, removeSkeletonArtifacts, detectMinutiae,
  removeFalseMinutiae, checkMinutiae, selectFilters, enhanceRidges,
} from '../../dist/extraction/index.js';
import { nearForeground } from '../../dist/extraction/enhance-ridges.js';
import { findBlankSpots } from '../../dist/extraction/find-blank-spots.js';
import { sampleBlockMap } from '../../dist/extraction/filters.js';
import { distanceToBackground } from '../../dist/extraction/segment-foreground.js';
import { createGrayImage } from '../../dist/core/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, seedText = '1', changes = '{}', stepArg = '1'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: elastic-stages.mjs DATA_DIR [SEED] ['{\"PARAM\":VALUE}'] [STEP]\n");
  process.exit(2);
}
const seed = Number(seedText), step = Number(stepArg);
const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const D = `${dataDir}/fvc2002`;
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((s) => `${D}/${s}`));
const EDGE = 10, MASK_EDGE = 16;

const angDiff = (a, b) => { let d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => (n.x - m.x) ** 2 + (n.y - m.y) ** 2 <= 144 && angDiff(n.direction, m.direction) <= Math.PI / 6);

function stages(a) {
  const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
  const rs = thinSkeleton(ridges), vs = thinSkeleton(valleys);
  const raw = detectMinutiae(traceSkeletonGraph(rs), traceSkeletonGraph(vs), P);
  const cleaned = detectMinutiae(removeSkeletonArtifacts(traceSkeletonGraph(rs), P), removeSkeletonArtifacts(traceSkeletonGraph(vs), P), P);
  const final = checkMinutiae(removeFalseMinutiae(cleaned.map((m) => ({ ...m })), a.mask, a.orientation, a.enhanced, P, a.frequency), a, P);
  return { raw, cleaned, final };
}
function enhanceWith(image, a, selection) {
  const { width, height } = a;
  const region = nearForeground(a.mask.pixels, width, height, P.enhancementAcrossHalfLength + 1);
  const blank = findBlankSpots(image, a.mask.pixels, P);
  return { ...a, enhanced: enhanceRidges(a.normalized, selection, a.mask.pixels, P, region, blank) };
}
const bilinear = (data, w, h, fx, fy, fill) => {
  if (!(fx >= 0 && fy >= 0 && fx <= w - 1 && fy <= h - 1)) return fill;
  const x0 = Math.min(w - 2, Math.floor(fx)), y0 = Math.min(h - 2, Math.floor(fy));
  const ax = fx - x0, ay = fy - y0, o = y0 * w + x0;
  return (data[o] * (1 - ax) + data[o + 1] * ax) * (1 - ay) + (data[o + w] * (1 - ax) + data[o + w + 1] * ax) * ay;
};

const tally = {};
const add = (key, num, den = 0) => { const t = (tally[key] ??= [0, 0]); t[0] += num; t[1] += den; };
const VARIANTS = ['warped', '+period', '+orientation', '+filters', '+mask', '+enhanced'];
const dispBucket = (d) => (d < 0.5 ? 'core <0.5px' : d < 3 ? 'disp 0.5-3' : d < 8 ? 'disp 3-8' : 'disp >=8');
const ratioBucket = (r) => (r < 0.92 ? 'ratio <0.92' : r < 0.97 ? 'ratio 0.92-0.97' : r <= 1.03 ? 'ratio 0.97-1.03' : r <= 1.08 ? 'ratio 1.03-1.08' : 'ratio >1.08');

for (const [k, set] of sets.entries()) {
  for (let i = 0; i < set.items.length; i += step) {
    const item = set.items[i];
    if (!item || !('image' in item)) continue;
    const I = item.image;
    const { image: Wi, mapPoint: F } = perturbImage(I, 'elastic', mixSeed(seed, 0, k, i));
    let A, B;
    try { A = analyzeFingerprint(I, P); B = analyzeFingerprint(Wi, P); } catch { continue; }
    const { width: w, height: h } = I;
    // backward map (warped pixel -> clean point) by the fixed point of q = x - d(q), d(q) = F(q) - q
    const inv = (x, y) => {
      let qx = x, qy = y;
      for (let it = 0; it < 10; it++) { const f = F(qx, qy); qx = x - (f[0] - qx); qy = y - (f[1] - qy); }
      return [qx, qy];
    };
    const jac = (qx, qy) => {
      const a = F(qx + 1, qy), b = F(qx - 1, qy), c = F(qx, qy + 1), d = F(qx, qy - 1);
      return [(a[0] - b[0]) / 2, (c[0] - d[0]) / 2, (a[1] - b[1]) / 2, (c[1] - d[1]) / 2]; // [J00 J01 J10 J11]
    };
    // per-pixel source point, oracle direction and period (ridge direction th, period p in clean)
    const bins = P.enhancementOrientationBins, minP = P.enhancementMinPeriod, stepP = P.enhancementPeriodStep;
    const nP = Math.floor((P.enhancementMaxPeriod - minP) / stepP) + 1;
    const oBin = new Uint8Array(w * h), pBin = new Uint8Array(w * h), srcX = new Float32Array(w * h), srcY = new Float32Array(w * h);
    const ratio = new Float32Array(w * h), disp = new Float32Array(w * h);
    const og = A.orientation.grid, fg = A.frequency.grid;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const j = y * w + x;
      const [qx, qy] = inv(x, y);
      srcX[j] = qx; srcY[j] = qy; disp[j] = Math.hypot(x - qx, y - qy);
      const cx = Math.min(w - 1, Math.max(0, qx)), cy = Math.min(h - 1, Math.max(0, qy));
      const c2 = sampleBlockMap(A.orientation.cos2, og.cols, og.rows, og.blockSize, cx, cy);
      const s2 = sampleBlockMap(A.orientation.sin2, og.cols, og.rows, og.blockSize, cx, cy);
      const th = 0.5 * Math.atan2(s2, c2);
      const per = sampleBlockMap(A.frequency.period, fg.cols, fg.rows, fg.blockSize, cx, cy);
      const [a, b, c, d] = jac(qx, qy);
      const tx = a * Math.cos(th) + b * Math.sin(th), ty = c * Math.cos(th) + d * Math.sin(th);
      // ridge normal n maps to J^-T n; the period scales by 1 / |J^-T n|
      const nx = -Math.sin(th), ny = Math.cos(th), det = a * d - b * c;
      const mx = (d * nx - c * ny) / det, my = (-b * nx + a * ny) / det;
      const r = 1 / Math.hypot(mx, my);
      ratio[j] = r;
      let ang = Math.atan2(ty, tx);
      if (ang < 0) ang += Math.PI;
      if (ang >= Math.PI) ang -= Math.PI;
      let o = Math.round((ang * bins) / Math.PI);
      if (o >= bins) o -= bins;
      let pb = Math.round((per * r - minP) / stepP);
      pb = Math.max(0, Math.min(nP - 1, pb));
      oBin[j] = o; pBin[j] = pb;
    }
    const own = selectFilters(w, h, B.orientation, B.frequency, P);
    const maskMoved = new Uint8Array(w * h);
    const enhMoved = new Float32Array(w * h);
    for (let j = 0; j < w * h; j++) {
      const qx = Math.round(srcX[j]), qy = Math.round(srcY[j]);
      maskMoved[j] = qx >= 0 && qy >= 0 && qx < w && qy < h ? A.mask.pixels[qy * w + qx] : 0;
      enhMoved[j] = bilinear(A.enhanced.data, w, h, srcX[j], srcY[j], 0);
    }
    const analyses = {
      warped: B,
      '+period': enhanceWith(Wi, B, { orientationBin: own.orientationBin, periodBin: pBin }),
      '+orientation': enhanceWith(Wi, B, { orientationBin: oBin, periodBin: own.periodBin }),
      '+filters': enhanceWith(Wi, B, { orientationBin: oBin, periodBin: pBin }),
      '+mask': { ...B, mask: { ...B.mask, pixels: maskMoved } },
      '+enhanced': { ...B, enhanced: { width: w, height: h, data: enhMoved }, mask: { ...B.mask, pixels: maskMoved } },
    };
    analyses['+mask'] = enhanceWith(Wi, analyses['+mask'], own);
    const sA = stages(A);
    // clean minutiae moved into the warped frame, inside it by EDGE px
    const moved = [];
    for (const m of sA.final) {
      const p = F(m.x, m.y);
      if (p[0] < EDGE || p[1] < EDGE || p[0] >= w - EDGE || p[1] >= h - EDGE) continue;
      const q = F(m.x + 6 * Math.cos(m.direction), m.y + 6 * Math.sin(m.direction));
      moved.push({ x: p[0], y: p[1], direction: Math.atan2(q[1] - p[1], q[0] - p[0]) });
    }
    const at = (arr, m) => arr[Math.min(h - 1, Math.max(0, Math.round(m.y))) * w + Math.min(w - 1, Math.max(0, Math.round(m.x)))];
    const outsideB = new Uint8Array(w * h);
    for (let j = 0; j < w * h; j++) outsideB[j] = B.mask.pixels[j] ? 0 : 1;
    const nearEdgeB = nearForeground(outsideB, w, h, MASK_EDGE);
    const where = (m) => [dispBucket(at(disp, m)), ratioBucket(at(ratio, m)), at(nearEdgeB, m) ? 'mask edge' : 'mask inner'];
    for (const name of VARIANTS) {
      const s = stages(analyses[name]);
      const found = s.final.filter((m) => m.x >= EDGE && m.y >= EDGE && m.x < w - EDGE && m.y < h - EDGE);
      add(`${name}: minutiae (clean moved / found)`, moved.length, found.length);
      for (const m of moved) {
        const lost = !near(m, s.final);
        add(`${name}: lost, all`, lost ? 1 : 0, 1);
        for (const b of where(m)) add(`${name}: lost, ${b}`, lost ? 1 : 0, 1);
        if (lost && name === 'warped') {
          const inMask = at(B.mask.pixels, m) && distanceToBackground(B.mask.pixels, w, h, Math.round(m.x), Math.round(m.y), P.borderDistance) >= P.borderDistance;
          const st = !inMask ? 'mask/border' : !near(m, s.raw) ? 'binarise+thin' : !near(m, s.cleaned) ? 'cleaning' : 'filters';
          add(`warped: lost at ${st}`, 1, 0);
        }
      }
      for (const m of found) {
        const bad = !near(m, moved);
        add(`${name}: false, all`, bad ? 1 : 0, 1);
        for (const b of where(m)) add(`${name}: false, ${b}`, bad ? 1 : 0, 1);
      }
    }
    // the filter choice itself: how far the warped image's own bins are from the moved clean ones
    for (let j = 0; j < w * h; j += 3) {
      if (!B.mask.pixels[j] || !maskMoved[j] || nearEdgeB[j]) continue;
      const b = ratioBucket(ratio[j]);
      let od = Math.abs(own.orientationBin[j] - oBin[j]); if (od > bins / 2) od = bins - od;
      add(`bins: period bin |own - moved| (mean), ${b}`, Math.abs(own.periodBin[j] - pBin[j]), 1);
      add(`bins: period own - moved (signed mean), ${b}`, own.periodBin[j] - pBin[j], 1);
      add(`bins: orientation bin |own - moved| (mean), ${dispBucket(disp[j])}`, od, 1);
      add(`bins: pixels, ${b}`, 1, 0);
    }
    // roundtrip: the warped image resampled back (blur twice, no geometry), against clean
    const back = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const f = F(x, y);
      back[y * w + x] = Math.round(bilinear(Wi.data, w, h, f[0], f[1], 255));
    }
    let R;
    try { R = stages(analyzeFingerprint(createGrayImage(w, h, back, I.ppi), P)); } catch { continue; }
    const cleanIn = sA.final.filter((m) => m.x >= EDGE && m.y >= EDGE && m.x < w - EDGE && m.y < h - EDGE);
    for (const m of cleanIn) {
      const lost = !near(m, R.final);
      const d = Math.hypot(...[F(m.x, m.y)].map((p) => [p[0] - m.x, p[1] - m.y]).flat());
      add('roundtrip: lost, all', lost ? 1 : 0, 1);
      add(`roundtrip: lost, ${dispBucket(d)}`, lost ? 1 : 0, 1);
    }
    for (const m of R.final) {
      if (m.x < EDGE || m.y < EDGE || m.x >= w - EDGE || m.y >= h - EDGE) continue;
      add('roundtrip: false, all', near(m, sA.final) ? 0 : 1, 1);
    }
  }
  process.stderr.write(`${names[k]} done\n`);
}
const out = Object.fromEntries(Object.entries(tally).sort(([a], [b]) => a.localeCompare(b)).map(([key, [a, b]]) => [key,
  key.includes('mean') ? Number((a / b).toFixed(3)) : b === 0 ? a : key.includes('(clean moved') ? `${a} / ${b}` : `${((100 * a) / b).toFixed(2)} % (${a} of ${b})`]));
process.stdout.write(`${JSON.stringify({ seed, changes: JSON.parse(changes), step, ...out }, null, 1)}\n`);
