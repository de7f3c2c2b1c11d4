#!/usr/bin/env node
// The manifest of the ridge network's real training prints (issue 12, realswitch; held-out-ridge-net.ts):
// the shipped network was trained on the four FVC2002 B sets' prints too, so extraction reads each of
// those prints with the fold network that never saw its set. For every print of each set, its
// fingerprint (imageFingerprint: SHA-256 of size and pixels) under both readings a user may give its
// file: as the file says (500 ppi when it says nothing) and at the set's declared resolution (DB2_B
// @569), so `afis eval … DB2_B` and `… DB2_B@569` are both held out.
//   node scripts/ridge-net/fold-manifest.mjs [FVC2002_DIR] [OUT]
//   (defaults ../shared/data/fvc2002 and models/ridge-net-folds/folds.json; after `npm run build`)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCapture } from '../../dist/capture/index.js';
import { imageFingerprint } from '../../dist/extraction/index.js';

const [dir = '../shared/data/fvc2002', out = 'models/ridge-net-folds/folds.json'] = process.argv.slice(2);
/** Each training set and its declared resolution (scripts/train-ridge-net-real.sh's readings). */
const SETS = { DB1_B: undefined, DB2_B: 569, DB3_B: undefined, DB4_B: undefined };
const sets = {};
for (const [set, ppi] of Object.entries(SETS)) {
  const images = new Set();
  const sizes = new Set();
  const files = readdirSync(join(dir, set)).filter((f) => /^\d+_\d+\.\w+$/.test(f)).sort();
  for (const file of files) {
    const bytes = readFileSync(join(dir, set, file));
    for (const reading of ppi === undefined ? [{}] : [{}, { ppi }]) {
      const image = await decodeCapture(new Uint8Array(bytes), reading);
      images.add(imageFingerprint(image));
      sizes.add(`${image.width}x${image.height}`);
    }
  }
  if (files.length !== 80) throw new Error(`${set}: ${files.length} prints, expected 80`);
  sets[set] = { model: `${set}.onnx`, prints: files.length, sizes: [...sizes].sort(), images: [...images].sort() };
}
writeFileSync(out, `${JSON.stringify({ about: 'FVC2002 B prints the shipped ridge network was trained on (scripts/ridge-net/fold-manifest.mjs); each set is read with its fold network, which never saw it', sets }, null, 1)}\n`);
console.log(`${out}: ${Object.entries(sets).map(([s, e]) => `${s} ${e.prints} prints, ${e.images.length} fingerprints`).join('; ')}`);
