#!/usr/bin/env node
// The ridge period as an impostor cue (issue 12, part 5): measured ad hoc, nothing in src reads
// the period. Every image of the four FVC2002 B sets (DB2 at 569 ppi, resampled to 500 ppi by the
// reader) is extracted clean and under `resolution`, `crop` and `elastic` on seeds 1 and 2 (the
// images of the full `afis eval perturb --seed S` suite: the kind's index in PERTURBATION_KINDS),
// each with the median of its measured block periods (median-period.mjs's figure, from the same
// analysis that gives the template). All pairs of each set are scored with the shipped matcher
// and each score multiplied by a factor of d = |ln(p1 / p2)|, the form fixed before any result:
//
//   f(d) = 1 for d <= t,  (t / d)^2 beyond          (period unmeasured on either side: 1)
//
// (--power P replaces the exponent 2: a check after the fact that the verdict is not the form's.)
// Prints, for every t: clean mean EER (per set) and FNMR at FMR 0.1 %; the perturbed EERs and
// their paired change against the shipped scores (95 % intervals from resampling whole fingers,
// as `afis eval cv`); the leave-one-set-out cross-validation of t (each fold's t chosen on the
// other three sets, the change against shipped paired on the same draws, exactly as `eval cv
// --param`); whether the high-scoring impostors (top 1 % / 0.1 % of each set's impostor scores)
// and the low-scoring genuine pairs differ in period more than typical ones; and the
// cross-population shares (DB4 = SFinGe × the real sets) at the real sets' FMR 1 % threshold.
//
//   node bench/matching/period-factor.mjs DATA_DIR [--t 0.05,0.075,0.1,0.15,0.2] [--rounds 300]
//        [--power 2] [--cache FILE.json] [--json FILE]
//
// --cache keeps the templates and periods (delete it after an extraction change).
// Figures in bench/RESULTS.md ("The ridge period as an impostor cue").
import { writeFileSync } from 'node:fs';
import { readCache, writeCache } from './template-cache.mjs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const valued = ['--t', '--rounds', '--cache', '--json', '--power'];
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const [dataDir] = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.includes(argv[i - 1])));
if (!dataDir) {
  process.stderr.write('usage: period-factor.mjs DATA_DIR [--t a,b,...] [--rounds N] [--cache FILE] [--json FILE]\n');
  process.exit(2);
}
const tolerances = option('--t', '0.05,0.075,0.1,0.15,0.2').split(',').map(Number);
const rounds = Number(option('--rounds', '300'));
const power = Number(option('--power', '2'));
const cacheFile = option('--cache', '');
const jsonFile = option('--json', '');
const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { readEvalSets, scoreEvalSet } = await import(dist('cli/commands/eval-sets.js'));
const { analyzeFingerprint, extractFromAnalysis } = await import(dist('extraction/index.js'));
const { EXTRACTION_PARAMETERS } = await import(dist('config/parameters.js'));
const { MATCHING_PARAMETERS } = await import(dist('config/parameters/matching.js'));
const { NO_DEBUG, isFailureToEnrol } = await import(dist('core/index.js'));
const { perturbImage, PERTURBATION_KINDS } = await import(dist('perturbation/index.js'));
const { createRng, mixSeed } = await import(dist('synthetic/index.js'));
const { prepareTemplate, compareTemplates, allPairsErrorRates, bootstrapErrorRates, crossValidateSets, computeErrorRates } = await import(dist('matching/index.js'));

const KINDS = ['resolution', 'crop', 'elastic'];
const SEEDS = [1, 2];
const log = (s) => process.stderr.write(`${s}\n`);
const labels = ['DB1', 'DB2', 'DB3', 'DB4'];

/** Template and median measured period (px at 500 ppi) from one analysis; null on a failure to enrol. */
function extract(image) {
  try {
    const a = analyzeFingerprint(image, EXTRACTION_PARAMETERS);
    const f = a.frequency;
    const v = [];
    for (let i = 0; i < f.period.length; i++) if (f.measured[i]) v.push(f.period[i]);
    v.sort((x, y) => x - y);
    return { template: extractFromAnalysis(image, a, EXTRACTION_PARAMETERS, NO_DEBUG), period: v.length ? v[v.length >> 1] : 0 };
  } catch (err) {
    if (isFailureToEnrol(err)) return null;
    throw err;
  }
}

