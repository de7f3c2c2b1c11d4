#!/usr/bin/env node
// Training data for the learned orientation restoration (models/orientation-net.md) from REAL
// prints: every FVC2002 B image (the four sets, DB2 at 569 ppi) as read and after each
// perturbation of the suite with TRAINING seed SEED (perturbImage(…, KIND, mixSeed(SEED, 0, set,
// image)); default 1001, never the evaluation's 1 and 2). Input: the block features extraction
// feeds the network (orientationNetFeatures on prepareFields of the perturbed image, shipped
// parameters). Target: the CLEAN image's shipped orientation field carried into the perturbed
// image: each perturbed block centre p is pulled back through the perturbation's mapPoint (q with
// F(q) = p, fixed-point steps), the clean doubled-angle field is read at q (bilinear), and its ridge
// direction is turned by F's Jacobian at q. Weight 1 where q lies in the clean print's block mask
// and the pull-back converged, else 0. Written per set so training can leave one set out:
// OUT-DB1.bin/.json … OUT-DB4.bin/.json (float32 planes: 9 features, 2 target, 1 weight per sample).
//   node scripts/orientation-net/make-data.mjs DATA_DIR OUT [--seed 1001] [--kinds K,K]
import { writeFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { TRAINED_EXTRACTION } from '../trained-extraction.mjs';
import { prepareFields, orientationNetFeatures, ORIENTATION_NET_CHANNELS } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const [dataDir, out] = args;
if (!dataDir || !out) {
  console.error('usage: node scripts/orientation-net/make-data.mjs DATA_DIR OUT [--seed 1001] [--kinds K,K]');
  process.exit(2);
}
const opt = (name, dflt) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : dflt);
const seed = Number(opt('--seed', '1001'));
if (seed === 1 || seed === 2) throw new Error("seeds 1 and 2 are the evaluation's");
const kinds = opt('--kinds', 'low-contrast,dry,elastic,blurred,resolution').split(',');
const P = TRAINED_EXTRACTION;
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);

function fieldsOf(image) {
  try {
    return prepareFields(image, P);
  } catch {
    return null;
  }
}

/** The clean field's doubled-angle vector at pixel (x, y), bilinear over block centres, and the block mask there. */
function sampleClean(clean, x, y) {
  const { cols, rows, blockSize } = clean.orientation.grid;
  const fx = Math.min(cols - 1, Math.max(0, x / blockSize - 0.5));
  const fy = Math.min(rows - 1, Math.max(0, y / blockSize - 0.5));
  const c0 = Math.floor(fx), r0 = Math.floor(fy);
  const c1 = Math.min(cols - 1, c0 + 1), r1 = Math.min(rows - 1, r0 + 1);
  const ax = fx - c0, ay = fy - r0;
  const { cos2, sin2 } = clean.orientation;
  const at = (a, r, c) => a[r * cols + c];
  const bl = (a) => (1 - ay) * ((1 - ax) * at(a, r0, c0) + ax * at(a, r0, c1)) + ay * ((1 - ax) * at(a, r1, c0) + ax * at(a, r1, c1));
  const bc = Math.min(cols - 1, Math.max(0, Math.floor(x / blockSize)));
  const br = Math.min(rows - 1, Math.max(0, Math.floor(y / blockSize)));
  const inside = x >= 0 && y >= 0 && x < cols * blockSize && y < rows * blockSize && clean.mask.blocks[br * cols + bc] === 1;
  return [bl(cos2), bl(sin2), inside];
}

function sample(clean, perturbed, mapPoint) {
  const f = perturbed.orientation;
  const { cols, rows, blockSize } = f.grid;
  const n = cols * rows;
  const features = orientationNetFeatures(perturbed.grey, perturbed.normalized.width, perturbed.normalized.height, perturbed.orientationGradients, perturbed.mask.blocks, f);
  const target = new Float32Array(2 * n);
  const weight = new Float32Array(n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const px = (c + 0.5) * blockSize, py = (r + 0.5) * blockSize;
      let qx = px, qy = py, ok = false;
      for (let it = 0; it < 12; it++) {
        const F = mapPoint(qx, qy);
        if (!F) break;
        const ex = px - F[0], ey = py - F[1];
        qx += ex;
        qy += ey;
        if (Math.abs(ex) + Math.abs(ey) < 0.05) {
          ok = true;
          break;
        }
      }
      if (!ok) continue;
      const [vc, vs, inside] = sampleClean(clean, qx, qy);
      const vm = Math.hypot(vc, vs);
      if (!inside || vm < 1e-6) continue;
      const theta = 0.5 * Math.atan2(vs, vc);
      // the ridge direction carried by F's Jacobian at q
      const h = 4;
      const F0 = mapPoint(qx, qy), Fx = mapPoint(qx + h, qy), Fy = mapPoint(qx, qy + h);
      let tx = Math.cos(theta), ty = Math.sin(theta);
      if (F0 && Fx && Fy) {
        const jxx = (Fx[0] - F0[0]) / h, jyx = (Fx[1] - F0[1]) / h, jxy = (Fy[0] - F0[0]) / h, jyy = (Fy[1] - F0[1]) / h;
        [tx, ty] = [jxx * tx + jxy * ty, jyx * tx + jyy * ty];
      }
      const a = Math.atan2(ty, tx);
      target[i] = Math.cos(2 * a);
      target[n + i] = Math.sin(2 * a);
      weight[i] = 1;
    }
  }
  return { cols, rows, features, target, weight };
}

const identity = (x, y) => [x, y];
for (const [k, set] of sets.entries()) {
  const index = [];
  const chunks = [];
  let offset = 0;
  const push = (name, image, variant, s) => {
    const planes = new Float32Array((ORIENTATION_NET_CHANNELS + 3) * s.cols * s.rows);
    planes.set(s.features, 0);
    planes.set(s.target, ORIENTATION_NET_CHANNELS * s.cols * s.rows);
    planes.set(s.weight, (ORIENTATION_NET_CHANNELS + 2) * s.cols * s.rows);
    chunks.push(Buffer.from(planes.buffer));
    index.push({ name, image, variant, cols: s.cols, rows: s.rows, offset });
    offset += planes.length;
  };
  set.items.forEach((item, i) => {
    if (!item || 'template' in item) return;
    const clean = fieldsOf(item.image);
    if (!clean) return;
    push(set.names[i], i, 'clean', sample(clean, clean, identity));
    for (const kind of kinds) {
      const p = perturbImage(item.image, kind, mixSeed(seed, 0, k, i));
      const fields = fieldsOf(p.image);
      if (fields) push(set.names[i], i, kind, sample(clean, fields, p.mapPoint));
    }
  });
  writeFileSync(`${out}-DB${k + 1}.bin`, Buffer.concat(chunks));
  writeFileSync(`${out}-DB${k + 1}.json`, JSON.stringify({ channels: ORIENTATION_NET_CHANNELS, seed, kinds, samples: index }));
  console.log(JSON.stringify({ set: `DB${k + 1}`, samples: index.length, floats: offset }));
}
