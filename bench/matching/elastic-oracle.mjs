#!/usr/bin/env node
// How much of the `elastic` perturbation's cost is the matcher's rigidity and how much the
// extraction's lost or moved minutiae? (issue 12, part 5; elasticoracle). The perturbation knows its
// warp (mapPoint: clean → elastic; unmapPoint: elastic → clean, the very map its pixels were
// rendered through), so every image of the four FVC2002 B sets (DB2 at 569 ppi) gives seven templates:
//   clean    - the clean image extracted;
//   real     - the elastic image extracted (by default paired-option.mjs's draws, `… elastic SEED`:
//              mixSeed(SEED, 0, set, image); --suite-draws: the full suite's, mixSeed(SEED, 7, …));
//   back     - `real` carried back to the clean geometry through the inverse warp (minutiae, their
//              directions, the orientation map and valid area: warp-template.mjs): the extraction's
//              losses and moves kept, the distortion taken away;
//   fwd      - `clean` carried forward through the warp, minutiae within 10 px of the image side
//              dropped (as perturb-floor.mjs): the distortion kept, no extraction loss;
//   round    - `fwd` carried back (control: the minutiae the warp pushes off the image, and the
//              oracle's own resampling of the 16-px orientation map, twice);
//   roundmin - `round` with the clean orientation map (roundmin − clean: the minutiae pushed off;
//              round − roundmin: the oracle's map resampling);
//   backmin  - `back` with the clean orientation map (backmin − clean: the extraction's minutiae
//              alone; back − backmin: the orientation map extracted from the elastic image).
// Each arm is scored as the suite scores (every unordered pair of a set, shipped matcher), and a
// paired bootstrap over whole fingers (--rounds, 300 as paired-option.mjs) gives the mean EERs, the
// changes against clean, and the split: back − clean (the extraction in the clean geometry),
// fwd − clean (geometry alone), real − back (geometry given the extraction), real − fwd
// (extraction given the geometry); FNMR at FMR 0.1 % per arm.
//
// The genuine pairs that carry it: per set and arm, the threshold at FMR 1 % of the arm's own
// impostors (≈ the EER's); genuine pairs accepted clean and rejected real, counted by whether back
// and fwd accept them; listed (--list N) with their scores and the warps' displacement at their
// minutiae. Per image, the extraction's lost / false minutiae in the clean geometry (back against
// round, 12 px / 30°), and for each lost pair one side at a time (back of one print against clean of
// the other) to name the image at fault; compareTemplatesEvidence (minutia score, agreement, pairs)
// of every lost pair in every arm. With --stages, the pairs fwd rejects that clean accepts (the
// geometry's losses), and those real rejects that back accepts, are scored again with one matcher
// stage relaxed at a time (each variant's threshold from its own impostors; also its clean EER):
// pairing tolerances, root tolerances, every root grown (bench hook), maxRotationDrift, the MCC gate
// off, the orientation agreement off. --strength F: the warp's rotation and translation bounds ×F.
// --compare JSON: one matching change judged paired on clean and real with intervals.
//
//   node bench/matching/elastic-oracle.mjs DATA_DIR [SEED=1] [--suite-draws] [--strength 1] [--rounds 300] [--cache FILE] [--list N] [--stages] [--compare JSON] [--json OUT]
//
// --cache keeps the seven arms' templates (v8 serialised; delete after changing the extraction).
// Figures in bench/RESULTS.md ("How much of elastic's cost is the matcher's rigidity …", elasticoracle).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { serialize, deserialize } from 'node:v8';
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { allPairsErrorRates, bootstrapErrorRates, prepareTemplate, compareTemplates, compareTemplatesEvidence } from '../../dist/matching/index.js';
import { setRootSearchHook } from '../../dist/matching/compare-templates.js';
import { perturbImage, PERTURBATION_KINDS } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { warpTemplate } from './warp-template.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => { const at = args.indexOf(name); return at >= 0 ? args.splice(at, 2)[1] : fallback; };
const flag = (name) => { const at = args.indexOf(name); if (at >= 0) args.splice(at, 1); return at >= 0; };
const rounds = Number(option('--rounds', '300'));
const cacheFile = option('--cache', '');
const listN = Number(option('--list', '0'));
const jsonOut = option('--json', '');
const stages = flag('--stages');
// --compare JSON: a matching change judged paired on clean and real (the same templates), with
// intervals: its change of the clean and of the elastic mean EER, and of FNMR at FMR 0.1 %
const compareText = option('--compare', '');
// --suite-draws: the draws of the full suite (`afis eval perturb` without --kinds: elastic is its
// eighth kind, mixSeed(SEED, 7, set, image), and the bootstrap's), so `real` reproduces its figure
const kindIndex = flag('--suite-draws') ? PERTURBATION_KINDS.indexOf('elastic') : 0;
// --strength F: the warp's rotation and translation bounds (elasticMaxRotation, elasticMaxTranslation)
// times F, the same draws otherwise (a stronger distortion than the suite's, as a later FVC's)
const strength = Number(option('--strength', '1'));
const perturbParams = { ...PERTURBATION_PARAMETERS, elasticMaxRotation: PERTURBATION_PARAMETERS.elasticMaxRotation * strength, elasticMaxTranslation: PERTURBATION_PARAMETERS.elasticMaxTranslation * strength };
const [dataDir, seedText = '1'] = args;
if (!dataDir) {
  process.stderr.write('usage: elastic-oracle.mjs DATA_DIR [SEED] [--rounds N] [--cache FILE] [--list N] [--stages] [--json OUT]\n');
  process.exit(2);
}
const seed = Number(seedText);
const EDGE = 10;
const ARMS = ['clean', 'real', 'back', 'fwd', 'round', 'backmin', 'roundmin'];
const log = (s) => process.stderr.write(`${s}\n`);
const D = `${dataDir}/fvc2002`;
const setNames = ['DB1', 'DB2', 'DB3', 'DB4'];
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);

