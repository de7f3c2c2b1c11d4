#!/usr/bin/env node
// Minutia reliability learned from REAL prints, leave one set out (issue 12, parts 3–4; RESULTS
// "Minutia reliability learned from real prints"). Reads the pseudo-labels of
// real-minutia-labels.mjs and, for each held-out FVC2002 set k, fits a logistic model
// (rate-minutia-reliability.ts's 12 features, standardised, L2, Newton steps) on the labelled
// minutiae of the OTHER three sets only, and reports its held-out AUC on set k. Then set k is
// extracted with model k and all pairs scored with eval cv's code (scoreEvalSet), against the
// shipped extraction, two ways:
//   A (drop):   minutiaLogitDropBelow T; T chosen per fold among THRESHOLDS on the training sets
//               only, each training set j scored with an inner model fitted without j and k;
//               the choice is made again in every bootstrap draw, as eval cv does;
//   B (weight): minutiaLogitAsQuality 1 (quality = 100 p) with the matcher's
//               minutiaWeightFloor F, F chosen the same way among FLOORS.
// Each held-out figure uses only a model that never saw that set. Dry perturbation (eval
// perturb's seeds, `--kinds dry` alone) with the same fold models and the per-fold choice made on
// clean training sets. The stage is applied after extraction to the shipped template (the same
// minutiae, features and order as in the pipeline; `--verify` checks that against
// extractEvalSet with the fold parameters for every clean image).
//
//   node bench/extraction/real-minutia-folds.mjs DATA_DIR LABELS.json [--matching '{"P":V}'] [--kinds dry] [--seeds 1,2]
//     [--thresholds 0.3,0.5,0.7,0.8] [--floors 0.5,0.75] [--balanced] [--focus SET:NAME,…] [--verify] [--out FOLDS.json]
import { writeFileSync, readFileSync } from 'node:fs';
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, MATCHING_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis, measureMinutiaFeatures, minutiaProbabilities, MINUTIA_FEATURE_NAMES, MINUTIA_LOGIT_PARAMETERS } from '../../dist/extraction/index.js';
import { allPairsErrorRates, bootstrapErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const [dataDir, labelsPath] = args;
if (!dataDir || !labelsPath) { process.stderr.write('usage: real-minutia-folds.mjs DATA_DIR LABELS.json [--matching JSON] [--kinds dry] [--seeds 1,2] [--verify] [--out F.json]\n'); process.exit(2); }
const matching = { ...MATCHING_PARAMETERS, ...JSON.parse(opt('--matching', '{}')) };
const kinds = opt('--kinds', '') ? opt('--kinds', '').split(',') : [];
const seeds = opt('--seeds', '1,2').split(',').map(Number);
const THRESHOLDS = opt('--thresholds', '0.3,0.5,0.7,0.8').split(',').map(Number);
const FLOORS = opt('--floors', '0.5,0.75').split(',').map(Number);
// --balanced: both classes weigh the same in the fit (p spread over 0–1 instead of near the 96 % base rate)
const BALANCED = args.includes('--balanced');
const FOCUS = opt('--focus', '1:109_8.tif,2:110_3.tif,2:110_6.tif').split(',').map((x) => { const [k, name] = x.split(':'); return { k: Number(k), name }; });
const F = MINUTIA_FEATURE_NAMES.length;
const labels = JSON.parse(readFileSync(labelsPath, 'utf8'));
const S = labels.sets.length;
const log = (s) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

// ---- logistic regression (standardised features, L2 0.01 on the weights, Newton steps) ----
function fitLogistic(rows) {
  const n = rows.length;
  const mu = new Float64Array(F), sd = new Float64Array(F);
  for (const r of rows) for (let f = 0; f < F; f++) mu[f] += r.f[f] / n;
  for (const r of rows) for (let f = 0; f < F; f++) sd[f] += (r.f[f] - mu[f]) ** 2 / n;
  for (let f = 0; f < F; f++) sd[f] = Math.sqrt(sd[f]) || 1;
  const D = F + 1, lambda = 0.01 * n / 1000;
  const X = rows.map((r) => [1, ...r.f.map((v, f) => (v - mu[f]) / sd[f])]);
  const y = rows.map((r) => r.label);
  const pos = y.filter((v) => v === 1).length;
  const cw = y.map((v) => (BALANCED ? (v === 1 ? n / (2 * pos) : n / (2 * (n - pos))) : 1));
  const w = new Float64Array(D);
  for (let it = 0; it < 30; it++) {
    const g = new Float64Array(D), H = Array.from({ length: D }, () => new Float64Array(D));
    for (let i = 0; i < n; i++) {
      let z = 0; for (let d = 0; d < D; d++) z += w[d] * X[i][d];
      const p = 1 / (1 + Math.exp(-z)), s = cw[i] * p * (1 - p), r = cw[i] * (p - y[i]);
      for (let a = 0; a < D; a++) { g[a] += r * X[i][a]; for (let b = a; b < D; b++) H[a][b] += s * X[i][a] * X[i][b]; }
    }
    for (let a = 1; a < D; a++) { g[a] += lambda * w[a]; H[a][a] += lambda; }
    for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) H[a][b] = H[b][a];
    const step = solve(H, g);
    let m = 0; for (let d = 0; d < D; d++) { w[d] -= step[d]; m = Math.max(m, Math.abs(step[d])); }
    if (m < 1e-8) break;
  }
  // back to raw features: z = w0 + Σ w_f (x_f − μ_f) / σ_f
  const raw = new Float64Array(D);
  raw[0] = w[0];
  for (let f = 0; f < F; f++) { raw[f + 1] = w[f + 1] / sd[f]; raw[0] -= w[f + 1] * mu[f] / sd[f]; }
  return { raw, standardised: Array.from(w) };
}
function solve(A, b) {
  const n = b.length, M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c; for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) if (r !== c) { const k = M[r][c] / M[c][c]; for (let j = c; j <= n; j++) M[r][j] -= k * M[c][j]; }
  }
  return M.map((r, i) => r[n] / r[i]);
}
function auc(scores, ys) {
  const idx = scores.map((s, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rank = 0, sumPos = 0, nPos = 0, i = 0;
  while (i < idx.length) { let j = i; while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++; const r = (i + j) / 2 + 1; for (let k = i; k <= j; k++) if (ys[idx[k]] === 1) { sumPos += r; nPos++; } i = j + 1; rank = j; }
  const nNeg = idx.length - nPos;
  return (sumPos - nPos * (nPos + 1) / 2) / (nPos * nNeg);
}
const labelled = labels.sets.map((s) => s.rows.filter((r) => r.label !== null));
const modelWithout = new Map(); // key: sorted excluded set indices
const model = (...excluded) => {
  const key = [...excluded].sort().join(',');
  if (!modelWithout.has(key)) modelWithout.set(key, fitLogistic(labelled.filter((_, j) => !excluded.includes(j)).flat()));
  return modelWithout.get(key);
};
const probsOf = (feat, w) => minutiaProbabilities(feat, w);
const report = { features: MINUTIA_FEATURE_NAMES, labelRule: labels.rule, folds: [] };
for (let k = 0; k < S; k++) {
  const m = model(k);
  const rows = labelled[k];
  const feat = Float64Array.from(rows.flatMap((r) => r.f));
  const p = Array.from(probsOf(feat, m.raw));
  const ys = rows.map((r) => r.label);
  const single = Object.fromEntries(MINUTIA_FEATURE_NAMES.map((n, f) => [n, +auc(rows.map((r) => r.f[f]), ys).toFixed(3)]));
  report.folds.push({
    heldOut: labels.sets[k].label, trainTrue: labelled.filter((_, j) => j !== k).flat().filter((r) => r.label === 1).length,
    trainFalse: labelled.filter((_, j) => j !== k).flat().filter((r) => r.label === 0).length,
    heldOutAuc: +auc(p, ys).toFixed(3), heldOutTrue: ys.filter((y) => y === 1).length, heldOutFalse: ys.filter((y) => y === 0).length,
    singleFeatureAuc: single,
    standardisedWeights: Object.fromEntries(['bias', ...MINUTIA_FEATURE_NAMES].map((n, d) => [n, +m.standardised[d].toFixed(3)])),
    parameters: Object.fromEntries([['minutiaLogitBias', m.raw[0]], ...MINUTIA_LOGIT_PARAMETERS.map((n, f) => [n, m.raw[f + 1]])]),
    // share of all held-out minutiae (labelled or not) below each threshold
    belowThreshold: Object.fromEntries(THRESHOLDS.map((t) => {
      const all = labels.sets[k].rows;
      const pa = probsOf(Float64Array.from(all.flatMap((r) => r.f)), m.raw);
      let below = 0, belowTrue = 0, belowFalse = 0;
      all.forEach((r, i) => { if (pa[i] < t) { below++; if (r.label === 1) belowTrue++; if (r.label === 0) belowFalse++; } });
      return [t, { share: +(below / all.length).toFixed(3), labelledTrue: belowTrue, labelledFalse: belowFalse }];
    })),
  });
  log(`fold ${k}: held-out AUC ${report.folds[k].heldOutAuc}`);
}
// the prints that break the MCC gate: minutiae below each threshold with the model that never saw their set
report.focus = FOCUS.map(({ k, name }) => {
  const rows = labels.sets[k].rows.filter((r) => r.name === name);
  const pr = probsOf(Float64Array.from(rows.flatMap((r) => r.f)), model(k).raw);
  const lab = (l) => rows.filter((r) => r.label === l).length;
  return {
    set: labels.sets[k].label.split('/').pop(), name, minutiae: rows.length, labelledTrue: lab(1), labelledFalse: lab(0),
    below: Object.fromEntries(THRESHOLDS.map((t) => [t, { all: rows.filter((_, i) => pr[i] < t).length, true: rows.filter((r, i) => pr[i] < t && r.label === 1).length, false: rows.filter((r, i) => pr[i] < t && r.label === 0).length }])),
  };
});
report.balanced = BALANCED;

// ---- extraction: analysis once per image, the shipped template and its features ----
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
function extractAll(kind, seed) {
  return sets.map((set, k) => set.items.map((item, i) => {
    if (!item || !('image' in item)) return null;
    const image = kind ? perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image : item.image;
    try {
      const analysis = analyzeFingerprint(image, EXTRACTION_PARAMETERS, NO_DEBUG);
      const template = extractFromAnalysis(image, analysis, EXTRACTION_PARAMETERS, NO_DEBUG);
      return { template, features: measureMinutiaFeatures(analysis, template.minutiae) };
    } catch { return null; }
  }));
}
const applyModel = (x, w, mode, value) => {
  if (!x) return null;
  const p = probsOf(x.features, w);
  const t = x.template;
  if (mode === 'drop') return { ...t, minutiae: t.minutiae.filter((_, i) => !(p[i] < value)) };
  return { ...t, minutiae: t.minutiae.map((m, i) => ({ ...m, quality: Math.round(100 * p[i]) })) };
};
const score = (k, templates, m = matching) => scoreEvalSet(sets[k].fingers, templates, m);
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const pct = (e) => `${(e.value * 100).toFixed(2)} [${(e.low * 100).toFixed(2)}, ${(e.high * 100).toFixed(2)}]`;

/**
 * Variants for one way (mode, candidate values): row 0 = shipped; for each value v and fold k a
 * row whose set j ≠ k is scored with the inner model without {j, k} and set k with model k.
 */
function variantsOf(ex, mode, values) {
  const shipped = sets.map((_, k) => score(k, ex[k].map((x) => x?.template ?? null)));
  const rows = [shipped];
  for (const v of values) for (let k = 0; k < S; k++) {
    rows.push(sets.map((_, j) => {
      const w = j === k ? model(k).raw : model(j, k).raw;
      const m = mode === 'weight' ? { ...matching, minutiaWeightFloor: v } : matching;
      return score(j, ex[j].map((x) => applyModel(x, w, mode, v)), m);
    }));
  }
  return rows;
}
/** eval cv's statistic with the inner-model rows: per fold the value (or shipped) with the lowest training mean. */
function cvStatistic(values) {
  return (rates) => {
    const eer = rates.map((r) => r.map((x) => x.eer));
    const base = mean(eer[0]);
    const chosen = [], held = [];
    for (let k = 0; k < S; k++) {
      let best = -1, bestMean = mean(eer[0].filter((_, j) => j !== k)), heldOut = eer[0][k];
      values.forEach((_, vi) => {
        const row = eer[1 + vi * S + k];
        const m = mean(row.filter((_, j) => j !== k));
        if (m < bestMean) { bestMean = m; best = vi; heldOut = row[k]; }
      });
      chosen.push(best); held.push(heldOut);
    }
    const cv = mean(held);
    const fixed = values.map((_, vi) => mean(sets.map((_, k) => eer[1 + vi * S + k][k])));
    return [base, cv, cv - base, ...fixed.flatMap((f) => [f, f - base]), ...held, ...chosen];
  };
}
function judge(ex, mode, values, seed = 1) {
  const rows = variantsOf(ex, mode, values);
  const stat = cvStatistic(values);
  const full = stat(rows.map((r) => r.map(allPairsErrorRates)));
  const est = bootstrapErrorRates(rows, stat, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
  const out = { shipped: pct(est[0]), crossValidated: pct(est[1]), change: pct(est[2]), improves: est[2].high < 0 };
  out.perFoldHeldOut = sets.map((s, k) => ({ set: s.label.split('/').pop(), chosen: full[3 + 2 * values.length + S + k] < 0 ? 'shipped' : values[full[3 + 2 * values.length + S + k]], heldOutEer: +(full[3 + 2 * values.length + k] * 100).toFixed(2), shippedEer: +(allPairsErrorRates(rows[0][k]).eer * 100).toFixed(2) }));
  out.fixedValue = Object.fromEntries(values.map((v, vi) => [v, { heldOutMean: pct(est[3 + 2 * vi]), change: pct(est[4 + 2 * vi]), perSet: sets.map((_, k) => +(allPairsErrorRates(rows[1 + vi * S + k][k]).eer * 100).toFixed(2)).join(' / ') }]));
  out.minutiaeKept = mode === 'drop' ? Object.fromEntries(values.map((v) => [v, +(mean(sets.map((_, k) => {
    let a = 0, b = 0; for (const x of ex[k]) if (x) { a += x.template.minutiae.length; b += applyModel(x, model(k).raw, 'drop', v).minutiae.length; } return b / a;
  }))).toFixed(3)])) : undefined;
  return { out, chosenFull: full.slice(3 + 2 * values.length + S) };
}

log('clean extraction');
const clean = extractAll(null, 0);
if (args.includes('--verify')) {
  // the stage inside the pipeline gives exactly the post-hoc minutiae (drop at 0.5, and quality)
  let same = 0, diff = 0;
  for (let k = 0; k < S; k++) for (const [mode, changes] of [['drop', { minutiaLogitDropBelow: 0.5 }], ['weight', { minutiaLogitAsQuality: 1 }]]) {
    const params = { ...EXTRACTION_PARAMETERS, ...report.folds[k].parameters, ...changes };
    const { templates } = extractEvalSet(sets[k], { parameters: params });
    templates.forEach((t, i) => {
      const post = applyModel(clean[k][i], model(k).raw, mode, 0.5);
      if (JSON.stringify(t?.minutiae ?? null) === JSON.stringify(post?.minutiae ?? null)) same++; else diff++;
    });
  }
  report.verify = { identicalTemplates: same, differing: diff };
  log(`verify: ${same} identical, ${diff} differ`);
}
log('clean: drop');
const cleanDrop = judge(clean, 'drop', THRESHOLDS);
log('clean: weight');
const cleanWeight = judge(clean, 'weight', FLOORS);
report.clean = { drop: cleanDrop.out, weight: cleanWeight.out };
report.perturbed = [];
for (const kind of kinds) for (const seed of seeds) {
  log(`${kind} seed ${seed}`);
  const ex = extractAll(kind, seed);
  // the per-fold value chosen on the clean training sets, applied to the perturbed held-out set
  const r = {};
  for (const [mode, values, chosen] of [['drop', THRESHOLDS, cleanDrop.chosenFull], ['weight', FLOORS, cleanWeight.chosenFull]]) {
    const shippedP = sets.map((_, k) => score(k, ex[k].map((x) => x?.template ?? null)));
    const shippedC = sets.map((_, k) => score(k, clean[k].map((x) => x?.template ?? null)));
    const withModel = (e) => sets.map((_, k) => {
      const c = chosen[k];
      if (c < 0) return score(k, e[k].map((x) => x?.template ?? null));
      const m = mode === 'weight' ? { ...matching, minutiaWeightFloor: values[c] } : matching;
      return score(k, e[k].map((x) => applyModel(x, model(k).raw, mode, values[c])), m);
    });
    const variants = [shippedP, withModel(ex), shippedC, withModel(clean)];
    const est = bootstrapErrorRates(variants, (rt) => {
      const m = rt.map((x) => mean(x.map((e) => e.eer)));
      return [m[0], m[1], m[1] - m[0], m[2], m[3], m[3] - m[2]];
    }, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
    r[mode] = {
      chosen: chosen.map((c) => (c < 0 ? 'shipped' : values[c])), shipped: pct(est[0]), model: pct(est[1]), change: pct(est[2]), cleanChange: pct(est[5]),
      perSet: [0, 1].map((v) => variants[v].map((x) => (allPairsErrorRates(x).eer * 100).toFixed(2)).join(' / ')),
    };
    // the same kind with each fixed value (fold models, no choice)
    r[mode].fixed = Object.fromEntries(values.map((v) => {
      const vv = [shippedP, sets.map((_, k) => score(k, ex[k].map((x) => applyModel(x, model(k).raw, mode, v)), mode === 'weight' ? { ...matching, minutiaWeightFloor: v } : matching))];
      const e = bootstrapErrorRates(vv, (rt) => { const m = rt.map((x) => mean(x.map((q) => q.eer))); return [m[1] - m[0]]; }, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
      return [v, pct(e[0])];
    }));
  }
  report.perturbed.push({ kind, seed, ...r });
}
report.matching = JSON.parse(opt('--matching', '{}'));
const outPath = opt('--out', '');
if (outPath) writeFileSync(outPath, JSON.stringify(report, null, 2));
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
