#!/usr/bin/env node
// Training grids for the learned orientation inpainter (models/orientation-inpaint.md), from SYNTHETIC
// prints only (synthesizeSubject, the generator `afis synth` runs; population seeds below 201, never
// the evaluation's). Each impression is analysed as generated (the generator draws normal, dry, wet
// and low-contrast skin) and once after each perturbation asked for (the suite's wet skin by default;
// seeds SKIN_SEED + the impression's place, never the evaluation's 1–13), with the built extraction
// (dist/, shipped parameters). Per block of the analysis's grid it stores
//   input  = the field after the ridge network's blend (cos 2θ, sin 2θ), its classical coherence, the
//            coherence of the ridge network's map (the estimator's, on the map's block moments), the
//            foreground mask (src/extraction/inpaint-orientation-net.ts, the first five planes);
//   target = the master print's ridge direction at the block centre carried through the impression's
//            own mapping (impressionOrientationAt: mapImageToMaster and its Jacobian), as cos 2θ, sin 2θ;
//   weight = 1 where the block centre lies in the impression's contact area, else 0.
// Writes OUT.bin (per grid: 8 float32 planes of rows × cols, in that order: 5 inputs, 2 targets,
// weight) and OUT.json (per grid: cols, rows, byte offset, variant, condition).
//   node scripts/orientation-inpaint/make-data.mjs OUT SEED SUBJECTS IMPRESSIONS MASTER_JSON W,H [--skins wet] [--impression JSON]
import { writeFileSync } from 'node:fs';
import { TRAINED_EXTRACTION } from '../trained-extraction.mjs';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { computeBlockGradients } from '../../dist/extraction/compute-block-gradients.js';
import { computeOrientationVectors } from '../../dist/extraction/compute-orientation-field.js';
import { inpaintFeatures } from '../../dist/extraction/inpaint-orientation-net.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { impressionOrientationAt, masterParameters, synthesizeSubject, syntheticMasterPrint } from '../../dist/synthetic/index.js';

const argv = process.argv.slice(2);
const flag = (name) => { const at = argv.indexOf(name); return at >= 0 ? argv.splice(at, 2)[1] : undefined; };
const skins = (flag('--skins') ?? 'wet').split(',').filter(Boolean);
// impression settings over the generator's defaults (e.g. '{"wetBlurScale":0}': wet skin without the blur,
// so its valleys close as on FVC2002 DB3); omitted = the defaults, the shipped model's data bit for bit
const impressionJson = flag('--impression');
const impression = impressionJson === undefined ? undefined : JSON.parse(impressionJson);
const [out, seedText, subjectsText, impressionsText, masterJson, contactText] = argv;
// training perturbation seeds: far from the evaluation's (1–13) and from the ridge network's (4,000,003–7,000,003)
const SKIN_SEED = { wet: 9_000_003, dry: 9_100_003, 'low-contrast': 9_200_003, residue: 9_300_003 };
const seed = Number(seedText), subjects = Number(subjectsText), impressions = Number(impressionsText);
if (!out || !(seed > 0) || !(subjects > 0) || !(impressions > 0) || !masterJson || !contactText || skins.some((s) => !(s in SKIN_SEED))) {
  console.error('usage: node scripts/orientation-inpaint/make-data.mjs OUT SEED SUBJECTS IMPRESSIONS MASTER_JSON W,H [--skins wet] [--impression JSON]');
  process.exit(2);
}
if (seed >= 201) throw new RangeError('seeds 201 and up are the evaluation\'s');
const master = JSON.parse(masterJson);
const plainContact = contactText.split(',').map(Number);
const masterParams = masterParameters(master);
const P = TRAINED_EXTRACTION;
const chunks = [];
const grids = [];
let offset = 0, place = 0, failed = 0;
// the target's angle convention checked against the clean impressions' confident blocks
let agree = 0, mirrored = 0, confident = 0;
const gap = (a, b) => { let d = Math.abs(a - b) % Math.PI; return d > Math.PI / 2 ? Math.PI - d : d; };
for (let subject = 1; subject <= subjects; subject++) {
  const s = synthesizeSubject(seed, subject, { impressions, style: 'mixed', tenPrint: false, master, plainContact, ...(impression ? { impression } : {}) });
  const print = syntheticMasterPrint(seed, subject, s.seriesPosition, masterParams);
  for (let k = 0; k < s.impressions.length; k++) {
    const rendered = s.impressions[k].image;
    const clean = rendered.image;
    const variants = [['clean', clean], ...skins.map((skin) => [skin, perturbImage(clean, skin, SKIN_SEED[skin] + place).image])];
    place++;
    let target = null;
    for (const [variant, image] of variants) {
      let a;
      try { a = prepareAnalysis(image, P); } catch { failed++; continue; }
      if (!a.ridgeNetRun) { failed++; continue; }
      const { cols, rows, blockSize: bs } = a.orientation.grid;
      const n = cols * rows;
      if (!target) {
        target = new Float32Array(3 * n);
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
          const u = Math.min(image.width - 1, c * bs + (bs >> 1)), v = Math.min(image.height - 1, r * bs + (bs >> 1));
          const b = r * cols + c;
          if (!rendered.mask[v * image.width + u]) continue;
          // the generator's angle is counted with y up, the extraction's with y down: θ = −t
          const t = -impressionOrientationAt(print, rendered.geometry, u, v);
          target[b] = Math.cos(2 * t); target[n + b] = Math.sin(2 * t); target[2 * n + b] = 1;
        }
      }
      const g = computeBlockGradients(a.ridgeNetRun.map, a.width, a.height, a.orientation.grid);
      const mapCoherence = computeOrientationVectors(g, a.mask.blocks, P).coherence;
      const x = inpaintFeatures(a.orientation, mapCoherence, a.mask.blocks, new Uint8Array(n));
      if (variant === 'clean') {
        for (let b = 0; b < n; b++) {
          if (!target[2 * n + b] || !a.mask.blocks[b] || a.orientation.coherence[b] < 0.6) continue;
          const t = 0.5 * Math.atan2(target[n + b], target[b]);
          confident++;
          if (gap(a.orientation.angle[b], t) < 0.26) agree++;
          if (gap(a.orientation.angle[b], -t) < 0.26) mirrored++;
        }
      }
      const rec = new Float32Array(8 * n);
      rec.set(x.subarray(0, 5 * n), 0);
      rec.set(target, 5 * n);
      chunks.push(rec);
      grids.push({ subject, impression: k + 1, variant, condition: rendered.condition.kind, cols, rows, offset });
      offset += rec.byteLength;
    }
  }
}
writeFileSync(`${out}.bin`, Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
writeFileSync(`${out}.json`, JSON.stringify({ seed, master, plainContact, skins, ...(impression ? { impression } : {}), grids }));
console.log(`${out}: ${grids.length} grids (${place} impressions of seed ${seed}, clean and ${skins.join(', ')}), ${failed} failed; target convention: of ${confident} confident clean blocks, ${agree} within 15° of the target, ${mirrored} of its mirror`);
