#!/usr/bin/env node
// Where the high impostor pairings of a perturbation lie (issue 12, cause 1: a sensor frame's
// look-alike false minutiae making different fingers match). The four FVC2002 B sets, clean and
// perturbed by KIND (one kind or a chain "a+b", drawn with the seeds `afis eval perturb --kinds
// KIND` uses, KIND alone in the list), every impostor pair within a set compared with the shipped
// matcher. For the pairs at or above the shipped calibration's FMR LEVEL threshold (default 0.1 %)
// and, for comparison, for every genuine pair: the share of their paired minutiae (on both sides)
// within D px of the sensor frame's inner edge (when KIND ends in frame: the trapezoid drawn by
// src/perturbation/draw-sensor-frame.ts, recomputed for the image's size) or of the image's side
// (otherwise), against the same share over all minutiae of the templates.
//
//   node bench/matching/impostor-places.mjs DATA_DIR KIND [SEED=1] [LEVEL=0.001] [D=16]
//
// Figures in bench/RESULTS.md ("The suite's faults compounded …").
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { readEvalSets, extractEvalSet } = await import(dist('cli/commands/eval-sets.js'));
const { prepareTemplate, compareTemplatesDetailed, fmrToThreshold } = await import(dist('matching/index.js'));
const { perturbImage } = await import(dist('perturbation/index.js'));
const { PERTURBATION_PARAMETERS } = await import(dist('config/parameters.js'));
const { mixSeed } = await import(dist('synthetic/index.js'));

const [dataDir, kind, seedText = '1', levelText = '0.001', dText = '16'] = process.argv.slice(2);
if (!dataDir || !kind) { process.stderr.write('usage: impostor-places.mjs DATA_DIR KIND [SEED] [LEVEL] [D]\n'); process.exit(2); }
const seed = Number(seedText), level = Number(levelText), D = Number(dText);
const threshold = fmrToThreshold(level);
const S = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`]);
const framed = kind.split('+').at(-1) === 'frame';
const p = PERTURBATION_PARAMETERS;
// distance (template pixels) to the frame's inner edge or to the image side, for an image w × h at `scale` template px per image px
function edgeDistance(x, y, w, h, scale) {
  const X = x / scale, Y = y / scale;
  if (!framed) return scale * Math.min(X, w - 1 - X, Y, h - 1 - Y);
  const top = p.frameVerticalInset * h, bottom = (1 - p.frameVerticalInset) * h;
  const t = (Y - top) / Math.max(1, bottom - top);
  const inset = (p.frameTopInset + (p.frameBottomInset - p.frameTopInset) * t) * w;
  return scale * (Math.min(X - inset, w - 1 - inset - X, Y - top, bottom - Y) - p.frameLineWidth);
}
const out = {};
// impostor pairs by the smaller of the two templates' minutiae counts
const BUCKETS = [0, 20, 30, 40, 60];
const bucketOf = (n) => BUCKETS.findLastIndex((b) => n >= b);
for (const perturbed of [false, true]) {
  const acc = { byCount: BUCKETS.map(() => [0, 0]), impostorsAbove: 0, impostors: 0, pairedNear: [0, 0], genuinePairedNear: [0, 0], allNear: [0, 0], pairsPerHighImpostor: [] };
  for (const [k, set] of sets.entries()) {
    const dims = [];
    const { templates } = extractEvalSet(set, {
      transform: (image, i) => {
        const img = perturbed ? perturbImage(image, kind, mixSeed(seed, 0, k, i)).image : image;
        dims[i] = [img.width, img.height];
        return img;
      },
    });
    const near = (t, i, m) => edgeDistance(m.x, m.y, dims[i][0], dims[i][1], t.width / dims[i][0]) < D;
    templates.forEach((t, i) => { if (!t) return; for (const m of t.minutiae) { acc.allNear[1]++; if (near(t, i, m)) acc.allNear[0]++; } });
    const prepared = templates.map((t) => (t ? prepareTemplate(t) : null));
    for (let a = 0; a < templates.length; a++) for (let b = a + 1; b < templates.length; b++) {
      if (!prepared[a] || !prepared[b]) continue;
      const genuine = set.fingers[a] === set.fingers[b];
      const d = compareTemplatesDetailed(prepared[a], prepared[b]);
      if (!genuine) {
        acc.impostors++;
        const c = acc.byCount[bucketOf(Math.min(templates[a].minutiae.length, templates[b].minutiae.length))];
        c[1]++;
        if (d.score >= threshold) c[0]++;
      }
      if (!genuine && d.score < threshold) continue;
      const target = genuine ? acc.genuinePairedNear : acc.pairedNear;
      if (!genuine) { acc.impostorsAbove++; acc.pairsPerHighImpostor.push(d.pairs.length); }
      for (const q of d.pairs) {
        target[1] += 2;
        if (near(templates[a], a, templates[a].minutiae[q.probe])) target[0]++;
        if (near(templates[b], b, templates[b].minutiae[q.candidate])) target[0]++;
      }
    }
  }
  const share = ([n, t]) => (t ? Math.round((1000 * n) / t) / 10 : null);
  const v = acc.pairsPerHighImpostor.sort((x, y) => x - y);
  out[perturbed ? kind : 'clean'] = {
    impostorsAboveThreshold: acc.impostorsAbove, impostors: acc.impostors, fmr: Math.round((1e5 * acc.impostorsAbove) / acc.impostors) / 1e3,
    nearPercent: { highImpostorPaired: share(acc.pairedNear), genuinePaired: share(acc.genuinePairedNear), allMinutiae: share(acc.allNear) },
    highImpostorPairsMedian: v.length ? v[Math.floor(v.length / 2)] : null,
    byMinCount: Object.fromEntries(BUCKETS.map((b, j) => [`≥${b}`, { impostors: acc.byCount[j][1], above: acc.byCount[j][0], fmrPercent: acc.byCount[j][1] ? Math.round((1e5 * acc.byCount[j][0]) / acc.byCount[j][1]) / 1e3 : null }])),
  };
}
process.stdout.write(`${JSON.stringify({ kind, seed, level, threshold: Math.round(threshold * 1000) / 1000, withinPx: D, framed, ...out }, null, 1)}\n`);
