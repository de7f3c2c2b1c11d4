#!/usr/bin/env node
// Any exported orientation-inpaint model on any make-data.mjs grid set, with train.py's validation
// figure: per variant and gate (0.6, 0.8), over the gated blocks (foreground, map coherence < gate,
// inside the contact area), the mean |Δθ| (degrees) against the master direction and the share > 10°,
// of the input field and of the model. No random blobs (as train.py's validate). Lets two models be
// compared on the same prints (e.g. the shipped model on prints made with --impression).
//   node scripts/orientation-inpaint/validate.mjs MODEL.onnx GRIDS_PREFIX
import { readFileSync } from 'node:fs';
import { loadOnnxSession } from '../../dist/extraction/load-onnx-session.js';

const [model, prefix] = process.argv.slice(2);
if (!model || !prefix) {
  console.error('usage: node scripts/orientation-inpaint/validate.mjs MODEL.onnx GRIDS_PREFIX');
  process.exit(2);
}
const meta = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
const raw = readFileSync(`${prefix}.bin`);
const blob = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
const ort = loadOnnxSession(model);
const gap = (a, b) => { let d = Math.abs(a - b) % Math.PI; if (d > Math.PI / 2) d = Math.PI - d; return d * 180 / Math.PI; };
const half = (c, s) => 0.5 * Math.atan2(s, c);
const acc = {};
for (const g of meta.grids) {
  const n = g.cols * g.rows;
  const a = blob.subarray(g.offset / 4, g.offset / 4 + 8 * n);
  for (const gate of [0.6, 0.8]) {
    const x = new Float32Array(6 * n);
    x.set(a.subarray(0, 5 * n));
    let holes = 0;
    for (let b = 0; b < n; b++) if (a[4 * n + b] > 0 && a[3 * n + b] < gate) { x[5 * n + b] = 1; holes++; }
    if (!holes) continue;
    const out = ort.session.run({ features: new ort.Tensor('float32', x, [1, 6, g.rows, g.cols]) }, { field: null }, {}).field.data;
    const k = (acc[`${g.variant} ${gate}`] ??= { blocks: 0, input: 0, input10: 0, model: 0, model10: 0 });
    for (let b = 0; b < n; b++) {
      if (!x[5 * n + b] || !(a[7 * n + b] > 0)) continue;
      const t = half(a[5 * n + b], a[6 * n + b]);
      const din = gap(half(a[b], a[n + b]), t), dnet = gap(half(out[b], out[n + b]), t);
      k.blocks++; k.input += din; k.model += dnet; if (din > 10) k.input10++; if (dnet > 10) k.model10++;
    }
  }
}
const report = {};
for (const [key, k] of Object.entries(acc)) {
  report[key] = { blocks: k.blocks, input: `${(k.input / k.blocks).toFixed(2)} deg / ${(k.input10 / k.blocks).toFixed(3)}`, model: `${(k.model / k.blocks).toFixed(2)} deg / ${(k.model10 / k.blocks).toFixed(3)}` };
}
console.log(JSON.stringify({ model, grids: prefix, report }));
