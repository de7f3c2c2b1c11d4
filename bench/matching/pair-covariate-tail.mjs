#!/usr/bin/env node
// Does the compound hard capture's held-out FMR excess follow the per-pair model's covariates
// (issue 12 part 6, pairfmr)? The held-out protocol of `afis eval calibration --held-out
// --pair-model` re-run (per held-out set of FVC2002 B: the single table and the per-pair tail
// model fitted on the other three sets' clean pairs), then, over the held-out impostor pairs,
// clean and under KIND (seeded as that command seeds KIND when it is first in --kinds), the
// share above the single table's threshold at LEVEL and above the model's, in bins of each
// covariate (bin edges: the tertiles of the clean held-out impostor pairs' covariate, pooled),
// and the covariates' means over all impostor pairs and over the false matches; and the same
// shares by bands of the smaller minutiae count (DB1–3 apart from DB4); per set, also the model
// without its clamp of the covariates to the fit's range (a post-hoc sensitivity check); and the
// held-out genuine pairs by band of the smaller count, with those reaching the threshold.
// If the compound's excess stays at equal covariates, no model of these covariates fitted on
// clean pairs can remove it.
//
//   node bench/matching/pair-covariate-tail.mjs DATA_DIR [KIND=dry+low-contrast+crop+frame] [SEED=1] [LEVEL=0.001]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { readEvalSets, extractEvalSet } = await import(dist('cli/commands/eval-sets.js'));
const { prepareTemplate, compareTemplatesCovariates, covariateVector, calibrationWithout, thresholdsOf, fitTailScaleModel, rescaleScore } = await import(dist('matching/index.js'));
const { perturbImage } = await import(dist('perturbation/index.js'));
const { mixSeed } = await import(dist('synthetic/index.js'));
const { PAIR_MODEL_TAU } = await import(dist('cli/commands/eval-calibration.js'));

