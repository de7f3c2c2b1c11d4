#!/usr/bin/env node
// Judges changed finger-quality scores and recapture rules on dumps of bench/quality/dump-capture-features.mjs,
// never on the sets they are reported on: leave one FVC set out, the candidate chosen on the other
// three sets' CHOOSE conditions (by the error-versus-reject gain, mean of FMR 0.1 % and 1 %, as
// fit-quality-ridge-contrast.mjs chooses) and reported on the set left out under the REPORT conditions
// (other draws of the same faults, and faults never chosen on).
//
// 1. Ranking: held-out ERC gain of the chosen candidate against the shipped quality, per condition
//    group, with a paired 95 % interval from resampling whole fingers (choices fixed).
// 2. The desk: a threshold per rule, fixed on the three choosing sets so that it advises at most the
//    share of clean captures TARGET (the shipped 70's clean share, and wider ones); on the set left out,
//    pooled over the four folds: the clean share advised, the perturbed captures' share advised, and the
//    FNMR at FMR 0.1 % of the genuine pairs kept (both prints pass) and advised.
//
//   node bench/quality/judge-recapture-rules.mjs --dir /tmp/smalldesk --choose clean,compound-s1,compound-s2,wet-s1,wet-s2 \
//     --report clean,compound-s3,compound-s4,wet-s3,wet-s4,suite-s1,suite-s2 [--rounds 300] [--json]
// (DIR/NAME.json each; `clean` must be among the dumps: the desk's clean share is read on it.)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const { errorVersusReject, thresholdAtFmr } = await import(join(dist, 'quality/index.js'));
const { scoreFingerQuality } = await import(join(dist, 'extraction/index.js'));
const { createRng } = await import(join(dist, 'synthetic/index.js'));

const args = process.argv.slice(2);
const one = (flag, dflt) => { const i = args.indexOf(flag); return i < 0 ? dflt : args[i + 1]; };
const dir = one('--dir', '/tmp/smalldesk');
const choose = one('--choose', 'clean,compound-s1,compound-s2,wet-s1,wet-s2').split(',');
const report = one('--report', 'clean,compound-s3,compound-s4,wet-s3,wet-s4,suite-s1,suite-s2').split(',');
const rounds = Number(one('--rounds', '300'));
const FMRS = [0.001, 0.01];
const REJECTED = Array.from({ length: 31 }, (_, k) => k / 100);

/** A condition: per set the features (null: failed to enrol), which images were perturbed, and every pair. */
function load(name) {
  const d = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  return d.sets.map((s) => {
    const n = s.fingers.length;
    const score = new Float64Array(n * n);
    let k = 0;
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) score[a * n + b] = s.scores[k++];
    return { label: s.label, n, fingers: s.fingers, features: s.features, perturbed: s.perturbation.map((p) => p !== null), score };
  });
}
const names = [...new Set([...choose, ...report, 'clean'])];
const data = Object.fromEntries(names.map((c) => [c, load(c)]));
const SETS = data.clean.length;

// ---- candidate scores ----------------------------------------------------------------------
const sat = (v, lo, hi) => (v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo));
/**
 * The shipped score with the minutiae term read from another count (`count`: minutiae of quality ≥ q
 * anywhere on the print instead of all minutiae within 100 px of the centre) or with one more term
 * (`extra`), each a saturating ramp lo → hi, combined by the same geometric mean.
 */
