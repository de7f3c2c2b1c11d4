#!/usr/bin/env node
// Training images for the learned dry-region minutia detector (models/minutia-net.md), made
// with the built extraction (dist/): every F_I image of the given `afis synth` folders is
// contrast-normalised exactly as extraction does it (analyzeFingerprint's `normalized`), once
// as generated and once after the perturbation suite's dry skin (eroded half and white blobs;
// seeds 2,000,003 + the image's place, never the evaluation's), and stored with the
// generator's exact truth: its minutiae (destroyed ones flagged) and its 8-px foreground mask.
// The detector is trained on the normalised grey only, so it sees what the enhancement sees,
// before the enhancement smooths an eroded ridge's dots into a continuous ridge.
// With `--skins dry,residue` (default `dry`) a third copy after the suite's residue skin (latent
// smudges; seeds 3,000,003 + the image's place, never the evaluation's) follows each dry one
// (scripts/train-minutia-net-r96.sh); the default writes the same bytes as before the option.
// Writes OUT.bin (per image: int8 normalised grey × 32, clipped to ±127, row-major) and
// OUT.json (per image: width, height, byte offset, style, condition, variant, truth minutiae
// [x, y, angle, type 0 ending / 1 bifurcation, destroyed 0/1], truth mask rows).
//   node scripts/minutia-net/make-data.mjs [--skins dry[,residue]] OUT DIR [DIR …]
import { writeFileSync } from 'node:fs';
import { readSynthFolder } from '../read-synth-folder.mjs';
import { TRAINED_EXTRACTION } from '../trained-extraction.mjs';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';

const argv = process.argv.slice(2);
let skins = ['dry'];
if (argv[0] === '--skins') {
  skins = argv[1].split(',');
  argv.splice(0, 2);
}
const [out, ...dirs] = argv;
const SKIN_SEED = { dry: 2_000_003, residue: 3_000_003 };
if (!out || dirs.length === 0 || skins.length === 0 || skins.some((s) => !(s in SKIN_SEED))) {
  console.error('usage: node scripts/minutia-net/make-data.mjs [--skins dry[,residue]] OUT DIR [DIR …]');
  process.exit(2);
}
const SCALE = 32;
const chunks = [];
const images = [];
let offset = 0, sourceIndex = 0, failed = 0;
for (const dir of dirs) {
  for await (const { stem, truth, image: clean } of readSynthFolder(dir)) {
    const variants = [['clean', clean], ...skins.map((skin) => [skin, perturbImage(clean, skin, SKIN_SEED[skin] + sourceIndex).image])];
    sourceIndex++;
    for (const [variant, image] of variants) {
      let analysis;
      try {
        analysis = analyzeFingerprint(image, TRAINED_EXTRACTION, NO_DEBUG);
      } catch {
        failed++;
        continue;
      }
      const { width, height, data } = analysis.normalized;
      const q = new Int8Array(width * height);
      for (let i = 0; i < q.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(data[i] * SCALE)));
      chunks.push(q);
      images.push({
        source: `${dir}/${stem}`, variant, style: truth.style, condition: truth.condition, width, height, offset,
        minutiae: truth.minutiae.map((m) => [m.x, m.y, m.angle, m.type === 'bifurcation' ? 1 : 0, m.destroyed ? 1 : 0]),
        maskBlock: truth.mask.block, maskRows: truth.mask.rows,
      });
      offset += q.length;
    }
  }
}
writeFileSync(`${out}.bin`, Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
writeFileSync(`${out}.json`, JSON.stringify({ scale: SCALE, images }));
console.log(`${out}: ${images.length} images (${sourceIndex} sources, clean and ${skins.join(' and ')}), ${failed} failed to analyse`);
