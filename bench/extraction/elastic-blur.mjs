#!/usr/bin/env node
// How much of the `elastic` perturbation's cost is its bilinear resampling rather than its
// geometry (issue 12). The four FVC2002 B sets, all pairs, scored as:
//   clean      the images as they are
//   bilinear   the suite's elastic images (perturbImage, seeds of `paired-option.mjs … elastic SEED`)
//   cubic      the same warp (the same backward map: the fixed point of mapPoint, 6 steps, the
//              same fill) resampled with a Keys cubic (a = −0.5) instead of bilinear: the same
//              geometry with far less smoothing
//   roundtrip  the suite's elastic image resampled back through mapPoint (bilinear): no net
//              geometry, the bilinear smoothing twice
//   half       (only when named in VARIANTS) the clean image moved by (0.5, 0.5) px, bilinear:
//              the strongest smoothing of one bilinear pass everywhere, no warp
//   half-cubic (only when named) the same move with the Keys cubic
//   smooth     (only when named) the clean image blurred by [¼ ½ ¼]×[¼ ½ ¼] in place (the half-pixel
//              bilinear move there and back: twice `half`'s smoothing, no shift): a dose check
//   resolution (only when named) the suite's `resolution` images (bilinear rescale, same seeds)
//   resolution-cubic (only when named) the same rescale factor, size and fill, Keys cubic: how
//              much of `resolution`'s cost is the bilinear kernel's smoothing
// with mean EERs, paired differences [95 %] from resampling whole fingers, and per variant the
// share of minutiae with no clean minutia (moved by mapPoint; identity for roundtrip) within
// 12 px / 30°, and the share of clean ones (inside the image by 10 px) with no counterpart.
//
//   node bench/extraction/elastic-blur.mjs DATA_DIR [SEED] ['{"PARAM":VALUE}'] [VARIANTS]
//
// VARIANTS: comma-separated, default bilinear,cubic,roundtrip (the differences printed are
// each variant's against clean and the second against the first).
//
// Figures in bench/RESULTS.md ("Elastic distortion: which stage of the extraction").
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { greyPercentile } from '../../dist/perturbation/warp-image.js';
import { createGrayImage } from '../../dist/core/index.js';
import { bilinear, clamp, cubic, moveHalfPixel, smoothQuarter } from './resample-grey.mjs';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, seedText = '1', changes = '{}', variantsArg = 'bilinear,cubic,roundtrip'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: elastic-blur.mjs DATA_DIR [SEED] ['{\"PARAM\":VALUE}']\n");
  process.exit(2);
}
const seed = Number(seedText);
const parameters = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const EDGE = 10;


function variant(image, kind, k, i) {
  if (kind === 'resolution' || kind === 'resolution-cubic') {
    const r = perturbImage(image, 'resolution', mixSeed(seed, 0, k, i));
    if (kind === 'resolution') return { image: r.image, map: r.mapPoint };
    const s = r.mapPoint(1, 0)[0], { width: w, height: h } = r.image;
    const fill = greyPercentile(image, 0.95), out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = clamp(cubic(image.data, image.width, image.height, x / s, y / s, fill));
    return { image: createGrayImage(w, h, out, image.ppi), map: r.mapPoint };
  }
  if (kind === 'smooth') return { image: smoothQuarter(image), map: (x, y) => [x, y] };
  const p = perturbImage(image, 'elastic', mixSeed(seed, 0, k, i));
  if (kind === 'bilinear') return { image: p.image, map: p.mapPoint };
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(w * h);
  if (kind === 'half' || kind === 'half-cubic') {
    return { image: moveHalfPixel(image, kind === 'half' ? bilinear : cubic), map: (x, y) => [x - 0.5, y - 0.5] };
  }
  if (kind === 'roundtrip') {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const f = p.mapPoint(x, y);
      out[y * w + x] = clamp(bilinear(p.image.data, w, h, f[0], f[1], 255));
    }
    return { image: createGrayImage(w, h, out, image.ppi), map: (x, y) => [x, y] };
  }
  // cubic: the warp's own backward map (6 fixed-point steps as distortElastically), its fill
  const fill = greyPercentile(image, 0.95);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let qx = x, qy = y;
    for (let it = 0; it < 6; it++) { const f = p.mapPoint(qx, qy); qx = x - (f[0] - qx); qy = y - (f[1] - qy); }
    out[y * w + x] = clamp(cubic(data, w, h, qx, qy, fill));
  }
  return { image: createGrayImage(w, h, out, image.ppi), map: p.mapPoint };
}

