#!/usr/bin/env node
// The ridge-period field as evidence beyond the orientation map (issue 12, pmap): a prototype
// measured post hoc on top of the shipped matcher (which already applies the orientation map,
// `orientationAgreementWeight` 16 on 16-px cells: F16q4); nothing in the matcher changes.
//
//   node bench/matching/period-field.mjs DATA_DIR [KIND …] [--seed S] [--rounds R] [--tau T]
//
// DATA_DIR holds fvc2002/DB1_B … DB4_B (DB2 is read at 569 ppi). KINDs are perturbations of the
// suite (default: dry elastic resolution), drawn with the seeds `paired-option.mjs` uses for SEED
// (default 1); `clean` is always measured. Every image is analysed and extracted with the shipped
// parameters, every unordered pair scored by the shipped matcher (compareTemplatesDetailed with
// MATCHING_PARAMETERS, a < b as scoreEvalSet), and agreements of the ridge period
// (the analysis's `frequency.period`, 8-px blocks, inside the print only) computed for its best pairing:
//   P16     cells of 16 px (the mean ln period of a cell's foreground blocks, the cell inside when at
//           least half its blocks are); the pairs' least-squares rigid fit carries the probe's cells
//           into the candidate; the mean over cells inside both of exp(−|ln p − ln p'| / τ) (τ 0.1).
//   P16q4 / P16q6   the same with ln period quantised to 16 / 64 steps over
//           [ln frequencyMinPeriod, ln frequencyMaxPeriod] (4 / 6 bits a cell).
//   Pmed    exp(−|ln median p − ln median p'| / τ) of the two prints' median periods (no fit; one
//           number a template).
//   P16rel  P16 on ln p minus the print's median ln p (the field's shape, blind to scale).
// A missing agreement (too few common cells) counts as 0.5. Fused score s · exp(k · (P − 0.5)) on
// the shipped score s. Reported as beyond-geometry.mjs reports: distributions, AUCs (all; at or
// above each set's 99th impostor percentile; lowest 5 % genuine against top 1 % impostor), and the
// mean-EER change of the fused score against the shipped one with 95 % intervals from resampling
// whole fingers, k tuned on the four clean sets and k picked on three clean sets for the fourth.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { analyzeFingerprint, extractFromAnalysis } from '../../dist/extraction/index.js';
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
const TAU = Number(option('--tau', '0.1'));
const [dataDir, ...kindArgs] = args;
if (!dataDir) {
  process.stderr.write('usage: period-field.mjs DATA_DIR [KIND …] [--seed S] [--rounds R] [--tau T]\n');
  process.exit(2);
}
const kinds = ['clean', ...(kindArgs.length ? kindArgs : ['dry', 'elastic', 'resolution']).filter((k) => k !== 'clean')];
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);

const CELL = 16;
const LN_MIN = Math.log(EXTRACTION_PARAMETERS.frequencyMinPeriod), LN_MAX = Math.log(EXTRACTION_PARAMETERS.frequencyMaxPeriod);
const MIN_COMMON_CELLS = 16;

/** ln period per 16-px cell (NaN outside the print), optionally quantised to `levels` steps. */
function periodCells(frequency, mask, levels) {
  const { grid, period } = frequency;
  const f = CELL / grid.blockSize;
  const cols = Math.ceil(grid.cols / f), rows = Math.ceil(grid.rows / f);
  const v = new Float32Array(cols * rows).fill(NaN);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      let sum = 0, inside = 0, all = 0;
      for (let y = cy * f; y < Math.min(grid.rows, (cy + 1) * f); y++) {
        for (let x = cx * f; x < Math.min(grid.cols, (cx + 1) * f); x++) {
          const i = y * grid.cols + x;
          all++;
          if (!mask.blocks[i]) continue;
          inside++;
          sum += Math.log(period[i]);
        }
      }
      if (2 * inside < all || inside === 0) continue;
      let lp = sum / inside;
      if (levels) {
        const step = (LN_MAX - LN_MIN) / (levels - 1);
        lp = LN_MIN + Math.round((Math.min(LN_MAX, Math.max(LN_MIN, lp)) - LN_MIN) / step) * step;
      }
      v[cy * cols + cx] = lp;
    }
  }
  return { cols, rows, v };
}

