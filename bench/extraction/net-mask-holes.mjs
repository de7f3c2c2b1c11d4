#!/usr/bin/env node
// Can the ridge network's map tell the print the mask lost from background? (issue 12, netmask)
// Each FVC2002 B image is extracted clean and perturbed by KIND (the seeds of `afis eval perturb
// --kinds KIND`: mixSeed(SEED, 0, set, image)). In the perturbed image, every 8-px block not in its
// mask, well inside the network's box (blocksWellInsideBox of the run prepareAnalysis made), whole
// inside the image, not beyond a found frame line (blocksBeyondLines, a block's margin, as the
// segmentation) and, under a frame, not beyond the drawn line's inner edge, is classed
//   lost        its centre, taken back to the clean image (unmapPoint), lies in the clean pixel mask
//   background  it does not
// and in the clean image every block not in its mask, well inside its own box, is clean background.
// Per block, on the network's map (run.map): coh = coherence of the map's gradient moments over the
// block and its 8 neighbours (segment-foreground's blockCoherence), rms = the map's RMS over the
// block, rel = rms over its median over the mask's blocks, hi = share of its pixels with |map| > 0.5, agree = the moment-weighted mean cos 2Δθ of its
// 8 neighbours' map directions against its own, dist = Chebyshev distance in blocks to the mask
// (dumped only: grey = the block's grey contrast over its median over the mask's blocks).
// With --mask-net FILE, also mnet = the learned print mask's contact probability of the block
// (runMaskNet on prepareFields' grey and normalised grey; issue 12, masknet). With --mask-net-folds
// DIR instead, each set's prints are read by DIR/fold-DBk.onnx, the network trained without that set
// (scripts/train-mask-net-real.sh; issue 12, maskreal).
// Prints per set and pooled, for each feature, AUC lost vs background and lost vs clean background,
// and for the touching blocks (dist 1) / dist ≤ 2 the share of lost blocks passing the threshold
// that passes 0.5 / 1 / 2 % of clean background (and the clean background share at half the lost);
// pooled, also the in-sample best of three thresholds at once (rms, coh, agree).
//
//   node bench/extraction/net-mask-holes.mjs DATA_DIR KIND SEED ['{"PARAM":VALUE}'] [--dump FILE] [--mask-net FILE | --mask-net-folds DIR]
//
// Figures in bench/RESULTS.md ("Can the ridge network's map fill the mask's holes…", netmask).
import { writeFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, PERTURBATION_PARAMETERS as PP } from '../../dist/config/parameters.js';
import { prepareAnalysis, prepareFields, computeBlockGradients, blocksWellInsideBox, runMaskNet } from '../../dist/extraction/index.js';
import { blockCoherence } from '../../dist/extraction/segment-foreground.js';
import { blocksBeyondLines, findFrameLines } from '../../dist/extraction/find-frame-lines.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { blockGridOf } from '../../dist/extraction/types.js';

const args = process.argv.slice(2);
const dumpAt = args.indexOf('--dump');
const dump = dumpAt >= 0 ? args.splice(dumpAt, 2)[1] : null;
const maskNetAt = args.indexOf('--mask-net');
const maskNetOne = maskNetAt >= 0 ? args.splice(maskNetAt, 2)[1] : null;
const foldsAt = args.indexOf('--mask-net-folds');
const maskNetFolds = foldsAt >= 0 ? args.splice(foldsAt, 2)[1] : null;
const maskNet = maskNetOne ?? maskNetFolds;
/** The mask network that reads set k's prints. */
const maskNetOf = (k) => (maskNetFolds ? `${maskNetFolds}/fold-DB${k + 1}.onnx` : maskNetOne);
const [dataDir, kind, seedText = '1', changes = '{}'] = args;
if (!dataDir || !kind) {
  process.stderr.write("usage: net-mask-holes.mjs DATA_DIR KIND SEED ['{\"PARAM\":VALUE}'] [--dump FILE]\n");
  process.exit(2);
}
const seed = Number(seedText);
const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const framed = kind.split('+').includes('frame');
const NAMES = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(NAMES.map((s) => `${dataDir}/fvc2002/${s}`));

