#!/usr/bin/env node
// Which part of the dry perturbation's minutia damage costs the EER (issue 12): the dry templates
// (the seeds `afis eval perturb --kinds dry` uses) scored as extracted, and with oracle repairs
// from the clean template of the same image (12 px, 30°): without their false minutiae (no clean
// counterpart), without those of the eroded half only, with the lost clean minutiae put back,
// with only those lost to the mask and its border (outside the dry mask or within
// `borderDistance` of its edge) put back, only those inside the mask but within the border
// distance put back, both repairs together (everywhere, in the eroded half only, in the other
// half only), without the false minutiae within twice the border distance of the dry mask's
// edge, and with each dry minutia's quality replaced by its clean counterpart's. Each against the dry templates, paired, whole
// fingers resampled (300 rounds).
//
//   node bench/extraction/dry-oracle.mjs DATA_DIR [SEED] ['{"PARAM":VALUE}']
//
// Figures in bench/RESULTS.md.
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { analyzeFingerprint, extractFromAnalysis } from '../../dist/extraction/index.js';
import { distanceToBackground } from '../../dist/extraction/segment-foreground.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { changesAgainstFirst } from './variant-changes.mjs';
import { drawDryLayout, perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, seedText = '1', changes] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: dry-oracle.mjs DATA_DIR [SEED] ['{\"PARAM\":VALUE}']\n");
  process.exit(2);
}
const seed = Number(seedText);
const P = { ...EXTRACTION_PARAMETERS, ...(changes ? JSON.parse(changes) : {}) };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
import { NO_DEBUG } from '../../dist/core/index.js';
const angDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.angle, m.angle) <= Math.PI / 6);
const variants = ['dry', 'no false', 'no false in eroded half', 'nothing lost', 'mask/border losses back', 'no false, nothing lost', 'qualities from clean', 'eroded half repaired', 'other half repaired', 'border band losses back', 'no false within 2 border distances', 'clean'];
const scored = variants.map(() => []);
for (const [k, s] of sets.entries()) {
  const out = variants.map(() => []);
  s.items.forEach((item, i) => {
    const image = item.image;
    const sd = mixSeed(seed, 0, k, i);
    const dryImage = perturbImage(image, 'dry', sd).image;
    const { eroded } = drawDryLayout(image.width, image.height, createRng(sd), PERTURBATION_PARAMETERS);
    const clean = extractFromAnalysis(image, analyzeFingerprint(image, P), P, NO_DEBUG);
    const da = analyzeFingerprint(dryImage, P);
    const dry = extractFromAnalysis(dryImage, da, P, NO_DEBUG);
    const { width, height } = image;
    const lost = clean.minutiae.filter((m) => !near(m, dry.minutiae));
    const lostToMask = lost.filter((m) => !da.mask.pixels[m.y * width + m.x] ||
      distanceToBackground(da.mask.pixels, width, height, m.x, m.y, P.borderDistance) < P.borderDistance);
    const real = dry.minutiae.filter((m) => near(m, clean.minutiae));
    const falseOutsideE = dry.minutiae.filter((m) => near(m, clean.minutiae) || !eroded(m.x, m.y));
    const t = (minutiae) => ({ ...dry, minutiae });
    out[0].push(dry);
    out[1].push(t(real));
    out[2].push(t(falseOutsideE));
    out[3].push(t([...dry.minutiae, ...lost]));
    out[4].push(t([...dry.minutiae, ...lostToMask]));
    out[5].push(t([...real, ...lost]));
    // each dry minutia with a clean counterpart takes the nearest counterpart's quality
    out[6].push(t(dry.minutiae.map((m) => {
      let best = null;
      for (const n of clean.minutiae) {
        const d = Math.hypot(n.x - m.x, n.y - m.y);
        if (d <= 12 && angDiff(n.angle, m.angle) <= Math.PI / 6 && (!best || d < best.d)) best = { d, n };
      }
      return best ? { ...m, quality: best.n.quality } : m;
    })));
    // both repairs on one side of the erosion's line only
    const side = (wantE) => (m) => eroded(m.x, m.y) === wantE;
    out[7].push(t([...real, ...dry.minutiae.filter((m) => !near(m, clean.minutiae) && !side(true)(m)), ...lost.filter(side(true))]));
    out[8].push(t([...real, ...dry.minutiae.filter((m) => !near(m, clean.minutiae) && side(true)(m)), ...lost.filter(side(false))]));
    // inside the dry mask but within the border distance of its edge
    out[9].push(t([...dry.minutiae, ...lostToMask.filter((m) => da.mask.pixels[m.y * width + m.x])]));
    // false minutiae near the dry mask's edge (a rim that ends inside broken ridges)
    out[10].push(t(dry.minutiae.filter((m) => near(m, clean.minutiae) ||
      distanceToBackground(da.mask.pixels, width, height, m.x, m.y, 2 * P.borderDistance) >= 2 * P.borderDistance)));
    out[11].push(clean);
  });
  out.forEach((templates, v) => scored[v].push(scoreEvalSet(s.fingers, templates)));
}
const f = changesAgainstFirst(scored, seed);
const pct = (v) => (v * 100).toFixed(2);
const result = {};
f.forEach((e, i) => { result[i === 0 ? 'dry mean EER' : `${variants[i]} − dry`] = `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`; });
const perSet = Object.fromEntries(variants.map((v, i) => [v, scored[i].map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')]));
process.stdout.write(`${JSON.stringify({ seed, changes: changes ? JSON.parse(changes) : {}, meanEerPercent: result, perSet }, null, 2)}\n`);
