#!/usr/bin/env node
// Do tiny templates carry false evidence into 1:N decisions? (issue 12, fewfuse). The four FVC2002
// B sets (DB2 at 569 ppi), clean or perturbed by KIND (a chain a+b; draws mixSeed(SEED, 0, set,
// image) as paired-matching-option.mjs), the shipped extraction and matcher; every ordered pair of
// images a ≠ b, within and across sets (genuine: same set and finger). Per pair the smaller
// prepared minutiae count (PreparedTemplate.count) decides the group: below COUNT (--below; default
// 14, the 1:1 FMR claim's floor `fmrClaimMinMinutiae`, calibration.ts fmrClaimRefusal) or not. Prints, at the shipped
// table's thresholds fmrToThreshold(1e-3 … 1e-6): impostor pairs at or above it per group (and the
// group's empirical rate), genuine pairs at or above it per group (what capping the small group's
// evidence would cost), with 95 % intervals from resampling whole fingers (a pair weighs the
// product of its two fingers' multiplicities).
//
// SEED may pool draws (`20+21`): each seed's comparisons are added up, one resample of fingers
// shared by the seeds.
//
// --below COUNT: the group's count (default `refusedFingerBelowMinutiae`, the claim's floor 14).
//
//   node bench/search/few-minutiae-evidence.mjs DATA_DIR [clean|KIND] [SEED|S1+S2] [--rounds 300] [--below COUNT]
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { SEARCH_PARAMETERS } from '../../dist/config/parameters/search.js';
import { prepareTemplate, compareTemplates, fmrToThreshold } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const argv = process.argv.slice(2);
const roundsAt = argv.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(argv.splice(roundsAt, 2)[1]) : 300;
const belowAt = argv.indexOf('--below');
const below = belowAt >= 0 ? Number(argv.splice(belowAt, 2)[1]) : SEARCH_PARAMETERS.refusedFingerBelowMinutiae;
const [dataDir, kind = 'clean', seedText = '1'] = argv;
if (!dataDir) { process.stderr.write('usage: few-minutiae-evidence.mjs DATA_DIR [clean|KIND] [SEED] [--rounds N] [--below COUNT]\n'); process.exit(2); }
const seeds = seedText.split('+').map(Number), seed = seeds[0], floor = below;
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const LEVELS = [1e-3, 1e-4, 1e-5, 1e-6];
const thresholds = LEVELS.map((f) => fmrToThreshold(f));
const fingerIds = new Map();
const draws = (kind === 'clean' ? [null] : seeds).map((sd) => sets.flatMap((s, k) => extractEvalSet(s, sd === null ? {} : { transform: (image, i) => perturbImage(image, kind, mixSeed(sd, 0, k, i)).image }).templates
  .map((t, i) => {
    const key = `${k}:${s.fingers[i]}`;
    if (!fingerIds.has(key)) fingerIds.set(key, fingerIds.size);
    return { k, i, finger: fingerIds.get(key), p: t && prepareTemplate(t, MATCHING_PARAMETERS) };
  })));