// ---- templates of the five arms, and each image's warp displacement at its minutiae
let cache = cacheFile && existsSync(cacheFile) ? deserialize(readFileSync(cacheFile)) : null;
if (!cache || cache.seed !== seed || (cache.kindIndex ?? 0) !== kindIndex || (cache.strength ?? 1) !== strength) {
  cache = { seed, kindIndex, strength, arms: Object.fromEntries(ARMS.map((a) => [a, []])), shift: [] };
  for (const [k, set] of sets.entries()) {
    log(`extracting ${setNames[k]} (clean, elastic ${seed})`);
    const clean = extractEvalSet(set).templates;
    const warps = [];
    const real = extractEvalSet(set, {
      transform: (image, i) => {
        const p = perturbImage(image, 'elastic', mixSeed(seed, kindIndex, k, i), perturbParams);
        warps[i] = { p, width: image.width, height: image.height };
        return p.image;
      },
    }).templates;
    const back = [], fwd = [], round = [], shift = [];
    set.items.forEach((_, i) => {
      const w = warps[i];
      const c = clean[i], r = real[i];
      if (!w) { back.push(null); fwd.push(null); round.push(null); shift.push(null); return; }
      const { p, width, height } = w;
      back.push(r ? warpTemplate(r, p.unmapPoint, p.mapPoint, width, height) : null);
      const f = c ? warpTemplate(c, p.mapPoint, p.unmapPoint, width, height, EDGE) : null;
      fwd.push(f);
      round.push(f ? warpTemplate(f, p.unmapPoint, p.mapPoint, width, height) : null);
      // the warp's displacement at the clean minutiae: median and max, px
      const d = c ? c.minutiae.map((m) => { const q = p.mapPoint(m.x, m.y); return Math.hypot(q[0] - m.x, q[1] - m.y); }).sort((a, b) => a - b) : [];
      shift.push(d.length ? { median: d[d.length >> 1], max: d[d.length - 1] } : null);
    });
    const backmin = back.map((t, i) => (t && clean[i]?.orientationMap ? { ...t, orientationMap: clean[i].orientationMap } : t));
    const roundmin = round.map((t, i) => (t && clean[i]?.orientationMap ? { ...t, orientationMap: clean[i].orientationMap } : t));
    for (const [a, list] of Object.entries({ clean, real, back, fwd, round, backmin, roundmin })) cache.arms[a].push(list);
    cache.shift.push(shift);
  }
  if (cacheFile) writeFileSync(cacheFile, serialize(cache));
}