/** Distance of a perturbed-image point inside the drawn frame line's inner edge (as chain-cost.mjs). */
function insideFrame(w, h, x, y) {
  const top = PP.frameVerticalInset * h, bottom = (1 - PP.frameVerticalInset) * h;
  const t = (y - top) / Math.max(1, bottom - top);
  const inset = (PP.frameTopInset + (PP.frameBottomInset - PP.frameTopInset) * t) * w;
  return Math.min(x - inset, w - 1 - inset - x, y - top, bottom - y) - PP.frameLineWidth;
}

/** Per-block map features of a prepared analysis, for the blocks `pick` selects. */
function features(a, pick, image, k) {
  let mnet = null;
  if (maskNet) {
    const f = prepareFields(image, P);
    mnet = runMaskNet(f.grey, f.normalized, f.mask.grid, maskNetOf(k));
  }
  const { width: w, height: h } = a.normalized;
  const run = a.ridgeNetRun;
  const grid = a.mask.grid;
  const { cols, rows, blockSize: bs } = grid;
  const g = computeBlockGradients(run.map, w, h, grid);
  const coh = blockCoherence(g);
  const inside = blocksWellInsideBox(run.box, grid, w, h);
  // Chebyshev distance to the mask, in blocks (two-pass)
  const n = cols * rows, INF = 1e9;
  const dist = new Float64Array(n).fill(INF);
  for (let b = 0; b < n; b++) if (a.mask.blocks[b]) dist[b] = 0;
  for (let pass = 0; pass < 2; pass++) {
    const order = pass === 0 ? [...Array(n).keys()] : [...Array(n).keys()].reverse();
    for (const b of order) {
      const c = b % cols, r = (b / cols) | 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const x = c + dx, y = r + dy;
        if (x < 0 || y < 0 || x >= cols || y >= rows) continue;
        const d = dist[y * cols + x] + 1;
        if (d < dist[b]) dist[b] = d;
      }
    }
  }
  // the map's RMS over each whole block, and its median over the mask's blocks (for rel)
  const rmsOf = (c, r) => {
    let s2 = 0;
    for (let y = r * bs; y < (r + 1) * bs; y++) for (let x = c * bs; x < (c + 1) * bs; x++) s2 += run.map[y * w + x] ** 2;
    return Math.sqrt(s2 / (bs * bs));
  };
  const inMask = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (a.mask.blocks[r * cols + c] && (c + 1) * bs <= w && (r + 1) * bs <= h) inMask.push(rmsOf(c, r));
  inMask.sort((x, y) => x - y);
  const maskRms = inMask.length ? inMask[inMask.length >> 1] : 1;
  const cm = [];
  for (let q = 0; q < a.mask.blocks.length; q++) if (a.mask.blocks[q]) cm.push(a.mask.contrast[q]);
  cm.sort((x, y) => x - y);
  const maskContrast = cm.length ? cm[cm.length >> 1] : 1;
  const out = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const b = r * cols + c;
    if (a.mask.blocks[b] || !inside[b] || (c + 1) * bs > w || (r + 1) * bs > h) continue;
    if (!pick(b, c, r)) continue;
    let s2 = 0, hi = 0;
    for (let y = r * bs; y < (r + 1) * bs; y++) for (let x = c * bs; x < (c + 1) * bs; x++) {
      const v = run.map[y * w + x];
      s2 += v * v;
      if (Math.abs(v) > 0.5) hi++;
    }
    // neighbours' agreement in direction (doubled angle of the moments: gradient direction)
    const d2 = (q) => { const cx = g.gxx[q] - g.gyy[q], sy = 2 * g.gxy[q]; const m = Math.hypot(cx, sy); return [cx, sy, m]; };
    const [c0, s0, m0] = d2(b);
    let num = 0, den = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      if (!dx && !dy) continue;
      const x = c + dx, y = r + dy;
      if (x < 0 || y < 0 || x >= cols || y >= rows) continue;
      const [c1, s1, m1] = d2(y * cols + x);
      if (m0 > 1e-12 && m1 > 1e-12) num += (c0 * c1 + s0 * s1) / m0;
      den += m1;
    }
    out.push({ b, coh: coh[b], rms: Math.sqrt(s2 / (bs * bs)), rel: Math.sqrt(s2 / (bs * bs)) / maskRms, hi: hi / (bs * bs), agree: den > 0 ? num / den : 0, dist: dist[b], grey: a.mask.contrast[b] / maskContrast, mnet: mnet ? mnet[b] : 0 });
  }
  return out;
}

