#!/usr/bin/env node
// How often the crease cut (segmentationCreaseMinShare) cuts, and how much: the four FVC2002 B
// sets clean and with one perturbation kind, the mask with the cut off and with CHANGES compared.
// A cut on a perturbed image is counted as pixels removed from the original rows (lost print)
// and from the added rows (clutter removed).
//
//   node bench/extraction/crease-cuts.mjs DATA_DIR|SET_DIR '{"segmentationCreaseMinShare":0.85}' [KIND] [SEED] [v]
import { existsSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, changes, kind = 'phalanx', seedText = '1', verbose] = process.argv.slice(2);
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
// DATA_DIR holds fvc2002/DB1_B … DB4_B, or is itself one folder of F_I images (e.g. `afis synth`'s)
const specs = existsSync(D) ? [`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`] : [dataDir];
const sets = await readEvalSets(specs);
// the cut off is the baseline, whatever the shipped default
const off = { ...EXTRACTION_PARAMETERS, segmentationCreaseMinShare: 0 };
const on = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const out = {};
for (const perturbed of [false, true]) {
  const label = perturbed ? kind : 'clean';
  let images = 0, cut = 0, keptRowsCut = 0, addedRowsCut = 0, addedMasked = 0, maskPixels = 0;
  const cutNames = [];
  const missed = [];
  sets.forEach((s, k) => s.items.forEach((item, i) => {
    if (!item || !('image' in item)) return;
    const original = item.image;
    const image = perturbed ? perturbImage(original, kind, mixSeed(seed, 0, k, i)).image : original;
    let a, b;
    try { a = prepareAnalysis(image, off); b = prepareAnalysis(image, on); } catch { return; }
    images++;
    let removed = 0, removedKept = 0, removedAdded = 0, added = 0, mp = 0;
    const limit = original.height * image.width;
    for (let p = 0; p < a.mask.pixels.length; p++) {
      if (a.mask.pixels[p]) { mp++; if (p >= limit) added++; }
      if (a.mask.pixels[p] && !b.mask.pixels[p]) { removed++; if (p < limit) removedKept++; else removedAdded++; }
    }
    maskPixels += mp;
    addedMasked += added;
    if (removed === 0 && added - removedAdded > 2000) missed.push(`${k + 1}:${i}:${s.names[i]}:${added}`);
    if (removed > 0) { cut++; keptRowsCut += removedKept; addedRowsCut += removedAdded; cutNames.push(`${k + 1}:${s.names[i]}:${removedKept}+${removedAdded}/${mp}`); }
  }));
  out[label] = { images, imagesCut: cut, maskPixels, pixelsCutInOriginalRows: keptRowsCut, addedRowsInMask: addedMasked, addedRowsCut, uncutWithAddedRowsInMask: missed.length, ...(verbose ? { cutNames, missed } : {}) };
}
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), kind, seed, ...out }, null, 2)}\n`);