// ---- every arm scored as the suite scores
const score = (templates, params = MATCHING_PARAMETERS) => sets.map((s, k) => scoreEvalSet(s.fingers, templates[k], params));
log('scoring');
const scored = ARMS.map((a) => score(cache.arms[a]));
const mean = (v) => v.reduce((x, y) => x + y, 0) / v.length;
const est = bootstrapErrorRates(scored, (r) => {
  const e = r.map((x) => mean(x.map((y) => y.eer)));
  const z = r.map((x) => mean(x.map((y) => y.fmr1000)));
  const [c, re, b, f, ro, bm, rm] = e;
  return [...e, ...z, re - c, b - c, f - c, ro - c, re - b, re - f, b - ro, f - ro, bm - c, b - bm, rm - c, ro - rm];
}, { rounds, random: createRng(mixSeed(seed, kindIndex)).next });
const pct = (e) => `${(100 * e.value).toFixed(2)} [${(100 * e.low).toFixed(2)}, ${(100 * e.high).toFixed(2)}]`;
const names = [...ARMS.map((a) => `${a} EER`), ...ARMS.map((a) => `${a} FNMR@0.1%`),
  'real − clean (elastic cost)', 'back − clean (extraction, clean geometry)', 'fwd − clean (geometry alone)', 'round − clean (oracle control)',
  'real − back (geometry given extraction)', 'real − fwd (extraction given geometry)', 'back − round (extraction, control-adjusted)', 'fwd − round (geometry, control-adjusted)',
  'backmin − clean (the extraction\'s minutiae alone)', 'back − backmin (the extraction\'s orientation map)',
  'roundmin − clean (the minutiae the warp pushes off the image)', 'round − roundmin (the oracle\'s map resampling)'];
const summary = Object.fromEntries(est.map((e, i) => [names[i], pct(e)]));
const count = (arm) => cache.arms[arm].map((l) => l.reduce((n, t) => n + (t ? t.minutiae.length : 0), 0));
const perSet = Object.fromEntries(ARMS.map((a, i) => [a, scored[i].map((s) => +(100 * allPairsErrorRates(s).eer).toFixed(2))]));
const report = { seed, draws: kindIndex ? 'suite' : 'paired-option', strength, rounds, load: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)), meanEerPercent: summary, perSet, minutiae: Object.fromEntries(ARMS.map((a) => [a, count(a)])) };
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

if (compareText) {
  const change = JSON.parse(compareText);
  for (const key of Object.keys(change)) if (!(key in MATCHING_PARAMETERS)) throw new Error(`${key} is not a matching parameter`);
  const changed = { ...MATCHING_PARAMETERS, ...change };
  const runs = [scored[0], score(cache.arms.clean, changed), scored[1], score(cache.arms.real, changed)];
  const f = bootstrapErrorRates(runs, (r) => {
    const e = r.map((x) => mean(x.map((y) => y.eer)));
    const z = r.map((x) => mean(x.map((y) => y.fmr1000)));
    return [e[0], e[1], e[1] - e[0], e[2], e[3], e[3] - e[2], z[0], z[1], z[1] - z[0], z[2], z[3], z[3] - z[2]];
  }, { rounds, random: createRng(mixSeed(seed, kindIndex, 1)).next });
  const labels = ['clean', 'clean changed', 'clean: change', 'elastic', 'elastic changed', 'elastic: change', 'clean FNMR@0.1%', 'clean FNMR@0.1% changed', 'clean FNMR@0.1%: change', 'elastic FNMR@0.1%', 'elastic FNMR@0.1% changed', 'elastic FNMR@0.1%: change'];
  const perSetChanged = [runs[1], runs[3]].map((r) => r.map((x) => +(100 * allPairsErrorRates(x).eer).toFixed(2)).join(' / '));
  process.stdout.write(`${JSON.stringify({ compare: change, strength, seed, meanEerPercent: Object.fromEntries(f.map((e, i) => [labels[i], pct(e)])), perSetChanged: { clean: perSetChanged[0], elastic: perSetChanged[1] } }, null, 1)}\n`);
}

