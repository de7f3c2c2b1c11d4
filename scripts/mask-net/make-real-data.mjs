#!/usr/bin/env node
// Real training images for the learned print mask (models/mask-net.md; issue 12, maskreal): for one
// FVC2002 B set, each print is stored in make-data.mjs's format (so train.py reads both), as
//   input  = what the segmentation sees (prepareFields' `grey` and `normalized`, shipped
//            parameters) of the clean print, and of the same print after each of the suite's kinds
//            asked for, drawn with training seeds mixSeed(9_300_000, kind's place + 1, set index,
//            print index) — never the evaluation's (`afis eval perturb` and the paired benches draw
//            mixSeed(SEED, kind index or 0, set index, print index) with SEED 1…52 so far);
//   target = per 8-px block of the perturbed image, the share of its pixels that, taken back to
//            the clean print (the perturbation's unmapPoint), fall in the clean print's pixel mask:
//            the print the segmentation finds when nothing has damaged it, where the perturbation
//            did not remove it (its mapPoint: a frame's paint, residue, as make-data.mjs). Rows a
//            perturbation added (the second phalanx) come from nowhere: 0;
//   mask   = the classical segmentation's block mask of the same input (the baseline).
// This is the target net-mask-holes.mjs screens against ("lost" blocks: in the clean mask, out of
// the perturbed one). One output per set; a leave-one-set-out fold trains on the other three sets'
// outputs (scripts/train-mask-net-real.sh) and is judged only on the set it never saw.
//   node scripts/mask-net/make-real-data.mjs OUT SET_DIR[@PPI] SET_INDEX [--kinds dry,low-contrast,…]
import { writeFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { TRAINED_EXTRACTION } from '../trained-extraction.mjs';
import { prepareFields } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { maskRecordOf } from './record.mjs';

const argv = process.argv.slice(2);
const flag = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const DEFAULT_KINDS = 'dry,low-contrast,residue,wet,frame,crop,phalanx,dry+low-contrast+crop+frame';
const kinds = (flag('--kinds') ?? DEFAULT_KINDS).split(',').filter(Boolean);
const [out, setSpec, setIndexText] = argv;
const setIndex = Number(setIndexText);
if (!out || !setSpec || !Number.isInteger(setIndex) || setIndex < 0) {
  console.error('usage: node scripts/mask-net/make-real-data.mjs OUT SET_DIR[@PPI] SET_INDEX [--kinds a,b+c,…]');
  process.exit(2);
}
/** The training seeds' stream: far from the evaluation's seeds and from the ridge network's (9,100,000). */
const SEED_BASE = 9_300_000;
const P = TRAINED_EXTRACTION;
const B = P.blockSize;
const [set] = await readEvalSets([setSpec]);

const chunks = [];
const images = [];
let offset = 0, failed = 0;
set.items.forEach((item, i) => {
  if (!item || !('image' in item)) return;
  const clean = item.image;
  let truth;
  try {
    truth = prepareFields(clean, P).mask.pixels;
  } catch {
    failed++;
    return;
  }
  const cw = clean.width, ch = clean.height;
  const inTruth = (perturbed, q) => {
    if (!q || perturbed.mapPoint(q[0], q[1]) === null) return false;
    const x = Math.round(q[0]), y = Math.round(q[1]);
    return x >= 0 && y >= 0 && x < cw && y < ch && truth[y * cw + x] === 1;
  };
  const identity = { image: clean, mapPoint: (x, y) => [x, y], unmapPoint: (x, y) => [x, y] };
  const variants = [['clean', identity], ...kinds.map((kind, k) => [kind, perturbImage(clean, kind, mixSeed(SEED_BASE, k + 1, setIndex, i))])];
  for (const [variant, perturbed] of variants) {
    const image = perturbed.image;
    const record = maskRecordOf(image, P, (x, y) => inTruth(perturbed, perturbed.unmapPoint(x, y)));
    if (!record) {
      failed++;
      continue;
    }
    const { width, height } = image;
    const { buf, cols, rows } = record;
    chunks.push(buf);
    images.push({ name: set.names[i], width, height, cols, rows, offset, style: 'real', condition: setSpec, variant });
    offset += buf.length;
  }
});
writeFileSync(`${out}.bin`, Buffer.concat(chunks));
writeFileSync(`${out}.json`, JSON.stringify({ set: setSpec, setIndex, seedBase: SEED_BASE, kinds, blockSize: B, failed, images }));
console.log(JSON.stringify({ out, set: setSpec, images: images.length, failed, bytes: offset }));
