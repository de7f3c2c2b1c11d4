#!/usr/bin/env node
// Does the orientation agreement read correctly when two prints differ in scale (issue 12,
// rescale)? The four FVC2002 B sets are extracted clean and under `resolution` (the seeds of
// paired-matching-option.mjs; each image's drawn scale kept), every unordered pair scored by the
// shipped matcher without the map's factor (weight 0), with it (the rigid fit) and with
// `orientationAgreementScale` b (the similarity fit); the agreement of a pair is read back from the
// factor, g = 1 + ln(score with / score without) / weight (the pairing is the same in all three,
// the map is read after it). Genuine pairs are binned by their true relative scale
// |ln s_a − ln s_b|, and for each bin the mean g (rigid) on the clean templates, on the resolution
// templates, and on them with the similarity fit, with the fitted scale's error against the true
// one (the pairs' least-squares similarity scale from compareTemplatesDetailed). Impostors: mean g
// and the 99th / 99.9th percentile of their scores, rigid and similarity; the genuine pairs at or
// below their set's impostor 99.9 % point (the weak ones). Last, each arm's mean EER
// and FNMR at FMR 0.1 % over the four sets (no bootstrap: paired-matching-option.mjs judges).
//
//   node bench/matching/map-under-scale.mjs DATA_DIR [SEED] [BOUND]
//
// Figures in bench/RESULTS.md ("The matcher's scale tolerance re-judged with the orientation map on … (rescale)").
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplates, compareTemplatesDetailed, computeErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, seedText = '1', boundText = '0.25'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: map-under-scale.mjs DATA_DIR [SEED] [BOUND]\n');
  process.exit(2);
}
const seed = Number(seedText), bound = Number(boundText);
const W = MATCHING_PARAMETERS.orientationAgreementWeight;
const arms = {
  without: { ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 },
  rigid: MATCHING_PARAMETERS,
  similar: { ...MATCHING_PARAMETERS, orientationAgreementScale: bound },
};
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const scales = sets.map(() => []);
const perturbed = sets.map((s, k) => extractEvalSet(s, {
  parameters: EXTRACTION_PARAMETERS,
  transform: (image, i) => { const r = perturbImage(image, 'resolution', mixSeed(seed, 0, k, i)); scales[k][i] = r.mapPoint(1, 0)[0]; return r.image; },
}).templates);
const clean = sets.map((s) => extractEvalSet(s, { parameters: EXTRACTION_PARAMETERS }).templates);

/** The least-squares similarity scale of a pairing (candidate over probe) from the templates' minutiae. */
function fittedScale(ta, tb, pairs) {
  if (pairs.length < 3) return NaN;
  const a = pairs.map((q) => ta.minutiae[q.probe]), b = pairs.map((q) => tb.minutiae[q.candidate]);
  const m = (v, f) => v.reduce((s, x) => s + f(x), 0) / v.length;
  const ax = m(a, (p) => p.x), ay = m(a, (p) => p.y), bx = m(b, (p) => p.x), by = m(b, (p) => p.y);
  let dot = 0, cross = 0, norm = 0;
  a.forEach((p, i) => {
    const ux = p.x - ax, uy = p.y - ay, vx = b[i].x - bx, vy = b[i].y - by;
    dot += ux * vx + uy * vy; cross += ux * vy - uy * vx; norm += ux * ux + uy * uy;
  });
  return Math.hypot(dot, cross) / norm;
}

/** Every unordered pair of one set under each arm: scores, and for genuine pairs g and the fitted scale. */
function scoreSet(k, templates, withScale) {
  const { fingers } = sets[k];
  const n = templates.length;
  const prepared = Object.fromEntries(Object.entries(arms).map(([name, p]) => [name, templates.map((t) => (t ? prepareTemplate(t, p) : null))]));
  const rows = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (!prepared.rigid[a] || !prepared.rigid[b]) continue;
      const genuine = fingers[a] === fingers[b];
      const s0 = compareTemplates(prepared.without[a], prepared.without[b], arms.without);
      const detail = compareTemplatesDetailed(prepared.rigid[a], prepared.rigid[b], arms.rigid);
      const s2 = compareTemplates(prepared.similar[a], prepared.similar[b], arms.similar);
      const g = (s) => (s0 > 0 ? 1 + Math.log(s / s0) / W : NaN);
      rows.push({
        genuine, s0, s1: detail.score, s2, g1: g(detail.score), g2: g(s2), a, b,
        trueLn: withScale ? Math.log(scales[k][b] / scales[k][a]) : 0,
        fitLn: genuine ? Math.log(fittedScale(templates[a], templates[b], detail.pairs)) : NaN,
        pairs: detail.pairs.length,
      });
    }
  }
  return rows;
}

