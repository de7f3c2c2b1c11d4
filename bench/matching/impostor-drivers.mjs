#!/usr/bin/env node
// What drives impostor scores up on some sets (FVC2002 DB4, SFinGe; our generator's prints) and
// not on others (issue 12, part 6)? Per set: our extraction, every unordered impostor pair
// compared; per template its minutiae count, weight sum, quality, the area of its minutiae's
// convex hull, the density (count / area) and the median ridge period (analyzeFingerprint's
// frequency field); per impostor pair the score, the pairs of the best pairing, and the pair's
// features. Prints per set the medians and the shares above the calibration table's FMR 1 %
// threshold, and the rank correlation of the score with each feature (pooled and within set).
//
//   node bench/matching/impostor-drivers.mjs [--cache FILE] [--json OUT] [--params JSON] SET...
//        SET = folder of F_I images (DIR@PPI declares the resolution)
// The cache (templates and periods per set, JSON) is written on the first run and read after.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

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
const M = { ...MATCHING_PARAMETERS, ...JSON.parse(opt('--params') ?? '{}') };
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
const medianPeriod = (image) => {
  const f = analyzeFingerprint(image, EXTRACTION_PARAMETERS).frequency;
  const v = [];
  for (let i = 0; i < f.period.length; i++) if (f.measured[i]) v.push(f.period[i]);
  v.sort((a, b) => a - b);
  return v.length ? v[v.length >> 1] : 0;
};

let cache = cacheFile && existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : null;
if (!cache || cache.specs.join() !== specs.join()) {
  const sets = await readEvalSets(specs);
  cache = { specs, sets: sets.map((s) => {
    const { templates } = extractEvalSet(s);
    const periods = s.items.map((it) => (it && 'image' in it ? medianPeriod(it.image) : 0));
    return { label: s.label, fingers: s.fingers, templates, periods };
  }) };
  if (cacheFile) writeFileSync(cacheFile, JSON.stringify(cache));
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
  const feats = s.templates.map((t, i) => (t ? { n: Math.min(t.minutiae.length, M.maxMinutiae), quality: t.quality, area: hullArea(t.minutiae), period: s.periods[i] } : null));
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
        density: Math.sqrt((fa.n / fa.area) * (fb.n / fb.area)),
        quality: Math.min(fa.quality, fb.quality), period: (fa.period + fb.period) / 2,
        set: s.label,
      });
    }
  }
  pooled.push(...rows);
  const col = (k) => rows.map((r) => r[k]);
  const score = col('score');
  const keys = ['pairs', 'nProd', 'nMin', 'area', 'areaMin', 'density', 'quality', 'period'];
  report.sets.push({
    set: s.label, impostor: rows.length,
    atThreshold1Percent: r2((100 * score.filter((x) => x >= t1).length) / rows.length),
    scoreMedian: r2(q(score, 0.5)), score90: r2(q(score, 0.9)), score99: r2(q(score, 0.99)),
    genuineMedian: r2(q(gen, 0.5)),
    medians: Object.fromEntries(keys.map((k) => [k, r2(q(col(k), 0.5))])),
    spearmanWithScore: Object.fromEntries(keys.map((k) => [k, r2(spearman(score, col(k)))])),
  });
}
const keys = ['pairs', 'nProd', 'nMin', 'area', 'areaMin', 'density', 'quality', 'period'];
report.pooledSpearman = Object.fromEntries(keys.map((k) => [k, r2(spearman(pooled.map((r) => r.score), pooled.map((r) => r[k])))]));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(pooled));
console.log(JSON.stringify(report, null, 1));
