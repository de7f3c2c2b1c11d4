// How far does the extraction's foreground mask reach past a synthetic finger's true contact? Reads
// a folder `afis synth` wrote (F_I images + truth/F_I.json, whose contact mask is on 8-px blocks,
// 1 where most of the block is finger), runs the extraction up to its mask (prepareAnalysis; `--set
// NAME=V` for a candidate) and reports per style and skin condition:
//   signed — mean signed distance (px) of the mask's boundary pixels from the true contact's
//            boundary: + outside the contact (overshoot), − inside (undershoot); boundary pixels on
//            the image edge are left out (the print beyond it is unknown);
//   outside — share of the mask's pixels outside the contact; missed — share of the contact's
//            pixels outside the mask; iou — mean per-image intersection over union;
//   far — share of the mask's boundary pixels more than 8 px outside the contact.
// Distances are exact Euclidean (Felzenszwalb–Huttenlocher transform) to the nearest pixel of the
// other side. Nothing here involves the enhancement or the matcher.
// `npm run build && nice -n 19 node bench/synthetic/mask-overshoot.mjs DIR [--set NAME=V]... [--limit N] [--json]`
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { prepareAnalysis } = await import(`${dist}extraction/index.js`);
const { EXTRACTION_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { NO_DEBUG } = await import(`${dist}core/index.js`);
const { decodeCapture } = await import(`${dist}capture/index.js`);

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--json'));
const params = { ...EXTRACTION_PARAMETERS };
for (let i = 0; i < args.length; i++) if (args[i] === '--set') { const [k, v] = args[i + 1].split('='); if (!(k in params)) throw new Error(`unknown parameter ${k}`); params[k] = Number(v); }
const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : Infinity;

// squared Euclidean distance of every pixel to the nearest pixel with on[i] === 1
function distanceTo(on, width, height) {
  const INF = 1e20;
  const f = new Float64Array(Math.max(width, height));
  const d = new Float64Array(Math.max(width, height));
  const v = new Int32Array(Math.max(width, height));
  const z = new Float64Array(Math.max(width, height) + 1);
  const out = new Float64Array(width * height);
  const pass = (n) => {
    let k = 0;
    v[0] = 0; z[0] = -INF; z[1] = INF;
    for (let q = 1; q < n; q++) {
      let s;
      for (;;) { const p = v[k]; s = (f[q] + q * q - (f[p] + p * p)) / (2 * q - 2 * p); if (s <= z[k]) { k--; if (k < 0) { k = 0; break; } } else break; }
      if (s <= z[k] && k === 0) { v[0] = q; z[0] = -INF; z[1] = INF; continue; }
      k++; v[k] = q; z[k] = s; z[k + 1] = INF;
    }
    k = 0;
    for (let q = 0; q < n; q++) { while (z[k + 1] < q) k++; d[q] = (q - v[k]) * (q - v[k]) + f[v[k]]; }
  };
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = on[y * width + x] ? 0 : INF;
    pass(height);
    for (let y = 0; y < height; y++) out[y * width + x] = d[y];
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) f[x] = out[y * width + x];
    pass(width);
    for (let x = 0; x < width; x++) out[y * width + x] = d[x];
  }
  return out;
}

const tally = new Map();
const entry = (key) => {
  let t = tally.get(key);
  if (!t) { t = { images: 0, iou: 0, maskPx: 0, outsidePx: 0, truthPx: 0, missedPx: 0, boundary: 0, signedSum: 0, far: 0 }; tally.set(key, t); }
  return t;
};

const names = (await readdir(dir)).filter((n) => /^\d+_\d+\.(png|wsq)$/.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, limit);
let failed = 0;
for (const name of names) {
  const stem = name.replace(/\.[^.]+$/, '');
  const truth = JSON.parse(await readFile(join(dir, 'truth', `${stem}.json`), 'utf8'));
  const bytes = await readFile(join(dir, name));
  const image = await decodeCapture(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { width, height } = image;
  let mask;
  try { mask = prepareAnalysis(image, params, NO_DEBUG).mask.pixels; } catch { failed++; continue; }
  const B = truth.mask.block;
  const contact = new Uint8Array(width * height);
  const outside = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const row = truth.mask.rows[Math.floor(y / B)];
    const t = !!row && row.charCodeAt(Math.floor(x / B)) === 49 ? 1 : 0;
    contact[y * width + x] = t;
    outside[y * width + x] = 1 - t;
  }
  const toContact = distanceTo(contact, width, height);
  const toOutside = distanceTo(outside, width, height);
  let inter = 0, union = 0, maskPx = 0, outsidePx = 0, truthPx = 0, missedPx = 0, boundary = 0, signedSum = 0, far = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = y * width + x;
    const m = mask[i], t = contact[i];
    if (m && t) inter++;
    if (m || t) union++;
    if (m) { maskPx++; if (!t) outsidePx++; }
    if (t) { truthPx++; if (!m) missedPx++; }
    if (!m || x === 0 || y === 0 || x === width - 1 || y === height - 1) continue;
    if (mask[i - 1] && mask[i + 1] && mask[i - width] && mask[i + width]) continue;
    // a boundary pixel of the mask: its signed distance from the contact's boundary
    const s = t ? -(Math.sqrt(toOutside[i]) - 0.5) : Math.sqrt(toContact[i]) - 0.5;
    boundary++;
    signedSum += s;
    if (s > 8) far++;
  }
  const keys = ['all', `style ${truth.style}`, `condition ${truth.condition}`];
  for (const k of keys) {
    const t = entry(k);
    t.images++; t.iou += union ? inter / union : 1;
    t.maskPx += maskPx; t.outsidePx += outsidePx; t.truthPx += truthPx; t.missedPx += missedPx;
    t.boundary += boundary; t.signedSum += signedSum; t.far += far;
  }
}

const r = (v, d = 1) => Number(v.toFixed(d));
const rows = [...tally].map(([key, t]) => ({
  key, images: t.images, iou: r(t.iou / t.images, 3), signed: r(t.signedSum / Math.max(1, t.boundary), 2),
  outside: r((100 * t.outsidePx) / Math.max(1, t.maskPx)), missed: r((100 * t.missedPx) / Math.max(1, t.truthPx)), far: r((100 * t.far) / Math.max(1, t.boundary)),
}));
const order = (k) => (k === 'all' ? 0 : k.startsWith('style') ? 1 : 2);
rows.sort((a, b) => order(a.key) - order(b.key) || a.key.localeCompare(b.key));
if (args.includes('--json')) console.log(JSON.stringify({ dir, failed, rows }, null, 1));
else {
  console.log(`${dir}: ${names.length} images, ${failed} failed`);
  console.log('key                     images  IoU    signed px  outside %  missed %  far>8px %');
  for (const x of rows) console.log(`${x.key.padEnd(24)}${String(x.images).padStart(6)}  ${x.iou.toFixed(3)}  ${String(x.signed).padStart(9)}  ${String(x.outside).padStart(9)}  ${String(x.missed).padStart(8)}  ${String(x.far).padStart(9)}`);
}
