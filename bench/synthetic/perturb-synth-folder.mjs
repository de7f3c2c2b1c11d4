#!/usr/bin/env node
// A perturbed copy of a folder `afis synth` wrote, for `afis eval extraction` on damaged prints
// with exact truth: every F_I image goes through one skin of the perturbation suite (KIND,
// seed SEED + the image's place in the folder's natural order) and is written as PNG beside an
// unchanged copy of its truth/F_I.json. Meant for the skins that move no pixel (dry, residue,
// low-contrast), under which the generator's truth still holds; minutiae the skin erases stay in
// the truth, so recall is against the undamaged print (the same for every candidate).
//   nice -n 19 node bench/synthetic/perturb-synth-folder.mjs SRC DST KIND [SEED=1]
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSynthFolder } from '../../scripts/read-synth-folder.mjs';
import { encodeImage } from '../../dist/cli/commands/convert.js';
import { perturbImage } from '../../dist/perturbation/index.js';

const [src, dst, kind, seedText = '1'] = process.argv.slice(2);
if (!src || !dst || !kind) {
  console.error('usage: node bench/synthetic/perturb-synth-folder.mjs SRC DST KIND [SEED]');
  process.exit(2);
}
mkdirSync(join(dst, 'truth'), { recursive: true });
let place = 0;
for await (const { stem, image } of readSynthFolder(src)) {
  const perturbed = perturbImage(image, kind, Number(seedText) + place++).image;
  writeFileSync(join(dst, `${stem}.png`), await encodeImage(perturbed, '.png'));
  copyFileSync(join(src, 'truth', `${stem}.json`), join(dst, 'truth', `${stem}.json`));
}
console.log(`${dst}: ${place} images, ${kind} seed ${seedText}+`);