function candidateScore(f, c) {
  if (!f) return 0;
  if (!c.count && !c.extra) return scoreFingerQuality(f);
  const central = c.count ? f.minutiaeAtLeast[c.count.q] : f.centralMinutiae;
  const [mlo, mhi] = c.count ? [c.count.lo, c.count.hi] : [3, 20];
  const terms = [sat(f.foregroundPixels, 8_000, 60_000), sat(f.orientationCertainty, 0.15, 0.55), sat(f.clarity, 0.2, 0.8), sat(central, mlo, mhi)];
  if (c.extra) terms.push(sat(c.extra.key === 'minutiae' ? f.minutiaeAtLeast[c.extra.q] : f[c.extra.key], c.extra.lo, c.extra.hi));
  const consistency = sat(f.frequencyConsistency, 0.5, 0.85);
  const s = 100 * Math.pow(terms.reduce((a, b) => a * b, 1), 1 / terms.length) * (0.7 + 0.3 * consistency);
  return Math.round(Math.max(0, Math.min(100, s)));
}
const RAMPS = [[0, 10], [3, 15], [5, 20], [5, 25]];
const CANDIDATES = [{ name: 'shipped' }];
for (const q of [40, 50, 60]) for (const [lo, hi] of RAMPS) CANDIDATES.push({ name: `minutiae q≥${q} ${lo}-${hi}`, count: { q, lo, hi } });
for (const q of [40, 50, 60]) for (const [lo, hi] of RAMPS) CANDIDATES.push({ name: `+ minutiae q≥${q} ${lo}-${hi}`, extra: { key: 'minutiae', q, lo, hi } });
for (const [lo, hi] of [[40, 120], [60, 150], [80, 180]]) CANDIDATES.push({ name: `+ clear area ${lo}-${hi} mm²`, extra: { key: 'clearAreaMm2', lo, hi } });
for (const [lo, hi] of [[40, 120], [60, 150]]) CANDIDATES.push({ name: `+ area ${lo}-${hi} mm²`, extra: { key: 'areaMm2', lo, hi } });
const SHIPPED = CANDIDATES[0];

// ---- pairs and gains ---------------------------------------------------------------------------
/** Genuine and impostor pairs of a set, optionally on a draw of its fingers (with replacement). */
function pairs(s, draw, thresholds) {
  const labels = [...new Set(s.fingers)].sort((a, b) => a - b);
  const members = labels.map((l) => s.fingers.flatMap((f, i) => (f === l ? [i] : [])));
  const picks = draw ?? labels.map((_, u) => u);
  const at = (a, b) => (a < b ? s.score[a * s.n + b] : s.score[b * s.n + a]);
  const genuine = [], impostor = [];
  for (let u = 0; u < picks.length; u++) {
    const A = members[picks[u]];
    for (let i = 0; i < A.length; i++) for (let j = i + 1; j < A.length; j++) genuine.push({ a: A[i], b: A[j], s: at(A[i], A[j]) });
    for (let w = u + 1; w < picks.length; w++) {
      if (picks[w] === picks[u]) continue;
      for (const a of A) for (const b of members[picks[w]]) impostor.push(at(a, b));
    }
  }
  // on a draw the thresholds stay the full set's (given): re-read on drawn impostors they break down at
  // FMR 0.1 %, where a top impostor pair drawn twice or more leaves no score with FMR ≤ 0.1 %
  return { genuine, impostor, thresholds: thresholds ?? FMRS.map((fmr) => thresholdAtFmr(impostor, fmr)) };
}
const qualityCache = new Map();
/** Per-image qualities of a set under a candidate (cached). */
function qualities(cond, k, c) {
  const key = `${cond}|${k}|${c.name}`;
  if (!qualityCache.has(key)) qualityCache.set(key, data[cond][k].features.map((f) => candidateScore(f, c)));
  return qualityCache.get(key);
}
function gain(p, q) {
  const g = p.genuine.map((x) => ({ score: x.s, quality: Math.min(q[x.a], q[x.b]) }));
  const gains = FMRS.map((fmr, k) => errorVersusReject(g, p.impostor, { fmr, rejected: REJECTED, threshold: p.thresholds[k] }).gain).filter((x) => x !== null);
  return gains.length ? gains.reduce((a, b) => a + b, 0) / gains.length : null;
}
const fullPairs = Object.fromEntries(names.map((c) => [c, data[c].map((s) => pairs(s))]));
const mean = (v) => { const w = v.filter((x) => x !== null && Number.isFinite(x)); return w.length ? w.reduce((a, b) => a + b, 0) / w.length : null; };
const trainingGain = (c, sets) => mean(choose.flatMap((cond) => sets.map((k) => gain(fullPairs[cond][k], qualities(cond, k, c)))));

