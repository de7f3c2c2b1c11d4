#!/usr/bin/env node
// Evidence beyond minutia geometry (issue 12, odesc): does anything the matcher does not read —
// the orientation field around the paired minutiae, or the ridge counts between them — tell
// genuine from impostor pairings? A prototype measured post hoc, nothing in the matcher changes.
//
//   node bench/matching/beyond-geometry.mjs DATA_DIR [KIND …] [--seed S] [--rounds R]
//
// DATA_DIR holds fvc2002/DB1_B … DB4_B (DB2 is read at 569 ppi). KINDs are perturbations of the
// suite (default: dry elastic), drawn with the seeds `paired-option.mjs` uses for SEED (default 1);
// `clean` is always measured. Every image is analysed and extracted with the shipped parameters
// (extractFromAnalysis on analyzeFingerprint: the same template extractTemplate returns), every
// unordered pair scored by the shipped matcher (compareTemplatesDetailed, a < b as scoreEvalSet),
// and three agreements of its best pairing computed from the two analyses:
//   A  descriptor: per paired minutia, the orientation field sampled on four rings around it
//      (radii 27, 45, 63, 81 px, 10/16/22/28 points, placed and measured relative to the minutia's
//      direction: Tico & Kuosmanen, "Fingerprint matching using an orientation-based minutia
//      descriptor", IEEE PAMI 25(8), 2003); a pair's similarity is the mean of cos 2Δ over the
//      points inside both prints, mapped to 0–1; the comparison's is the mean over its pairs.
//   F  field: the pairs' least-squares rigid fit carries the probe's foreground blocks into the
//      candidate; the mean of cos 2Δ of the ridge orientation (turned by the fit's rotation) over
//      the blocks inside both, mapped to 0–1.
//   B  ridge counts: for every two paired minutiae 16–128 px apart, the ridges the straight
//      segment crosses in each image's binarised ridges; the share of such edges whose counts
//      differ by at most 1.
// F16 / F16q4 / A16: F and A on the field as a template could carry it (cells of 16 px, the
// doubled-angle mean of their 8-px blocks, the angle in 255 or 15 steps over π); the shipped form
// of F16q4 is `orientationMapCell` + `orientationAgreementWeight`.
// A missing agreement (too few pairs, points or edges) counts as 0.5 ('missing = 1': as 1). Fused score
// s · exp(k · (agreement − 0.5)) (one parameter k; for A+B two). Reported: the agreements'
// distributions (genuine against impostor), their AUC among all comparisons with a score and
// among those at or above the set's 99th impostor percentile, and the mean-EER change of the
// fused score with 95 % intervals from resampling whole fingers (bootstrapErrorRates, the same
// draws for all arms): k tuned on the four clean sets ("tuned"), and k picked on three clean sets
// for the fourth ("leave one set out"). Figures in bench/RESULTS.md.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { analyzeFingerprint, extractFromAnalysis, binarizeRidges, withHeldOutRidgeNet } from '../../dist/extraction/index.js';
import { prepareTemplate, compareTemplatesDetailed } from '../../dist/matching/index.js';
import { FUSION_GRID as GRID, reportFusion } from './fused-evidence.mjs';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { isFailureToEnrol, NO_DEBUG } from '../../dist/core/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const seed = Number(option('--seed', '1'));
const rounds = Number(option('--rounds', '300'));
const [dataDir, ...kindArgs] = args;
if (!dataDir) {
  process.stderr.write('usage: beyond-geometry.mjs DATA_DIR [KIND …] [--seed S] [--rounds R]\n');
  process.exit(2);
}
const kinds = ['clean', ...(kindArgs.length ? kindArgs : ['dry', 'elastic']).filter((k) => k !== 'clean')];
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);

// ---- what each impression keeps beside its template -------------------------------------
const RADII = [27, 45, 63, 81];
const POINTS = [10, 16, 22, 28];
const SAMPLES = POINTS.reduce((a, b) => a + b, 0);
const MIN_COMMON_POINTS = 16;

