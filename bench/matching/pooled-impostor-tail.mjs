#!/usr/bin/env node
// The impostor tail where 1:N decisions are made (issue 12, tail): a matching option judged at
// FMR 0.01 % and 0.001 %, finer than one set's 2,880 impostor pairs resolve. The four FVC2002 B
// sets (DB2 at 569 ppi) extracted once, every ordered pair of the 320 templates scored (across
// sets too, as `afis eval calibration` fits the table: 99,840 impostor, 2,240 genuine ordered
// pairs) with the shipped and with the changed matching parameters, and:
// - FNMR at the threshold rejecting all but ⌊level · N⌋ of the pooled impostors (levels 0.1 %,
//   0.01 %, 0.001 %), shipped, changed and the change, with 95 % intervals resampling whole
//   fingers in every set (pooledImpostorTail); also with the threshold set on within-set or on
//   cross-set impostors alone;
// - the FVC protocol's mean EER and FNMR at FMR 0.1 % within each set (bootstrapErrorRates);
// - the top impostor scores per set and of the pooled list;
// - the calibration table fitted on all the clean pairs (measureCalibration) and how its tail
//   reads FMR 1e-5, 1e-6, 1e-8 (fmrToThreshold: beyond 1e-5 an extrapolation), and, leave one set
//   out (calibrationWithout, measureHeldOutCalibration, as `afis eval calibration --held-out
//   --kinds none --seed 1 --rounds 1000`), the realised FMR at 1 %, 0.1 %, 0.01 % and 0.001 %.
// With KIND and SEEDS (e.g. dry+low-contrast+crop+frame 17+18), every image is also perturbed as
// `afis eval perturb --kinds KIND --seed S` does, and the same figures are drawn on the perturbed
// templates of each seed, the pooled change being the mean of the seeds' paired changes on one
// shared resample of fingers (as paired-matching-option.mjs pools); the held-out thresholds fitted
// on clean pairs are judged on the perturbed sets too.
//
//   node bench/matching/pooled-impostor-tail.mjs DATA_DIR '{"pairingResidualScale":0.1}' [KIND SEEDS] [--rounds 1000]
//
// Figures in bench/RESULTS.md ("Does the pairing-residual factor lower the impostor tail …", tail).
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { orderedScores, HELD_OUT_BAND_EDGES } from '../../dist/cli/commands/eval-calibration.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import {
  bootstrapPooledImpostorTail, pooledImpostorTail, bootstrapErrorRates, measureCalibration, fmrToThreshold, calibrationWithout, thresholdsOf,
  measureHeldOutCalibration, pairedDifference, CALIBRATION_FMR_LEVELS,
} from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const argv = process.argv.slice(2);
const roundsAt = argv.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(argv.splice(roundsAt, 2)[1]) : 1000;
const [dataDir, changes, kind, seedText] = argv;
if (!dataDir || !changes || (kind && !seedText)) {
  process.stderr.write("usage: pooled-impostor-tail.mjs DATA_DIR '{\"PARAM\":VALUE}' [KIND SEEDS] [--rounds R]\n");
  process.exit(2);
}
const change = JSON.parse(changes);
for (const k of Object.keys(change)) if (!(k in MATCHING_PARAMETERS)) throw new Error(`${k} is not a matching parameter`);
const seeds = kind ? seedText.split('+').map(Number) : [];
const off = MATCHING_PARAMETERS, on = { ...MATCHING_PARAMETERS, ...change };
const LEVELS = [1e-3, 1e-4, 1e-5];
const HELD_LEVELS = [0.01, 0.001, 1e-4, 1e-5];
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const setOf = sets.flatMap((s, k) => s.fingers.map(() => k));
const fingersOf = sets.flatMap((s) => s.fingers);
const offsets = sets.map((_, k) => sets.slice(0, k).reduce((n, s) => n + s.fingers.length, 0));
const N = setOf.length;
const log = (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

// arms: clean, then each seed's perturbed images (kind index 0, as `afis eval perturb --kinds KIND`)
const arms = [{ name: 'clean', seed: 1 }, ...seeds.map((s) => ({ name: `${kind} seed ${s}`, seed: s }))];
for (const arm of arms) {
  log(`extract ${arm.name}`);
  const templates = sets.map((s, k) => extractEvalSet(s, arm.name === 'clean' ? {} : { transform: (image, i) => perturbImage(image, kind, mixSeed(arm.seed, 0, k, i)).image }).templates);
  arm.quality = templates.flat().map((t) => (t ? t.quality : 0));
  arm.failed = templates.flat().filter((t) => !t).length;
  log(`score ${arm.name}`);
  arm.off = { sets: setOf, fingers: fingersOf, scores: orderedScores(templates.flat(), fingersOf, setOf, off) };
  arm.on = { sets: setOf, fingers: fingersOf, scores: orderedScores(templates.flat(), fingersOf, setOf, on) };
}
log('figures');
const pct = (v) => (Number.isFinite(v) ? +(v * 100).toFixed(2) : null);
const est = (e) => `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`;
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const variants = arms.flatMap((a) => [a.off, a.on]);
const P = seeds.length;

// the pooled tail: per arm off, on, on − off; then (several seeds) the pooled perturbed change
const tail = (scope) => {
  const names = [];
  for (const a of arms) for (const l of LEVELS) names.push(`${a.name} ${l}`);
  if (P > 1) for (const l of LEVELS) names.push(`${kind} pooled ${l}`);
  const f = bootstrapPooledImpostorTail(variants, LEVELS, (p) => {
    const out = [];
    const per = [];
    arms.forEach((_, j) => LEVELS.forEach((__, l) => { const x = p[2 * j][l].fnmr, y = p[2 * j + 1][l].fnmr; out.push(x, y, y - x); }));
    if (P > 1) LEVELS.forEach((_, l) => { per.push(mean(seeds.map((__, j) => p[2 * (j + 1)][l].fnmr)), mean(seeds.map((__, j) => p[2 * (j + 1) + 1][l].fnmr))); per.push(per.at(-1) - per.at(-2)); });
    return [...out, ...per];
  }, { rounds, random: createRng(mixSeed(seeds[0] ?? 1, 0x7a11)).next, scope });
  return Object.fromEntries(names.map((nm, i) => [nm, { off: est(f[3 * i]), on: est(f[3 * i + 1]), change: est(f[3 * i + 2]) }]));
};
// the operating points on the full data, with each set's genuine pairs rejected there (of 560 ordered)
const missesPerSet = (o, t) => sets.map((_, k) => {
  let miss = 0;
  for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) if (a !== b && setOf[a] === k && setOf[b] === k && fingersOf[a] === fingersOf[b] && o.scores[a * N + b] <= t) miss++;
  return miss;
}).join('/');
const excluded = (scope) => Object.fromEntries(arms.map((a) => [a.name, Object.fromEntries(['off', 'on'].map((w) => [w, pooledImpostorTail(a[w], LEVELS, scope).map((p) => `${p.level}: rejects ≤ ${p.excluded.toFixed(2)} (of ${p.impostor}); genuine rejected per set ${missesPerSet(a[w], p.excluded)}`)]))]));

