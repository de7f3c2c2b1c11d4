#!/usr/bin/env node
// Identity check for speed work on segmentation (the crease cut, 3 December 2026): the SHA-256
// (16 hex digits) of the foreground masks of the four FVC2002 B sets (DB2 at 569 ppi) perturbed
// by phalanx (seeds 1, 2), frame and residue (seed 1), from the build given, and the CPU ms per
// image of that analysis. Run it on two builds; the hashes must be equal. ab-extraction.mjs
// covers the clean images (templates and analyses).
//
//   node bench/extraction/crease-mask-hash.mjs BUILD_DIR      (a folder holding a built dist/)
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
const dist = resolve(process.argv[2] ?? '.');
const { readEvalSets } = await import(`${dist}/dist/cli/commands/eval-sets.js`);
const { EXTRACTION_PARAMETERS } = await import(`${dist}/dist/config/parameters.js`);
const { prepareAnalysis } = await import(`${dist}/dist/extraction/index.js`);
const { perturbImage } = await import(`${dist}/dist/perturbation/index.js`);
const { mixSeed } = await import(`${dist}/dist/synthetic/index.js`);
const D = '/work/shared/data/fvc2002';
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
for (const [kind, seed] of [['phalanx', 1], ['phalanx', 2], ['frame', 1], ['residue', 1]]) {
  const h = createHash('sha256'); let cutAny = 0; const t0 = process.cpuUsage();
  sets.forEach((s, k) => s.items.forEach((item, i) => {
    if (!item || !('image' in item)) return;
    const image = perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
    const a = prepareAnalysis(image, EXTRACTION_PARAMETERS);
    h.update(a.mask.pixels);
  }));
  const u = process.cpuUsage(t0);
  console.log(kind, seed, h.digest('hex').slice(0, 16), ((u.user + u.system) / 1000 / 320).toFixed(1), 'ms/image');
}
