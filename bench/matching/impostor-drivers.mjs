#!/usr/bin/env node
// What drives impostor scores up on some sets (FVC2002 DB4, SFinGe; our generator's prints) and
// not on others (issue 12, part 6)? Per set: our extraction, every unordered impostor pair
// compared; per template its minutiae count, weight sum, quality, the area of its minutiae's
// convex hull, the density (count / area) and the median ridge period (analyzeFingerprint's
// frequency field); per impostor pair the score, the pairs of the best pairing, and the pair's
// features. Prints per set the medians and the shares above the calibration table's FMR 1 %
// threshold, the rank correlation of the score with each feature (pooled and within set), the
// median score per count of paired minutiae, and a least-squares fit of log score on log
// minutiae count, log hull area, log ridge period and quality over the first REAL sets' impostors
// (score > 0) with each set's median residual (how much higher its impostors score than those
// features predict). Areas, densities and periods at 500 ppi.
//
//   node bench/matching/impostor-drivers.mjs [--cache FILE] [--json OUT] [--params JSON] [--real N] SET...
//        SET = folder of F_I images (DIR@PPI declares the resolution)
// The cache (templates and periods per set, JSON) is written on the first run and read after.
import { writeFileSync } from 'node:fs';
import { readCache, writeCache } from './template-cache.mjs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { medianPeriodOf } from './median-period.mjs';

const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { readEvalSets, extractEvalSet } = await import(dist('cli/commands/eval-sets.js'));
const { analyzeFingerprint } = await import(dist('extraction/index.js'));
const { EXTRACTION_PARAMETERS } = await import(dist('config/parameters.js'));
const { prepareTemplate, compareTemplatesDetailed, SCORE_CALIBRATION } = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS } = await import(dist('config/parameters/matching.js'));

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); if (i < 0) return undefined; const v = args[i + 1]; args.splice(i, 2); return v; };
const cacheFile = opt('--cache');
const jsonOut = opt('--json');
const realCount = Number(opt('--real') ?? '3');
const paramsArg = opt('--params');
const M = paramsArg ? { ...MATCHING_PARAMETERS, ...JSON.parse(paramsArg) } : MATCHING_PARAMETERS;
const specs = args;
if (specs.length === 0) { process.stderr.write('usage: impostor-drivers.mjs [--cache FILE] [--json OUT] [--params JSON] SET...\n'); process.exit(2); }