const mean = (v) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN);
const pct = (v, q) => { const s = [...v].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const res = sets.map((_, k) => scoreSet(k, perturbed[k], true));
const cln = sets.map((_, k) => scoreSet(k, clean[k], false));

// genuine pairs by true relative scale
const bins = [[0, 0.05], [0.05, 0.1], [0.1, 0.15], [0.15, 1]];
const out = { seed, bound, bins: [] };
for (const [lo, hi] of bins) {
  const r = [], c = [];
  res.forEach((rows, k) => rows.forEach((x, i) => {
    if (!x.genuine || !(Math.abs(x.trueLn) >= lo && Math.abs(x.trueLn) < hi)) return;
    r.push(x); c.push(cln[k][i]);
  }));
  const ok = (v) => v.filter(Number.isFinite);
  const err = ok(r.map((x) => Math.abs(x.fitLn - x.trueLn)));
  out.bins.push({
    trueScale: `${lo}–${hi}`, genuinePairs: r.length,
    gCleanRigid: f3(mean(ok(c.map((x) => x.g1)))), gResRigid: f3(mean(ok(r.map((x) => x.g1)))), gResSimilar: f3(mean(ok(r.map((x) => x.g2)))),
    similarMinusRigid: f3(mean(ok(r.map((x) => x.g2 - x.g1)))),
    fitScaleErrorMedian: f3(pct(err, 0.5)), fitScaleError90: f3(pct(err, 0.9)),
  });
}
// the genuine pairs that decide the low-FMR end: at or below their set's impostor 99.9 % point (rigid)
{
  const weak = res.flatMap((rows) => {
    const t = pct(rows.filter((x) => !x.genuine).map((x) => x.s1), 0.999);
    return rows.filter((x) => x.genuine && x.s1 <= t);
  });
  const ok = (v) => v.filter(Number.isFinite);
  out['resolution weak genuine'] = {
    pairs: weak.length, trueScaleMedian: f3(pct(weak.map((x) => Math.abs(x.trueLn)), 0.5)), pairedMedian: pct(weak.map((x) => x.pairs), 0.5),
    gRigid: f3(mean(ok(weak.map((x) => x.g1)))), gSimilar: f3(mean(ok(weak.map((x) => x.g2)))),
    fitScaleErrorMedian: f3(pct(ok(weak.map((x) => Math.abs(x.fitLn - x.trueLn))), 0.5)), fitScaleError90: f3(pct(ok(weak.map((x) => Math.abs(x.fitLn - x.trueLn))), 0.9)),
    liftedBySimilar: weak.filter((x) => x.s2 > x.s1).length,
  };
}
for (const [name, all] of [['clean', cln], ['resolution', res]]) {
  const imp = all.flat().filter((x) => !x.genuine);
  const gen = all.flat().filter((x) => x.genuine);
  out[`${name} impostors`] = {
    pairs: imp.length,
    gRigid: f3(mean(imp.map((x) => x.g1).filter(Number.isFinite))), gSimilar: f3(mean(imp.map((x) => x.g2).filter(Number.isFinite))),
    score99: `${f3(pct(imp.map((x) => x.s1), 0.99))} → ${f3(pct(imp.map((x) => x.s2), 0.99))}`,
    score999: `${f3(pct(imp.map((x) => x.s1), 0.999))} → ${f3(pct(imp.map((x) => x.s2), 0.999))}`,
    max: `${f3(Math.max(...imp.map((x) => x.s1)))} → ${f3(Math.max(...imp.map((x) => x.s2)))}`,
  };
  out[`${name} genuine`] = { pairs: gen.length, gRigid: f3(mean(gen.map((x) => x.g1).filter(Number.isFinite))), gSimilar: f3(mean(gen.map((x) => x.g2).filter(Number.isFinite))) };
  // each arm's error rates per set (its own impostors)
  for (const arm of ['s0', 's1', 's2']) {
    const rates = all.map((rows) => computeErrorRates(rows.filter((x) => x.genuine).map((x) => x[arm]), rows.filter((x) => !x.genuine).map((x) => x[arm])));
    out[`${name} ${arm === 's0' ? 'without map' : arm === 's1' ? 'rigid' : 'similar'}`] =
      `EER ${(100 * mean(rates.map((e) => e.eer))).toFixed(2)} % (${rates.map((e) => (100 * e.eer).toFixed(2)).join('/')}), FNMR@0.1 % ${(100 * mean(rates.map((e) => e.fnmrAtFmr1000 ?? e.fmr1000))).toFixed(2)} %`;
  }
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
