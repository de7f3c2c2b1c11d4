#!/usr/bin/env node
// Sign error of ridge networks (ONNX files, run as extraction runs them: runRidgeNet) on images
// written by scripts/ridge-net/make-data.mjs or make-real-data.mjs: inside the weight where the
// target is decided (|target| ≥ 0.5), the share of pixels whose sign the network gets wrong, per
// variant (and per generator condition of the clean synthetic images), with the stored Gabor
// enhancement's share beside it — train.py's validation, for float and int8 files alike
// (issue 12, realnet: the fold models against the shipped int8 on the synthetic validation seed 122).
//   node bench/extraction/ridge-net-sign-error.mjs STEM MODEL.onnx [MODEL.onnx …]
import { readFileSync } from 'node:fs';
import { runRidgeNet } from '../../dist/extraction/index.js';

const [stem, ...models] = process.argv.slice(2);
if (!stem || models.length === 0) {
  process.stderr.write('usage: ridge-net-sign-error.mjs STEM MODEL.onnx [MODEL.onnx …]\n');
  process.exit(2);
}
const meta = JSON.parse(readFileSync(`${stem}.json`, 'utf8'));
const raw = new Int8Array(readFileSync(`${stem}.bin`).buffer.slice(0));
const acc = {};
for (const im of meta.images) {
  const { width, height, offset } = im;
  const n = width * height;
  const grey = new Float32Array(n);
  for (let p = 0; p < n; p++) grey[p] = raw[offset + p] / meta.scale;
  const maps = models.map((m) => runRidgeNet({ width, height, data: grey }, m));
  const keys = [im.variant, ...(im.variant === 'clean' && im.condition !== 'real' ? [`clean/${im.condition}`] : [])];
  const errs = new Array(models.length + 2).fill(0);
  for (let p = 0; p < n; p++) {
    const t = raw[offset + n + p];
    if (!raw[offset + 2 * n + p] || Math.abs(t) < 64) continue;
    errs[0]++;
    maps.forEach((m, j) => { if ((m[p] >= 0) !== (t >= 0)) errs[j + 1]++; });
    if ((raw[offset + 3 * n + p] >= 0) !== (t >= 0)) errs[models.length + 1]++;
  }
  for (const k of keys) {
    const a = (acc[k] ??= new Array(models.length + 2).fill(0));
    errs.forEach((e, j) => { a[j] += e; });
  }
}
const out = {};
for (const [k, a] of Object.entries(acc).sort()) {
  out[k] = Object.fromEntries([...models.map((m, j) => [m, `${(100 * a[j + 1] / a[0]).toFixed(2)} %`]), ['gabor', `${(100 * a[models.length + 1] / a[0]).toFixed(2)} %`]]);
}
process.stdout.write(`${JSON.stringify({ stem, judgedPixels: Object.fromEntries(Object.entries(acc).map(([k, a]) => [k, a[0]])), signError: out }, null, 2)}\n`);
