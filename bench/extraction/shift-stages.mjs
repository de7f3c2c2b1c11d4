#!/usr/bin/env node
// Which stage of the extraction carries its dependence on the block grid's phase (issue 12):
// every image of the four FVC2002 B sets is extracted as it is and as a copy trimmed by 8 px
// per axis at an offset (dx, dy) of 1–7 px (the draws of `frame-cost.mjs … shift`; `aligned`
// trims at offset 8, the grid keeps its phase), and the two are compared stage by stage on the
// same content, far from the image sides (≥ 32 px) and inside both masks (≥ 16 px from the
// original mask's edge):
//   mask            share of pixels ≥ 32 px inside whose mask differs (of the union)
//   orientation     mean |Δ| of the per-pixel ridge direction (block field interpolated
//                   bilinearly, as the enhancement reads it), degrees, and share of pixels
//                   whose filter's orientation bin differs
//   period          mean |Δ| of the interpolated period (px), share of period bins differing
//   binary          share of pixels whose ridge/valley sign differs
//   skeleton        share of ridge skeleton pixels with none of the other within 1 px
//   minutiae        share of the original's minutiae (≥ 32 px inside) with no minutia of the
//                   copy within 12 px and 30° (the suite's test) / within 4 px and 30°;
//                   also of those ≥ 16 px inside the original's mask alone
// and hybrids that take one stage of the copy from the original (cropped) to tell which stage
// the change starts in:
//   +filters        the copy enhanced with the original's per-pixel filter choice
//   +orientation    …with only the orientation bins of the original (periods the copy's own)
//   +period         …with only the period bins of the original
//   +enhanced       the copy's skeleton half run on the original's enhanced image and mask
//                   (the block fields the later checks read stay the copy's)
//
// The hybrids enhance with one filter per pixel (enhancementBinBlend-like options are not
// applied to them): read them only with the shipped enhancement.
//
//   node bench/extraction/shift-stages.mjs DATA_DIR ['{"PARAM":VALUE}'] [shift|aligned] [SEED]
//
// Figures in bench/RESULTS.md ("Grid phase").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { createGrayImage } from '../../dist/core/index.js';
import { analyzeFingerprint } from '../../dist/extraction/analyze-fingerprint.js';
import { extractFromAnalysis } from '../../dist/extraction/extract-template.js';
import { enhanceRidges, nearForeground, selectFilters } from '../../dist/extraction/enhance-ridges.js';
import { findBlankSpots } from '../../dist/extraction/find-blank-spots.js';
import { binarizeRidges } from '../../dist/extraction/binarize-ridges.js';
import { thinSkeleton } from '../../dist/extraction/thin-skeleton.js';
import { sampleBlockMap } from '../../dist/extraction/filters.js';
import { NO_DEBUG } from '../../dist/core/index.js';

