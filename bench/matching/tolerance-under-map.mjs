#!/usr/bin/env node
// Does the orientation map change what a matching option costs and gains? (issue 12, loosen)
// The four FVC2002 B sets extracted once clean and once perturbed (KIND, SEED: the draws of
// `afis eval perturb --kinds KIND`, as bench/matching/paired-matching-option.mjs takes them),
// every pair scored four ways: the map on (shipped), the map on with the change, the map off
// (`orientationAgreementWeight` 0) and the map off with the change. Printed: the change's paired
// effect on the mean EER and FNMR at FMR 0.1 % with the map on and with it off, and the
// difference of the two (how much the map alters the change's effect), each with a 95 % interval
// from resampling whole fingers (the same draws for every arm); and, per set and map setting,
// the top three impostor scores and the genuine pairs accepted at FMR 0.1 % (score above the
// third-highest of the 2,880 impostors), with how many the change gains and loses there.
//
//   node bench/matching/tolerance-under-map.mjs DATA_DIR '{"distanceToleranceRelative":0.12}' [KIND] [SEED]
//
// DATA_DIR holds fvc2002/DB1_B … DB4_B (DB2 is read at 569 ppi). Figures in bench/RESULTS.md
// ("Distortion tolerances re-judged with the orientation map on", loosen).
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { bootstrapErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, changes, kind = 'elastic', seedText = '1'] = process.argv.slice(2);
if (!dataDir || !changes) {
  process.stderr.write("usage: tolerance-under-map.mjs DATA_DIR '{\"PARAM\":VALUE}' [KIND] [SEED]\n");
  process.exit(2);
}
const seed = Number(seedText);
const change = JSON.parse(changes);
for (const k of Object.keys(change)) if (!(k in MATCHING_PARAMETERS)) throw new Error(`${k} is not a matching parameter`);
const mapOn = MATCHING_PARAMETERS;
const mapOff = { ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 };
const arms = [mapOn, { ...mapOn, ...change }, mapOff, { ...mapOff, ...change }];
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const extract = (perturbed) => sets.map((s, k) => extractEvalSet(s, perturbed ? { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image } : {}).templates);
const templates = { [kind]: extract(true), clean: extract(false) };
// runs[condition][arm] = ScoredSet per set
const runs = Object.fromEntries(Object.entries(templates).map(([cond, t]) => [cond, arms.map((p) => sets.map((s, k) => scoreEvalSet(s.fingers, t[k], p)))]));
const conditions = Object.keys(runs);
const variants = conditions.flatMap((c) => runs[c]);
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const f = bootstrapErrorRates(variants, (r) => {
  const out = [];
  for (const key of ['eer', 'fmr1000']) {
    for (let c = 0; c < conditions.length; c++) {
      const m = r.slice(4 * c, 4 * c + 4).map((x) => mean(x.map((q) => q[key])));
      const on = m[1] - m[0], off = m[3] - m[2];
      out.push(m[0], m[1], on, m[2], m[3], off, on - off);
    }
  }
  return out;
}, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
const pct = (e) => `${(e.value * 100).toFixed(2)} [${(e.low * 100).toFixed(2)}, ${(e.high * 100).toFixed(2)}]`;
const labels = ['map on', 'map on + change', 'change, map on', 'map off', 'map off + change', 'change, map off', 'change on − change off'];
const report = {};
let i = 0;
for (const key of ['meanEerPercent', 'meanFnmrAtFmr1000Percent']) {
  report[key] = {};
  for (const c of conditions) report[key][c] = Object.fromEntries(labels.map((l) => [l, pct(f[i++])]));
}

// the tails: per set, the top impostors and the genuine pairs accepted at FMR 0.1 %
const split = (set) => {
  const n = set.fingers.length, genuine = [], impostor = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (set.fingers[a] === set.fingers[b] ? genuine : impostor).push(set.scores[a * n + b]);
  impostor.sort((x, y) => y - x);
  return { genuine, impostor };
};
const names = ['DB1', 'DB2', 'DB3', 'DB4'];
report.tails = {};
for (const c of conditions) {
  for (const [label, base, changed] of [['map on', 0, 1], ['map off', 2, 3]]) {
    report.tails[`${c}, ${label}`] = names.map((name, k) => {
      const s0 = split(runs[c][base][k]), s1 = split(runs[c][changed][k]);
      // FMR ≤ 0.1 % of 2,880 impostors: at most two impostors at or above the threshold
      const cut = Math.floor(0.001 * s0.impostor.length);
      const t0 = s0.impostor[cut], t1 = s1.impostor[cut];
      const acc0 = s0.genuine.map((g) => g > t0), acc1 = s1.genuine.map((g) => g > t1);
      return {
        set: name,
        topImpostors: `${s0.impostor.slice(0, 3).map((x) => x.toFixed(1)).join('/')} → ${s1.impostor.slice(0, 3).map((x) => x.toFixed(1)).join('/')}`,
        genuineAccepted: `${acc0.filter(Boolean).length} → ${acc1.filter(Boolean).length} of ${acc0.length}`,
        gained: acc0.filter((a, j) => !a && acc1[j]).length,
        lost: acc0.filter((a, j) => a && !acc1[j]).length,
        genuineMedian: `${median(s0.genuine).toFixed(1)} → ${median(s1.genuine).toFixed(1)}`,
      };
    });
  }
}
function median(v) { const s = [...v].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; }
process.stdout.write(`${JSON.stringify({ changes: change, kind, seed, ...report }, null, 2)}\n`);
