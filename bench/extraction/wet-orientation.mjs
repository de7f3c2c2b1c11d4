#!/usr/bin/env node
// Where a perturbation's orientation field goes wrong, and which of its errors cost (issue 12,
// wetorient). Every image of the four FVC2002 B sets (DB2 at 569 ppi) is perturbed by KIND with
// the seeds `afis eval perturb --kinds KIND` uses, and its orientation field compared with the
// clean image's, block by block inside both masks:
//   - the angle difference by region (wet only: spread half without a blob, a flooded blob
//     (mean flood weight ≥ 0.1 over the block), the other half without a blob), by the clean
//     field's coherence, by the distance (blocks) from the clean mask's edge, and the coherence
//     the perturbed field reads there;
//   - partial oracles (as field-oracle.mjs: the clean mask with every variant): the clean
//     orientation put back only in the blocks of one class (|Δ| > 10°, |Δ| ≤ 10°, the spread half,
//     the other half), the perturbed period kept, so which errors carry the orientation's cost is
//     read off the EERs.
//
//   node bench/extraction/wet-orientation.mjs DATA_DIR [KIND] [SEED] [--sets 3,4] [--no-oracle] [--params JSON]
//
// --params: extraction parameter changes both arms (clean and perturbed) are analysed with, e.g.
// '{"orientationFromRidgeNet":1}' (wetfield): the option's perturbed field against its own clean field.
// RIDGE_NET_MODEL (env): the ridge network's model file (useRidgeNetModel), for that option.
//
// Figures in bench/RESULTS.md ("The orientation field under spread ridges").
import path from 'node:path';
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as SHIPPED, PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { enhanceRidges, extractFromAnalysis, prepareAnalysis, selectFilters, useRidgeNetModel } from '../../dist/extraction/index.js';
if (process.env.RIDGE_NET_MODEL) useRidgeNetModel(process.env.RIDGE_NET_MODEL);
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { drawWetLayout, perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const setsAt = args.indexOf('--sets');
const only = setsAt >= 0 ? args.splice(setsAt, 2)[1].split(',').map(Number) : [1, 2, 3, 4];
const noOracle = args.includes('--no-oracle');
const paramsAt = args.indexOf('--params');
const changes = paramsAt >= 0 ? JSON.parse(args.splice(paramsAt, 2)[1]) : {};
const P = { ...SHIPPED, ...changes };
const [dataDir, kind = 'wet', seedArg = '1'] = args.filter((a) => a !== '--no-oracle');
if (!dataDir) {
  console.error('usage: node bench/extraction/wet-orientation.mjs DATA_DIR [KIND] [SEED] [--sets 3,4] [--no-oracle]');
  process.exit(2);
}
const seed = Number(seedArg);
const S = path.join(dataDir, 'fvc2002');
const all = [`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`];
const sets = await readEvalSets(all);

/** The field with the clean field's blocks (angle and coherence, or one of them) where `take` says. */
function mixField(own, clean, take) {
  const cos2 = Float32Array.from(own.cos2), sin2 = Float32Array.from(own.sin2), angle = Float32Array.from(own.angle), coherence = Float32Array.from(own.coherence);
  for (let i = 0; i < take.length; i++) {
    // take[i]: 1 = the clean angle and coherence, 2 = the clean angle only, 3 = the clean coherence only
    if (take[i] === 1 || take[i] === 2) { cos2[i] = clean.cos2[i]; sin2[i] = clean.sin2[i]; angle[i] = clean.angle[i]; }
    if (take[i] === 1 || take[i] === 3) coherence[i] = clean.coherence[i];
  }
  return { grid: own.grid, cos2, sin2, angle, coherence };
}

/** Chamfer distance (blocks, 4-neighbour) from the nearest background block. */
function edgeDistance(blocks, cols, rows) {
  const d = new Int32Array(cols * rows).fill(1 << 20);
  const q = [];
  for (let i = 0; i < d.length; i++) if (!blocks[i]) { d[i] = 0; q.push(i); }
  // blocks on the image border count as one from the edge
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const i = r * cols + c;
    if (blocks[i] && (r === 0 || c === 0 || r === rows - 1 || c === cols - 1) && d[i] > 1) { d[i] = 1; q.push(i); }
  }
  for (let h = 0; h < q.length; h++) {
    const i = q[h], r = (i / cols) | 0, c = i % cols;
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const rr = r + dr, cc = c + dc;
      if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue;
      const j = rr * cols + cc;
      if (d[j] > d[i] + 1) { d[j] = d[i] + 1; q.push(j); }
    }
  }
  return d;
}

const bins = {
  region: ['spread', 'blob', 'other half'],
  coherence: ['<0.3', '0.3-0.5', '0.5-0.7', '0.7-0.85', '>=0.85'],
  edge: ['1', '2', '3', '4-5', '6+'],
};
const cohBin = (c) => (c < 0.3 ? 0 : c < 0.5 ? 1 : c < 0.7 ? 2 : c < 0.85 ? 3 : 4);
const edgeBin = (d) => (d <= 1 ? 0 : d === 2 ? 1 : d === 3 ? 2 : d <= 5 ? 3 : 4);
const newAcc = () => ({ n: 0, sum: 0, over10: 0, over20: 0, cohClean: 0, cohOwn: 0 });
const add = (a, deg, cc, co) => { a.n++; a.sum += deg; if (deg > 10) a.over10++; if (deg > 20) a.over20++; a.cohClean += cc; a.cohOwn += co; };
const show = (a) => a.n ? `n ${a.n}, mean ${(a.sum / a.n).toFixed(2)}°, >10° ${(100 * a.over10 / a.n).toFixed(1)} %, >20° ${(100 * a.over20 / a.n).toFixed(1)} %, coherence clean/own ${(a.cohClean / a.n).toFixed(2)}/${(a.cohOwn / a.n).toFixed(2)}` : 'n 0';