// ---- 1. ranking, leave one set out ------------------------------------------------------------
const folds = Array.from({ length: SETS }, (_, h) => {
  const others = Array.from({ length: SETS }, (_, k) => k).filter((k) => k !== h);
  const scored = CANDIDATES.map((c) => ({ c, g: trainingGain(c, others) }));
  const best = scored.reduce((b, x) => (x.g > b.g + 1e-9 ? x : b), scored[0]);
  return { heldOut: h, others, chosen: best.c, trainingGain: best.g, shippedTrainingGain: scored[0].g, top: [...scored].sort((a, b) => b.g - a.g).slice(0, 5).map((x) => [x.c.name, r3(x.g)]) };
});
function r3(v) { return v === null ? null : Math.round(v * 1000) / 1000; }
const groups = [...new Set(report.map((c) => c.replace(/-s\d+$/, '')))];
const groupOf = (c) => c.replace(/-s\d+$/, '');
/** Held-out gain per group (chosen, shipped) on given pairs. */
function heldOut(pairsOf) {
  const out = Object.fromEntries(groups.map((g) => [g, { chosen: [], shipped: [] }]));
  for (const f of folds) for (const cond of report) {
    const p = pairsOf(cond, f.heldOut);
    out[groupOf(cond)].chosen.push(gain(p, qualities(cond, f.heldOut, f.chosen)));
    out[groupOf(cond)].shipped.push(gain(p, qualities(cond, f.heldOut, SHIPPED)));
  }
  const res = {};
  for (const g of groups) {
    const d = out[g].chosen.map((x, i) => (x === null || out[g].shipped[i] === null ? null : x - out[g].shipped[i]));
    res[g] = { shipped: mean(out[g].shipped), chosen: mean(out[g].chosen), change: mean(d) };
  }
  const all = groups.flatMap((g) => out[g].chosen.map((x, i) => (x === null || out[g].shipped[i] === null ? null : x - out[g].shipped[i])));
  res.all = { change: mean(all) };
  return res;
}
const full = heldOut((cond, k) => fullPairs[cond][k]);
const random = createRng(Number(one('--bootstrap-seed', '1'))).next;
const draws = { all: [], ...Object.fromEntries(groups.map((g) => [g, []])) };
for (let r = 0; r < rounds; r++) {
  // one draw of fingers per set, shared by every condition (the conditions are the same fingers)
  const picks = data.clean.map((s) => { const L = new Set(s.fingers).size; return Array.from({ length: L }, () => Math.floor(random() * L)); });
  const res = heldOut((cond, k) => pairs(data[cond][k], picks[k], fullPairs[cond][k].thresholds));
  for (const g of [...groups, 'all']) draws[g].push(res[g].change);
}
const interval = (list) => { const s = Float64Array.from(list.filter((x) => x !== null && Number.isFinite(x))).sort(); return [r3(s[Math.floor(0.025 * s.length)]), r3(s[Math.min(s.length - 1, Math.floor(0.975 * s.length))])]; };
const ranking = Object.fromEntries([...groups, 'all'].map((g) => [g, { shipped: r3(full[g].shipped ?? null), chosen: r3(full[g].chosen ?? null), change: r3(full[g].change), interval: interval(draws[g]) }]));

