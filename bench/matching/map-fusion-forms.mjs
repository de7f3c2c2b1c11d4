#!/usr/bin/env node
// How the orientation map's agreement should be fused with the minutia score (issue 12, mapfuse):
// post hoc, on the shipped extraction and matcher. Every image of the four FVC2002 B sets is
// extracted clean and under each perturbation KIND at each SEED (the draws of
// paired-matching-option.mjs: mixSeed(seed, 0, set, image)); every unordered pair a < b is compared
// once with compareTemplatesEvidence, which gives the minutia geometry's score s (the map off),
// the best pairing's orientation agreement a (NaN when not measured: counted as ½, as shipped) and
// its pair count n. The forms, each with its constants on a grid fixed before any error rate was
// seen:
//   M  (shipped)      s · exp(−w · (1 − a))                       w
//   S  (size)         s · exp(−w · (12 / max(n, 3))^β · (1 − a))   w, β  (β > 0: the map weighs more
//                                                                  when few minutiae are paired)
//   A  (additive)     max(0, s + c · (a − a0))                     c, a0 (s's scale: ≈ 10 points a
//                                                                  decade of FMR near 0.1 %)
//   L  (log FMR)      max(0, λ(s) + c · (a − a0))                  c, a0; λ(s) = −log10 FMR of s in
//                     the map-less table (SCORE_CALIBRATION_WITHOUT_MAP), past its last point the
//                     table's own tail slope without the 1e-9 floor
//   Au, Lu            A and L without the clamp at 0 (a0 1), added after the first run showed the
//                     clamp's tie at 0 to carry A's and L's EER gains (see FORMS below)
// s = 0 (no pairing) stays 0 in every form. Constants are tuned on the four clean sets (mean
// all-pairs EER) and picked leave one set out (three clean sets pick, the fourth is reported);
// the perturbed sets use the same clean-picked constants. Reported against the shipped matcher
// (M at w 16, which the script first checks it reproduces to the bit against scoreEvalSet): mean
// EER and FNMR at FMR 0.1 % with 95 % intervals from resampling whole fingers, and how many
// genuine pairs resting on ≤ 10 paired minutiae each form accepts at each set's FMR 0.1 %
// threshold that the shipped form rejects, and the reverse. Beside computeErrorRates's EER, each
// entry gives point figures that a tie at 0 cannot flatter (tieFreeRates): the EER with tied
// scores accepted at random, and the FNMR at FMR 1 %; and the share of impostor and genuine pairs
// each set leaves at ≤ 0.
//
//   node bench/matching/map-fusion-forms.mjs DATA_DIR [--kinds dry,elastic,crop] [--seeds 1,2] [--rounds 300]
//
// DATA_DIR holds fvc2002/DB1_B … DB4_B (DB2 is read at 569 ppi). Figures in bench/RESULTS.md (mapfuse).
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import {
  prepareTemplate, compareTemplatesEvidence, bootstrapErrorRates, allPairsErrorRates, scoreToFmr, SCORE_CALIBRATION_WITHOUT_MAP,
} from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const kinds = option('--kinds', 'dry,elastic,crop').split(',').filter(Boolean);
const seeds = option('--seeds', '1,2').split(',').map(Number);
const rounds = Number(option('--rounds', '300'));
const [dataDir] = args;
if (!dataDir) {
  process.stderr.write('usage: map-fusion-forms.mjs DATA_DIR [--kinds dry,elastic,crop] [--seeds 1,2] [--rounds 300]\n');
  process.exit(2);
}
if (MATCHING_PARAMETERS.cohortExponent !== 0) throw new Error('cohort normalisation on: scoreEvalSet would rescale the scores');
const SHIPPED_W = MATCHING_PARAMETERS.orientationAgreementWeight;
const SMALL = 10;
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const started = Date.now();
const log = (m) => process.stderr.write(`${m} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);

// ---- the forms and their grids (fixed before any error rate was seen) -------------------------
const agreed = (a) => (Number.isNaN(a) ? 0.5 : a);
const lastPoint = SCORE_CALIBRATION_WITHOUT_MAP.points.at(-1).score;
const tailSlope = Math.log10(scoreToFmr(lastPoint, SCORE_CALIBRATION_WITHOUT_MAP)) - Math.log10(scoreToFmr(lastPoint + 1, SCORE_CALIBRATION_WITHOUT_MAP));
const decades = (s) => (s <= lastPoint ? -Math.log10(scoreToFmr(s, SCORE_CALIBRATION_WITHOUT_MAP)) : -Math.log10(scoreToFmr(lastPoint, SCORE_CALIBRATION_WITHOUT_MAP)) + tailSlope * (s - lastPoint));
const A0 = [0.8, 0.85, 0.9, 0.95, 1];
const FORMS = {
  M: {
    fuse: (s, a, _n, { w }) => s * Math.exp(-w * (1 - agreed(a))),
    grid: [0, 4, 8, 12, 16, 20, 24, 32].map((w) => ({ w })),
  },
  S: {
    fuse: (s, a, n, { w, beta }) => s * Math.exp(-w * Math.pow(12 / Math.max(n, 3), beta) * (1 - agreed(a))),
    grid: [4, 8, 12, 16, 20, 24, 32].flatMap((w) => [-1, -0.5, 0, 0.5, 1, 1.5, 2].map((beta) => ({ w, beta }))),
  },
  A: {
    fuse: (s, a, _n, { c, a0 }) => Math.max(0, s + c * (agreed(a) - a0)),
    grid: [0, 12.5, 25, 50, 75, 100, 150, 200, 300, 450, 600].flatMap((c) => A0.map((a0) => ({ c, a0 }))),
  },
  L: {
    fuse: (s, a, _n, { c, a0 }) => Math.max(0, decades(s) + c * (agreed(a) - a0)),
    grid: [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48].flatMap((c) => A0.map((a0) => ({ c, a0 }))),
  },
  // added after the first run: A and L clamp at 0, and at their tuned constants they tie ≈ 99 % of
  // the impostors and 1–2 % of the genuine pairs there, where computeErrorRates's EER (the better
  // mean of FMR and FNMR either side of the crossing) falls into the jump. Unclamped, a0 only shifts
  // every fused score (against the few s = 0 pairs), so it is 1 here.
  Au: {
    fuse: (s, a, _n, { c }) => s - c * (1 - agreed(a)),
    grid: [0, 12.5, 25, 50, 75, 100, 150, 200, 300, 450, 600].map((c) => ({ c })),
  },
  Lu: {
    fuse: (s, a, _n, { c }) => decades(s) - c * (1 - agreed(a)),
    grid: [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48].map((c) => ({ c })),
  },
};
const SHIPPED = { form: 'M', k: { w: SHIPPED_W } };

// ---- extraction and scoring -----------------------------------------------------------------
function evidenceOf(kind, seed) {
  return sets.map((set, k) => {
    const transform = kind === 'clean' ? undefined : (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image;
    const templates = extractEvalSet(set, { parameters: EXTRACTION_PARAMETERS, transform }).templates;
    const n = templates.length;
    const prepared = templates.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
    const s = new Float64Array(n * n), a = new Float64Array(n * n).fill(NaN), pairs = new Int32Array(n * n);
    let noMap = 0;
    for (let i = 0; i < n; i++) {
      if (!prepared[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (!prepared[j]) continue;
        const e = compareTemplatesEvidence(prepared[i], prepared[j], MATCHING_PARAMETERS);
        s[i * n + j] = e.score;
        pairs[i * n + j] = e.pairs;
        if (e.agreement === null) { if (e.score > 0) noMap++; } else a[i * n + j] = e.agreement;
      }
    }
    // the shipped scores, to check that M at the shipped weight reproduces them to the bit
    const shipped = scoreEvalSet(set.fingers, templates, MATCHING_PARAMETERS).scores;
    return { fingers: set.fingers, s, a, pairs, shipped, noMap };
  });
}

const fuseSet = (ev, form, k) => {
  const f = FORMS[form].fuse, scores = new Float64Array(ev.s.length);
  for (let i = 0; i < scores.length; i++) if (ev.s[i] > 0) scores[i] = f(ev.s[i], ev.a[i], ev.pairs[i], k);
  return { fingers: ev.fingers, scores };
};
const mean = (v) => v.reduce((x, y) => x + y, 0) / v.length;
const eerOf = (ev, form, k) => allPairsErrorRates(fuseSet(ev, form, k)).eer;

/** The smallest score accepted at FMR ≤ 0.1 %, as computeErrorRates finds its fmr1000 threshold. */
function thresholdAt(set, maxFmr = 0.001) {
  const n = set.fingers.length, imp = [], all = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const v = set.scores[i * n + j];
    all.push(v);
    if (set.fingers[i] !== set.fingers[j]) imp.push(v);
  }
  imp.sort((x, y) => x - y);
  const thresholds = [...new Set(all)].sort((x, y) => x - y);
  thresholds.push(Infinity);
  let below = 0;
  for (const t of thresholds) {
    while (below < imp.length && imp[below] < t) below++;
    if ((imp.length - below) / imp.length <= maxFmr) return t;
  }
  return Infinity;
}

/**
 * The EER read with ties broken at random (the ROC's straight segment between two thresholds:
 * accept a tied score with probability λ), and the FNMR at FMR ≤ 1 %. computeErrorRates reads the
 * EER at the better of the two thresholds around the crossing, which, when a clamp ties most
 * impostors and a few genuine pairs at 0, is the mean of a lopsided pair (e.g. FMR 0.4 %, FNMR
 * 1.1 % → 0.7 %) no threshold reaches with FMR = FNMR. Point figures, per set.
 */
function tieFreeRates(set) {
  const n = set.fingers.length, g = [], im = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) (set.fingers[i] === set.fingers[j] ? g : im).push(set.scores[i * n + j]);
  g.sort((x, y) => x - y); im.sort((x, y) => x - y);
  const thresholds = [...new Set([...g, ...im])].sort((x, y) => x - y);
  thresholds.push(Infinity);
  const fmr = [], fnmr = [];
  let gi = 0, ii = 0;
  for (const t of thresholds) {
    while (gi < g.length && g[gi] < t) gi++;
    while (ii < im.length && im[ii] < t) ii++;
    fnmr.push(gi / g.length); fmr.push((im.length - ii) / im.length);
  }
  let eer = NaN;
  for (let k = 0; k + 1 < thresholds.length; k++) {
    const d0 = fmr[k] - fnmr[k], d1 = fmr[k + 1] - fnmr[k + 1];
    if (d0 >= 0 && d1 <= 0) {
      const lambda = d0 === d1 ? 0 : d0 / (d0 - d1);
      eer = fmr[k] + lambda * (fmr[k + 1] - fmr[k]);
      break;
    }
  }
  let at1 = 1;
  for (let k = 0; k < thresholds.length; k++) if (fmr[k] <= 0.01) { at1 = fnmr[k]; break; }
  return { eer, fnmrAtFmr100: at1 };
}

/** Genuine pairs with n ≤ SMALL: how many the form accepts at its own 0.1 % threshold, and how many of those the shipped form rejects (and the reverse). */
function smallPairs(ev, fused, shipped) {
  const mapOff = fuseSet(ev, 'M', { w: 0 });
  const n = ev.fingers.length, tf = thresholdAt(fused), ts = thresholdAt(shipped), to = thresholdAt(mapOff);
  let total = 0, accepted = 0, acceptedShipped = 0, acceptedMapOff = 0, recovered = 0, lost = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    if (ev.fingers[i] !== ev.fingers[j]) continue;
    const x = i * n + j;
    if (ev.pairs[x] > SMALL) continue;
    total++;
    const f = fused.scores[x] >= tf, s = shipped.scores[x] >= ts;
    accepted += f; acceptedShipped += s; recovered += f && !s; lost += s && !f;
    acceptedMapOff += mapOff.scores[x] >= to;
  }
  return { total, accepted, acceptedShipped, acceptedMapOff, recovered, lost };
}

// ---- run --------------------------------------------------------------------------------------
const conditions = [{ kind: 'clean', seed: 0 }, ...kinds.flatMap((kind) => seeds.map((seed) => ({ kind, seed })))];
const evidence = {}, drawSeed = {};
const result = { kinds, seeds, rounds, shippedWeight: SHIPPED_W, tailSlope, grids: Object.fromEntries(Object.entries(FORMS).map(([f, v]) => [f, v.grid.length])) };
for (const c of conditions) {
  const name = c.kind === 'clean' ? 'clean' : `${c.kind} ${c.seed}`;
  const ev = evidenceOf(c.kind, c.seed);
  evidence[name] = ev;
  drawSeed[name] = c.kind === 'clean' ? seeds[0] : c.seed;
  // the check: M at the shipped weight against the shipped matcher's scores
  let differ = 0, total = 0;
  for (const set of ev) {
    const fused = fuseSet(set, SHIPPED.form, SHIPPED.k).scores;
    for (let i = 0; i < fused.length; i++) { total++; if (fused[i] !== set.shipped[i]) differ++; }
  }
  result[`check ${name}`] = { pairsDiffering: differ, of: total, withoutMap: ev.reduce((x, e) => x + e.noMap, 0) };
  log(`${name}: extracted and scored, ${differ} of ${total} shipped scores not reproduced`);
}

// the agreement of genuine pairs on few minutiae against impostors (clean), for reading the forms
{
  const q = (v, p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
  const row = (v) => { v.sort((x, y) => x - y); return v.length ? `${[0.1, 0.5, 0.9].map((p) => q(v, p).toFixed(3)).join(' / ')} (n ${v.length})` : '—'; };
  const g = { small: [], large: [] }, im = { small: [], large: [] }, gs = { small: [], large: [] };
  for (const ev of evidence.clean) {
    const n = ev.fingers.length;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const x = i * n + j;
      if (!(ev.s[x] > 0)) continue;
      const band = ev.pairs[x] <= SMALL ? 'small' : 'large';
      if (ev.fingers[i] === ev.fingers[j]) { g[band].push(agreed(ev.a[x])); gs[band].push(ev.s[x]); } else im[band].push(agreed(ev.a[x]));
    }
  }
  result.cleanAgreement = {
    [`genuine, ≤ ${SMALL} pairs: a 10/50/90 %`]: row(g.small), [`genuine, > ${SMALL} pairs`]: row(g.large),
    [`impostor, ≤ ${SMALL} pairs`]: row(im.small), [`impostor, > ${SMALL} pairs`]: row(im.large),
    [`genuine, ≤ ${SMALL} pairs: s 10/50/90 %`]: row(gs.small), [`genuine, > ${SMALL} pairs: s`]: row(gs.large),
  };
}

// the clean genuine pairs on ≤ SMALL pairs that the shipped form rejects at FMR 0.1 %: s, a, n, and
// the shipped score against its threshold (each set's own)
result.cleanSmallRejected = evidence.clean.map((ev) => {
  const shipped = fuseSet(ev, SHIPPED.form, SHIPPED.k), ts = thresholdAt(shipped), to = thresholdAt(fuseSet(ev, 'M', { w: 0 }));
  const n = ev.fingers.length, out = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const x = i * n + j;
    if (ev.fingers[i] !== ev.fingers[j] || ev.pairs[x] > SMALL || shipped.scores[x] >= ts) continue;
    out.push(`s ${ev.s[x].toFixed(1)} a ${agreed(ev.a[x]).toFixed(3)} n ${ev.pairs[x]} → ${shipped.scores[x].toFixed(1)}`);
  }
  return { shippedThreshold: ts.toFixed(2), mapOffThreshold: to.toFixed(2), rejected: out };
});

const pick = (idx, form) => {
  let best = null, bestE = Infinity;
  for (const k of FORMS[form].grid) {
    const e = mean(idx.map((i) => eerOf(evidence.clean[i], form, k)));
    if (e < bestE - 1e-12) { bestE = e; best = k; }
  }
  return { k: best, eer: bestE };
};
const pct = (v) => (v * 100).toFixed(2);
const fmt = (e) => `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`;
result.forms = {};
for (const form of Object.keys(FORMS)) {
  const tuned = pick([0, 1, 2, 3], form);
  const folds = [0, 1, 2, 3].map((held) => pick([0, 1, 2, 3].filter((k) => k !== held), form).k);
  // every grid point's clean mean EER (%), to see how sharp the optimum is
  const curve = FORMS[form].grid.map((k) => `${Object.values(k).join(',')}: ${pct(mean(evidence.clean.map((e) => eerOf(e, form, k))))}`).join('; ');
  const entry = { tunedOnFourClean: tuned.k, leaveOneSetOut: folds, cleanMeanEerOverGrid: curve };
  for (const name of Object.keys(evidence)) {
    const ev = evidence[name];
    const shipped = ev.map((e) => fuseSet(e, SHIPPED.form, SHIPPED.k));
    const tunedRun = ev.map((e) => fuseSet(e, form, tuned.k));
    const heldRun = ev.map((e, i) => fuseSet(e, form, folds[i]));
    const f = bootstrapErrorRates([shipped, tunedRun, heldRun], (r) => {
      const m = r.map((x) => mean(x.map((e) => e.eer)));
      const z = r.map((x) => mean(x.map((e) => e.fmr1000)));
      return [m[0], m[1] - m[0], m[2] - m[0], z[0], z[1] - z[0], z[2] - z[0]];
    }, { rounds, random: createRng(mixSeed(drawSeed[name], 0)).next });
    const small = ev.map((e, i) => smallPairs(e, heldRun[i], shipped[i]));
    // pairs the held-out form leaves at 0 or below (tied there when clamped), impostor and genuine
    const atZero = heldRun.map((x) => {
      const n = x.fingers.length;
      let gi = 0, gz = 0, ii = 0, iz = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const z = x.scores[i * n + j] <= 0;
        if (x.fingers[i] === x.fingers[j]) { gi++; gz += z; } else { ii++; iz += z; }
      }
      return `${pct(iz / ii)}/${pct(gz / gi)}`;
    }).join(' ');
    const sum = (key) => small.reduce((x, y) => x + y[key], 0);
    entry[name] = {
      eer: { shipped: fmt(f[0]), 'tuned − shipped': fmt(f[1]), 'held out − shipped': fmt(f[2]) },
      fnmrAtFmr1000: { shipped: fmt(f[3]), 'tuned − shipped': fmt(f[4]), 'held out − shipped': fmt(f[5]) },
      'held out: impostor / genuine % at ≤ 0 per set': atZero,
      // shipped, tuned, held out: the mean over the sets of the tie-free EER and of the FNMR at FMR 1 % (%)
      tieFreeEerMean: [shipped, tunedRun, heldRun].map((r) => pct(mean(r.map((x) => tieFreeRates(x).eer)))).join(' / '),
      fnmrAtFmr100Mean: [shipped, tunedRun, heldRun].map((r) => pct(mean(r.map((x) => tieFreeRates(x).fnmrAtFmr100)))).join(' / '),
      perSetEerFnmr: [shipped, tunedRun, heldRun].map((r) => r.map((x) => { const e = allPairsErrorRates(x); return `${pct(e.eer)}/${pct(e.fmr1000)}`; }).join(' ')),
      [`genuine ≤ ${SMALL} pairs at FMR 0.1 %, held out (per set)`]: {
        total: sum('total'), acceptedMapOff: sum('acceptedMapOff'), acceptedShipped: sum('acceptedShipped'), accepted: sum('accepted'), recovered: sum('recovered'), lost: sum('lost'),
        perSet: small.map((x) => `${x.recovered}+/${x.lost}− of ${x.total}`).join(' '),
      },
    };
  }
  result.forms[form] = entry;
  log(`${form}: tuned ${JSON.stringify(tuned.k)}, folds ${JSON.stringify(folds)}`);
}
result.seconds = Math.round((Date.now() - started) / 1000);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