const [dataDir, kind = 'dry+low-contrast+crop+frame', seedText = '1', levelText = '0.001'] = process.argv.slice(2);
if (!dataDir) { process.stderr.write('usage: pair-covariate-tail.mjs DATA_DIR [KIND] [SEED] [LEVEL]\n'); process.exit(2); }
const seed = Number(seedText), level = Number(levelText);
const S = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`]);

/** Every ordered pair: score and covariate vector (null where either failed to enrol). */
function scored(templates) {
  const prepared = templates.map((t) => (t ? prepareTemplate(t) : null));
  const n = prepared.length, scores = new Float64Array(n * n), x = new Array(n * n).fill(null);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
    if (a === b || !prepared[a] || !prepared[b]) continue;
    const c = compareTemplatesCovariates(prepared[a], prepared[b]);
    scores[a * n + b] = c.score; x[a * n + b] = covariateVector(c);
  }
  return { scores, x };
}
const clean = sets.map((s) => extractEvalSet(s).templates);
const setOf = sets.flatMap((s, k) => s.fingers.map(() => k)), fingersOf = sets.flatMap((s) => s.fingers);
const allScored = scored(clean.flat());
const all = { sets: setOf, fingers: fingersOf, scores: allScored.scores };
const N = setOf.length;
const offsets = sets.map((_, k) => sets.slice(0, k).reduce((n, s) => n + s.fingers.length, 0));

const folds = sets.map((_, k) => {
  const out = (a) => setOf[a] === k;
  const table = calibrationWithout(all, out);
  const sc = [], cv = [];
  for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) {
    if (a === b || out(a) || out(b) || (setOf[a] === setOf[b] && fingersOf[a] === fingersOf[b]) || !allScored.x[a * N + b]) continue;
    sc.push(all.scores[a * N + b]); cv.push(allScored.x[a * N + b]);
  }
  const model = fitTailScaleModel(sc, cv, PAIR_MODEL_TAU);
  const rescaled = all.scores.map((s, i) => (allScored.x[i] ? rescaleScore(s, allScored.x[i], model) : s));
  const pairTable = calibrationWithout({ ...all, scores: rescaled }, out);
  // sensitivity (post hoc): the same model without the clamp of the covariates to the fit's range
  const free = { ...model, low: model.low.map(() => -Infinity), high: model.high.map(() => Infinity) };
  const freeTable = calibrationWithout({ ...all, scores: all.scores.map((s, i) => (allScored.x[i] ? rescaleScore(s, allScored.x[i], free) : s)) }, out);
  return { threshold: thresholdsOf(table, [level])[0], model, pairThreshold: thresholdsOf(pairTable, [level])[0], free, freeThreshold: thresholdsOf(freeTable, [level])[0] };
});

/** The held-out impostor pairs of every set (or with `genuine`, its genuine pairs; single / pair = at or above the threshold). */
function impostors(perSet, genuine = false) {
  const rows = [];
  perSet.forEach(({ scores, x }, k) => {
    const f = sets[k].fingers, m = f.length;
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
      if (a === b || (f[a] === f[b]) !== genuine) continue;
      const s = scores[a * m + b], v = x[a * m + b];
      rows.push({
        set: k, s, x: v, single: s >= folds[k].threshold, pair: (v ? rescaleScore(s, v, folds[k].model) : s) >= folds[k].pairThreshold,
        free: (v ? rescaleScore(s, v, folds[k].free) : s) >= folds[k].freeThreshold,
      });
    }
  });
  return rows;
}
const block = (sc, k) => {
  const m = sets[k].fingers.length, o = offsets[k], scores = new Float64Array(m * m), x = new Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) { scores[a * m + b] = sc.scores[(o + a) * N + o + b]; x[a * m + b] = sc.x[(o + a) * N + o + b]; }
  return { scores, x };
};
const cleanBlocks = sets.map((_, k) => block(allScored, k));
const kindBlocks = sets.map((s, k) => scored(extractEvalSet(s, { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image }).templates));
const cleanRows = impostors(cleanBlocks), kindRows = impostors(kindBlocks);
// genuine pairs by band of the smaller count: how many, and how many reach the threshold (what a
// refusal below a count would cost); a failure to enrol (no covariates) counts under 0
const genuineByCount = (rows) => [0, 12, 15, 18, 21, 24, 27, 30].map((lo, i, e) => {
  const hi = i + 1 < e.length ? e[i + 1] : Infinity;
  const inBin = rows.filter((r) => { const c = r.x ? Math.exp(r.x[0]) : 0; return c >= lo - 1e-9 && c < hi - 1e-9; });
  return { smaller: [lo, hi === Infinity ? null : hi], genuine: inBin.length, accepted: inBin.filter((r) => r.single).length, acceptedPair: inBin.filter((r) => r.pair).length };
});

const names = ['ln smaller', 'ln(1+common)', 'clarity'];
const valid = cleanRows.filter((r) => r.x);
const edges = names.map((_, j) => {
  const v = valid.map((r) => r.x[j]).sort((a, b) => a - b);
  return [v[Math.floor(v.length / 3)], v[Math.floor((2 * v.length) / 3)]];
});
const bin = (v, e) => (v < e[0] ? 0 : v < e[1] ? 1 : 2);
const pct = (k, n) => (n ? ((100 * k) / n).toFixed(3) : '-');
const summary = (rows) => {
  const out = { impostor: rows.length, single: rows.filter((r) => r.single).length, pair: rows.filter((r) => r.pair).length, bins: {}, means: {} };
  names.forEach((name, j) => {
    out.bins[name] = [0, 1, 2].map((b) => {
      const inBin = rows.filter((r) => r.x && bin(r.x[j], edges[j]) === b);
      return { impostor: inBin.length, singlePct: pct(inBin.filter((r) => r.single).length, inBin.length), pairPct: pct(inBin.filter((r) => r.pair).length, inBin.length) };
    });
    const mean = (rs) => (rs.length ? rs.reduce((s, r) => s + r.x[j], 0) / rs.length : NaN);
    out.means[name] = { all: mean(rows.filter((r) => r.x)), singleFalse: mean(rows.filter((r) => r.x && r.single)), pairFalse: mean(rows.filter((r) => r.x && r.pair)) };
  });
  // finer: by the smaller minutiae count itself, with DB4 apart (the synthetic set carries half the excess)
  const countEdges = [0, 12, 15, 18, 21, 24, 27, 30, 35, 40];
  out.byCount = countEdges.map((lo, i) => {
    const hi = i + 1 < countEdges.length ? countEdges[i + 1] : Infinity;
    const inBin = rows.filter((r) => r.x && Math.exp(r.x[0]) >= lo - 1e-9 && Math.exp(r.x[0]) < hi - 1e-9);
    const real = inBin.filter((r) => r.set !== 3);
    return {
      smaller: [lo, hi === Infinity ? null : hi], impostor: inBin.length, single: inBin.filter((r) => r.single).length, pair: inBin.filter((r) => r.pair).length,
      realImpostor: real.length, realSingle: real.filter((r) => r.single).length, realPair: real.filter((r) => r.pair).length,
    };
  });
  out.perSet = sets.map((_, k) => { const rs = rows.filter((r) => r.set === k); return { single: rs.filter((r) => r.single).length, pair: rs.filter((r) => r.pair).length, unclamped: rs.filter((r) => r.free).length, impostor: rs.length }; });
  return out;
};
process.stdout.write(JSON.stringify({
  kind, seed, level, tau: PAIR_MODEL_TAU,
  folds: folds.map((f, k) => ({ heldOut: sets[k].label, threshold: f.threshold, pairThreshold: f.pairThreshold, beta: f.model.beta })),
  binEdges: Object.fromEntries(names.map((n, j) => [n, edges[j]])),
  clean: summary(cleanRows), [kind]: summary(kindRows),
  genuine: { clean: genuineByCount(impostors(cleanBlocks, true)), [kind]: genuineByCount(impostors(kindBlocks, true)) },
}, null, 1) + '\n');
