#!/usr/bin/env node
// Which stage of the extraction reacts to a mild blur (issue 12): every STEP-th image of the four
// FVC2002 B sets moved by (0.5, 0.5) px twice — with bilinear resampling (a [½ ½]×[½ ½] blur,
// the `half` row of elastic-blur.mjs, +1.19 EER points) and with a Keys cubic (a = −0.5, a
// re-rendering with hardly any smoothing, +0.07) — so both copies share one geometry and any
// stage output of the cubic copy can be swapped pixel for pixel into the bilinear copy's run.
// The cubic copy is the reference; counted against it (12 px / 30°, as `afis eval perturb`
// counts; also 4 px), ≥ 10 px inside the image:
//   lost   share of the reference's minutiae with no minutia of the variant
//   false  share of the variant's minutiae with no minutia of the reference
// Variants (each is the bilinear copy's extraction with one stage taken from the cubic copy):
//   bilinear      nothing taken (what the `half` row measures)
//   +normalized   the contrast-normalised image the enhancement reads
//   +orientation  the orientation field (everywhere it is read: filters, minutia filters)
//   +period       the period field (everywhere)
//   +mask         the foreground mask (blocks and pixels, everywhere)
//   +fields       normalized, orientation, period and mask together (own: blank spots only)
//   +enhanced     the enhanced image: binarisation onward run on the bilinear copy
//   +binary       the ridge/valley binary images: thinning onward
//   +skeleton     the thinned skeletons: skeleton cleaning onward
//   +graphs       the cleaned skeleton graphs: minutia detection and filters onward (these read
//                 the bilinear copy's analysis)
//   +graphs+X     the cleaned graphs and, for the minutia filters, field X (orientation: the
//                 coherence test; period: the ridge-share test and reliability; mask: the border
//                 test; enhanced: clarity, the quality) of the cubic copy
//   clean         the unmoved image (the extraction's own instability under a re-rendering)
// (12 px figures also per set, DB1–DB4)
// and the minutia quality (the matcher's weight) of pairs within 4 px / 30°: ratio and mean |Δ|
// and per-pixel figures: mask differs, |Δ| orientation (deg) and period (px) in the common mask,
// normalized and enhanced RMS difference relative to the reference's RMS, binary sign differs,
// skeleton pixels with none of the reference's within 1 px; contrast: the normalised image's
// and the enhanced image's RMS inside the mask, bilinear / cubic.
//
//   node bench/extraction/blur-stages.mjs DATA_DIR ['{"PARAM":VALUE}'] [STEP]
//
// Figures in bench/RESULTS.md ("Mild blur: which stage of the extraction").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import {
  prepareAnalysis, binarizeRidges, thinSkeleton, traceSkeletonGraph, removeSkeletonArtifacts, detectMinutiae,
  removeFalseMinutiae, checkMinutiae, selectFilters, enhanceRidges,
} from '../../dist/extraction/index.js';
import { nearForeground } from '../../dist/extraction/enhance-ridges.js';
import { findBlankSpots } from '../../dist/extraction/find-blank-spots.js';
import { openEndPixels } from '../../dist/extraction/remove-skeleton-artifacts.js';
import { bilinear, cubic, moveHalfPixel } from './resample-grey.mjs';