const angDiff = (a, b) => { let d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => (n.x - m.x) ** 2 + (n.y - m.y) ** 2 <= 144 && angDiff(n.angle, m.angle) <= Math.PI / 6);
function moved(t, map) {
  return t.minutiae.map((m) => {
    const p = map(m.x, m.y), q = map(m.x + 6 * Math.cos(m.angle), m.y - 6 * Math.sin(m.angle));
    return { x: p[0], y: p[1], angle: Math.atan2(-(q[1] - p[1]), q[0] - p[0]) };
  });
}

const KINDS = variantsArg.split(',');
for (const k of KINDS) if (!['bilinear', 'cubic', 'roundtrip', 'half', 'half-cubic', 'smooth', 'resolution', 'resolution-cubic'].includes(k)) throw new Error(`unknown variant ${k}`);
const cleanT = sets.map((s) => extractEvalSet(s, { parameters }).templates);
const runs = [sets.map((s, k) => scoreEvalSet(s.fingers, cleanT[k]))];
const counts = {};
for (const kind of KINDS) {
  process.stderr.write(`${kind}\n`);
  const c = (counts[kind] = { found: 0, falseFound: 0, clean: 0, lost: 0 });
  runs.push(sets.map((s, k) => {
    const maps = [];
    const t = extractEvalSet(s, { parameters, transform: (image, i) => { const v = variant(image, kind, k, i); maps[i] = v.map; return v.image; } }).templates;
    t.forEach((pt, i) => {
      const ct = cleanT[k][i];
      if (!pt || !ct || !maps[i]) return;
      const { width: w, height: h } = pt;
      const inside = (m) => m.x >= EDGE && m.y >= EDGE && m.x < w - EDGE && m.y < h - EDGE;
      const mv = moved(ct, maps[i]);
      for (const m of pt.minutiae) { if (!inside(m)) continue; c.found++; if (!near(m, mv)) c.falseFound++; }
      for (const m of mv) { if (!inside(m)) continue; c.clean++; if (!near(m, pt.minutiae)) c.lost++; }
    });
    return scoreEvalSet(s.fingers, t);
  }));
}
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const f = bootstrapErrorRates(runs, (r) => {
  const m = r.map((x) => mean(x.map((e) => e.eer)));
  return [...m, ...m.slice(1).map((v) => v - m[0]), ...(m.length > 2 ? [m[2] - m[1]] : [])];
}, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
const labels = ['clean', ...KINDS, ...KINDS.map((k) => `${k} − clean`), ...(KINDS.length > 1 ? [`${KINDS[1]} − ${KINDS[0]}`] : [])];
const pct = (v) => (v * 100).toFixed(2);
const out = Object.fromEntries(f.map((e, i) => [labels[i], `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`]));
const perSet = Object.fromEntries(runs.map((r, i) => [['clean', ...KINDS][i], r.map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')]));
const minutiae = Object.fromEntries(KINDS.map((k) => [k, { falsePercent: pct(counts[k].falseFound / counts[k].found), lostPercent: pct(counts[k].lost / counts[k].clean), found: counts[k].found, clean: counts[k].clean }]));
process.stdout.write(`${JSON.stringify({ seed, changes: JSON.parse(changes), meanEerPercent: out, perSet, minutiae }, null, 2)}\n`);