// the FVC protocol within each set (unordered pairs a < b, a as probe, as scoreEvalSet gives them)
const withinSets = (o) => sets.map((s, k) => {
  const m = s.fingers.length, x = offsets[k], scores = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) scores[a * m + b] = o.scores[(x + a) * N + x + b];
  return { fingers: s.fingers, scores };
});
const fvcRuns = variants.map(withinSets);
const fvc = bootstrapErrorRates(fvcRuns, (r) => [(q) => q.eer, (q) => q.fmr1000].flatMap((fig) => {
  const m = r.map((x) => mean(x.map(fig)));
  const out = arms.flatMap((_, j) => [m[2 * j], m[2 * j + 1], m[2 * j + 1] - m[2 * j]]);
  const pooled = P > 1 ? [mean(seeds.map((_, j) => m[2 * (j + 1)])), mean(seeds.map((_, j) => m[2 * (j + 1) + 1])), mean(seeds.map((_, j) => m[2 * (j + 1) + 1] - m[2 * (j + 1)]))] : [];
  return [...out, ...pooled];
}), { rounds: 300, random: createRng(mixSeed(seeds[0] ?? 1, 0)).next });
const fvcNames = [...arms.map((a) => a.name), ...(P > 1 ? [`${kind} pooled`] : [])];
const W = 3 * fvcNames.length;
const fvcJson = Object.fromEntries(fvcNames.map((nm, i) => [nm, {
  meanEer: { off: est(fvc[3 * i]), on: est(fvc[3 * i + 1]), change: est(fvc[3 * i + 2]) },
  meanFnmrAtFmr1000: { off: est(fvc[W + 3 * i]), on: est(fvc[W + 3 * i + 1]), change: est(fvc[W + 3 * i + 2]) },
}]));

// the top impostors: per set within it, and the pooled list's top 10 with where they come from
const top = (o) => {
  const within = sets.map(() => []), pooled = [];
  for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) {
    if (a === b || (setOf[a] === setOf[b] && fingersOf[a] === fingersOf[b])) continue;
    const s = o.scores[a * N + b];
    if (setOf[a] === setOf[b]) within[setOf[a]].push(s);
    pooled.push({ s, from: `DB${setOf[a] + 1}→DB${setOf[b] + 1}` });
  }
  pooled.sort((u, v) => v.s - u.s);
  return {
    withinTop3: within.map((v, k) => `DB${k + 1} ${v.sort((u, w) => w - u).slice(0, 3).map((x) => x.toFixed(2)).join('/')}`),
    pooledTop10: pooled.slice(0, 10).map((p) => `${p.s.toFixed(2)} ${p.from}`),
  };
};

