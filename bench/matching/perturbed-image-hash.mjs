#!/usr/bin/env node
// A hash over the perturbed images of the four FVC2002 B sets (the seeds `afis eval perturb --kinds KIND`
// uses with KIND alone), to check that a change to src/perturbation/ leaves every image bit-identical.
//
//   node bench/matching/perturbed-image-hash.mjs DATA_DIR [KINDS=elastic] [SEEDS=1,2]
import { createHash } from 'node:crypto';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, kindsText = 'elastic', seedsText = '1,2'] = process.argv.slice(2);
if (!dataDir) { process.stderr.write('usage: perturbed-image-hash.mjs DATA_DIR [KINDS] [SEEDS]\n'); process.exit(2); }
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
for (const kind of kindsText.split(',')) {
  for (const seed of seedsText.split(',').map(Number)) {
    const h = createHash('sha256');
    let n = 0;
    sets.forEach((s, k) => s.items.forEach((item, i) => {
      if (!item || !('image' in item)) return;
      const p = perturbImage(item.image, kind, mixSeed(seed, 0, k, i));
      h.update(`${p.image.width}x${p.image.height}@${p.image.ppi};`);
      h.update(p.image.data);
      n++;
    }));
    process.stdout.write(`${kind} seed ${seed}: ${n} images ${h.digest('hex').slice(0, 16)}\n`);
  }
}
