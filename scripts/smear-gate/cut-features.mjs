#!/usr/bin/env node
// Training data of the learned smear gate (models/smear-gate.md): what the smear estimate reads
// (smearFeatures of src/extraction/undo-smear.ts, the same code inference runs) of synthetic prints
// as `afis synth` made them, clean, after every other perturbation (src/perturbation, one draw
// each) and five chains of them that draw straight edges (frames, cuts), and slid (the `smear`
// perturbation's own drawing: 3 draws alone, 1 after a dry, wet, faint, noisy or washed-out
// finger, 1 then framed), each labelled by its truth: 1 when the print was smeared
// and the estimate found the drawn line (direction within 15°, length within 1 px), so undoing it
// with the estimate restores the print; else 0 (no smear, or a smear the estimate misreads).
// Never reads FVC2002 (the evaluation).
//
//   node scripts/smear-gate/cut-features.mjs OUT.bin SYNTH_DIR…
//
// OUT.bin: little-endian float32 rows of SMEAR_FEATURES features, then label, folder index,
// kind index (kinds as listed in OUT.json).
import { writeFileSync } from 'node:fs';
import { readSynthFolder } from '../read-synth-folder.mjs';
import { SMEAR_FEATURES, estimateSmear, smearFeatures } from '../../dist/extraction/index.js';
import { EXTRA_PERTURBATION_KINDS, PERTURBATION_KINDS, perturbImage } from '../../dist/perturbation/index.js';
import { smearImage } from '../../dist/perturbation/smear-image.js';
import { PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const [out, ...dirs] = process.argv.slice(2);
if (!out || dirs.length === 0) {
  console.error('usage: cut-features.mjs OUT.bin SYNTH_DIR…');
  process.exit(2);
}
// every other kind alone, and the chains whose frames and cut edges draw straight lines of their own
const CHAINS = ['dry+low-contrast+crop+frame', 'low-contrast+frame', 'dry+frame', 'wet+crop', 'wet+frame'];
const OTHERS = [...[...PERTURBATION_KINDS, ...EXTRA_PERTURBATION_KINDS].filter((k) => k !== 'smear'), ...CHAINS];
const BEFORE_SMEAR = ['dry', 'wet', 'low-contrast', 'noise', 'washed-out'];
const KINDS = ['clean', ...OTHERS, 'smear', ...BEFORE_SMEAR.map((k) => `${k}+smear`), 'smear+frame'];
const rows = [];
const counts = Object.fromEntries(KINDS.map((k) => [k, [0, 0]]));

/** The smear perturbation's line for rng seed s (its two draws, in smear-image.ts's order). */
function lineOf(s) {
  const rng = createRng(s);
  const [l0, l1] = PERTURBATION_PARAMETERS.smearLength;
  return { length: l0 + rng.next() * (l1 - l0), theta: rng.next() * Math.PI };
}
const found = (e, line) => {
  const d = Math.abs(((e.theta - line.theta) % Math.PI + 1.5 * Math.PI) % Math.PI - Math.PI / 2);
  return d < (15 * Math.PI) / 180 && Math.abs(e.length - line.length) <= 1;
};
function add(image, kind, folder, line) {
  const e = estimateSmear(image.data, image.width, image.height);
  if (!e) return;
  const label = line && found(e, line) ? 1 : 0;
  rows.push([...smearFeatures(e), label, folder, KINDS.indexOf(kind)]);
  counts[kind][label]++;
}

for (const [folder, dir] of dirs.entries()) {
  let n = 0;
  for await (const { image } of readSynthFolder(dir)) {
    add(image, 'clean', folder, null);
    OTHERS.forEach((kind, k) => add(perturbImage(image, kind, mixSeed(7001 + folder, n, k)).image, kind, folder, null));
    for (let j = 0; j < 3; j++) {
      const s = mixSeed(7101 + folder, n, j);
      add(smearImage(image, createRng(s), PERTURBATION_PARAMETERS).image, 'smear', folder, lineOf(s));
    }
    const before = BEFORE_SMEAR[n % BEFORE_SMEAR.length];
    const s = mixSeed(7201 + folder, n, 0);
    const first = perturbImage(image, before, mixSeed(7301 + folder, n, 0)).image;
    add(smearImage(first, createRng(s), PERTURBATION_PARAMETERS).image, `${before}+smear`, folder, lineOf(s));
    // slid on a sensor that draws a frame
    const t = mixSeed(7401 + folder, n, 0);
    add(perturbImage(smearImage(image, createRng(t), PERTURBATION_PARAMETERS).image, 'frame', mixSeed(7501 + folder, n, 0)).image, 'smear+frame', folder, lineOf(t));
    n++;
    if (n % 40 === 0) console.error(`${dir}: ${n} prints, ${rows.length} rows`);
  }
}
const width = SMEAR_FEATURES + 3;
const flat = new Float32Array(rows.length * width);
rows.forEach((r, i) => flat.set(r, i * width));
writeFileSync(out, Buffer.from(flat.buffer));
writeFileSync(out.replace(/\.bin$/, '') + '.json', JSON.stringify({ features: SMEAR_FEATURES, rows: rows.length, kinds: KINDS, folders: dirs, counts }, null, 1));
console.error(`${rows.length} rows; label counts by kind [negative, positive]:`, JSON.stringify(counts));