// ---- 2. the desk -----------------------------------------------------------------------------
/** Rules: advise when `advise(f)`; each a family over one threshold t. */
const RULES = [
  { name: 'shipped quality < t', values: range(40, 100), advise: (f, t) => candidateScore(f, SHIPPED) < t },
  { name: 'minutiae of quality ≥ 50 < t', values: range(0, 40), advise: (f, t) => !f || f.minutiaeAtLeast[50] < t },
  { name: 'minutiae of quality ≥ 60 < t', values: range(0, 40), advise: (f, t) => !f || f.minutiaeAtLeast[60] < t },
  { name: 'shipped quality < 70 or minutiae of quality ≥ 50 < t', values: range(0, 40), advise: (f, t) => candidateScore(f, SHIPPED) < 70 || !f || f.minutiaeAtLeast[50] < t },
  { name: 'clear area < t mm²', values: range(0, 250, 5), advise: (f, t) => !f || f.clearAreaMm2 < t },
  { name: 'ridge contrast < t grey levels', values: range(0, 40, 0.5), advise: (f, t) => !f || f.ridgeContrast < t },
  { name: 'shipped quality < 70 or ridge contrast < t', values: range(0, 40, 0.5), advise: (f, t) => candidateScore(f, SHIPPED) < 70 || !f || f.ridgeContrast < t },
  { name: 'fold\'s chosen quality < t', values: range(40, 100), advise: null },
];
function range(a, b, step = 1) { const o = []; for (let v = a; v <= b; v += step) o.push(v); return o; }
const cleanShare = (advise, sets) => { let n = 0, k = 0; for (const s of sets) for (const f of data.clean[s].features) { n++; if (advise(f)) k++; } return k / n; };
const shippedAt70 = (f) => candidateScore(f, SHIPPED) < 70;
const TARGETS = ['shipped70', 0.08, 0.12, 0.2];
/** Pooled over the folds on the held-out set: advised shares and FNMR at FMR 0.1 % of kept / advised genuine pairs. */
function desk(rule, target) {
  const tally = Object.fromEntries(['clean', ...report.filter((c) => c !== 'clean')].map((c) => [c, { images: 0, advised: 0, kept: 0, keptFail: 0, adv: 0, advFail: 0, fail: 0 }]));
  const thresholds = [];
  for (const f of folds) {
    const advise = rule.advise ?? ((x, t) => candidateScore(x, f.chosen) < t);
    const cap = target === 'shipped70' ? cleanShare(shippedAt70, f.others) : target;
    // the widest threshold whose clean share on the choosing sets stays within the cap
    let t = rule.values[0];
    for (const v of rule.values) if (cleanShare((x) => advise(x, v), f.others) <= cap + 1e-12) t = v;
    thresholds.push(t);
    for (const cond of Object.keys(tally)) {
      const s = data[cond][f.heldOut], p = fullPairs[cond][f.heldOut], T = tally[cond];
      const adv = s.features.map((x) => advise(x, t));
      s.features.forEach((_, i) => { if (cond === 'clean' || s.perturbed[i]) { T.images++; if (adv[i]) T.advised++; } });
      for (const g of p.genuine) {
        const failed = g.s < p.thresholds[0];
        T.fail += failed;
        if (adv[g.a] || adv[g.b]) { T.adv++; T.advFail += failed; } else { T.kept++; T.keptFail += failed; }
      }
    }
  }
  const pct = (a, b) => (b ? Math.round((1000 * a) / b) / 10 : null);
  return {
    rule: rule.name, target, thresholds,
    conditions: Object.fromEntries(Object.entries(tally).map(([c, T]) => [c, { advised: pct(T.advised, T.images), fnmr: pct(T.fail, T.kept + T.adv), kept: pct(T.keptFail, T.kept), advisedPairs: pct(T.adv, T.kept + T.adv), advisedFnmr: pct(T.advFail, T.adv), failuresCaught: pct(T.advFail, T.fail) }])),
  };
}
const deskTable = TARGETS.flatMap((target) => RULES.map((rule) => desk(rule, target)));