// ---- the genuine pairs that carry it
/** Accepted at FMR f: score above the (⌊f · impostors⌋ + 1)-th highest impostor score. */
function thresholdAt(s, fmr) {
  const n = s.fingers.length, imp = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (s.fingers[a] !== s.fingers[b]) imp.push(s.scores[a * n + b]);
  imp.sort((x, y) => y - x);
  return imp[Math.floor(fmr * imp.length)];
}
const genuinePairs = (s) => {
  const n = s.fingers.length, out = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (s.fingers[a] === s.fingers[b]) out.push([a, b]);
  return out;
};
const FMR = 0.01;
const thresholds = scored.map((arm) => arm.map((s) => thresholdAt(s, FMR)));
const pairsReport = { fmr: FMR, perSet: [], lost: [] };
const tally = { genuine: 0, cleanAccepted: 0, lostReal: 0, gainedReal: 0, lostRealBackAccepts: 0, lostRealFwdAccepts: 0, lostRealBoth: 0, lostRealNeither: 0, lostFwd: 0, lostBack: 0, lostRound: 0 };
for (const [k, set] of sets.entries()) {
  const n = set.fingers.length;
  const t = ARMS.map((_, i) => thresholds[i][k]);
  const acc = (i, a, b) => scored[i][k].scores[a * n + b] > t[i];
  const st = { set: setNames[k], thresholds: t.map((x) => +x.toFixed(2)), genuine: 0, cleanAccepted: 0, lostReal: 0, gainedReal: 0, lostRealBackAccepts: 0, lostRealFwdAccepts: 0, lostRealBoth: 0, lostRealNeither: 0, lostFwd: 0, lostBack: 0, lostRound: 0 };
  for (const [a, b] of genuinePairs(scored[0][k])) {
    st.genuine++;
    const [c, r, bk, f, ro] = ARMS.map((_, i) => acc(i, a, b));
    if (!c) { if (r) st.gainedReal++; continue; }
    st.cleanAccepted++;
    if (!f) st.lostFwd++;
    if (!bk) st.lostBack++;
    if (!ro) st.lostRound++;
    if (r) continue;
    st.lostReal++;
    if (bk && f) st.lostRealBoth++;
    else if (bk) st.lostRealBackAccepts++;
    else if (f) st.lostRealFwdAccepts++;
    else st.lostRealNeither++;
    const sh = (i) => cache.shift[k][i];
    pairsReport.lost.push({
      set: setNames[k], a: set.names[a], b: set.names[b],
      scores: Object.fromEntries(ARMS.map((arm, i) => [arm, +scored[i][k].scores[a * n + b].toFixed(1)])),
      accepted: { back: bk, fwd: f, round: ro },
      thresholds: t.map((x) => +x.toFixed(1)),
      shift: [sh(a), sh(b)].map((s) => (s ? `${s.median.toFixed(1)}/${s.max.toFixed(1)}` : null)),
      minutiae: Object.fromEntries(ARMS.map((arm) => [arm, [a, b].map((i) => cache.arms[arm][k][i]?.minutiae.length ?? 0)])),
    });
  }
  for (const key of Object.keys(tally)) tally[key] += st[key];
  pairsReport.perSet.push(st);
}
pairsReport.total = tally;
process.stdout.write(`genuine pairs at each arm's FMR ${FMR * 100} % threshold (accepted clean, rejected real: whether back / fwd accept them)\n`);
for (const st of pairsReport.perSet) process.stdout.write(`${JSON.stringify(st)}\n`);
process.stdout.write(`${JSON.stringify({ total: tally })}\n`);
if (listN > 0) {
  const sorted = [...pairsReport.lost].sort((x, y) => x.scores.real - y.scores.real);
  for (const p of sorted.slice(0, listN)) process.stdout.write(`${JSON.stringify(p)}\n`);
}

