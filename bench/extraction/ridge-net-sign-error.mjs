// The ridge network's synthetic validation figure for any model file (models/ridge-net.md's
// table): on the images of scripts/ridge-net/make-data.mjs (validation seed 122), inside the
// contact where the truth is decided (|target| ≥ 0.5), the share of pixels whose sign the map
// gets wrong, per variant (and per generator condition of the clean images), as train.py's
// validation reports it; the map is runRidgeNet's (the extraction's own padding and clipping).
// Also the share of decided pixels where two models' signs differ, against the first model.
// Usage: npm run build && node bench/extraction/ridge-net-sign-error.mjs VAL_STEM MODEL.onnx [MODEL2.onnx …]
import { readFileSync } from 'node:fs';
import { runRidgeNet } from '../../dist/extraction/index.js';

const [stem, ...models] = process.argv.slice(2);
if (!stem || models.length === 0) throw new Error('usage: ridge-net-sign-error.mjs VAL_STEM MODEL.onnx [MODEL2.onnx …]');
const meta = JSON.parse(readFileSync(`${stem}.json`, 'utf8'));
const bin = readFileSync(`${stem}.bin`);
const acc = {};
for (const im of meta.images) {
  const { width, height, offset } = im;
  const n = width * height;
  const grey = new Float32Array(n);
  for (let i = 0; i < n; i++) grey[i] = bin.readInt8(offset + i) / meta.scale;
  const maps = models.map((m) => runRidgeNet({ width, height, data: grey }, m));
  const keys = [im.variant, ...(im.variant === 'clean' ? [`clean/${im.condition}`] : [])];
  const errs = models.map(() => 0);
  const differ = models.map(() => 0);
  let judged = 0;
  for (let i = 0; i < n; i++) {
    const t = bin.readInt8(offset + n + i) / 127;
    if (!(bin[offset + 2 * n + i] > 0) || Math.abs(t) < 0.5) continue;
    judged++;
    for (let k = 0; k < models.length; k++) {
      if (Math.sign(maps[k][i]) !== Math.sign(t)) errs[k]++;
      if (Math.sign(maps[k][i]) !== Math.sign(maps[0][i])) differ[k]++;
    }
  }
  for (const key of keys) {
    const a = (acc[key] ??= { images: 0, judged: 0, errs: models.map(() => 0), differ: models.map(() => 0) });
    a.images++;
    a.judged += judged;
    for (let k = 0; k < models.length; k++) {
      a.errs[k] += errs[k];
      a.differ[k] += differ[k];
    }
  }
}
console.log(`sign error % (decided contact pixels), ${stem} (seed ${meta.seed}); models: ${models.join(', ')}`);
for (const [key, a] of Object.entries(acc).sort()) {
  console.log(`${key.padEnd(24)} ${String(a.images).padStart(3)} images  ${a.errs.map((e) => (100 * e / a.judged).toFixed(2).padStart(6)).join(' ')}   signs differing from the first: ${a.differ.slice(1).map((d) => (100 * d / a.judged).toFixed(2)).join(' ')}`);
}