function hullArea(ms) {
  const p = ms.map((m) => [m.x, m.y]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return 0;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lo = [], hi = [];
  for (const q of p) { while (lo.length >= 2 && cross(lo[lo.length - 2], lo[lo.length - 1], q) <= 0) lo.pop(); lo.push(q); }
  for (const q of p.slice().reverse()) { while (hi.length >= 2 && cross(hi[hi.length - 2], hi[hi.length - 1], q) <= 0) hi.pop(); hi.push(q); }
  const h = lo.slice(0, -1).concat(hi.slice(0, -1));
  let a = 0;
  for (let i = 0; i < h.length; i++) { const [x1, y1] = h[i], [x2, y2] = h[(i + 1) % h.length]; a += x1 * y2 - x2 * y1; }
  return Math.abs(a) / 2;
}
const medianPeriod = medianPeriodOf(analyzeFingerprint, EXTRACTION_PARAMETERS);

let cache = readCache(cacheFile);
if (!cache || cache.specs.join() !== specs.join()) {
  const sets = await readEvalSets(specs);
  cache = { specs, sets: sets.map((s) => {
    const { templates } = extractEvalSet(s);
    const periods = s.items.map((it) => (it && 'image' in it ? medianPeriod(it.image) : 0));
    return { label: s.label, fingers: s.fingers, templates, periods };
  }) };
  if (cacheFile) writeCache(cacheFile, cache);
}

const t1 = SCORE_CALIBRATION.points.find((p) => p.fmr === 0.01).score;
const q = (v, f) => { const s = v.slice().sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(f * s.length))] : NaN; };
const r2 = (x) => Math.round(x * 100) / 100;
function rank(v) {
  const idx = v.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]);
  const r = new Array(v.length);
  for (let i = 0; i < idx.length;) { let j = i; while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++; for (let k = i; k <= j; k++) r[idx[k][1]] = (i + j) / 2; i = j + 1; }
  return r;
}
function spearman(x, y) {
  const a = rank(x), b = rank(y), n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n, mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

const pooled = [];
const report = { params: M === MATCHING_PARAMETERS ? 'shipped' : M, threshold1: t1, sets: [] };
for (const s of cache.sets) {
  // at 500 ppi
  const feats = s.templates.map((t, i) => (t ? { n: Math.min(t.minutiae.length, M.maxMinutiae), quality: t.quality, area: hullArea(t.minutiae) * (500 / t.ppi) ** 2, period: (s.periods[i] * 500) / t.ppi } : null));
  const prepared = s.templates.map((t) => (t ? prepareTemplate(t, M) : null));
  const rows = [];
  const gen = [];
  for (let a = 0; a < prepared.length; a++) {
    if (!prepared[a]) continue;
    for (let b = a + 1; b < prepared.length; b++) {
      if (!prepared[b]) continue;
      const d = compareTemplatesDetailed(prepared[a], prepared[b], M);
      if (s.fingers[a] === s.fingers[b]) { gen.push(d.score); continue; }
      const fa = feats[a], fb = feats[b];
      rows.push({
        score: d.score, pairs: d.pairs.length,
        nProd: Math.sqrt(fa.n * fb.n), nMin: Math.min(fa.n, fb.n),
        area: Math.sqrt(fa.area * fb.area), areaMin: Math.min(fa.area, fb.area),
        density: 1e4 * Math.sqrt((fa.n / fa.area) * (fb.n / fb.area)),
        quality: Math.min(fa.quality, fb.quality), period: (fa.period + fb.period) / 2,
        set: s.label,
      });
    }
  }
  pooled.push(...rows);
  const byPairs = {};
  for (const [lo, hi] of [[2, 3], [4, 4], [5, 5], [6, 6], [7, 8], [9, 999]]) {
    const v = rows.filter((r) => r.pairs >= lo && r.pairs <= hi).map((r) => r.score);
    byPairs[hi === 999 ? `${lo}+` : lo === hi ? `${lo}` : `${lo}-${hi}`] = { impostor: v.length, median: r2(q(v, 0.5)) };
  }
  const col = (k) => rows.map((r) => r[k]);
  const score = col('score');
  const keys = ['pairs', 'nProd', 'nMin', 'area', 'areaMin', 'density', 'quality', 'period'];
  report.sets.push({
    set: s.label, impostor: rows.length,
    atThreshold1Percent: r2((100 * score.filter((x) => x >= t1).length) / rows.length),
    scoreMedian: r2(q(score, 0.5)), score90: r2(q(score, 0.9)), score99: r2(q(score, 0.99)),
    genuineMedian: r2(q(gen, 0.5)), medianScoreByPairs: byPairs,
    medians: Object.fromEntries(keys.map((k) => [k, r2(q(col(k), 0.5))])),
    spearmanWithScore: Object.fromEntries(keys.map((k) => [k, r2(spearman(score, col(k)))])),
  });
}
const keys = ['pairs', 'nProd', 'nMin', 'area', 'areaMin', 'density', 'quality', 'period'];
report.pooledSpearman = Object.fromEntries(keys.map((k) => [k, r2(spearman(pooled.map((r) => r.score), pooled.map((r) => r[k])))]));
// log score ~ 1 + log n + log area + log period + quality, fitted on the real sets
const X = (r) => [1, Math.log(r.nProd), Math.log(r.area), Math.log(r.period), r.quality / 100];
const fitRows = pooled.filter((r) => r.score > 0 && cache.sets.slice(0, realCount).some((s) => s.label === r.set));
const m = 5, A = Array.from({ length: m }, () => new Float64Array(m)), bv = new Float64Array(m);
for (const r of fitRows) { const x = X(r), y = Math.log(r.score); for (let i = 0; i < m; i++) { bv[i] += x[i] * y; for (let j = 0; j < m; j++) A[i][j] += x[i] * x[j]; } }
for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) { const f = A[j][i] / A[i][i]; for (let l = 0; l < m; l++) A[j][l] -= f * A[i][l]; bv[j] -= f * bv[i]; }
const w = new Float64Array(m);
for (let i = m - 1; i >= 0; i--) { let t = bv[i]; for (let j = i + 1; j < m; j++) t -= A[i][j] * w[j]; w[i] = t / A[i][i]; }
report.fit = { on: `first ${realCount} sets`, coefficients: { constant: r2(w[0]), logCount: r2(w[1]), logArea: r2(w[2]), logPeriod: r2(w[3]), quality: r2(w[4]) } };
report.medianResidual = Object.fromEntries(cache.sets.map((s) => [s.label, r2(q(pooled.filter((r) => r.set === s.label && r.score > 0).map((r) => Math.log(r.score) - X(r).reduce((a, x, i) => a + x * w[i], 0)), 0.5))]));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(pooled));
report.params = M === MATCHING_PARAMETERS ? 'shipped' : 'changed';
console.log(JSON.stringify(report, null, 1));
