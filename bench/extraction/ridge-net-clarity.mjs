#!/usr/bin/env node
// Per-block ridge clarity (measure-ridge-clarity.ts) of the Gabor output and of the learned ridge
// enhancer's map (models/ridge-net.md), per set, clean and perturbed (the suite's seeds as
// paired-option.mjs): the mean clarity of each over the print's blocks, and the share of blocks
// whose network clarity exceeds the Gabor clarity by each margin (the blocks the clarity gate,
// `ridgeNetClarityMargin`, would blend). For looking before building, issue 12 (enhgate).
//
//   node bench/extraction/ridge-net-clarity.mjs DATA_DIR [KIND] [SEED] [--images N] [--radius R] [--coherence]
//
// --coherence: the gradient coherence (measureRidgeCoherence) instead of the sinusoid fit.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { analyzeFingerprint, runRidgeNet } from '../../dist/extraction/index.js';
import { measureRidgeClarity, measureRidgeCoherence } from '../../dist/extraction/measure-ridge-clarity.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const at = args.indexOf(name); return at >= 0 ? Number(args.splice(at, 2)[1]) : dflt; };
const nImages = opt('--images', 24);
const radius = opt('--radius', 12);
const coherence = args.includes('--coherence') ? args.splice(args.indexOf('--coherence'), 1) && true : false;
const [dataDir, kind = 'dry', seedText = '1'] = args;
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const specs = [`${D}/DB1_B`, `${D}/DB3_B`, `${D}/DB4_B`];
const setIndex = [0, 2, 3]; // as paired-option's k (DB2 left out: it is resampled from 569 ppi)
const sets = await readEvalSets(specs);
const margins = [-0.2, -0.1, -0.05, -0.03, 0];
const result = {};
for (const [j, set] of sets.entries()) {
  for (const perturbed of [false, true]) {
    let blocks = 0, sumG = 0, sumN = 0;
    const over = margins.map(() => 0);
    const step = Math.max(1, Math.floor(set.items.length / nImages));
    for (let i = 0; i < set.items.length; i += step) {
      const item = set.items[i];
      if (!item || !('image' in item)) continue;
      const image = perturbed ? perturbImage(item.image, kind, mixSeed(seed, 0, setIndex[j], i)).image : item.image;
      let a;
      try { a = analyzeFingerprint(image, P); } catch { continue; }
      const net = runRidgeNet(a.normalized);
      const netImage = { width: a.width, height: a.height, data: net };
      const g = coherence ? measureRidgeCoherence(a.enhanced, a.mask, radius) : measureRidgeClarity(a.enhanced, a.orientation, a.frequency, a.mask, radius);
      const n = coherence ? measureRidgeCoherence(netImage, a.mask, radius) : measureRidgeClarity(netImage, a.orientation, a.frequency, a.mask, radius);
      for (let b = 0; b < g.length; b++) {
        if (!a.mask.blocks[b]) continue;
        blocks++; sumG += g[b]; sumN += n[b];
        margins.forEach((m, k) => { if (n[b] - g[b] > m) over[k]++; });
      }
    }
    result[`${set.label.split('/').pop()} ${perturbed ? `${kind} ${seed}` : 'clean'}`] = {
      blocks, gabor: (sumG / blocks).toFixed(3), net: (sumN / blocks).toFixed(3),
      shareNetAbove: Object.fromEntries(margins.map((m, k) => [m, (over[k] / blocks).toFixed(3)])),
    };
  }
}
process.stdout.write(`${JSON.stringify({ kind, seed, radius, measure: coherence ? 'coherence' : 'sinusoid fit', images: nImages, result }, null, 1)}\n`);