// data[variant][set] = { fingers, rows: [{template, period} | null] }; variant 'clean' or 'KIND/SEED'
let data = readCache(cacheFile);
if (!data) {
  const sets = await readEvalSets(['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((s) => `${dataDir}/fvc2002/${s}`));
  data = {};
  const variants = [['clean', null, 0], ...KINDS.flatMap((k) => SEEDS.map((s) => [`${k}/${s}`, k, s]))];
  for (const [name, kind, seed] of variants) {
    log(`extracting ${name}`);
    data[name] = sets.map((set, k) => ({
      fingers: set.fingers,
      rows: set.items.map((it, i) => {
        if (!it) return null;
        if (!kind) return extract(it.image);
        return extract(perturbImage(it.image, kind, mixSeed(seed, PERTURBATION_KINDS.indexOf(kind), k, i)).image);
      }),
    }));
  }
  if (cacheFile) writeCache(cacheFile, data);
}

const factor = (t, p1, p2) => {
  if (!(t > 0) || !(p1 > 0) || !(p2 > 0)) return 1;
  const d = Math.abs(Math.log(p1 / p2));
  return d <= t ? 1 : (t / d) ** power;
};
/** Raw shipped scores of a set (a < b) and the pairs' d. */
function rawSet(set) {
  const scored = scoreEvalSet(set.fingers, set.rows.map((r) => (r ? r.template : null)), MATCHING_PARAMETERS);
  return { fingers: set.fingers, scores: scored.scores, periods: set.rows.map((r) => (r ? r.period : 0)) };
}
function withFactor(raw, t) {
  const n = raw.fingers.length;
  const scores = new Float64Array(raw.scores);
  if (t > 0) for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) scores[a * n + b] *= factor(t, raw.periods[a], raw.periods[b]);
  return { fingers: raw.fingers, scores };
}
const ts = [0, ...tolerances]; // 0 = off (shipped), first: it wins ties in the cross-validation
const raw = Object.fromEntries(Object.entries(data).map(([name, sets]) => [name, sets.map(rawSet)]));
const scored = Object.fromEntries(Object.entries(raw).map(([name, sets]) => [name, ts.map((t) => sets.map((s) => withFactor(s, t)))]));
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const pct = (v) => (100 * v).toFixed(2);
const q = (a, p) => { const s = Float64Array.from(a).sort(); return s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] : NaN; };
const out = { tolerances: ts, form: `f(d) = 1 for d <= t, (t/d)^${power} beyond; d = |ln(p1/p2)|` };

// --- periods per set
out.periods = data.clean.map((s, k) => ({ set: labels[k], median: q(s.rows.filter(Boolean).map((r) => r.period), 0.5), unmeasured: s.rows.filter((r) => !r || !(r.period > 0)).length }));
log(`median period per set: ${out.periods.map((p) => `${p.set} ${p.median.toFixed(2)} (${p.unmeasured} unmeasured)`).join(', ')}`);