const rowsOut = [];
for (let k = 0; k < sets.length; k++) {
  const set = sets[k];
  for (let i = 0; i < set.items.length; i++) {
    const img = set.items[i].image;
    const s = mixSeed(seed, 0, k, i);
    const p = perturbImage(img, kind, s);
    let a, b;
    try { a = prepareAnalysis(img, P); b = prepareAnalysis(p.image, P); } catch { continue; }
    if (!a.ridgeNetRun || !b.ridgeNetRun) continue;
    for (const f of features(a, () => true, img, k)) rowsOut.push({ set: k, img: i, cls: 'clean', ...f });
    const { width: w, height: h } = p.image;
    const grid = blockGridOf(w, h, P.blockSize);
    const bs = P.blockSize;
    const grey = new Float32Array(p.image.data);
    const lines = P.segmentationLineMinLength > 0 ? findFrameLines(grey, w, h, computeBlockGradients(grey, w, h, grid), P.segmentationLineMinLength, P.segmentationLineMargin, P.segmentationLineVoteWindow) : [];
    const beyond = lines.length ? blocksBeyondLines(grid, lines, bs) : null;
    const unmap = p.unmapPoint;
    for (const f of features(b, (q, c, r) => {
      if (beyond && beyond[q]) return false;
      const x = (c + 0.5) * bs, y = (r + 0.5) * bs;
      if (framed && insideFrame(w, h, x, y) < bs / 2) return false;
      return true;
    }, p.image, k)) {
      const c = f.b % grid.cols, r = (f.b / grid.cols) | 0;
      const q = unmap((c + 0.5) * bs, (r + 0.5) * bs);
      if (!q) continue;
      const xi = Math.round(q[0]), yi = Math.round(q[1]);
      if (xi < 0 || yi < 0 || xi >= img.width || yi >= img.height) continue;
      rowsOut.push({ set: k, img: i, cls: a.mask.pixels[yi * img.width + xi] ? 'lost' : 'background', ...f });
    }
  }
}
if (dump) writeFileSync(dump, JSON.stringify(rowsOut));

const FEATS = maskNet ? ['coh', 'rms', 'rel', 'hi', 'agree', 'mnet'] : ['coh', 'rms', 'rel', 'hi', 'agree'];
function auc(pos, neg, f) {
  const all = [...pos.map((r) => [r[f], 1]), ...neg.map((r) => [r[f], 0])].sort((x, y) => x[0] - y[0]);
  let rank = 0, sumPos = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const mid = (i + j + 1) / 2;
    for (let t = i; t < j; t++) if (all[t][1]) sumPos += mid;
    rank = j;
    i = j;
  }
  const np = pos.length, nn = neg.length;
  return np && nn ? (sumPos - (np * (np + 1)) / 2) / (np * nn) : NaN;
}
/** Share of `pos` at or above the threshold that lets through `share` of `neg`. */
function passAt(pos, neg, f, share) {
  const v = neg.map((r) => r[f]).sort((x, y) => y - x);
  const t = v.length ? v[Math.min(v.length - 1, Math.floor(share * v.length))] : -Infinity;
  return { t, lost: pos.filter((r) => r[f] > t).length / Math.max(1, pos.length) };
}
function bgAtHalf(pos, neg, f) {
  const v = pos.map((r) => r[f]).sort((x, y) => y - x);
  const t = v[Math.floor(v.length / 2)];
  return { t, bg: neg.filter((r) => r[f] >= t).length / Math.max(1, neg.length) };
}
/**
 * The best share of `pos` passing all three thresholds rms ≥ a, coh ≥ b, agree ≥ c (each from 40
 * quantiles of `neg`) while at most `share` of `neg` passes: an in-sample upper bound for a
 * three-feature rule.
 */
