#!/usr/bin/env node
// Prototype (issue 12, part 5, `resolution`; not built): a comparison's relative scale without a
// pairing. Every probe edge and candidate edge whose two relative angles agree within the root
// angle tolerance vote for ln(candidate length / probe length) in bins of BIN over ±0.25; the
// smoothed histogram's peak is the scale estimate, its height over the histogram's mean the
// evidence. Policy tried: where the evidence reaches T and |ln s| ≥ 0.05, the comparison is made
// with the probe declared at ppi / s INSTEAD of the shipped one (a replacement, not a second
// chance). Reads perturb-floor.mjs's cache made with `--kinds resolution` (see pairing-scale.mjs).
//
//   node bench/matching/edge-scale.mjs CACHE.json [T,T,...]
// Prints the estimate's error on genuine pairs (true scale from the perturbation's seed), the
// evidence of genuine and impostor pairs, and per T the mean all-pairs EER (clean, real) and the
// share of comparisons replaced. No bootstrap: a screen, not a judgement.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [cacheFile, thresholds = '2,2.5,3,4'] = process.argv.slice(2);
const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { readEvalSets } = await import(dist('cli/commands/eval-sets.js'));
const { prepareTemplate, compareTemplates, allPairsErrorRates } = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS: M } = await import(dist('config/parameters/matching.js'));
const { PERTURBATION_PARAMETERS } = await import(dist('config/parameters.js'));
const { createRng, mixSeed } = await import(dist('synthetic/index.js'));
const T = JSON.parse(readFileSync(cacheFile, 'utf8'));
const D = '/work/shared/data/fvc2002';
const fingers = (await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`])).map((s) => s.fingers);
const drawn = (k, i) => 1 + (2 * createRng(mixSeed(T.seed, 0, k, i)).next() - 1) * PERTURBATION_PARAMETERS.resolutionError;
const BIN = 0.02, HALF = 0.25, NB = Math.round((2 * HALF) / BIN), MIN_LENGTH = 25;
const tolA = Math.floor((M.rootAngleTolerance * 256) / (2 * Math.PI));
const hist = new Float64Array(NB);
const ud = (a, b) => { const d = (a - b) & 255; return d > 128 ? 256 - d : d; };

/** Scale estimate (ln) and evidence (smoothed peak / mean) of prepared P against C. */
function edgeScale(P, C) {
  hist.fill(0);
  const pl = P.edgeLength, pa = P.edgeAngleFrom, pb = P.edgeAngleTo, cl = C.edgeLength, ca = C.edgeAngleFrom, cb = C.edgeAngleTo;
  for (let e = 0; e < pl.length; e++) {
    const L = pl[e];
    if (L < MIN_LENGTH) continue;
    const a1 = pa[e], a2 = pb[e];
    for (let f = 0; f < cl.length; f++) {
      if (ud(a1, ca[f]) > tolA || ud(a2, cb[f]) > tolA) continue;
      const r = Math.log(cl[f] / L);
      if (r <= -HALF || r >= HALF) continue;
      hist[Math.floor((r + HALF) / BIN)]++;
    }
  }
  let best = 0, at = 0, sum = 0;
  for (let b = 0; b < NB; b++) {
    const v = 2 * hist[b] + (b > 0 ? hist[b - 1] : hist[b]) + (b < NB - 1 ? hist[b + 1] : hist[b]);
    sum += hist[b];
    if (v > best) { best = v; at = b; }
  }
  const mean = (4 * sum) / NB;
  return { ls: -HALF + (at + 0.5) * BIN, evidence: mean > 0 ? best / mean : 0 };
}

const ts = thresholds.split(',').map(Number);
const q = (v, p) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
for (const [name, lists] of [['clean', T.clean], ['real', T.real.resolution]]) {
  const eer = ts.map(() => []), base = [], replaced = ts.map(() => 0);
  const errG = [], evG = [], evI = [];
  let total = 0;
  for (const [k, list] of lists.entries()) {
    const n = list.length;
    const prep = list.map((t) => t && prepareTemplate(t, M));
    const shipped = new Float64Array(n * n);
    const per = ts.map(() => new Float64Array(n * n));
    const rescaled = new Map();
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
      if (!prep[a] || !prep[b]) continue;
      total++;
      const s0 = compareTemplates(prep[a], prep[b], M);
      shipped[a * n + b] = s0;
      const { ls, evidence } = edgeScale(prep[a], prep[b]);
      const genuine = fingers[k][a] === fingers[k][b];
      if (genuine) { evG.push(evidence); if (name === 'real') errG.push(Math.abs(ls - Math.log(drawn(k, b) / drawn(k, a)))); } else evI.push(evidence);
      let sr = NaN;
      for (const [j, t] of ts.entries()) {
        let s = s0;
        if (evidence >= t && Math.abs(ls) >= 0.05) {
          if (Number.isNaN(sr)) {
            const key = `${a}:${ls.toFixed(2)}`;
            let R = rescaled.get(key);
            if (!R) { R = prepareTemplate({ ...list[a], ppi: (list[a].ppi || 500) / Math.exp(ls) }, M); rescaled.set(key, R); }
            sr = compareTemplates(R, prep[b], M);
          }
          s = sr; replaced[j]++;
        }
        per[j][a * n + b] = s;
      }
    }
    base.push(allPairsErrorRates({ fingers: fingers[k], scores: shipped }).eer * 100);
    per.forEach((sc, j) => eer[j].push(allPairsErrorRates({ fingers: fingers[k], scores: sc }).eer * 100));
  }
  const m = (v) => (v.reduce((x, y) => x + y, 0) / v.length).toFixed(2);
  process.stdout.write(`${name}: shipped ${m(base)} % (${base.map((x) => x.toFixed(2)).join('/')}); evidence genuine median ${q(evG, 0.5).toFixed(2)} (10 % ${q(evG, 0.1).toFixed(2)}), impostor median ${q(evI, 0.5).toFixed(2)} (90 % ${q(evI, 0.9).toFixed(2)}, 99 % ${q(evI, 0.99).toFixed(2)})\n`);
  if (errG.length) process.stdout.write(`  genuine |estimate − true ln s|: median ${q(errG, 0.5).toFixed(3)}, 75 % ${q(errG, 0.75).toFixed(3)}, 90 % ${q(errG, 0.9).toFixed(3)}\n`);
  ts.forEach((t, j) => process.stdout.write(`  T ${t}: ${m(eer[j])} % (${eer[j].map((x) => x.toFixed(2)).join('/')}), replaced ${(100 * replaced[j] / total).toFixed(1)} %\n`));
}
