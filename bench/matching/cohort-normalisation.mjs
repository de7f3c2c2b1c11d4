#!/usr/bin/env node
// Impostor scores across populations, and cohort normalisation (issue 12, part 6;
// src/matching/cohort-normalisation.ts). Reads the templates cached by impostor-drivers.mjs
// (run it first with --cache FILE on the same sets; the first REAL sets are the real sensors).
//  1. Cross-population matrix: share of impostor pairs (set A × set B, every pair of different
//     fingers) at or above the shipped table's FMR 1 % threshold, and the median score.
//  2. Per cohortExponent: each set's all-pairs scores normalised with the set as cohort
//     (normaliseScoresByCohort, as `afis eval cv` does), the FMR 1 % and 0.1 % thresholds fitted
//     on the real sets' impostors pooled, the share of each set's impostors at or above them, and
//     each set's all-pairs EER. `split`: the cohort is the other half of the set's fingers only
//     (fingers in the lower half of labels are the cohort of the upper half and the reverse), so
//     no evaluated pair's own scores enter its normalisation.
//
//   node bench/matching/cohort-normalisation.mjs CACHE REAL [EXPONENT,...]    e.g. /tmp/c.json 3 0,0.5,1
import { readCache } from './template-cache.mjs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { prepareTemplate, compareTemplates, computeErrorRates, SCORE_CALIBRATION, normaliseScoresByCohort, cohortFactor } = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS } = await import(dist('config/parameters/matching.js'));

const [cacheFile, realArg, expArg] = process.argv.slice(2);
if (!cacheFile || !realArg) { process.stderr.write('usage: cohort-normalisation.mjs CACHE REAL [EXPONENT,...]\n'); process.exit(2); }
const real = Number(realArg);
const exponents = (expArg ?? '0,0.5,1').split(',').map(Number);
const cache = readCache(cacheFile); // impostor-drivers.mjs's cache, byte arrays restored (template-cache.mjs)
if (!cache) { process.stderr.write(`cohort-normalisation.mjs: no cache ${cacheFile}\n`); process.exit(2); }
const sets = cache.sets.map((s) => ({ label: s.label.split('/').pop(), fingers: s.fingers, t: s.templates.map((x) => x && prepareTemplate(x)) }));
const t1 = SCORE_CALIBRATION.points.find((p) => p.fmr === 0.01).score;
const q = (v, f) => { const s = v.slice().sort((a, b) => a - b); return s[Math.floor(f * s.length)]; };
const pct = (k, n) => Math.round((10000 * k) / n) / 100;

const cross = [];
for (let i = 0; i < sets.length; i++) {
  for (let j = i; j < sets.length; j++) {
    const A = sets[i], B = sets[j], v = [];
    for (let a = 0; a < A.t.length; a++) for (let b = i === j ? a + 1 : 0; b < B.t.length; b++) {
      if ((i === j && A.fingers[a] === B.fingers[b]) || !A.t[a] || !B.t[b]) continue;
      v.push(compareTemplates(A.t[a], B.t[b]));
    }
    cross.push({ a: A.label, b: B.label, impostor: v.length, median: Math.round(q(v, 0.5) * 10) / 10, atThreshold1: pct(v.filter((x) => x >= t1).length, v.length) });
  }
}

// each set's upper-triangle scores once
const raw = sets.map((s) => {
  const n = s.t.length, S = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) S[a * n + b] = s.t[a] && s.t[b] ? compareTemplates(s.t[a], s.t[b]) : 0;
  return S;
});
function normalised(k, exponent, mode) {
  const s = sets[k], n = s.t.length, S = raw[k].slice(), valid = s.t.map((x) => x !== null);
  const params = { ...MATCHING_PARAMETERS, cohortExponent: exponent };
  if (mode === 'set') { normaliseScoresByCohort(S, s.fingers, s.fingers.map(() => 0), valid, true, params); return S; }
  const labels = [...new Set(s.fingers)].sort((a, b) => a - b);
  const half = (f) => (labels.indexOf(f) < labels.length / 2 ? 0 : 1);
  const read = (a, c) => (a < c ? raw[k][a * n + c] : raw[k][c * n + a]);
  const mean = s.t.map((_, a) => { let sum = 0, m = 0; for (let c = 0; c < n; c++) if (valid[c] && half(s.fingers[c]) !== half(s.fingers[a])) { sum += read(a, c); m++; } return m ? sum / m : NaN; });
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (valid[a] && valid[b]) S[a * n + b] *= cohortFactor(mean[a], mean[b], params);
  return S;
}
const rows = [];
for (const mode of ['set', 'split']) {
  for (const e of exponents) {
    const per = sets.map((s, k) => {
      const S = normalised(k, e, mode), n = s.t.length, gen = [], imp = [];
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (s.fingers[a] === s.fingers[b] ? gen : imp).push(S[a * n + b]);
      return { gen, imp };
    });
    const pooled = per.slice(0, real).flatMap((p) => p.imp).sort((a, b) => b - a);
    const th1 = pooled[Math.floor(0.01 * pooled.length)], th01 = pooled[Math.floor(0.001 * pooled.length)];
    rows.push({
      mode, exponent: e, threshold1: Math.round(th1 * 100) / 100, threshold01: Math.round(th01 * 100) / 100,
      sets: per.map((p, k) => ({ set: sets[k].label, atThreshold1: pct(p.imp.filter((x) => x >= th1).length, p.imp.length), atThreshold01: pct(p.imp.filter((x) => x >= th01).length, p.imp.length), eer: Math.round(computeErrorRates(p.gen, p.imp).eer * 10000) / 100 })),
    });
  }
}
console.log(JSON.stringify({ shippedThreshold1: t1, cross, rows }, null, 1));