// ---- 3. the desk's curves, all sets: each rule's threshold matched to a share of clean captures ----
// No rule is fitted here (the threshold is set by the clean captures alone), so every draw of every
// fault can be reported; the change of the kept pairs' FNMR against the shipped quality at the same
// clean share gets a paired 95 % interval from resampling whole fingers (thresholds matched again per draw).
const CURVE_CONDITIONS = one('--curves', 'compound-s1,compound-s2,compound-s3,compound-s4|wet-s1,wet-s2,wet-s3,wet-s4|suite-s1,suite-s2').split('|').map((g) => g.split(','));
for (const g of CURVE_CONDITIONS) for (const c of g) if (!data[c]) data[c] = load(c);
const curvePairs = Object.fromEntries(Object.keys(data).map((c) => [c, data[c].map((s) => pairs(s))]));
const FIXED = RULES.filter((r) => r.advise).concat([{ name: 'quality, minutiae term from q≥50 3-15', values: range(40, 100), advise: (f, t) => candidateScore(f, { name: 'q50 3-15', count: { q: 50, lo: 3, hi: 15 } }) < t }]);
const advisedOf = new Map();
function advisedFlags(rule, cond, k, t) {
  const key = `${rule.name}|${cond}|${k}|${t}`;
  if (!advisedOf.has(key)) advisedOf.set(key, data[cond][k].features.map((f) => rule.advise(f, t)));
  return advisedOf.get(key);
}
/** The widest threshold whose clean share (over the drawn fingers) stays within the cap. */
function matchThreshold(rule, cap, picks) {
  let best = rule.values[0];
  for (const t of rule.values) {
    let n = 0, k = 0;
    data.clean.forEach((s, si) => {
      const labels = [...new Set(s.fingers)].sort((a, b) => a - b);
      const flags = advisedFlags(rule, 'clean', si, t);
      for (const u of picks ? picks[si] : labels.map((_, x) => x)) s.fingers.forEach((f, i) => { if (f === labels[u]) { n++; if (flags[i]) k++; } });
    });
    if (k / n <= cap + 1e-12) best = t;
  }
  return best;
}
function tallyGroup(rule, t, group, pairsOf) {
  const T = { images: 0, advised: 0, kept: 0, keptFail: 0, adv: 0, advFail: 0, fail: 0 };
  for (const cond of group) data[cond].forEach((s, k) => {
    const adv = advisedFlags(rule, cond, k, t), p = pairsOf(cond, k);
    s.features.forEach((_, i) => { if (s.perturbed[i]) { T.images++; if (adv[i]) T.advised++; } });
    for (const g of p.genuine) {
      const failed = g.s < p.thresholds[0];
      T.fail += failed;
      if (adv[g.a] || adv[g.b]) { T.adv++; T.advFail += failed; } else { T.kept++; T.keptFail += failed; }
    }
  });
  return T;
}
const cleanCap70 = cleanShare(shippedAt70, data.clean.map((_, k) => k));
const CURVE_TARGETS = [cleanCap70, 0.08, 0.12, 0.2];
const curves = CURVE_TARGETS.map((cap) => {
  const rows = FIXED.map((rule) => {
    const t = matchThreshold(rule, cap);
    return { rule: rule.name, t, cleanAdvised: r3(cleanShare((f) => rule.advise(f, t), data.clean.map((_, k) => k))), groups: CURVE_CONDITIONS.map((group) => {
      const T = tallyGroup(rule, t, group, (c, k) => curvePairs[c][k]);
      return { group: group.join('+'), advised: r3(T.advised / T.images), fnmr: r3(T.fail / (T.kept + T.adv)), kept: r3(T.keptFail / T.kept), caught: r3(T.advFail / T.fail) };
    }) };
  });
  return { cap: r3(cap), rows };
});
// intervals: kept FNMR of each rule minus the shipped quality's, at the same clean share
const curveDraws = CURVE_TARGETS.map(() => FIXED.map(() => CURVE_CONDITIONS.map(() => [])));
const random2 = createRng(Number(one('--bootstrap-seed', '1')) + 1).next;
for (let r = 0; r < rounds; r++) {
  const picks = data.clean.map((s) => { const L = new Set(s.fingers).size; return Array.from({ length: L }, () => Math.floor(random2() * L)); });
  const drawn = new Map();
  const pairsOf = (c, k) => { const key = `${c}|${k}`; if (!drawn.has(key)) drawn.set(key, pairs(data[c][k], picks[k], curvePairs[c][k].thresholds)); return drawn.get(key); };
  CURVE_TARGETS.forEach((cap, ci) => {
    const kept = FIXED.map((rule) => { const t = matchThreshold(rule, cap, picks); return CURVE_CONDITIONS.map((group) => { const T = tallyGroup(rule, t, group, pairsOf); return T.keptFail / T.kept; }); });
    FIXED.forEach((_, ri) => CURVE_CONDITIONS.forEach((_, gi) => curveDraws[ci][ri][gi].push(kept[ri][gi] - kept[0][gi])));
  });
}
curves.forEach((c, ci) => c.rows.forEach((row, ri) => row.groups.forEach((g, gi) => { g.keptChange = r3(g.kept - c.rows[0].groups[gi].kept); g.keptChangeInterval = interval(curveDraws[ci][ri][gi]); })));

