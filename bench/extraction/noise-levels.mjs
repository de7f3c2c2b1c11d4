#!/usr/bin/env node
// The white-noise level extraction reads off each image (estimateNoiseLevel, grey levels; the gate
// of `denoiseAboveNoise`, issue 12 noise) on the four FVC2002 B sets, clean and under perturbation
// kinds drawn as paired-option.mjs draws them (seed mixSeed(SEED, 0, set, image)): per condition and
// set the minimum, quartiles and maximum, and how many prints lie above each level given.
//
//   node bench/extraction/noise-levels.mjs DATA_DIR [KIND,KIND,…] [SEED] [--levels 6,7,8]
//
// Figures in bench/RESULTS.md ("noise").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { estimateNoiseLevel } from '../../dist/extraction/filters.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const take = (flag) => { const at = args.indexOf(flag); return at >= 0 ? args.splice(at, 2)[1] : undefined; };
const levels = (take('--levels') ?? '6,7,8').split(',').map(Number);
const [dataDir, kindsText = '', seedText = '1'] = args;
if (!dataDir) throw new Error('usage: noise-levels.mjs DATA_DIR [KIND,KIND,…] [SEED] [--levels 6,7,8]');
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const labels = ['DB1', 'DB2', 'DB3', 'DB4'];
const kinds = ['clean', ...kindsText.split(',').filter((k) => k && k !== 'clean')];
const q = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const f = (v) => v.toFixed(2);
for (const kind of kinds) {
  const all = [];
  for (const [k, s] of sets.entries()) {
    const values = [];
    s.items.forEach((item, i) => {
      if (!item || !('image' in item)) return;
      const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
      values.push(estimateNoiseLevel(Float32Array.from(image.data), image.width, image.height));
    });
    values.sort((a, b) => a - b);
    all.push(...values);
    console.log(`${kind.padEnd(28)} ${labels[k]}  min ${f(values[0])}  q25 ${f(q(values, 0.25))}  median ${f(q(values, 0.5))}  q75 ${f(q(values, 0.75))}  max ${f(values[values.length - 1])}  ${levels.map((t) => `> ${t}: ${values.filter((v) => v > t).length}/${values.length}`).join('  ')}`);
  }
  console.log(`${kind.padEnd(28)} all  ${levels.map((t) => `> ${t}: ${all.filter((v) => v > t).length}/${all.length}`).join('  ')}`);
}
