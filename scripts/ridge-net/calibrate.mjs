#!/usr/bin/env node
// Activation ranges for the ridge network's int8 model (scripts/ridge-net/quantize.py): runs the
// probe model (the float network with every quantised activation as an output) with
// onnxruntime-node on the synthetic images of make-data.mjs (training seed 121 only; never the
// validation seed 122, the evaluation's seeds nor FVC2002) and writes, per activation, the
// QUANTILE and 1 − QUANTILE quantiles of its values over all images (every STRIDE-th value kept),
// as { name: { lo, hi, min, max } }.
//   node scripts/ridge-net/calibrate.mjs PROBE.onnx DATA_STEM RANGES.json [--quantile 0.9999] [--stride 61]
import { readFileSync, writeFileSync } from 'node:fs';
import { loadOnnxSession } from '../../dist/extraction/load-onnx-session.js';

const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv.splice(at, 2)[1] : dflt;
};
const quantile = Number(flag('--quantile', '0.9999'));
const stride = Number(flag('--stride', '61'));
const [probePath, stem, out] = argv;
if (!probePath || !stem || !out) {
  console.error('usage: node scripts/ridge-net/calibrate.mjs PROBE.onnx DATA_STEM RANGES.json [--quantile Q] [--stride S]');
  process.exit(2);
}
const meta = JSON.parse(readFileSync(`${stem}.json`, 'utf8'));
if (!(meta.seed < 200)) throw new RangeError(`calibration data must come from a training seed (< 200), not ${meta.seed}`);
if (meta.seed === 122) throw new RangeError('seed 122 is the validation seed');
const bin = readFileSync(`${stem}.bin`);
// the extraction's own loader (one intra-op thread, sequential, all graph optimisations), so the
// ranges are read under the session options the shipped network runs with
const { Tensor, session } = loadOnnxSession(probePath);
const names = session.outputMetadata.map((m) => m.name).filter((n) => n !== 'ridges');
const kept = Object.fromEntries(names.map((n) => [n, []]));
const extremes = Object.fromEntries(names.map((n) => [n, { min: Infinity, max: -Infinity }]));
for (const im of meta.images) {
  const { width, height, offset } = im;
  const pw = Math.ceil(width / 4) * 4;
  const ph = Math.ceil(height / 4) * 4;
  const input = new Float32Array(pw * ph);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) input[y * pw + x] = bin.readInt8(offset + y * width + x) / meta.scale;
  const fetches = Object.fromEntries(names.map((n) => [n, null]));
  const result = session.run({ grey: new Tensor('float32', input, [1, 1, ph, pw]) }, fetches, {});
  for (const n of names) {
    const d = result[n].data;
    const e = extremes[n];
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (v < e.min) e.min = v;
      if (v > e.max) e.max = v;
    }
    const part = new Float32Array(Math.ceil(d.length / stride));
    for (let i = 0, j = 0; i < d.length; i += stride, j++) part[j] = d[i];
    kept[n].push(part);
  }
}
const ranges = {};
for (const n of names) {
  const all = new Float32Array(kept[n].reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of kept[n]) {
    all.set(p, at);
    at += p.length;
  }
  all.sort();
  const pick = (q) => all[Math.min(all.length - 1, Math.max(0, Math.floor(q * (all.length - 1))))];
  ranges[n] = { lo: pick(1 - quantile), hi: pick(quantile), min: extremes[n].min, max: extremes[n].max };
}
writeFileSync(out, JSON.stringify({ images: meta.images.length, seed: meta.seed, quantile, stride, ranges }, null, 1));
console.log(`${meta.images.length} images (seed ${meta.seed}), ${names.length} activations → ${out}`);