// --- who differs in period: groups of pairs by shipped score
{
  const groups = { 'all impostors': [], 'impostors top 1 %': [], 'impostors top 0.1 %': [], 'all genuine': [], 'genuine below the EER threshold': [], 'genuine lowest 5 %': [] };
  for (const s of raw.clean) {
    const n = s.fingers.length;
    const imp = [], gen = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
      const pa = s.periods[a], pb = s.periods[b];
      if (!(pa > 0 && pb > 0)) continue;
      const x = { score: s.scores[a * n + b], d: Math.abs(Math.log(pa / pb)) };
      (s.fingers[a] === s.fingers[b] ? gen : imp).push(x);
    }
    imp.sort((x, y) => y.score - x.score);
    gen.sort((x, y) => x.score - y.score);
    groups['all impostors'].push(...imp.map((x) => x.d));
    groups['impostors top 1 %'].push(...imp.slice(0, Math.ceil(imp.length * 0.01)).map((x) => x.d));
    groups['impostors top 0.1 %'].push(...imp.slice(0, Math.ceil(imp.length * 0.001)).map((x) => x.d));
    groups['all genuine'].push(...gen.map((x) => x.d));
    // the EER threshold: the lowest score whose FMR <= FNMR (the crossing), by the set's EER
    const eer = computeErrorRates(gen.map((x) => x.score), imp.map((x) => x.score)).eer;
    groups['genuine below the EER threshold'].push(...gen.slice(0, Math.round(eer * gen.length)).map((x) => x.d));
    groups['genuine lowest 5 %'].push(...gen.slice(0, Math.ceil(gen.length * 0.05)).map((x) => x.d));
  }
  out.groups = Object.entries(groups).map(([name, d]) => ({
    group: name, pairs: d.length, median: q(d, 0.5), q75: q(d, 0.75), q90: q(d, 0.9),
    beyond: Object.fromEntries(tolerances.map((t) => [t, d.filter((x) => x > t).length / d.length])),
  }));
  log('\n|ln period ratio| by group (clean, four sets pooled, thresholds per set): median / 75 % / 90 %, share beyond each t');
  for (const g of out.groups) log(`  ${g.group.padEnd(34)} n ${String(g.pairs).padStart(5)}  ${g.median.toFixed(3)} / ${g.q75.toFixed(3)} / ${g.q90.toFixed(3)}  ${tolerances.map((t) => `>${t}: ${pct(g.beyond[t])} %`).join('  ')}`);
}

// --- clean figures and the cross-validation of t (as eval cv --param: statistic recomputed per draw)
{
  const S = 4, V = ts.length;
  const stat = (rates) => {
    const o = [];
    for (let v = 0; v < V; v++) o.push(mean(rates[v].map((r) => r.eer)), mean(rates[v].map((r) => r.fmr1000)));
    for (let v = 1; v < V; v++) o.push(o[2 * v] - o[0], o[2 * v + 1] - o[1]);
    const cv = crossValidateSets(rates.map((row) => row.map((r) => r.eer)));
    o.push(cv.mean, cv.mean - o[0]);
    return o;
  };
  const f = bootstrapErrorRates(scored.clean, stat, { rounds, random: createRng(1).next });
  const e = (x) => `${pct(x.value)} [${pct(x.low)}, ${pct(x.high)}]`;
  const cvFull = crossValidateSets(scored.clean.map((row) => row.map((s) => allPairsErrorRates(s).eer)));
  out.clean = ts.map((t, v) => ({
    t, meanEer: f[2 * v], fnmrAtFmr1000: f[2 * v + 1], perSetEer: scored.clean[v].map((s) => allPairsErrorRates(s).eer),
    ...(v ? { eerChange: f[2 * V + 2 * (v - 1)], fnmrChange: f[2 * V + 2 * (v - 1) + 1] } : {}),
  }));
  out.crossValidation = { mean: f[4 * V - 2], change: f[4 * V - 1], folds: cvFull.folds.map((fo) => ({ heldOut: labels[fo.heldOut], chosen: ts[fo.chosen], heldOutEer: fo.heldOutValue })) };
  log(`\nclean (all pairs, ${rounds} rounds): t, mean EER, per set, FNMR at FMR 0.1 %, paired change of EER and FNMR`);
  for (const c of out.clean) log(`  t ${String(c.t).padEnd(6)} ${e(c.meanEer)} (${c.perSetEer.map(pct).join('/')})  FNMR ${e(c.fnmrAtFmr1000)}${c.eerChange ? `  ΔEER ${e(c.eerChange)}  ΔFNMR ${e(c.fnmrChange)}` : ''}`);
  log(`  leave one set out: ${out.crossValidation.folds.map((fo) => `${fo.heldOut} t=${fo.chosen} ${pct(fo.heldOutEer)}`).join(', ')}; CV mean ${e(out.crossValidation.mean)}, change ${e(out.crossValidation.change)}`);
}