function bestTriple(pos, neg, share) {
  const qs = (f) => { const v = neg.map((r) => r[f]).sort((x, y) => x - y); return Array.from({ length: 40 }, (_, j) => v[Math.floor((j / 40) * 0.995 * v.length)]); };
  const qa = qs('rms'), qb = qs('coh');
  let best = { lost: 0 };
  for (const a of qa) for (const b of qb) {
    const n = neg.filter((r) => r.rms >= a && r.coh >= b).map((r) => r.agree).sort((x, y) => y - x);
    const p = pos.filter((r) => r.rms >= a && r.coh >= b).map((r) => r.agree).sort((x, y) => y - x);
    // the lowest agree threshold letting at most share·|neg| through
    const room = Math.floor(share * neg.length);
    const c = n.length <= room ? -Infinity : n[room];
    const lost = p.filter((v) => v > c).length / Math.max(1, pos.length);
    if (lost > best.lost) best = { lost, a, b, c };
  }
  return best;
}
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(3) : '—');
const report = { kind, seed, changes: JSON.parse(changes), groups: {} };
for (const [label, setIdx] of [...NAMES.map((n, j) => [n, [j]]), ['all', [0, 1, 2, 3]]]) {
  for (const [reach, maxD] of [['any', Infinity], ['d≤2', 2], ['d1', 1]]) {
    const pick = (cls) => rowsOut.filter((r) => setIdx.includes(r.set) && r.cls === cls && r.dist <= maxD);
    const lost = pick('lost'), bg = pick('background'), clean = pick('clean');
    const g = { lost: lost.length, background: bg.length, cleanBackground: clean.length };
    for (const f of FEATS) {
      g[f] = {
        aucBg: +fmt(auc(lost, bg, f)),
        aucClean: +fmt(auc(lost, clean, f)),
        at: Object.fromEntries([0.005, 0.01, 0.02].map((sh) => { const r = passAt(lost, clean, f, sh); return [`clean${sh * 100}%`, `t ${fmt(r.t)} lost ${(100 * r.lost).toFixed(1)}%`]; })),
        halfLost: (() => { const r = bgAtHalf(lost, clean, f); const r2 = bgAtHalf(lost, bg, f); return `t ${fmt(r.t)} clean bg ${(100 * r.bg).toFixed(2)}% pert bg ${(100 * r2.bg).toFixed(2)}%`; })(),
      };
    }
    if (label === 'all' && reach !== 'any') {
      g.triple = Object.fromEntries([0.005, 0.01, 0.02].map((sh) => { const r = bestTriple(lost, clean, sh); return [`clean${sh * 100}%`, `rms ≥ ${fmt(r.a)}, coh ≥ ${fmt(r.b)}, agree > ${fmt(r.c)}: lost ${(100 * r.lost).toFixed(1)}%`]; }));
    }
    report.groups[`${label} ${reach}`] = g;
  }
}
if (process.env.JSON) console.log(JSON.stringify(report, null, 1));
else {
  console.log(`${kind} seed ${seed} ${changes}`);
  for (const [name, g] of Object.entries(report.groups)) {
    console.log(`${name}: lost ${g.lost}, background ${g.background}, clean background ${g.cleanBackground}`);
    if (g.triple) console.log(`  three thresholds (in-sample best): ${Object.entries(g.triple).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    for (const f of FEATS) console.log(`  ${f.padEnd(5)} AUC lost/bg ${g[f].aucBg} lost/clean ${g[f].aucClean} | ${Object.entries(g[f].at).map(([k, v]) => `${k}: ${v}`).join('; ')} | half lost: ${g[f].halfLost}`);
  }
}