// ---- 0. the features alone: Spearman's ρ with each image's share of failed genuine comparisons ----
// (at FMR 0.1 %), over the clean images and over the perturbed images of each curve group; medians beside
const FEATURES = [
  ['quality', (f) => f.quality], ['area mm²', (f) => f.areaMm2], ['clear ridge area mm²', (f) => f.clearAreaMm2], ['coherent area mm²', (f) => f.coherentAreaMm2],
  ['minutiae', (f) => f.minutiae], ['minutiae of quality ≥ 50', (f) => f.minutiaeAtLeast[50]], ['minutiae within 100 px of the centre', (f) => f.centralMinutiae],
  ['clarity', (f) => f.clarity], ['orientation certainty', (f) => f.orientationCertainty], ['frequency consistency', (f) => f.frequencyConsistency], ['ridge contrast', (f) => f.ridgeContrast],
];
const ranks = (v) => { const o = v.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]); const r = new Array(v.length); for (let i = 0; i < o.length;) { let j = i; while (j < o.length && o[j][0] === o[i][0]) j++; for (let k = i; k < j; k++) r[o[k][1]] = (i + j - 1) / 2; i = j; } return r; };
const spearman = (x, y) => { const a = ranks(x), b = ranks(y), n = x.length, ma = a.reduce((p, q) => p + q, 0) / n, mb = b.reduce((p, q) => p + q, 0) / n; let sab = 0, saa = 0, sbb = 0; for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; } return sab / Math.sqrt(saa * sbb); };
function imagesOf(conds, perturbedOnly) {
  const rows = [];
  for (const cond of conds) data[cond].forEach((s, k) => {
    const p = curvePairs[cond][k], fail = new Float64Array(s.n), count = new Float64Array(s.n);
    for (const g of p.genuine) for (const x of [g.a, g.b]) { count[x]++; if (g.s < p.thresholds[0]) fail[x]++; }
    s.features.forEach((f, i) => { if (f && (!perturbedOnly || s.perturbed[i])) rows.push({ f, fail: fail[i] / Math.max(1, count[i]) }); });
  });
  return rows;
}
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const featureGroups = [['clean', ['clean'], false], ...CURVE_CONDITIONS.map((g) => [g.join('+'), g, true])];
const features = FEATURES.map(([name, get]) => ({ feature: name, groups: featureGroups.map(([label, conds, pert]) => { const rows = imagesOf(conds, pert); return { group: label, images: rows.length, median: r3(median(rows.map((r) => get(r.f)))), rho: r3(spearman(rows.map((r) => get(r.f)), rows.map((r) => r.fail))) }; }) }));

const result = { choose, report, rounds, features, curves, folds: folds.map((f) => ({ heldOut: data.clean[f.heldOut].label, chosen: f.chosen.name, trainingGain: r3(f.trainingGain), shippedTrainingGain: r3(f.shippedTrainingGain), top: f.top })), ranking, desk: deskTable };
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  console.log(`features: median and Spearman's ρ with the image's failed share (${featureGroups.map((g) => g[0]).join(' | ')})`);
  for (const f of features) console.log(`  ${f.feature.padEnd(38)} ${f.groups.map((g) => `${g.median} ρ ${g.rho}`).join(' | ')}`);
  for (const f of result.folds) console.log(`held out ${f.heldOut}: chosen ${f.chosen} (training gain ${f.trainingGain}, shipped ${f.shippedTrainingGain}); top ${f.top.map((x) => x.join(' ')).join('; ')}`);
  for (const [g, r] of Object.entries(ranking)) console.log(`ranking ${g.padEnd(10)} shipped ${r.shipped} chosen ${r.chosen} change ${r.change} [${r.interval.join(', ')}]`);
  for (const c of curves) {
    console.log(`curves at a clean share of ${c.cap}:`);
    for (const row of c.rows) console.log(`  ${row.rule.padEnd(52)} t ${String(row.t).padEnd(4)} clean ${row.cleanAdvised}  ${row.groups.map((g) => `${g.group.replace(/-s\d/g, '').split('+')[0]}: advised ${g.advised} FNMR ${g.fnmr} → kept ${g.kept} (${g.keptChange >= 0 ? '+' : ''}${g.keptChange} [${g.keptChangeInterval.join(', ')}]) caught ${g.caught}`).join(' | ')}`);
  }
  for (const d of deskTable) {
    console.log(`desk ${String(d.target).padEnd(9)} ${d.rule.padEnd(52)} t ${d.thresholds.join('/')}`);
    for (const [c, v] of Object.entries(d.conditions)) console.log(`    ${c.padEnd(12)} advised ${v.advised} %  FNMR ${v.fnmr} → kept ${v.kept} % (advised pairs ${v.advisedPairs} %, their FNMR ${v.advisedFnmr} %, failures caught ${v.failuresCaught} %)`);
  }
}
