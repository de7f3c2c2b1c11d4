#!/usr/bin/env node
// Which held-out impostor pairs realise the FMR claim's excess (issue 12 part 6, dbfour): per set
// of FVC2002 B held out, the score → FMR table fitted on the other three (calibrationWithout, as
// `afis eval calibration --held-out`), and the held-out set's ordered impostor pairs at or above
// its threshold at LEVEL (default 0.1 %). For them: how many, the fingers and finger pairs they
// involve (with a 95 % interval from resampling whole fingers, as the held-out FMR does, of the
// set's realised FMR, of the share the busiest finger pair carries and of the FMR without any
// pair of that finger pair), the best pairing's size, the pair's smaller minutiae count, and the
// mean support per pair (neighbour-graph edges confirming it), the rigid-fit residual of the paired minutiae (RMS distance after the least-squares rotation and
// translation of the probe's paired minutiae onto the candidate's, template px), against the
// same residual of the set's genuine pairs (the older RESULTS note, "Synthetic impostors": our
// generator's top impostor pairings were globally inconsistent, 10–12 px against 3.3 px).
//
// KIND (optional, e.g. dry+low-contrast+crop+frame): the held-out set's images perturbed with
// the seeds `afis eval calibration --held-out --kinds KIND --seed SEED` uses (KIND alone in the
// list), judged at the clean fold's threshold as that command does.
//
//   node bench/matching/held-out-false-matches.mjs DATA_DIR [KIND|clean] [SEED=1] [LEVEL=0.001] [ROUNDS=1000]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { readEvalSets, extractEvalSet } = await import(dist('cli/commands/eval-sets.js'));
const { prepareTemplate, compareTemplates, compareTemplatesDetailed, calibrationWithout, thresholdsOf } = await import(dist('matching/index.js'));
const { perturbImage } = await import(dist('perturbation/index.js'));
const { mixSeed, createRng } = await import(dist('synthetic/index.js'));

