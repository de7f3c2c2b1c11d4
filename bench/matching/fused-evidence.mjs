// What bench/matching/beyond-geometry.mjs and period-field.mjs share (issue 12, odesc and pmap):
// fusing a per-comparison agreement 0–1 into the matcher's score, the agreements' genuine and
// impostor distributions with their AUCs, and the fused EER change with its weight tuned on the
// four clean sets and picked leave one set out, with 95 % intervals from resampling whole fingers.
// A "set" here is { fingers, scores, feats }: the unordered pairs a < b of one FVC set scored as
// scoreEvalSet does (scores[a · n + b]), and per feature an agreement per pair (NaN: not measured).
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

// weights: feature → k; `missing` (default 0.5) is the agreement a comparison without one counts as
export const fuseEvidence = (set, weights) => {
  const scores = new Float64Array(set.scores.length);
  for (let i = 0; i < scores.length; i++) {
    const s = set.scores[i];
    if (s <= 0) continue;
    let e = 0;
    for (const [f, w] of Object.entries(weights)) {
      if (!w || f === 'missing') continue;
      const v = set.feats[f][i];
      e += w * ((Number.isNaN(v) ? weights.missing ?? 0.5 : v) - 0.5);
    }
    scores[i] = s * Math.exp(e);
  }
  return { fingers: set.fingers, scores };
};
export const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const eerOf = (set, weights) => allPairsErrorRates(fuseEvidence(set, weights)).eer;

const pct = (v) => (v * 100).toFixed(2);
const q = (v, p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
export function evidenceDistributions(sets, features) {
  const out = {};
  for (const f of features) {
    const gen = [], imp = [], genHi = [], impHi = [], genLow = [];
    let genMissing = 0, impMissing = 0, genN = 0, impN = 0;
    for (const set of sets) {
      const n = set.fingers.length;
      const impScores = [], genScores = [];
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (set.fingers[a] !== set.fingers[b] ? impScores : genScores).push(set.scores[a * n + b]);
      impScores.sort((x, y) => x - y);
      genScores.sort((x, y) => x - y);
      const hi = q(impScores, 0.99), low = q(genScores, 0.05);
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) {
          const i = a * n + b, s = set.scores[i], v = set.feats[f][i], g = set.fingers[a] === set.fingers[b];
          if (!(s > 0)) continue;
          if (g) genN++; else impN++;
          if (Number.isNaN(v)) { if (g) genMissing++; else impMissing++; continue; }
          (g ? gen : imp).push(v);
          if (s >= hi) (g ? genHi : impHi).push(v);
          if (g && s <= low) genLow.push(v);
        }
      }
    }
    const auc = (g, im) => {
      if (!g.length || !im.length) return NaN;
      const all = [...g.map((v) => [v, 1]), ...im.map((v) => [v, 0])].sort((x, y) => x[0] - y[0]);
      let rankSum = 0;
      for (let i = 0; i < all.length;) {
        let j = i;
        while (j < all.length && all[j][0] === all[i][0]) j++;
        const r = (i + j + 1) / 2;
        for (let t = i; t < j; t++) if (all[t][1]) rankSum += r;
        i = j;
      }
      return (rankSum - (g.length * (g.length + 1)) / 2) / (g.length * im.length);
    };
    for (const v of [gen, imp]) v.sort((x, y) => x - y);
    const quart = (v) => (v.length ? [0.1, 0.25, 0.5, 0.75, 0.9].map((p) => q(v, p).toFixed(3)).join(' / ') : '—');
    out[f] = {
      genuine: `${quart(gen)} (n ${gen.length}, missing ${genMissing} of ${genN})`,
      impostor: `${quart(imp)} (n ${imp.length}, missing ${impMissing} of ${impN})`,
      auc: auc(gen, imp).toFixed(3),
      aucAtOrAbove99thImpostor: `${auc(genHi, impHi).toFixed(3)} (genuine ${genHi.length}, impostor ${impHi.length})`,
      // the pairs an EER near 1 % turns on: each set's lowest 5 % of genuine scores against its highest 1 % of impostor scores
      aucLowest5GenuineAgainstTop1Impostor: `${auc(genLow, impHi).toFixed(3)} (genuine ${genLow.length}, impostor ${impHi.length})`,
      genuineLowest5: quart([...genLow].sort((x, y) => x - y)),
      impostorTop1: quart([...impHi].sort((x, y) => x - y)),
    };
  }
  return out;
}

export const FUSION_GRID = [0, 0.5, 1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 25, 30, 40];

/**
 * The fused EER figures per weight form (`forms`: name → list of weight objects, e.g.
 * FUSION_GRID.map((k) => ({ F: k }))) and the distributions of `features`, for every kind of
 * `scored` (kind → the four sets; `scored.clean` picks the weights). Returns { distributions, fused }.
 */
export function reportFusion(scored, kinds, forms, features, { seed, rounds }) {
  const pick = (setIdx) => (form) => {
    let best = null, bestE = Infinity;
    for (const w of forms[form]) {
      const e = mean(setIdx.map((k) => eerOf(scored.clean[k], w)));
      if (e < bestE - 1e-12) { bestE = e; best = w; }
    }
    return best;
  };

  const result = { distributions: {}, fused: {} };
  for (const kind of kinds) result.distributions[kind] = evidenceDistributions(scored[kind], features);
  for (const form of Object.keys(forms)) {
    const tuned = pick([0, 1, 2, 3])(form);
    const folds = [0, 1, 2, 3].map((held) => pick([0, 1, 2, 3].filter((k) => k !== held))(form));
    const entry = { tunedOnFourClean: tuned, leaveOneSetOut: folds };
    for (const kind of kinds) {
      const base = scored[kind];
      const runs = [base, base.map((s) => fuseEvidence(s, tuned)), base.map((s, k) => fuseEvidence(s, folds[k]))];
      const f = bootstrapErrorRates(runs, (r) => {
        const m = r.map((x) => mean(x.map((e) => e.eer)));
        const z = r.map((x) => mean(x.map((e) => e.fmr1000)));
        return [m[0], m[1], m[1] - m[0], m[2], m[2] - m[0], z[0], z[1] - z[0], z[2] - z[0]];
      }, { rounds, random: createRng(mixSeed(seed, 0)).next });
      const fmt = (e) => `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`;
      // the best k on this condition itself (an upper bound, not a figure to ship)
      let own = null, ownE = Infinity;
      for (const w of forms[form]) {
        const e = mean(base.map((s) => eerOf(s, w)));
        if (e < ownE - 1e-12) { ownE = e; own = w; }
      }
      entry[kind] = {
        off: fmt(f[0]), tuned: fmt(f[1]), 'tuned − off': fmt(f[2]), heldOut: fmt(f[3]), 'held out − off': fmt(f[4]),
        fnmrAtFmr1000: { off: fmt(f[5]), 'tuned − off': fmt(f[6]), 'held out − off': fmt(f[7]) },
        perSetEerOffTunedHeldOut: runs.map((r) => r.map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')),
        bestOnThisCondition: { weights: own, meanEer: pct(ownE) },
      };
    }
    result.fused[form] = entry;
  }
  return result;
}