// ---- which matcher stage rejects the geometry's losses (fwd rejects, clean accepts)
if (stages) {
  const P = MATCHING_PARAMETERS;
  const variants = [
    ['shipped', {}],
    ['pairing tolerances ×1.5 (distanceTolerance, distanceToleranceRelative, angleTolerance)', { distanceTolerance: P.distanceTolerance * 1.5, distanceToleranceRelative: P.distanceToleranceRelative * 1.5, angleTolerance: P.angleTolerance * 1.5 }],
    ['root tolerances ×1.5 (rootDistanceTolerance, rootAngleTolerance)', { rootDistanceTolerance: P.rootDistanceTolerance * 1.5, rootAngleTolerance: P.rootAngleTolerance * 1.5 }],
    ['every root grown (hook all)', { hook: { all: true } }],
    ['maxRotationDrift ×2', { maxRotationDrift: P.maxRotationDrift * 2 }],
    ['MCC gate off (mccWeight 0)', { mccWeight: 0 }],
    ['orientation agreement off (orientationAgreementWeight 0)', { orientationAgreementWeight: 0 }],
    ['pairing and root tolerances ×1.5', { distanceTolerance: P.distanceTolerance * 1.5, distanceToleranceRelative: P.distanceToleranceRelative * 1.5, angleTolerance: P.angleTolerance * 1.5, rootDistanceTolerance: P.rootDistanceTolerance * 1.5, rootAngleTolerance: P.rootAngleTolerance * 1.5 }],
    ['tolerances ×1.5 + MCC off + agreement off', { distanceTolerance: P.distanceTolerance * 1.5, distanceToleranceRelative: P.distanceToleranceRelative * 1.5, angleTolerance: P.angleTolerance * 1.5, rootDistanceTolerance: P.rootDistanceTolerance * 1.5, rootAngleTolerance: P.rootAngleTolerance * 1.5, mccWeight: 0, orientationAgreementWeight: 0 }],
  ];
  // the geometry's losses: accepted clean (shipped), rejected fwd (shipped)
  const targets = sets.map((set, k) => {
    const n = set.fingers.length;
    return genuinePairs(scored[0][k]).filter(([a, b]) => scored[0][k].scores[a * n + b] > thresholds[0][k] && !(scored[3][k].scores[a * n + b] > thresholds[3][k]));
  });
  // and, for contrast, the losses real has that back does not (geometry given the extraction)
  const targetsReal = sets.map((set, k) => {
    const n = set.fingers.length;
    return genuinePairs(scored[0][k]).filter(([a, b]) => scored[0][k].scores[a * n + b] > thresholds[0][k] && !(scored[1][k].scores[a * n + b] > thresholds[1][k]) && scored[2][k].scores[a * n + b] > thresholds[2][k]);
  });
  const total = (v) => v.reduce((x, y) => x + y.length, 0);
  process.stdout.write(`\nstages: ${total(targets)} genuine pairs clean accepts and fwd rejects; ${total(targetsReal)} that real rejects and back accepts (each arm's own FMR 1 % threshold)\n`);
  const stageRows = [];
  for (const [name, change] of variants) {
    const { hook, ...params } = change;
    const full = { ...P, ...params };
    if (hook) setRootSearchHook(hook);
    const row = { variant: name };
    // what the relief costs where nothing is distorted
    row.cleanEer = +(100 * mean(score(cache.arms.clean, full).map((x) => allPairsErrorRates(x).eer))).toFixed(2);
    for (const [armIndex, arm, tg] of [[3, 'fwd', targets], [1, 'real', targetsReal]]) {
      const s = score(cache.arms[arm], full);
      const th = s.map((x) => thresholdAt(x, FMR));
      let recovered = 0;
      s.forEach((x, k) => { const n = x.fingers.length; for (const [a, b] of tg[k]) if (x.scores[a * n + b] > th[k]) recovered++; });
      row[arm] = { recovered, of: total(tg), eer: +(100 * mean(s.map((x) => allPairsErrorRates(x).eer))).toFixed(2) };
    }
    if (hook) setRootSearchHook(null);
    stageRows.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
  }
  // the pieces of the score for the geometry's losses: minutia score, agreement, pairs; clean vs fwd
  const pieces = [];
  for (const [k, set] of sets.entries()) {
    for (const [a, b] of targets[k]) {
      const ev = (arm) => {
        const pa = prepareTemplate(cache.arms[arm][k][a], P), pb = prepareTemplate(cache.arms[arm][k][b], P);
        const e = compareTemplatesEvidence(pa, pb, P);
        const noMcc = compareTemplates(pa, pb, { ...P, mccWeight: 0, orientationAgreementWeight: 0 });
        return { score: +compareTemplates(pa, pb, P).toFixed(1), minutiaScore: +e.score.toFixed(1), agreement: e.agreement === null ? null : +e.agreement.toFixed(3), pairs: e.pairs, noGateNoMap: +noMcc.toFixed(1) };
      };
      pieces.push({ set: setNames[k], a: set.names[a], b: set.names[b], clean: ev('clean'), fwd: ev('fwd'), thresholds: [thresholds[0][k], thresholds[3][k]].map((x) => +x.toFixed(1)), shift: [cache.shift[k][a], cache.shift[k][b]].map((s) => (s ? `${s.median.toFixed(1)}/${s.max.toFixed(1)}` : null)) });
    }
  }
  for (const p of pieces) process.stdout.write(`${JSON.stringify(p)}\n`);
  pairsReport.stages = { rows: stageRows, pieces };
}

