#!/usr/bin/env node
// Training data for the learned print mask (models/mask-net.md), made with the built extraction
// (dist/) and the synthetic generator's exact contact area. Each impression of a synthetic
// population (synthesizeSubject, style mixed: the generator's own sensors, optical frames and
// normal, dry, wet and low-contrast skin) is stored once as generated and once after each
// perturbation skin asked for (the suite's dry skin, low contrast and residue, training seeds
// SKIN_SEED + the image's place, never the evaluation's), as
//   input  = what the segmentation sees: the grey after the frame fill and its contrast
//            normalisation (prepareFields' `grey` and `normalized`, shipped parameters);
//   target = per 8-px block of the extraction's grid, the share of its pixels that are finger
//            contact (the impression's mask) and not removed by the perturbation (mapPoint);
//   mask   = the classical segmentation's block mask of the same input (the baseline).
// Writes OUT.bin (per image: uint8 grey, int8 normalised × 32 clipped to ±127, then per block uint8
// target × 255 and uint8 classical mask) and OUT.json (per image: width, height, cols, rows, byte
// offset, style, condition, variant).
//   node scripts/mask-net/make-data.mjs OUT SEED SUBJECTS IMPRESSIONS MASTER_JSON CONTACT_W,CONTACT_H [--skins dry,low-contrast,residue]
import { writeFileSync } from 'node:fs';
import { TRAINED_EXTRACTION } from '../trained-extraction.mjs';
import { perturbImage } from '../../dist/perturbation/index.js';
import { synthesizeSubject } from '../../dist/synthetic/index.js';
import { maskRecordOf } from './record.mjs';

const argv = process.argv.slice(2);
const flag = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const skins = (flag('--skins') ?? 'dry,low-contrast,residue').split(',').filter(Boolean);
const [out, seedText, subjectsText, impressionsText, masterJson, contactText] = argv;
const SKIN_SEED = { dry: 4_100_003, residue: 5_100_003, 'low-contrast': 6_100_003, wet: 7_100_003 };
const seed = Number(seedText), subjects = Number(subjectsText), impressions = Number(impressionsText);
if (!out || !(seed > 0) || !(subjects > 0) || !(impressions > 0) || !masterJson || !contactText || skins.some((s) => !(s in SKIN_SEED))) {
  console.error('usage: node scripts/mask-net/make-data.mjs OUT SEED SUBJECTS IMPRESSIONS MASTER_JSON W,H [--skins dry,low-contrast,residue]');
  process.exit(2);
}
if (seed >= 201) throw new RangeError("seeds 201 and up are the evaluation's");
const master = JSON.parse(masterJson);
const plainContact = contactText.split(',').map(Number);
const P = TRAINED_EXTRACTION;
const B = P.blockSize;

const chunks = [];
const images = [];
let offset = 0, place = 0, failed = 0;
for (let subject = 1; subject <= subjects; subject++) {
  const s = synthesizeSubject(seed, subject, { impressions, style: 'mixed', tenPrint: false, master, plainContact });
  for (let k = 0; k < s.impressions.length; k++) {
    const rendered = s.impressions[k].image;
    const clean = rendered.image;
    const identity = { image: clean, mapPoint: (x, y) => [x, y] };
    const variants = [['clean', identity], ...skins.map((skin) => [skin, perturbImage(clean, skin, SKIN_SEED[skin] + place)])];
    place++;
    for (const [variant, perturbed] of variants) {
      const image = perturbed.image;
      const record = maskRecordOf(image, P, (x, y) => rendered.mask[y * image.width + x] === 1 && perturbed.mapPoint(x, y) !== null);
      if (!record) {
        failed++;
        continue;
      }
      const { width, height } = image;
      const { buf, cols, rows } = record;
      chunks.push(buf);
      images.push({ width, height, cols, rows, offset, style: rendered.style, condition: rendered.condition.kind, variant });
      offset += buf.length;
    }
  }
}
writeFileSync(`${out}.bin`, Buffer.concat(chunks));
writeFileSync(`${out}.json`, JSON.stringify({ seed, subjects, impressions, skins, blockSize: B, failed, images }));
console.log(JSON.stringify({ out, images: images.length, failed, bytes: offset }));