// the calibration table on every clean ordered pair, and its tail
const pairsOf = (o) => {
  const gen = [], imp = [];
  for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) if (a !== b) (setOf[a] === setOf[b] && fingersOf[a] === fingersOf[b] ? gen : imp).push(o.scores[a * N + b]);
  return { gen, imp };
};
const clean = arms[0];
const tables = { off: measureCalibration(...Object.values(pairsOf(clean.off))), on: measureCalibration(...Object.values(pairsOf(clean.on))) };
const tmrAt = (o, t) => { const { gen } = pairsOf(o); return gen.filter((g) => g >= t).length / gen.length; };
const calJson = Object.fromEntries(['off', 'on'].map((w) => [w, {
  points: tables[w].points.filter((p) => p.fmr <= 1e-3).map((p) => `${p.fmr}: ${p.score.toFixed(3)} TMR ${p.tmr.toFixed(4)}`),
  readAt: [1e-5, 1e-6, 1e-8].map((f) => { const t = fmrToThreshold(f, tables[w]); return `${f}: threshold ${t.toFixed(3)} FNMR ${pct(1 - tmrAt(clean[w], t))} %`; }),
}]));
// the option's scores read at the shipped (off-fitted) table's thresholds: what a switch without refitting would do
calJson.onReadInOffTable = [1e-4, 1e-5, 1e-6].map((f) => { const t = fmrToThreshold(f, tables.off); return `${f}: threshold ${t.toFixed(3)} FNMR ${pct(1 - tmrAt(clean.on, t))} %`; });

// held out: leave one set out on clean pairs, judged on the clean (and perturbed) held-out sets
const edges = HELD_OUT_BAND_EDGES;
const bands = edges.map((lo, i) => [lo, i + 1 < edges.length ? edges[i + 1] : 101]);
const heldOut = (w) => {
  const thresholds = sets.map((_, k) => thresholdsOf(calibrationWithout(clean[w], k), HELD_LEVELS));
  return arms.map((a, j) => {
    const parts = sets.map((s, k) => {
      const m = s.fingers.length, x = offsets[k], scores = new Float64Array(m * m);
      for (let u = 0; u < m; u++) for (let v = 0; v < m; v++) scores[u * m + v] = a[w].scores[(x + u) * N + x + v];
      return { fingers: s.fingers, quality: a.quality.slice(x, x + m), scores, thresholds: thresholds[k] };
    });
    const draws = [];
    const levels = measureHeldOutCalibration(parts, { levels: HELD_LEVELS, bands, rounds: 1000, random: createRng(mixSeed(a.seed, 0xca1, j === 0 ? 0 : 1)).next, onDraw: (d) => void draws.push([...d]) });
    return { levels, draws, thresholds };
  });
};
const held = { off: heldOut('off'), on: heldOut('on') };
const heldJson = arms.map((a, j) => {
  const diff = pairedDifference(held.off[j].levels, held.on[j].levels, held.off[j].draws, held.on[j].draws);
  const e = (x) => `${(x.value * 100).toFixed(4)} [${(x.low * 100).toFixed(4)}, ${(x.high * 100).toFixed(4)}]`;
  return {
    arm: a.name,
    foldThresholds: Object.fromEntries(['off', 'on'].map((w) => [w, held[w][j].thresholds.map((t) => t.map((v) => v.toFixed(3)).join('/'))])),
    levels: HELD_LEVELS.map((level, l) => ({
      level,
      off: `FMR ${e(held.off[j].levels[l].fmr)} % (${held.off[j].levels[l].falseMatches} of ${held.off[j].levels[l].impostor}; per set ${held.off[j].levels[l].perSet.map((s) => s.falseMatches).join('/')}), FNMR ${e(held.off[j].levels[l].fnmr)} %`,
      on: `FMR ${e(held.on[j].levels[l].fmr)} % (${held.on[j].levels[l].falseMatches} of ${held.on[j].levels[l].impostor}; per set ${held.on[j].levels[l].perSet.map((s) => s.falseMatches).join('/')}), FNMR ${e(held.on[j].levels[l].fnmr)} %`,
      change: `FMR ${e(diff[l].fmr)}, FNMR ${e(diff[l].fnmr)}`,
    })),
  };
});

process.stdout.write(`${JSON.stringify({
  changes: change, kind: kind ?? null, seeds, rounds, failedToEnrol: Object.fromEntries(arms.map((a) => [a.name, a.failed])),
  pooledTail: { all: tail('all'), within: tail('within'), across: tail('across') },
  excluded: { all: excluded('all'), within: excluded('within'), across: excluded('across') },
  fvcWithinSets: fvcJson,
  topImpostors: Object.fromEntries(arms.map((a) => [a.name, { off: top(a.off), on: top(a.on) }])),
  calibration: calJson,
  heldOut: heldJson,
}, null, 2)}\n`);
log('done');