const images = draws.flat();
const F = fingerIds.size;
// totals per (finger a, finger b, group, genuine) for the bootstrap's denominators; rows only for pairs ≥ the lowest threshold
const totals = new Float64Array(F * F * 2);
const rows = [];
const t0 = performance.now();
for (const draw of draws) for (const a of draw) for (const b of draw) {
  if (a === b || !a.p || !b.p) continue; // a failure to enrol has no count and no score
  const small = Math.min(a.p.count, b.p.count) < floor ? 1 : 0;
  const genuine = a.finger === b.finger;
  if (!genuine) totals[(a.finger * F + b.finger) * 2 + small]++;
  const score = compareTemplates(a.p, b.p);
  if (genuine || score >= thresholds[0]) rows.push({ fa: a.finger, fb: b.finger, small, genuine, score, n: Math.min(a.p.count, b.p.count), a: `DB${a.k + 1}#${a.i}`, b: `DB${b.k + 1}#${b.i}` });
}
const ms = performance.now() - t0;
// figures of one resample: weights w[f] (multiplicity of finger f)
function figures(w) {
  const den = [0, 0];
  for (let fa = 0; fa < F; fa++) if (w[fa]) for (let fb = 0; fb < F; fb++) if (w[fb]) {
    const ww = w[fa] * w[fb], o = (fa * F + fb) * 2;
    den[0] += ww * totals[o]; den[1] += ww * totals[o + 1];
  }
  const imp = LEVELS.map(() => [0, 0]), gen = LEVELS.map(() => [0, 0]);
  let genTotal = [0, 0];
  for (const r of rows) {
    const ww = r.genuine ? w[r.fa] : w[r.fa] * w[r.fb];
    if (!ww) continue;
    if (r.genuine) genTotal[r.small] += ww;
    thresholds.forEach((t, l) => { if (r.score >= t) (r.genuine ? gen : imp)[l][r.small] += ww; });
  }
  return { den, imp, gen, genTotal };
}
const point = figures(new Array(F).fill(1));
let state = 0x9e3779b9 ^ seed;
const rand = () => { state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0; return ((state >>> 0) % 1e9) / 1e9; };
const boot = [];
for (let r = 0; r < rounds; r++) {
  const w = new Array(F).fill(0);
  for (let i = 0; i < F; i++) w[Math.floor(rand() * F)]++;
  boot.push(figures(w));
}
const ci = (get) => { const v = boot.map(get).sort((x, y) => x - y); return `[${+v[Math.floor(0.025 * rounds)].toFixed(1)}, ${+v[Math.min(rounds - 1, Math.floor(0.975 * rounds))].toFixed(1)}]`; };
const ciRate = (get) => { const v = boot.map(get).sort((x, y) => x - y); return `[${v[Math.floor(0.025 * rounds)].toExponential(1)}, ${v[Math.min(rounds - 1, Math.floor(0.975 * rounds))].toExponential(1)}]`; };
const rate = (n, d) => (d > 0 ? (n / d).toExponential(1) : '-');
const out = (s) => process.stdout.write(s + '\n');
out(`${kind}${kind === 'clean' ? '' : ` seed ${seeds.join('+')}`}: ${images.length} images, ${images.filter((x) => !x.p).length} failed to enrol; ${F} fingers; ${(ms / 1000).toFixed(0)} s scoring; floor ${floor}; ${rounds} finger resamples`);
out(`impostor ordered pairs: smaller < ${floor}: ${point.den[1]}, >= ${floor}: ${point.den[0]}; genuine ordered pairs: < ${floor}: ${point.genTotal[1]}, >= ${floor}: ${point.genTotal[0]}`);
LEVELS.forEach((f, l) => {
  out(`FMR ${f.toExponential(0)} (score ${thresholds[l].toFixed(2)}): impostors >= t: small ${point.imp[l][1]} ${ci((q) => q.imp[l][1])} rate ${rate(point.imp[l][1], point.den[1])} ${ciRate((q) => q.imp[l][1] / q.den[1])}` +
    ` | large ${point.imp[l][0]} ${ci((q) => q.imp[l][0])} rate ${rate(point.imp[l][0], point.den[0])}` +
    ` || genuine >= t: small ${point.gen[l][1]} ${ci((q) => q.gen[l][1])} | large ${point.gen[l][0]} ${ci((q) => q.gen[l][0])}`);
});
const top = rows.filter((r) => !r.genuine).sort((x, y) => y.score - x.score).slice(0, 8);
out(`top impostors: ${top.map((r) => `${r.score.toFixed(1)} (n ${r.n}, ${r.a}~${r.b})`).join('; ')}`);
const smallTop = rows.filter((r) => !r.genuine && r.small).sort((x, y) => y.score - x.score).slice(0, 8);
out(`top small-pair impostors: ${smallTop.map((r) => `${r.score.toFixed(1)} (n ${r.n})`).join('; ')}`);
// by the smaller count: the small pairs at or above the 1e-5 threshold (impostors, genuine)
const at5 = thresholds[LEVELS.indexOf(1e-5)];
const byCount = (genuine) => { const h = new Map(); for (const r of rows) if (r.small && r.genuine === genuine && r.score >= at5) h.set(r.n, (h.get(r.n) ?? 0) + 1); return [...h].sort((x, y) => x[0] - y[0]).map(([n, c]) => `${n}:${c}`).join(' '); };
out(`small pairs >= the 1e-5 threshold by smaller count: impostors ${byCount(false) || '-'} | genuine ${byCount(true) || '-'}`);