// ---- per image: the extraction's lost and false minutiae in the clean geometry (back against clean,
// 12 px and 30° one to one, nearest first, as elastic-stages.mjs counts), and which image of a lost pair is at fault
const R = 12, A = Math.PI / 6;
function correspond(x, y) {
  const cand = [];
  x.minutiae.forEach((m, i) => y.minutiae.forEach((n, j) => {
    const d = Math.hypot(m.x - n.x, m.y - n.y);
    let da = Math.abs(m.angle - n.angle) % (2 * Math.PI);
    if (da > Math.PI) da = 2 * Math.PI - da;
    if (d <= R && da <= A) cand.push([d, i, j]);
  }));
  cand.sort((p, q) => p[0] - q[0]);
  const ux = new Set(), uy = new Set();
  for (const [, i, j] of cand) if (!ux.has(i) && !uy.has(j)) { ux.add(i); uy.add(j); }
  return { kept: ux.size, lost: x.minutiae.length - ux.size, false: y.minutiae.length - uy.size };
}
const imageStats = sets.map((set, k) => set.items.map((_, i) => {
  const c = cache.arms.clean[k][i], b = cache.arms.back[k][i], r = cache.arms.round[k][i];
  if (!c || !b || !r) return null;
  // against round (the clean minutiae the warp keeps on the image), so minutiae pushed off do not count as lost
  const x = correspond(r, b);
  return { lostShare: x.lost / Math.max(1, r.minutiae.length), falseShare: x.false / Math.max(1, b.minutiae.length), lost: x.lost, false: x.false, clean: r.minutiae.length, found: b.minutiae.length };
}));
{
  const all = imageStats.flat().filter(Boolean);
  const sum = (f) => all.reduce((t, x) => t + f(x), 0);
  process.stdout.write(`\nextraction in the clean geometry (back against round, ${R} px / 30°): lost ${sum((x) => x.lost)} of ${sum((x) => x.clean)} (${(100 * sum((x) => x.lost) / sum((x) => x.clean)).toFixed(1)} %), false ${sum((x) => x.false)} of ${sum((x) => x.found)} (${(100 * sum((x) => x.false) / sum((x) => x.found)).toFixed(1)} %)\n`);
  const bySet = imageStats.map((l, k) => { const v = l.filter(Boolean); const s2 = (f) => v.reduce((t, x) => t + f(x), 0); return `${setNames[k]} lost ${(100 * s2((x) => x.lost) / s2((x) => x.clean)).toFixed(1)} %, false ${(100 * s2((x) => x.false) / s2((x) => x.found)).toFixed(1)} %`; });
  process.stdout.write(`${bySet.join('; ')}\n`);
}
{
  // for every genuine pair real loses: back of one image against clean of the other, both ways
  const P = MATCHING_PARAMETERS;
  const culprits = new Map();
  process.stdout.write(`\nlost pairs, one side at a time: score(back a, clean b) / score(clean a, back b), and each image's lost / false share\n`);
  for (const [k, set] of sets.entries()) {
    const n = set.fingers.length;
    for (const [a, b] of genuinePairs(scored[0][k])) {
      if (!(scored[0][k].scores[a * n + b] > thresholds[0][k]) || scored[1][k].scores[a * n + b] > thresholds[1][k]) continue;
      const pr = (t) => prepareTemplate(t, P);
      const s1 = compareTemplates(pr(cache.arms.back[k][a]), pr(cache.arms.clean[k][b]), P);
      const s2 = compareTemplates(pr(cache.arms.clean[k][a]), pr(cache.arms.back[k][b]), P);
      const st = (i) => { const x = imageStats[k][i]; return x ? `${(100 * x.lostShare).toFixed(0)}/${(100 * x.falseShare).toFixed(0)} %` : '–'; };
      process.stdout.write(`${JSON.stringify({ set: setNames[k], a: set.names[a], b: set.names[b], clean: +scored[0][k].scores[a * n + b].toFixed(1), backA_cleanB: +s1.toFixed(1), cleanA_backB: +s2.toFixed(1), lostFalseA: st(a), lostFalseB: st(b) })}\n`);
      for (const [i, sc] of [[a, s1], [b, s2]]) if (!(sc > thresholds[0][k])) culprits.set(`${setNames[k]} ${set.names[i]}`, imageStats[k][i]);
    }
  }
  const all = imageStats.flat().filter(Boolean);
  const med = (v) => { const q = [...v].sort((x, y) => x - y); return q[q.length >> 1]; };
  const cv = [...culprits.values()].filter(Boolean);
  process.stdout.write(`images whose back template alone fails against the other's clean one: ${[...culprits.keys()].join(', ')}\n`);
  process.stdout.write(`median lost / false share: those ${(100 * med(cv.map((x) => x.lostShare))).toFixed(0)} / ${(100 * med(cv.map((x) => x.falseShare))).toFixed(0)} %, all images ${(100 * med(all.map((x) => x.lostShare))).toFixed(0)} / ${(100 * med(all.map((x) => x.falseShare))).toFixed(0)} %\n`);
}