/** The field's doubled-angle unit vector at (x, y) (image coordinates), or null outside the print. */
function fieldAt(view, x, y) {
  const { grid, blocks } = view;
  const cx = Math.floor(x / grid.blockSize), cy = Math.floor(y / grid.blockSize);
  if (cx < 0 || cy < 0 || cx >= grid.cols || cy >= grid.rows) return null;
  const i = cy * grid.cols + cx;
  return blocks[i] ? i : null;
}

/** Tico–Kuosmanen rings of one minutia: per point cos and sin of twice the field's angle relative to the minutia (NaN outside). */
function describe(view, m) {
  const dir = -m.angle; // template angle (counter-clockwise on screen) → image angle (y down)
  const out = new Float32Array(2 * SAMPLES).fill(NaN);
  let o = 0;
  const c = Math.cos(2 * dir), s = Math.sin(2 * dir);
  for (let r = 0; r < RADII.length; r++) {
    for (let j = 0; j < POINTS[r]; j++, o++) {
      const phi = dir + (2 * Math.PI * j) / POINTS[r];
      const i = fieldAt(view, m.x + RADII[r] * Math.cos(phi), m.y + RADII[r] * Math.sin(phi));
      if (i === null) continue;
      // doubled field angle minus doubled minutia direction
      out[2 * o] = view.cos2[i] * c + view.sin2[i] * s;
      out[2 * o + 1] = view.sin2[i] * c - view.cos2[i] * s;
    }
  }
  return out;
}

/**
 * The field as a template could carry it: cells of `cell` px (whole 8-px blocks), the doubled-angle
 * mean of the foreground blocks of a cell (the cell inside when at least half its blocks are),
 * the angle quantised to `levels` steps over π.
 */
function coarseView(view, cell, levels) {
  const { grid } = view;
  const f = cell / grid.blockSize;
  const cols = Math.ceil(grid.cols / f), rows = Math.ceil(grid.rows / f);
  const blocks = new Uint8Array(cols * rows), cos2 = new Float32Array(cols * rows), sin2 = new Float32Array(cols * rows);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      let c = 0, s = 0, inside = 0, all = 0;
      for (let y = cy * f; y < Math.min(grid.rows, (cy + 1) * f); y++) {
        for (let x = cx * f; x < Math.min(grid.cols, (cx + 1) * f); x++) {
          const i = y * grid.cols + x;
          all++;
          if (!view.blocks[i]) continue;
          inside++;
          c += view.cos2[i];
          s += view.sin2[i];
        }
      }
      const o = cy * cols + cx;
      if (2 * inside < all || (c === 0 && s === 0)) continue;
      const a2 = Math.atan2(s, c); // doubled angle
      const theta = ((a2 < 0 ? a2 + 2 * Math.PI : a2) / 2) % Math.PI;
      const qTheta = (Math.round((theta / Math.PI) * levels) % levels) * (Math.PI / levels);
      blocks[o] = 1;
      cos2[o] = Math.cos(2 * qTheta);
      sin2[o] = Math.sin(2 * qTheta);
    }
  }
  return { grid: { blockSize: cell, cols, rows }, blocks, cos2, sin2 };
}

function keep(image, params) {
  const analysis = analyzeFingerprint(image, params);
  const template = extractFromAnalysis(image, analysis, params, NO_DEBUG);
  const { orientation, mask } = analysis;
  const view = { grid: orientation.grid, blocks: mask.blocks, cos2: orientation.cos2, sin2: orientation.sin2, coherence: orientation.coherence };
  const ridges = binarizeRidges(analysis.enhanced, mask.pixels).ridges.data;
  const coarse = { view: coarseView(view, 16, 255) };
  const coarse4 = { view: coarseView(view, 16, 15) };
  return { template, view, coarse, coarse4, ridges, pixels: mask.pixels, width: analysis.width, height: analysis.height, descriptors: template.minutiae.map((m) => describe(view, m)), coarseDescriptors: template.minutiae.map((m) => describe(coarse.view, m)) };
}

function extractAll(kind) {
  // (each set read with the ridge network fold that never saw it when the shipped network was trained on it: withHeldOutRidgeNet)
  return sets.map((s, k) => withHeldOutRidgeNet(s.heldOutModel, () => s.items.map((item, i) => {
    if (!item || !('image' in item)) return null;
    const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
    try {
      return keep(image, EXTRACTION_PARAMETERS);
    } catch (err) {
      if (isFailureToEnrol(err)) return null;
      throw err;
    }
  })));
}