// --- perturbations: perturbed EER per t, paired change against shipped, cost against each t's own clean
{
  out.perturbed = [];
  const e = (x) => `${pct(x.value)} [${pct(x.low)}, ${pct(x.high)}]`;
  for (const kind of KINDS) for (const seed of SEEDS) {
    const name = `${kind}/${seed}`;
    const V = ts.length;
    // variants: clean t0..tn, perturbed t0..tn (same images and fingers)
    const variants = [...scored.clean, ...scored[name]];
    const stat = (rates) => {
      const m = rates.map((row) => mean(row.map((r) => r.eer)));
      const o = [];
      for (let v = 0; v < V; v++) o.push(m[V + v], m[V + v] - m[v]); // perturbed EER, its cost
      for (let v = 1; v < V; v++) o.push(m[V + v] - m[V], (m[V + v] - m[v]) - (m[V] - m[0])); // change of perturbed EER, of the cost
      return o;
    };
    const f = bootstrapErrorRates(variants, stat, { rounds, random: createRng(mixSeed(seed, PERTURBATION_KINDS.indexOf(kind))).next });
    const rows = ts.map((t, v) => ({
      t, eer: f[2 * v], cost: f[2 * v + 1], perSetEer: scored[name][v].map((s) => allPairsErrorRates(s).eer),
      ...(v ? { eerChange: f[2 * V + 2 * (v - 1)], costChange: f[2 * V + 2 * (v - 1) + 1] } : {}),
    }));
    out.perturbed.push({ kind, seed, rows });
    log(`\n${name}: t, perturbed mean EER (per set), cost against its own clean, paired change of the perturbed EER against shipped`);
    for (const r of rows) log(`  t ${String(r.t).padEnd(6)} ${e(r.eer)} (${r.perSetEer.map(pct).join('/')})  cost ${e(r.cost)}${r.eerChange ? `  ΔEER ${e(r.eerChange)}  Δcost ${e(r.costChange)}` : ''}`);
  }
}

// --- cross-population: DB4 (SFinGe) against the real sets, clean templates
{
  const all = data.clean.flatMap((s, k) => s.rows.map((r, i) => ({ r, set: k, finger: s.fingers[i] })));
  const prepared = all.map((x) => (x.r ? prepareTemplate(x.r.template, MATCHING_PARAMETERS) : null));
  const pair = (i, j) => {
    const a = prepared[i], b = prepared[j];
    return { s: a && b ? compareTemplates(a, b, MATCHING_PARAMETERS) : 0, pa: all[i].r?.period ?? 0, pb: all[j].r?.period ?? 0 };
  };
  const blocks = {};
  const push = (name, x) => (blocks[name] ??= []).push(x);
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) {
    const A = all[i], B = all[j];
    if (A.set === B.set && A.finger === B.finger) continue;
    const real = (k) => k < 3;
    let name;
    if (A.set === B.set) name = real(A.set) ? 'real within set' : 'DB4 × DB4';
    else if (real(A.set) && real(B.set)) name = 'real × other real set';
    else name = 'DB4 × real';
    push(name, pair(i, j));
  }
  out.crossPopulation = ts.map((t) => {
    const sc = (x) => x.s * factor(t, x.pa, x.pb);
    const ref = blocks['real within set'].map(sc).sort((a, b) => b - a);
    const thr1 = ref[Math.floor(ref.length * 0.01)], thr01 = ref[Math.floor(ref.length * 0.001)];
    return {
      t, threshold1: thr1, threshold01: thr01,
      shares: Object.fromEntries(Object.entries(blocks).map(([name, xs]) => {
        const v = xs.map(sc);
        return [name, { pairs: v.length, atOrAbove1: v.filter((x) => x > thr1).length / v.length, atOrAbove01: v.filter((x) => x > thr01).length / v.length, medianD: q(xs.map((x) => (x.pa > 0 && x.pb > 0 ? Math.abs(Math.log(x.pa / x.pb)) : 0)), 0.5) }];
      })),
    };
  });
  log('\ncross-population (clean; threshold = FMR 1 % / 0.1 % of the three real sets\' within-set impostors, per t): share above');
  for (const c of out.crossPopulation) log(`  t ${String(c.t).padEnd(6)} thr ${c.threshold1.toFixed(1)} / ${c.threshold01.toFixed(1)}  ${Object.entries(c.shares).map(([nm, s]) => `${nm}: ${pct(s.atOrAbove1)} / ${pct(s.atOrAbove01)} % (median d ${s.medianD.toFixed(3)})`).join('; ')}`);
}
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(out, null, 2));
