#!/usr/bin/env node
// Training images for the dry-region minutia detector from REAL prints (models/minutia-net-real.md):
// every FVC2002 B image (the four sets, DB2 at 569 ppi) contrast-normalised as extraction does it
// (analyzeFingerprint's `normalized`), once as read and once per training seed after the
// perturbation suite's dry skin (perturbImage(…, 'dry', mixSeed(SEED, 0, set, image)) for SEED in
// --seeds, default 1001,1002: never the evaluation's seeds 1 and 2). Labels: the minutiae of the
// shipped extraction of the CLEAN image, with the cross-impression pseudo-labels of
// bench/extraction/real-minutia-labels.mjs (LABELS.json): TRUE (found in ≥ 2 other impressions of
// the finger) is a positive, FALSE (found in none where ≥ 4 others show the place) is left out so
// that its cell is a negative, unlabelled is stored as "destroyed" (its cells not judged). Moved
// to the dry image by the perturbation's mapPoint. Mask: the clean image's foreground, per 8-px
// block (a block is foreground when most of its pixels are). Written per set, so that training
// can leave one set out: OUT-DB1.bin/.json … OUT-DB4.bin/.json, in make-data.mjs's format.
//   node scripts/minutia-net/make-real-data.mjs DATA_DIR LABELS.json OUT [--seeds 1001,1002]
import { writeFileSync, readFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { TRAINED_EXTRACTION } from '../trained-extraction.mjs';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const [dataDir, labelsPath, out] = args;
if (!dataDir || !labelsPath || !out) {
  console.error('usage: node scripts/minutia-net/make-real-data.mjs DATA_DIR LABELS.json OUT [--seeds 1001,1002]');
  process.exit(2);
}
const si = args.indexOf('--seeds');
const seeds = (si >= 0 ? args[si + 1] : '1001,1002').split(',').map(Number);
if (seeds.some((s) => s === 1 || s === 2)) throw new Error('seeds 1 and 2 are the evaluation\'s');
const SCALE = 32, BLOCK = 8;
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const labels = JSON.parse(readFileSync(labelsPath, 'utf8'));
const summary = [];
for (const [k, set] of sets.entries()) {
  const byImage = new Map();
  for (const r of labels.sets[k].rows) {
    if (!byImage.has(r.image)) byImage.set(r.image, []);
    byImage.get(r.image)[r.index] = r;
  }
  const chunks = [], images = [];
  let offset = 0, failed = 0;
  const counts = { positive: 0, negative: 0, unjudged: 0 };
  set.items.forEach((item, i) => {
    if (!item || 'template' in item) return;
    let clean;
    try {
      clean = analyzeFingerprint(item.image, TRAINED_EXTRACTION, NO_DEBUG);
    } catch {
      failed++;
      return;
    }
    const template = extractFromAnalysis(item.image, clean, TRAINED_EXTRACTION, NO_DEBUG);
    const rows = byImage.get(i) ?? [];
    const labelled = [];
    template.minutiae.forEach((m, j) => {
      const r = rows[j];
      if (!r || r.x !== m.x || r.y !== m.y) throw new Error(`labels do not match the extraction at set ${k} image ${i} minutia ${j}`);
      if (r.label === 1) counts.positive++; else if (r.label === 0) counts.negative++; else counts.unjudged++;
      if (r.label !== 0) labelled.push([m.x, m.y, m.angle, m.type === 'bifurcation' ? 1 : 0, r.label === 1 ? 0 : 1]);
    });
    const { width, height } = clean.normalized;
    const bw = Math.ceil(width / BLOCK), bh = Math.ceil(height / BLOCK);
    const maskRows = [];
    for (let by = 0; by < bh; by++) {
      let row = '';
      for (let bx = 0; bx < bw; bx++) {
        let n = 0, on = 0;
        for (let y = by * BLOCK; y < Math.min(height, (by + 1) * BLOCK); y++) {
          for (let x = bx * BLOCK; x < Math.min(width, (bx + 1) * BLOCK); x++) { n++; on += clean.mask.pixels[y * width + x] ? 1 : 0; }
        }
        row += 2 * on >= n ? '1' : '0';
      }
      maskRows.push(row);
    }
    const variants = [['clean', null, clean]];
    for (const seed of seeds) {
      const p = perturbImage(item.image, 'dry', mixSeed(seed, 0, k, i));
      let a;
      try {
        a = analyzeFingerprint(p.image, TRAINED_EXTRACTION, NO_DEBUG);
      } catch {
        failed++;
        continue;
      }
      variants.push([`dry-${seed}`, p.mapPoint, a]);
    }
    for (const [variant, map, analysis] of variants) {
      const { data } = analysis.normalized;
      if (analysis.normalized.width !== width || analysis.normalized.height !== height) throw new Error('dry changed the image size');
      const q = new Int8Array(width * height);
      for (let t = 0; t < q.length; t++) q[t] = Math.max(-127, Math.min(127, Math.round(data[t] * SCALE)));
      chunks.push(q);
      const minutiae = [];
      for (const [x, y, a, type, unjudged] of labelled) {
        const p = map ? map(x, y) : [x, y];
        if (p) minutiae.push([p[0], p[1], a, type, unjudged]);
      }
      images.push({ source: `DB${k + 1}/${set.names[i]}`, variant, style: `DB${k + 1}`, condition: variant, width, height, offset, minutiae, maskBlock: BLOCK, maskRows });
      offset += q.length;
    }
  });
  const stem = `${out}-DB${k + 1}`;
  writeFileSync(`${stem}.bin`, Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
  writeFileSync(`${stem}.json`, JSON.stringify({ scale: SCALE, images }));
  summary.push({ stem, images: images.length, failed, ...counts });
}
console.log(JSON.stringify(summary));