const [dataDir, changes = '{}', stepArg = '1'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: blur-stages.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [STEP]\n");
  process.exit(2);
}
const step = Number(stepArg);
const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
if (P.enhancementRidgeGaps > 0) throw new Error('blur-stages.mjs does not replay enhancementRidgeGaps');
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets(['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((s) => `${D}/${s}`));
const EDGE = 10;


/** analyzeFingerprint's enhancement on a prepared analysis (parts possibly swapped). */
function enhance(image, a) {
  const region = nearForeground(a.mask.pixels, a.width, a.height, P.enhancementAcrossHalfLength + 1);
  const selection = selectFilters(a.width, a.height, a.orientation, a.frequency, P, region);
  const blank = findBlankSpots(image, a.mask.pixels, P);
  return { ...a, enhanced: enhanceRidges(a.normalized, selection, a.mask.pixels, P, region, blank) };
}
/** extractFromAnalysis, returning every stage; `take` supplies a stage's output instead. */
function tail(a, take = {}) {
  const { width, height } = a;
  const binary = take.binary ?? binarizeRidges(a.enhanced, a.mask.pixels);
  const skeleton = take.skeleton ?? { ridges: thinSkeleton(binary.ridges), valleys: thinSkeleton(binary.valleys) };
  const open = openEndPixels(a.mask.pixels, width, height, P);
  const graphs = take.graphs ?? {
    ridges: removeSkeletonArtifacts(traceSkeletonGraph(skeleton.ridges), P, open),
    valleys: removeSkeletonArtifacts(traceSkeletonGraph(skeleton.valleys), P, open),
  };
  const candidates = detectMinutiae(graphs.ridges, graphs.valleys, P);
  const minutiae = checkMinutiae(removeFalseMinutiae(candidates, a.mask, a.orientation, a.enhanced, P, a.frequency), a, P);
  return { binary, skeleton, graphs, minutiae };
}

const angDiff = (a, b) => { let d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const nearBy = (r) => (m, list) => list.some((n) => (n.x - m.x) ** 2 + (n.y - m.y) ** 2 <= r * r && angDiff(n.direction, m.direction) <= Math.PI / 6);
const near12 = nearBy(12), near4 = nearBy(4);
const tally = {};
const add = (key, num, den) => { const t = (tally[key] ??= [0, 0]); t[0] += num; t[1] += den; };

let images = 0;
for (const [k, set] of sets.entries()) {
  const db = `DB${k + 1}`;
  for (const [i, item] of set.items.entries()) {
    if (i % step || !item || !('image' in item)) continue;
    const I = item.image;
    const Bi = moveHalfPixel(I, bilinear), Ci = moveHalfPixel(I, cubic);
    let A, B, C;
    try { A = enhance(I, prepareAnalysis(I, P)); B = enhance(Bi, prepareAnalysis(Bi, P)); C = enhance(Ci, prepareAnalysis(Ci, P)); } catch { continue; }
    images++;
    const { width: w, height: h } = B;
    const ref = tail(C);
    const own = tail(B);
    const variants = {
      bilinear: own,
      '+normalized': tail(enhance(Bi, { ...B, normalized: C.normalized })),
      '+orientation': tail(enhance(Bi, { ...B, orientation: C.orientation })),
      '+period': tail(enhance(Bi, { ...B, frequency: C.frequency })),
      '+mask': tail(enhance(Bi, { ...B, mask: C.mask })),
      '+fields': tail(enhance(Bi, { ...B, normalized: C.normalized, orientation: C.orientation, frequency: C.frequency, mask: C.mask })),
      '+enhanced': tail({ ...B, enhanced: C.enhanced }),
      '+binary': tail(B, { binary: ref.binary }),
      '+skeleton': tail(B, { skeleton: ref.skeleton }),
      '+graphs': tail(B, { graphs: ref.graphs }),
      '+graphs+orientation': tail({ ...B, orientation: C.orientation }, { graphs: ref.graphs }),
      '+graphs+period': tail({ ...B, frequency: C.frequency }, { graphs: ref.graphs }),
      '+graphs+mask': tail({ ...B, mask: C.mask }, { graphs: ref.graphs }),
      '+graphs+enhanced': tail({ ...B, enhanced: C.enhanced }, { graphs: ref.graphs }),
      clean: tail(A),
    };
    const inside = (m) => m.x >= EDGE && m.y >= EDGE && m.x < w - EDGE && m.y < h - EDGE;
    const refM = ref.minutiae.filter(inside);
    add('reference minutiae per image', refM.length, 1);
    add(`${db} reference minutiae per image`, refM.length, 1);
    add(`${db} minutiae per image: bilinear`, own.minutiae.filter(inside).length, 1);
    for (const [name, v] of Object.entries(variants)) {
      const vm = v.minutiae.filter(inside);
      add(`lost 12 px: ${name}`, refM.filter((m) => !near12(m, vm)).length, refM.length);
      add(`false 12 px: ${name}`, vm.filter((m) => !near12(m, refM)).length, vm.length);
      add(`${db} lost 12 px: ${name}`, refM.filter((m) => !near12(m, vm)).length, refM.length);
      add(`${db} false 12 px: ${name}`, vm.filter((m) => !near12(m, refM)).length, vm.length);
      add(`lost 4 px: ${name}`, refM.filter((m) => !near4(m, vm)).length, refM.length);
      add(`false 4 px: ${name}`, vm.filter((m) => !near4(m, refM)).length, vm.length);
      if (name !== 'bilinear' && name !== 'clean' && name !== '+enhanced') continue;
      // minutia quality (the matcher's pair weight) on pairs within 4 px / 30°
      for (const m of refM) {
        const c = vm.find((n) => (n.x - m.x) ** 2 + (n.y - m.y) ** 2 <= 16 && angDiff(n.direction, m.direction) <= Math.PI / 6);
        if (c) { add(`minutia quality variant / reference (paired): ${name}`, c.quality, m.quality); add(`minutia quality |Δ| (paired): ${name}`, Math.abs(c.quality - m.quality), 1); }
      }
    }
    // per-pixel figures, bilinear against cubic
    let mDiff = 0, mUnion = 0, n = 0, dAng = 0, dPer = 0, nB = 0, nC = 0, nD = 0, eB = 0, eC = 0, eD = 0, bin = 0;
    const { cols, blockSize } = B.orientation.grid;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const j = y * w + x;
      if (B.mask.pixels[j] || C.mask.pixels[j]) { mUnion++; if (B.mask.pixels[j] !== C.mask.pixels[j]) mDiff++; }
      if (!B.mask.pixels[j] || !C.mask.pixels[j]) continue;
      n++;
      nB += B.normalized.data[j] ** 2; nC += C.normalized.data[j] ** 2; nD += (B.normalized.data[j] - C.normalized.data[j]) ** 2;
      eB += B.enhanced.data[j] ** 2; eC += C.enhanced.data[j] ** 2; eD += (B.enhanced.data[j] - C.enhanced.data[j]) ** 2;
      if ((B.enhanced.data[j] < 0) !== (C.enhanced.data[j] < 0)) bin++;
      const b = Math.floor(y / blockSize) * cols + Math.floor(x / blockSize);
      let d = Math.abs(B.orientation.angle[b] - C.orientation.angle[b]);
      if (d > Math.PI / 2) d = Math.PI - d;
      dAng += d;
      dPer += Math.abs(B.frequency.period[b] - C.frequency.period[b]);
    }
    add('mask differs (share of union)', mDiff, mUnion);
    let aB = 0, aC = 0;
    for (let j = 0; j < w * h; j++) { aB += B.mask.pixels[j]; aC += C.mask.pixels[j]; }
    add('mask area bilinear / cubic', aB, aC);
    add(`${db} mask area bilinear / cubic`, aB, aC);
    add('orientation |Δ| (deg, mean, block)', (dAng * 180) / Math.PI, n);
    add('period |Δ| (px, mean, block)', dPer, n);
    add('normalized RMS Δ / RMS cubic', Math.sqrt(nD), Math.sqrt(nC));
    add('normalized RMS bilinear / cubic', Math.sqrt(nB), Math.sqrt(nC));
    add('enhanced RMS Δ / RMS cubic', Math.sqrt(eD), Math.sqrt(eC));
    add('enhanced RMS bilinear / cubic', Math.sqrt(eB), Math.sqrt(eC));
    add('enhanced sign differs', bin, n);
    let sk = 0, skN = 0;
    const sa = ref.skeleton.ridges.data, sb = own.skeleton.ridges.data;
    for (let j = w + 1; j < w * h - w - 1; j++) {
      if (!sb[j]) continue;
      skN++;
      if (!(sa[j] || sa[j - 1] || sa[j + 1] || sa[j - w] || sa[j + w] || sa[j - w - 1] || sa[j - w + 1] || sa[j + w - 1] || sa[j + w + 1])) sk++;
    }
    add('ridge skeleton px unmatched within 1 px', sk, skN);
  }
}
const ratio = (k) => k.includes('|Δ|') || k.includes('RMS') || k.includes('per image') || k.includes('quality') || k.includes('area');
const out = Object.fromEntries(Object.entries(tally).map(([key, [a, b]]) => [key, ratio(key) ? Number((a / b).toFixed(3)) : `${((100 * a) / b).toFixed(2)} % (${a} of ${b})`]));
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), step, images, ...out }, null, 2)}\n`);
