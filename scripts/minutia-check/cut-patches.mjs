#!/usr/bin/env node
// Training patches for the learned minutia check (models/minutia-check.md), cut with the built
// extraction (dist/): every F_I image of the given `afis synth` folders is extracted with the
// shipped parameters (check off), each minutia of the template is labelled against the
// generator's exact truth (truth/F_I.json) and its patch is cut with the same code extraction
// uses at inference (cutMinutiaPatches).
//   1 = true: paired one to one with a truth minutia within 12 px and 40° (pairTruthMinutiae);
//   0 = false: not paired even within 15 px and 45° (destroyed truth minutiae count as true);
//   paired only within the looser bounds: ambiguous, left out.
// With --perturb, every image is also extracted once more after one perturbation of the suite
// (src/perturbation: frame, low contrast, dry, phalanx, residue, resolution, crop, elastic, in
// turn, seeded by the image's place), its truth moved with the perturbation's own geometry:
// the false minutiae of hard prints (frames, smudges, dry blotches) on prints the evaluation
// does not use.
// Writes OUT.bin (int8, n × 3 × 32 × 32; channel scales 32, 64, 127: grey ±4, enhanced ±2,
// mask 0–1) and OUT.json (labels, style, image, sizes).
//   node scripts/minutia-check/cut-patches.mjs [--perturb] OUT DIR [DIR …]
import { writeFileSync } from 'node:fs';
import { readSynthFolder } from '../read-synth-folder.mjs';
import { TRAINED_EXTRACTION } from '../trained-extraction.mjs';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, cutMinutiaPatches, extractFromAnalysis, MINUTIA_PATCH_CHANNELS, MINUTIA_PATCH_SIDE } from '../../dist/extraction/index.js';
import { PERTURBATION_KINDS, perturbImage } from '../../dist/perturbation/index.js';
import { pairTruthMinutiae } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const perturb = args[0] === '--perturb';
if (perturb) args.shift();
const [out, ...dirs] = args;
if (!out || dirs.length === 0) {
  console.error('usage: node scripts/minutia-check/cut-patches.mjs OUT DIR [DIR …]');
  process.exit(2);
}
const params = { ...TRAINED_EXTRACTION, minutiaCheckThreshold: 0 };
const SCALES = [32, 64, 127];
const per = MINUTIA_PATCH_CHANNELS * MINUTIA_PATCH_SIDE * MINUTIA_PATCH_SIDE;
const plane = MINUTIA_PATCH_SIDE * MINUTIA_PATCH_SIDE;
const chunks = [];
const labels = [], styles = [], images = [], folders = [];
const styleNames = [];
let imageIndex = 0, ambiguous = 0, failed = 0, sourceIndex = 0;
const byVariant = {};
for (const [folder, dir] of dirs.entries()) {
  for await (const { truth, image: clean } of readSynthFolder(dir)) {
    const variants = [{ variant: 'clean', image: clean, truthMinutiae: truth.minutiae }];
    if (perturb) {
      const kind = PERTURBATION_KINDS[sourceIndex % PERTURBATION_KINDS.length];
      const p = perturbImage(clean, kind, 1_000_003 + sourceIndex);
      const moved = [];
      for (const t of truth.minutiae) {
        const a = p.mapPoint(t.x, t.y);
        if (!a) continue;
        // the direction moved with the geometry: map a point 6 px along it
        const b = p.mapPoint(t.x + 6 * Math.cos(t.angle), t.y - 6 * Math.sin(t.angle));
        const angle = b ? Math.atan2(-(b[1] - a[1]), b[0] - a[0]) : t.angle;
        moved.push({ ...t, x: a[0], y: a[1], angle });
      }
      variants.push({ variant: kind, image: p.image, truthMinutiae: moved });
    }
    sourceIndex++;
    for (const { variant, image, truthMinutiae } of variants) {
    let analysis, template;
    try {
      analysis = analyzeFingerprint(image, params, NO_DEBUG);
      template = extractFromAnalysis(image, analysis, params, NO_DEBUG);
    } catch {
      failed++;
      continue;
    }
    const found = template.minutiae;
    const strict = pairTruthMinutiae(truthMinutiae, found, 12, (40 * Math.PI) / 180);
    const loose = pairTruthMinutiae(truthMinutiae, found, 15, (45 * Math.PI) / 180);
    const label = new Int8Array(found.length);
    for (const [, e] of loose.pairs) label[e] = -1;
    for (const [, e] of strict.pairs) label[e] = 1;
    const points = [], lab = [];
    found.forEach((m, e) => {
      if (label[e] < 0) { ambiguous++; return; }
      points.push({ x: m.x, y: m.y, direction: -m.angle });
      lab.push(label[e]);
    });
    const patches = cutMinutiaPatches(analysis, points);
    const q = new Int8Array(patches.length);
    for (let i = 0; i < patches.length; i++) {
      const s = SCALES[Math.floor((i % per) / plane)];
      q[i] = Math.max(-127, Math.min(127, Math.round(patches[i] * s)));
    }
    chunks.push(q);
    const style = variant === 'clean' ? truth.style : `${truth.style}+${variant}`;
    let si = styleNames.indexOf(style);
    if (si < 0) { styleNames.push(style); si = styleNames.length - 1; }
    const v = (byVariant[variant] ??= [0, 0]);
    for (const l of lab) { labels.push(l); styles.push(si); images.push(imageIndex); folders.push(folder); v[l]++; }
    imageIndex++;
    }
  }
}
writeFileSync(`${out}.bin`, Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
writeFileSync(`${out}.json`, JSON.stringify({ side: MINUTIA_PATCH_SIDE, channels: MINUTIA_PATCH_CHANNELS, scales: SCALES, styleNames, folders: dirs, labels, styles, images, folder: folders }));
const pos = labels.filter((l) => l === 1).length;
console.log(JSON.stringify(byVariant));
console.log(`${out}: ${labels.length} patches (${pos} true, ${labels.length - pos} false, ${ambiguous} ambiguous left out) from ${imageIndex} images, ${failed} failed to extract`);