// ---- agreements of one pairing ------------------------------------------------------------
function descriptorAgreement(P, C, pairs) {
  let sum = 0, n = 0;
  for (const { probe, candidate } of pairs) {
    const a = P.descriptors[probe], b = C.descriptors[candidate];
    let s = 0, c = 0;
    for (let o = 0; o < SAMPLES; o++) {
      if (Number.isNaN(a[2 * o]) || Number.isNaN(b[2 * o])) continue;
      s += a[2 * o] * b[2 * o] + a[2 * o + 1] * b[2 * o + 1];
      c++;
    }
    if (c < MIN_COMMON_POINTS) continue;
    sum += (1 + s / c) / 2;
    n++;
  }
  return n >= 2 ? sum / n : NaN;
}

/** Least-squares rotation and translation carrying the probe's paired minutiae onto the candidate's. */
function rigidFit(P, C, pairs) {
  let px = 0, py = 0, cx = 0, cy = 0;
  for (const { probe, candidate } of pairs) {
    px += P.template.minutiae[probe].x; py += P.template.minutiae[probe].y;
    cx += C.template.minutiae[candidate].x; cy += C.template.minutiae[candidate].y;
  }
  const n = pairs.length;
  px /= n; py /= n; cx /= n; cy /= n;
  let sxx = 0, sxy = 0;
  for (const { probe, candidate } of pairs) {
    const a = P.template.minutiae[probe], b = C.template.minutiae[candidate];
    const ax = a.x - px, ay = a.y - py, bx = b.x - cx, by = b.y - cy;
    sxx += ax * bx + ay * by;
    sxy += ax * by - ay * bx;
  }
  const rot = Math.atan2(sxy, sxx);
  return { rot, cos: Math.cos(rot), sin: Math.sin(rot), px, py, cx, cy };
}

function fieldAgreement(P, C, pairs) {
  if (pairs.length < 3) return NaN;
  const f = rigidFit(P, C, pairs);
  const c2 = Math.cos(2 * f.rot), s2 = Math.sin(2 * f.rot);
  const { grid, blocks, cos2, sin2 } = P.view;
  let sum = 0, n = 0;
  for (let by = 0; by < grid.rows; by++) {
    for (let bx = 0; bx < grid.cols; bx++) {
      const i = by * grid.cols + bx;
      if (!blocks[i]) continue;
      const x = (bx + 0.5) * grid.blockSize - f.px, y = (by + 0.5) * grid.blockSize - f.py;
      const j = fieldAt(C.view, f.cx + f.cos * x - f.sin * y, f.cy + f.sin * x + f.cos * y);
      if (j === null) continue;
      // probe's doubled angle turned by twice the rotation, against the candidate's
      const rc = cos2[i] * c2 - sin2[i] * s2, rs = sin2[i] * c2 + cos2[i] * s2;
      sum += rc * C.view.cos2[j] + rs * C.view.sin2[j];
      n++;
    }
  }
  return n >= 16 ? (1 + sum / n) / 2 : NaN;
}

/** Ridges the segment a→b crosses in an impression's binarised ridges (runs of ≥ 2 samples, 1-sample gaps bridged, the ends' own ridges not counted); −1 when it leaves the print. */
function ridgeCount(I, ax, ay, bx, by) {
  const n = Math.ceil(Math.hypot(bx - ax, by - ay));
  const on = new Uint8Array(n + 1);
  for (let t = 0; t <= n; t++) {
    const x = Math.round(ax + ((bx - ax) * t) / n), y = Math.round(ay + ((by - ay) * t) / n);
    if (x < 0 || y < 0 || x >= I.width || y >= I.height) return -1;
    const p = y * I.width + x;
    if (!I.pixels[p]) return -1;
    on[t] = I.ridges[p];
  }
  for (let t = 1; t < n; t++) if (!on[t] && on[t - 1] && on[t + 1]) on[t] = 1;
  const END = 3;
  let count = 0;
  for (let t = 0; t <= n;) {
    if (!on[t]) { t++; continue; }
    let u = t;
    while (u <= n && on[u]) u++;
    // run [t, u): counted when at least 2 samples and clear of both ends' own ridges
    if (u - t >= 2 && t >= END && u - 1 <= n - END) count++;
    t = u;
  }
  return count;
}