const [dataDir, kind = 'clean', seedText = '1', levelText = '0.001', roundsText = '1000'] = process.argv.slice(2);
if (!dataDir) { process.stderr.write('usage: held-out-false-matches.mjs DATA_DIR [KIND|clean] [SEED] [LEVEL] [ROUNDS]\n'); process.exit(2); }
const seed = Number(seedText), level = Number(levelText), rounds = Number(roundsText);
const TOP = 58; // the set's top 1 % of its 5,760 ordered impostor pairs
const S = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`]);

const ordered = (prepared) => {
  const n = prepared.length, scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b && prepared[a] && prepared[b]) scores[a * n + b] = compareTemplates(prepared[a], prepared[b]);
  return scores;
};
const clean = sets.map((s) => extractEvalSet(s).templates);
const cleanPrepared = clean.map((ts) => ts.map((t) => (t ? prepareTemplate(t) : null)));
const all = { sets: sets.flatMap((s, k) => s.fingers.map(() => k)), fingers: sets.flatMap((s) => s.fingers), scores: ordered(cleanPrepared.flat()) };
const N = all.sets.length;
const offsets = sets.map((_, k) => sets.slice(0, k).reduce((n, s) => n + s.fingers.length, 0));

function rigidResidual(P, C, pairs) {
  if (pairs.length < 3) return NaN;
  const pm = pairs.map((p) => P.minutiae[p.probe]), cm = pairs.map((p) => C.minutiae[p.candidate]);
  const n = pairs.length, mean = (ms, k) => ms.reduce((s, m) => s + m[k], 0) / n;
  const px = mean(pm, 'x'), py = mean(pm, 'y'), cx = mean(cm, 'x'), cy = mean(cm, 'y');
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const ax = pm[i].x - px, ay = pm[i].y - py, bx = cm[i].x - cx, by = cm[i].y - cy;
    sxx += ax * bx + ay * by; sxy += ax * by - ay * bx;
  }
  const r = Math.atan2(sxy, sxx), c = Math.cos(r), s = Math.sin(r);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const ax = pm[i].x - px, ay = pm[i].y - py;
    ss += (c * ax - s * ay + cx - cm[i].x) ** 2 + (s * ax + c * ay + cy - cm[i].y) ** 2;
  }
  return Math.sqrt(ss / n);
}
const quantiles = (v) => {
  const x = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!x.length) return null;
  const q = (p) => x[Math.min(x.length - 1, Math.floor(p * x.length))];
  return { n: x.length, p10: +q(0.1).toFixed(2), median: +q(0.5).toFixed(2), p90: +q(0.9).toFixed(2) };
};
const ci = (v) => { const x = v.filter(Number.isFinite).sort((a, b) => a - b); return x.length ? [x[Math.floor(0.025 * x.length)], x[Math.min(x.length - 1, Math.floor(0.975 * x.length))]].map((y) => +y.toFixed(4)) : null; };

const out = { kind, seed, level, rounds, folds: [] };
const drawsOf = []; // per fold, per draw [false matches, impostors] under finger weights
for (const [k, set] of sets.entries()) {
  const threshold = thresholdsOf(calibrationWithout(all, k), [level])[0];
  const m = set.fingers.length, o = offsets[k];
  let templates = clean[k], prepared = cleanPrepared[k], scoreOf = (a, b) => all.scores[(o + a) * N + o + b];
  if (kind !== 'clean') {
    templates = extractEvalSet(set, { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image }).templates;
    prepared = templates.map((t) => (t ? prepareTemplate(t) : null));
    const sc = ordered(prepared);
    scoreOf = (a, b) => sc[a * m + b];
  }
  const labels = [...new Set(set.fingers)].sort((a, b) => a - b);
  const fi = set.fingers.map((f) => labels.indexOf(f)), F = labels.length;
  const hits = [], genuineResidual = [], genuineSize = [], genuineSupport = [], impostorScores = [];
  const total = new Float64Array(F * F), hitCells = new Float64Array(F * F);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
    if (a === b || !prepared[a] || !prepared[b]) continue;
    const s = scoreOf(a, b);
    if (fi[a] === fi[b]) {
      const d = compareTemplatesDetailed(prepared[a], prepared[b]);
      genuineResidual.push(rigidResidual(templates[a], templates[b], d.pairs)); genuineSize.push(d.pairs.length);
      genuineSupport.push(d.pairs.reduce((t, q) => t + q.support, 0) / Math.max(1, d.pairs.length));
      continue;
    }
    total[fi[a] * F + fi[b]]++;
    impostorScores.push([s, a, b]);
    if (s < threshold) continue;
    hitCells[fi[a] * F + fi[b]]++;
    const d = compareTemplatesDetailed(prepared[a], prepared[b]);
    hits.push({
      probe: set.names?.[a] ?? a, candidate: set.names?.[b] ?? b, fingers: [labels[fi[a]], labels[fi[b]]], score: +s.toFixed(2),
      pairs: d.pairs.length, smallerMinutiae: Math.min(templates[a].minutiae.length, templates[b].minutiae.length),
      residual: +rigidResidual(templates[a], templates[b], d.pairs).toFixed(2),
      support: +(d.pairs.reduce((t, q) => t + q.support, 0) / Math.max(1, d.pairs.length)).toFixed(2),
    });
  }
  // finger pairs (unordered) and fingers involved
  const pairKey = (f, g) => (f < g ? `${f}-${g}` : `${g}-${f}`);
  const byPair = {}, byFinger = {};
  for (const h of hits) {
    const key = pairKey(...h.fingers); byPair[key] = (byPair[key] ?? 0) + 1;
    for (const f of new Set(h.fingers)) byFinger[f] = (byFinger[f] ?? 0) + 1;
  }
  const topPair = Object.entries(byPair).sort((x, y) => y[1] - x[1])[0];
  // bootstrap whole fingers: FMR, share of the busiest finger pair (re-ranked per draw), FMR without it
  const rng = createRng(mixSeed(seed, 0xdb4, k)).next;
  const fmrs = [], topShares = [], fmrWithoutTop = [], draws = [];
  drawsOf.push(draws);
  for (let r = 0; r < rounds; r++) {
    const c = new Float64Array(F);
    for (let i = 0; i < F; i++) c[Math.floor(rng() * F)]++;
    let h = 0, t = 0; const cell = new Map();
    for (let f = 0; f < F; f++) for (let g = 0; g < F; g++) {
      if (f === g) continue;
      const w = c[f] * c[g]; if (!w) continue;
      h += w * hitCells[f * F + g]; t += w * total[f * F + g];
      if (hitCells[f * F + g]) { const key = pairKey(f, g); cell.set(key, (cell.get(key) ?? 0) + w * hitCells[f * F + g]); }
    }
    const top = Math.max(0, ...cell.values());
    draws.push([h, t]);
    fmrs.push(t ? h / t : NaN); topShares.push(h ? top / h : NaN); fmrWithoutTop.push(t ? (h - top) / t : NaN);
  }
  let impostors = 0; for (const v of total) impostors += v;
  // the set's TOP highest impostor pairs whatever the threshold (a larger sample, alike in rank across sets)
  const top = impostorScores.sort((x, y) => y[0] - x[0]).slice(0, TOP).map(([s, a, b]) => {
    const d = compareTemplatesDetailed(prepared[a], prepared[b]);
    return { pairs: d.pairs.length, support: d.pairs.reduce((t, q) => t + q.support, 0) / Math.max(1, d.pairs.length), smallerMinutiae: Math.min(templates[a].minutiae.length, templates[b].minutiae.length), residual: rigidResidual(templates[a], templates[b], d.pairs), score: s };
  });
  // genuine pairs of a pairing size the false matches have (6–16 pairs), so the residuals compare like with like
  const smallGenuine = genuineResidual.filter((_, i) => genuineSize[i] >= 6 && genuineSize[i] <= 16);
  // leave one finger out (post hoc): the realised FMR without each finger's pairs, lowest first
  const withoutFinger = labels.map((l, f) => {
    let h = 0, t = 0;
    for (let g = 0; g < F; g++) for (let e = 0; e < F; e++) if (g !== e && g !== f && e !== f) { h += hitCells[g * F + e]; t += total[g * F + e]; }
    return [l, +(100 * h / t).toFixed(3)];
  }).sort((x, y) => x[1] - y[1]);
  out.folds.push({
    heldOut: set.label, threshold: +threshold.toFixed(3), impostors, falseMatches: hits.length,
    fmrPercent: +(100 * hits.length / impostors).toFixed(3), fmrPercentInterval: ci(fmrs).map((x) => +(100 * x).toFixed(3)),
    distinctFingers: Object.keys(byFinger).length, fingersOfSet: F, distinctFingerPairs: Object.keys(byPair).length,
    byFingerPair: byPair, byFinger,
    busiestFingerPair: topPair ? { pair: topPair[0], count: topPair[1], share: +(topPair[1] / hits.length).toFixed(3), shareInterval: ci(topShares) } : null,
    fmrPercentWithoutBusiestPair: topPair ? +(100 * (hits.length - topPair[1]) / impostors).toFixed(3) : 0,
    fmrPercentWithoutBusiestPairInterval: ci(fmrWithoutTop).map((x) => +(100 * x).toFixed(3)),
    falseMatchPairs: quantiles(hits.map((h) => h.pairs)), falseMatchSmallerMinutiae: quantiles(hits.map((h) => h.smallerMinutiae)),
    falseMatchResidual: quantiles(hits.map((h) => h.residual)), falseMatchSupportPerPair: quantiles(hits.map((h) => h.support)), genuineSupportPerPair: quantiles(genuineSupport),
    genuineResidual: quantiles(genuineResidual), genuinePairs: quantiles(genuineSize), genuineResidual6to16Pairs: quantiles(smallGenuine),
    fmrPercentWithoutFinger: withoutFinger,
    topImpostors: { count: top.length, lowestScore: +top.at(-1).score.toFixed(2), pairs: quantiles(top.map((x) => x.pairs)), smallerMinutiae: quantiles(top.map((x) => x.smallerMinutiae)), residual: quantiles(top.map((x) => x.residual)), supportPerPair: quantiles(top.map((x) => x.support)) },
    hits: hits.sort((x, y) => y.score - x.score),
  });
  process.stderr.write(`${set.label}: ${hits.length} false matches at ${threshold.toFixed(2)}\n`);
}
// pooled realised FMR over the held-out sets, all four and the three real sensors (DB1–3), each set's fingers resampled independently
const pooled = (ks) => {
  const v = [];
  for (let r = 0; r < rounds; r++) { let h = 0, t = 0; for (const k of ks) { h += drawsOf[k][r][0]; t += drawsOf[k][r][1]; } v.push(t ? h / t : NaN); }
  const h = ks.reduce((s, k) => s + out.folds[k].falseMatches, 0), t = ks.reduce((s, k) => s + out.folds[k].impostors, 0);
  return { falseMatches: h, impostors: t, fmrPercent: +(100 * h / t).toFixed(3), interval: ci(v).map((x) => +(100 * x).toFixed(3)) };
};
out.pooledAll = pooled([0, 1, 2, 3]);
out.pooledDb1to3 = pooled([0, 1, 2]);
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