const variants = noOracle ? {} : {
  shipped: () => null,
  'clean mask': (d) => d.map(() => 0),
  'clean orientation': (d) => d.map(() => 1),
  'clean angles, own coherence': (d) => d.map(() => 2),
  'clean coherence, own angles': (d) => d.map(() => 3),
  'clean where |Δ|>10°': (d) => d.map((x) => (x > 10 ? 1 : 0)),
  'clean where |Δ|<=10°': (d) => d.map((x) => (x <= 10 ? 1 : 0)),
  'clean where |Δ|>10°, own coherence >= 0.35': (d, sp, coh) => d.map((x, i) => (x > 10 && coh[i] >= 0.35 ? 1 : 0)),
  'clean where |Δ|>10°, own coherence < 0.35': (d, sp, coh) => d.map((x, i) => (x > 10 && coh[i] < 0.35 ? 1 : 0)),
  'clean where 5°<|Δ|<=10°': (d) => d.map((x) => (x > 5 && x <= 10 ? 1 : 0)),
  'clean where |Δ|>5°': (d) => d.map((x) => (x > 5 ? 1 : 0)),
  'clean in the spread half': (d, sp) => sp,
  'clean in the other half': (d, sp) => sp.map((x) => 1 - x),
};
const report = { kind, seed, changes, sets: {} };
const started = Date.now();
for (const [k, set] of sets.entries()) {
  if (!only.includes(k + 1)) continue;
  const acc = { all: newAcc(), ...Object.fromEntries(Object.entries(bins).flatMap(([g, names]) => names.map((nm) => [`${g} ${nm}`, newAcc()]))) };
  const templates = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  for (const [i, item] of set.items.entries()) {
    const image = item.image;
    const s = mixSeed(seed, 0, k, i);
    const p = perturbImage(image, kind, s);
    const layout = kind === 'wet' ? drawWetLayout(image, createRng(s), PERTURBATION_PARAMETERS) : null;
    const clean = prepareAnalysis(image, P);
    const own = prepareAnalysis(p.image, P);
    const { cols, rows, blockSize } = clean.orientation.grid;
    const n = cols * rows;
    const edge = edgeDistance(clean.mask.blocks, cols, rows);
    const delta = new Float32Array(n);
    const spread = new Uint8Array(n);
    for (let b = 0; b < n; b++) {
      const r = (b / cols) | 0, c = b % cols;
      let d = Math.abs(clean.orientation.angle[b] - own.orientation.angle[b]);
      if (d > Math.PI / 2) d = Math.PI - d;
      delta[b] = (d * 180) / Math.PI;
      const x0 = c * blockSize, y0 = r * blockSize;
      spread[b] = layout && layout.spread(x0 + blockSize / 2, y0 + blockSize / 2) ? 1 : 0;
      if (!clean.mask.blocks[b] || !own.mask.blocks[b]) continue;
      let flood = 0, m = 0;
      if (layout) {
        for (let y = y0; y < Math.min(image.height, y0 + blockSize); y++) for (let x = x0; x < Math.min(image.width, x0 + blockSize); x++) { flood += layout.floodWeight[y * image.width + x]; m++; }
      }
      const region = !layout ? -1 : flood / Math.max(1, m) >= 0.1 ? 1 : spread[b] ? 0 : 2;
      const cc = clean.orientation.coherence[b], co = own.orientation.coherence[b];
      add(acc.all, delta[b], cc, co);
      if (region >= 0) add(acc[`region ${bins.region[region]}`], delta[b], cc, co);
      add(acc[`coherence ${bins.coherence[cohBin(cc)]}`], delta[b], cc, co);
      add(acc[`edge ${bins.edge[edgeBin(edge[b])]}`], delta[b], cc, co);
    }
    for (const [name, pick] of Object.entries(variants)) {
      const take = pick(Array.from(delta), Array.from(spread), Array.from(own.orientation.coherence));
      const orientation = take ? mixField(own.orientation, clean.orientation, take) : own.orientation;
      const mask = take ? clean.mask : own.mask;
      const selection = selectFilters(p.image.width, p.image.height, orientation, own.frequency, P);
      const enhanced = enhanceRidges(own.normalized, selection, mask.pixels, P);
      let t = null;
      try { t = extractFromAnalysis(p.image, { ...own, orientation, mask, enhanced }, P, NO_DEBUG); } catch { t = null; }
      templates[name].push(t);
    }
  }
  const eers = Object.fromEntries(Object.keys(variants).map((v) => [v, (100 * allPairsErrorRates(scoreEvalSet(set.fingers, templates[v])).eer).toFixed(2)]));
  report.sets[set.label ?? `DB${k + 1}`] = { eerPercent: eers, blocks: Object.fromEntries(Object.entries(acc).map(([kk, a]) => [kk, show(a)])) };
  console.error(`DB${k + 1} done, ${Math.round((Date.now() - started) / 1000)} s`);
}
report.seconds = Math.round((Date.now() - started) / 1000);
console.log(JSON.stringify(report, null, 1));