function ridgeCountAgreement(P, C, pairs) {
  let edges = 0, agree = 0;
  for (let u = 0; u < pairs.length; u++) {
    const pu = P.template.minutiae[pairs[u].probe], cu = C.template.minutiae[pairs[u].candidate];
    for (let v = u + 1; v < pairs.length; v++) {
      const pv = P.template.minutiae[pairs[v].probe], cv = C.template.minutiae[pairs[v].candidate];
      const d = Math.hypot(pv.x - pu.x, pv.y - pu.y);
      if (d < 16 || d > 128) continue;
      const a = ridgeCount(P, pu.x, pu.y, pv.x, pv.y);
      if (a < 0) continue;
      const b = ridgeCount(C, cu.x, cu.y, cv.x, cv.y);
      if (b < 0) continue;
      edges++;
      if (Math.abs(a - b) <= 1) agree++;
    }
  }
  return edges >= 3 ? agree / edges : NaN;
}

// ---- scoring --------------------------------------------------------------------------------
const FEATURES = ['A', 'F', 'B', 'F16', 'F16q4', 'A16'];
function scoreAll(kept) {
  return sets.map((s, k) => {
    const items = kept[k];
    const n = items.length;
    const prepared = items.map((it) => (it ? prepareTemplate(it.template, MATCHING_PARAMETERS) : null));
    const scores = new Float64Array(n * n);
    const feats = Object.fromEntries(FEATURES.map((f) => [f, new Float64Array(n * n).fill(NaN)]));
    for (let a = 0; a < n; a++) {
      if (!prepared[a]) continue;
      for (let b = a + 1; b < n; b++) {
        if (!prepared[b]) continue;
        const { score, pairs } = compareTemplatesDetailed(prepared[a], prepared[b], MATCHING_PARAMETERS);
        scores[a * n + b] = score;
        if (score <= 0 || pairs.length === 0) continue;
        feats.A[a * n + b] = descriptorAgreement(items[a], items[b], pairs);
        feats.F[a * n + b] = fieldAgreement(items[a], items[b], pairs);
        feats.B[a * n + b] = ridgeCountAgreement(items[a], items[b], pairs);
        const ca = { ...items[a].coarse, template: items[a].template }, cb = { ...items[b].coarse, template: items[b].template };
        feats.F16[a * n + b] = fieldAgreement(ca, cb, pairs);
        feats.F16q4[a * n + b] = fieldAgreement({ ...items[a].coarse4, template: items[a].template }, { ...items[b].coarse4, template: items[b].template }, pairs);
        feats.A16[a * n + b] = descriptorAgreement({ descriptors: items[a].coarseDescriptors }, { descriptors: items[b].coarseDescriptors }, pairs);
      }
    }
    return { fingers: s.fingers, scores, feats };
  });
}


// ---- run ------------------------------------------------------------------------------------
const started = Date.now();
const scored = {};
for (const kind of kinds) {
  const kept = extractAll(kind);
  scored[kind] = scoreAll(kept);
  process.stderr.write(`${kind}: extracted and scored (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

const forms = {
  A: GRID.map((k) => ({ A: k })),
  F: GRID.map((k) => ({ F: k })),
  B: GRID.map((k) => ({ B: k })),
  F16: GRID.map((k) => ({ F16: k })),
  'F16, missing = 1': GRID.map((k) => ({ F16: k, missing: 1 })),
  F16q4: GRID.map((k) => ({ F16q4: k })),
  A16: GRID.map((k) => ({ A16: k })),
  'A+B': GRID.flatMap((ka) => GRID.map((kb) => ({ A: ka, B: kb }))),
};
const result = { seed, rounds, kinds, ...reportFusion(scored, kinds, forms, FEATURES, { seed, rounds }) };
result.seconds = Math.round((Date.now() - started) / 1000);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