function medianLnPeriod(frequency, mask) {
  const vals = [];
  for (let i = 0; i < frequency.period.length; i++) if (mask.blocks[i]) vals.push(Math.log(frequency.period[i]));
  if (!vals.length) return NaN;
  vals.sort((a, b) => a - b);
  return vals[vals.length >> 1];
}

function keep(image, params) {
  const analysis = analyzeFingerprint(image, params);
  const template = extractFromAnalysis(image, analysis, params, NO_DEBUG);
  const { frequency, mask } = analysis;
  const med = medianLnPeriod(frequency, mask);
  const p16 = periodCells(frequency, mask, 0);
  const rel = { ...p16, v: p16.v.map((x) => x - med) };
  return { template, med, p16, p16q4: periodCells(frequency, mask, 16), p16q6: periodCells(frequency, mask, 64), rel };
}

function extractAll(kind) {
  return sets.map((s, k) => s.items.map((item, i) => {
    if (!item || !('image' in item)) return null;
    const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
    try {
      return keep(image, EXTRACTION_PARAMETERS);
    } catch (err) {
      if (isFailureToEnrol(err)) return null;
      throw err;
    }
  }));
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

/** Mean of exp(−|Δ ln p| / τ) over the probe's cells that the fit carries into the candidate's print. */
function periodAgreement(fit, a, b) {
  let sum = 0, n = 0;
  for (let y = 0; y < a.rows; y++) {
    for (let x = 0; x < a.cols; x++) {
      const va = a.v[y * a.cols + x];
      if (Number.isNaN(va)) continue;
      const dx = (x + 0.5) * CELL - fit.px, dy = (y + 0.5) * CELL - fit.py;
      const tx = Math.floor((fit.cx + fit.cos * dx - fit.sin * dy) / CELL), ty = Math.floor((fit.cy + fit.sin * dx + fit.cos * dy) / CELL);
      if (tx < 0 || ty < 0 || tx >= b.cols || ty >= b.rows) continue;
      const vb = b.v[ty * b.cols + tx];
      if (Number.isNaN(vb)) continue;
      sum += Math.exp(-Math.abs(va - vb) / TAU);
      n++;
    }
  }
  return n >= MIN_COMMON_CELLS ? sum / n : NaN;
}

// ---- scoring --------------------------------------------------------------------------------
const FEATURES = ['P16', 'P16q4', 'P16q6', 'Pmed', 'P16rel'];
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
        const A = items[a], B = items[b];
        feats.Pmed[a * n + b] = Math.exp(-Math.abs(A.med - B.med) / TAU);
        if (pairs.length < 3) continue;
        const fit = rigidFit(A, B, pairs);
        feats.P16[a * n + b] = periodAgreement(fit, A.p16, B.p16);
        feats.P16q4[a * n + b] = periodAgreement(fit, A.p16q4, B.p16q4);
        feats.P16q6[a * n + b] = periodAgreement(fit, A.p16q6, B.p16q6);
        feats.P16rel[a * n + b] = periodAgreement(fit, A.rel, B.rel);
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
  P16: GRID.map((k) => ({ P16: k })),
  P16q4: GRID.map((k) => ({ P16q4: k })),
  P16q6: GRID.map((k) => ({ P16q6: k })),
  Pmed: GRID.map((k) => ({ Pmed: k })),
  P16rel: GRID.map((k) => ({ P16rel: k })),
  'Pmed+P16rel': GRID.flatMap((ka) => GRID.map((kb) => ({ Pmed: ka, P16rel: kb }))),
};
const result = { seed, rounds, tau: TAU, kinds, ...reportFusion(scored, kinds, forms, FEATURES, { seed, rounds }) };
result.seconds = Math.round((Date.now() - started) / 1000);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