// ---- the pieces of the score (minutia score, agreement, pairs) for every genuine pair real loses, in every arm
{
  const P = MATCHING_PARAMETERS;
  const prepared = new Map();
  const prep = (arm, k, i) => {
    const key = `${arm}/${k}/${i}`;
    if (!prepared.has(key)) prepared.set(key, cache.arms[arm][k][i] ? prepareTemplate(cache.arms[arm][k][i], P) : null);
    return prepared.get(key);
  };
  const rows = [];
  for (const [k, set] of sets.entries()) {
    const n = set.fingers.length;
    for (const [a, b] of genuinePairs(scored[0][k])) {
      if (!(scored[0][k].scores[a * n + b] > thresholds[0][k]) || scored[1][k].scores[a * n + b] > thresholds[1][k]) continue;
      const row = { set: setNames[k], a: set.names[a], b: set.names[b] };
      for (const arm of ARMS) {
        const pa = prep(arm, k, a), pb = prep(arm, k, b);
        if (!pa || !pb) { row[arm] = null; continue; }
        const e = compareTemplatesEvidence(pa, pb, P);
        row[arm] = `${compareTemplates(pa, pb, P).toFixed(1)} = m ${e.score.toFixed(1)}, g ${e.agreement === null ? '–' : e.agreement.toFixed(2)}, ${e.pairs} pairs`;
      }
      rows.push(row);
    }
  }
  process.stdout.write(`\nevidence (score = minutia score m · map factor of agreement g; pairs) of the ${rows.length} genuine pairs real loses\n`);
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
  pairsReport.evidence = rows;
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ ...report, pairs: pairsReport }, null, 1));
