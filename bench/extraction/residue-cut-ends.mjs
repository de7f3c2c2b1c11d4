#!/usr/bin/env node
// Which minutiae lie beside a residue cut, true or false, and what their ridge does there
// (issue 12): every FVC2002 B image extracted clean and with the suite's residue (the seeds of
// `afis eval perturb --kinds residue`, as paired-option.mjs), the perturbed cleaned minutiae
// within `borderDistance` of the cut (`segmentationResidueCut`, given in the changes) and at
// least that far from the mask's other edge and the image side, each called true when a clean
// final minutia lies within 12 px and 30° (residue does not move the print). Counted by the
// distance to the cut and by how far the minutia's line, run on past its end (against its
// direction), goes before it meets a cut pixel ("reach"; – = not within 16 px), ridge endings
// and forks apart. With `segmentationResidueCutClears` 0 (the mask kept) a minutia counts when it
// is within `borderDistance` of any residue pixel or of the mask's background on residue. The
// records list every such minutia: [0 ending / 1 fork, distance to the cut, reach, 1 true / 0
// false, ridge length, distance to the background on the cut (99 = none within the border)].
//
//   node bench/extraction/residue-cut-ends.mjs DATA_DIR '{"segmentationResidueCut":3}' [SEED]
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import {
  analyzeFingerprint, binarizeRidges, thinSkeleton, traceSkeletonGraph, removeSkeletonArtifacts, detectMinutiae,
  removeFalseMinutiae, checkMinutiae,
} from '../../dist/extraction/index.js';
import { openEndPixels } from '../../dist/extraction/remove-skeleton-artifacts.js';

const [dataDir, changes = '{"segmentationResidueCut":3}', seedText = '1'] = process.argv.slice(2);
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const angDiff = (a, b) => { let d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.direction, m.direction) <= Math.PI / 6);

function extract(image) {
  const a = analyzeFingerprint(image, P);
  const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
  const rs = thinSkeleton(ridges), vs = thinSkeleton(valleys);
  const open = openEndPixels(a.mask.pixels, image.width, image.height, P);
  const cleaned = detectMinutiae(removeSkeletonArtifacts(traceSkeletonGraph(rs), P, open), removeSkeletonArtifacts(traceSkeletonGraph(vs), P, open), P);
  // the filters with the cut's own border off (every minutia beside the cut kept), the rest as set
  const others = removeFalseMinutiae(cleaned.map((m) => ({ ...m })), a.mask, a.orientation, a.enhanced, { ...P, borderResidueDistance: 0.01, borderResidueKeepAngle: Math.PI, borderResidueRidgeGap: 0 }, a.frequency);
  return { a, others, final: checkMinutiae(removeFalseMinutiae(cleaned.map((m) => ({ ...m })), a.mask, a.orientation, a.enhanced, P, a.frequency), a, P) };
}

const B = P.borderDistance;
const DIST = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 6], [6, 8]];
const REACH = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 6], [6, 8], [8, 12], [12, 16.5], [99, 100]];
const table = {};
const records = [];
const inc = (k, t) => { table[k] ??= { true: 0, false: 0 }; table[k][t ? 'true' : 'false']++; };
for (const [k, s] of sets.entries()) {
  for (const [i, { image: img }] of s.items.entries()) {
    let clean, p, pert;
    try {
      clean = extract(img);
      p = perturbImage(img, 'residue', mixSeed(seed, 0, k, i)).image;
      pert = extract(p);
    } catch { continue; /* failure to enrol */ }
    const cut = pert.a.mask.residueCut;
    if (!cut) continue;
    const { width: w, height: h } = p;
    for (const m of pert.others) {
      const x = Math.round(m.x), y = Math.round(m.y);
      // to any cut pixel, and (for segmentationResidueCutClears 0, where the mask keeps its
      // residue) to the mask's background on the cut
      let toCut = Infinity, toBgCut = Infinity;
      const pix = pert.a.mask.pixels;
      for (let dy = -B; dy <= B; dy++) for (let dx = -B; dx <= B; dx++) {
        const xx = x + dx, yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= w || yy >= h || !cut[yy * w + xx]) continue;
        toCut = Math.min(toCut, Math.hypot(dx, dy));
        if (!pix[yy * w + xx]) toBgCut = Math.min(toBgCut, Math.hypot(dx, dy));
      }
      if (!(toCut < B) && !(toBgCut < B)) continue;
      let reach = 99.5;
      for (let t = 0; t <= 16; t += 0.5) {
        const xx = Math.round(x - t * Math.cos(m.direction)), yy = Math.round(y - t * Math.sin(m.direction));
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) break;
        if (cut[yy * w + xx]) { reach = t; break; }
      }
      const truth = near(m, clean.final);
      const d = DIST.find(([a, b]) => Math.min(toCut, B - 0.01) >= a && Math.min(toCut, B - 0.01) < b);
      const r = REACH.find(([a, b]) => reach >= a && reach < b);
      inc(`${m.type} d ${d[0]}–${d[1]} reach ${r[0] === 99 ? '–' : `${r[0]}–${r[1]}`}`, truth);
      inc(`${m.type} all`, truth);
      records.push([m.type === 'ending' ? 0 : 1, +toCut.toFixed(2), reach, truth ? 1 : 0, m.ridgeLength, toBgCut < B ? +toBgCut.toFixed(2) : 99]);
    }
  }
  process.stderr.write(`set ${k + 1} done\n`);
}
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), seed, table, records })}\n`);