const [dataDir, changes = '{}', mode = 'shift', seedText = '1'] = process.argv.slice(2);
if (!dataDir || !['shift', 'aligned'].includes(mode)) {
  process.stderr.write("usage: shift-stages.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [shift|aligned] [SEED]\n");
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const params = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const BORDER = 32, MASK_INSET = 16;

function shifted(image, pickSeed) {
  const rng = createRng(pickSeed);
  const w = image.width - 8, h = image.height - 8;
  // the same draws as frame-cost.mjs (it draws the crop offsets first, then the shift)
  rng.int(9); rng.int(9);
  const [x0, y0] = mode === 'aligned' ? [8, 8] : [1 + rng.int(7), 1 + rng.int(7)];
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(image.data.subarray((y + y0) * image.width + x0, (y + y0) * image.width + x0 + w), y * w);
  return { image: createGrayImage(w, h, data, image.ppi), x0, y0 };
}
// an array of the original's pixels seen in the copy's coordinates
const crop = (arr, W, w, h, x0, y0) => {
  const out = new arr.constructor(w * h);
  for (let y = 0; y < h; y++) out.set(arr.subarray((y + y0) * W + x0, (y + y0) * W + x0 + w), y * w);
  return out;
};
const angleAt = (o, x, y) => {
  const { cols, rows, blockSize } = o.grid;
  const c = sampleBlockMap(o.cos2, cols, rows, blockSize, x, y), s = sampleBlockMap(o.sin2, cols, rows, blockSize, x, y);
  return 0.5 * Math.atan2(s, c);
};
const periodAt = (f, x, y) => sampleBlockMap(f.period, f.grid.cols, f.grid.rows, f.grid.blockSize, x, y);
function enhanceWith(image, a, selection) {
  const { width, height } = a;
  const region = nearForeground(a.mask.pixels, width, height, params.enhancementAcrossHalfLength + 1);
  const blank = findBlankSpots(image, a.mask.pixels, params);
  return { ...a, enhanced: enhanceRidges(a.normalized, selection, a.mask.pixels, params, region, blank) };
}
const SAME = (d, ang) => (m, c) => (m.x - c.x) ** 2 + (m.y - c.y) ** 2 <= d * d && Math.abs(((m.angle - c.angle + 3 * Math.PI) % (2 * Math.PI)) - Math.PI) <= ang;
const loose = SAME(12, Math.PI / 6), strict = SAME(4, Math.PI / 6);

const tally = {};
const add = (key, num, den) => { const t = (tally[key] ??= [0, 0]); t[0] += num; t[1] += den; };
for (const [k, set] of sets.entries()) {
  for (const [i, item] of set.items.entries()) {
    if (!item || !('image' in item)) continue;
    const I = item.image;
    const { image: S, x0, y0 } = shifted(I, mixSeed(seed, 0, k, i));
    let A, B;
    try { A = analyzeFingerprint(I, params); B = analyzeFingerprint(S, params); } catch { continue; }
    const W = I.width, w = S.width, h = S.height;
    const Amask = crop(A.mask.pixels, W, w, h, x0, y0);
    // pixels ≥ MASK_INSET inside the original's mask
    const outside = new Uint8Array(A.mask.pixels.length);
    for (let j = 0; j < outside.length; j++) outside[j] = A.mask.pixels[j] ? 0 : 1;
    const nearEdge = crop(nearForeground(outside, W, I.height, MASK_INSET), W, w, h, x0, y0);
    const inner = (x, y) => x >= BORDER && y >= BORDER && x < w - BORDER && y < h - BORDER;
    const selA = selectFilters(W, I.height, A.orientation, A.frequency, params);
    const selB = selectFilters(w, h, B.orientation, B.frequency, params);
    const oA = crop(selA.orientationBin, W, w, h, x0, y0), pA = crop(selA.periodBin, W, w, h, x0, y0);
    const eA = crop(A.enhanced.data, W, w, h, x0, y0);
    const hybrids = {
      '+filters': enhanceWith(S, B, { orientationBin: oA, periodBin: pA }),
      '+orientation': enhanceWith(S, B, { orientationBin: oA, periodBin: selB.periodBin }),
      '+period': enhanceWith(S, B, { orientationBin: selB.orientationBin, periodBin: pA }),
    };
    const skA = thinSkeleton(binarizeRidges({ width: w, height: h, data: eA }, Amask).ridges).data;
    const skeletons = { copy: thinSkeleton(binarizeRidges(B.enhanced, B.mask.pixels).ridges).data };
    for (const [name, hy] of Object.entries(hybrids)) skeletons[name] = thinSkeleton(binarizeRidges(hy.enhanced, hy.mask.pixels).ridges).data;
    let mDiff = 0, mUnion = 0, n = 0, dAng = 0, dPer = 0, oDiff = 0, pDiff = 0;
    const bin = { copy: 0, '+filters': 0, '+orientation': 0, '+period': 0 };
    const sk = Object.fromEntries(Object.keys(skeletons).map((s) => [s, [0, 0]]));
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (!inner(x, y)) continue;
        const j = y * w + x;
        if (Amask[j] || B.mask.pixels[j]) { mUnion++; if (Amask[j] !== B.mask.pixels[j]) mDiff++; }
        if (!Amask[j] || !B.mask.pixels[j] || nearEdge[j]) continue;
        n++;
        let d = Math.abs(angleAt(A.orientation, x + x0, y + y0) - angleAt(B.orientation, x, y));
        if (d > Math.PI / 2) d = Math.PI - d;
        dAng += d;
        dPer += Math.abs(periodAt(A.frequency, x + x0, y + y0) - periodAt(B.frequency, x, y));
        if (oA[j] !== selB.orientationBin[j]) oDiff++;
        if (pA[j] !== selB.periodBin[j]) pDiff++;
        const sa = eA[j] < 0;
        if ((B.enhanced.data[j] < 0) !== sa) bin.copy++;
        for (const name of Object.keys(hybrids)) if ((hybrids[name].enhanced.data[j] < 0) !== sa) bin[name]++;
        for (const [name, s] of Object.entries(skeletons)) {
          if (!s[j]) continue;
          sk[name][1]++;
          if (!(skA[j] || skA[j - 1] || skA[j + 1] || skA[j - w] || skA[j + w] || skA[j - w - 1] || skA[j - w + 1] || skA[j + w - 1] || skA[j + w + 1])) sk[name][0]++;
        }
      }
    }
    add('mask differs (share of union)', mDiff, mUnion);
    add('orientation |Δ| (deg, mean)', (dAng * 180) / Math.PI, n);
    add('orientation bin differs', oDiff, n);
    add('period |Δ| (px, mean)', dPer, n);
    add('period bin differs', pDiff, n);
    for (const [name, v] of Object.entries(bin)) add(`binary differs: ${name}`, v, n);
    for (const [name, v] of Object.entries(sk)) add(`skeleton px unmatched: ${name}`, v[0], v[1]);
    // minutiae of the original ≥ 32 px inside the copy and inside the inner mask
    const tA = extractFromAnalysis(I, A, params, NO_DEBUG);
    const variants = {
      copy: extractFromAnalysis(S, B, params, NO_DEBUG),
      '+filters': extractFromAnalysis(S, hybrids['+filters'], params, NO_DEBUG),
      '+orientation': extractFromAnalysis(S, hybrids['+orientation'], params, NO_DEBUG),
      '+period': extractFromAnalysis(S, hybrids['+period'], params, NO_DEBUG),
      '+enhanced': extractFromAnalysis(S, { ...B, enhanced: { width: w, height: h, data: eA }, mask: { ...B.mask, pixels: Amask } }, params, NO_DEBUG),
    };
    const ref = tA.minutiae.map((m) => ({ ...m, x: m.x - x0, y: m.y - y0 })).filter((m) => inner(m.x, m.y));
    const deep = ref.filter((m) => !nearEdge[m.y * w + m.x]);
    for (const [name, t] of Object.entries(variants)) {
      add(`minutiae changed 12 px: ${name}`, ref.filter((m) => !t.minutiae.some((c) => loose(m, c))).length, ref.length);
      add(`minutiae changed 4 px: ${name}`, ref.filter((m) => !t.minutiae.some((c) => strict(m, c))).length, ref.length);
      add(`minutiae ≥ 16 px inside the mask changed 12 px: ${name}`, deep.filter((m) => !t.minutiae.some((c) => loose(m, c))).length, deep.length);
    }
  }
}
const out = Object.fromEntries(Object.entries(tally).map(([key, [a, b]]) => [key, key.includes('|Δ|') ? Number((a / b).toFixed(3)) : `${((100 * a) / b).toFixed(2)} % (${a} of ${b})`]));
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), mode, seed, ...out }, null, 2)}\n`);
