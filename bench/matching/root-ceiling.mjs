#!/usr/bin/env node
// Does a wider root search find the true alignment? (issue 12, roots): the ceiling of the root search.
// Every image of the four FVC2002 B sets (DB2 at 569 ppi) is extracted with the shipped parameters,
// clean or under one perturbation KIND at SEED (the suite's draws, as fragile-pairings.mjs:
// mixSeed(SEED, kindIndex, set, image), kindIndex the kind's place in PERTURBATION_KINDS). Every
// unordered pair a < b (a the probe) is compared twice with the shipped matching parameters:
//   - shipped (compareTemplatesDetailed: score and best pairing);
//   - every root tried (the bench-only root-search hook, setRootSearchHook({ all: true }): every
//     voted pair with ≥ minRootVotes votes grown, no maxRoots / maxWeakRoots bound).
// Each set's FMR 0.1 % threshold comes from its own impostors (the smallest score with at most
// 0.1 % of impostors above it: accepted = score > the (⌊0.001 · impostors⌋ + 1)-th highest), for
// both arms. The reference alignment of a genuine pair a × b is fragile-pairings.mjs's
// transitive one: a → c → b through the impression c of the same finger paired with both on the
// most pairs (≥ 12 each), the rigid least-squares fits of the shipped pairings (--similarity:
// similarity fits, scale within 1 ± 0.15, for resolution). A pairing lies on it when its pairs'
// median offset from it is ≤ R (15 px at 500 ppi); a root pair lies on it when the probe minutia
// carried by it falls within R and A (30°) of the candidate's.
// For each rejected fragile genuine pair (≤ 10 pairs, rejected at FMR 0.1 %) with a reference:
//   - the voted pairs on the reference among those the root finder ranks: how many, the rank of
//     the best (1-based), whether the shipped search grows from one (maxRoots, maxWeakRoots);
//   - the score when growth is forced from those ranked roots on the reference (hook force, best
//     of them, all later steps as shipped), and when forced from every pair on the reference
//     (voted or not): its pairs, whether the pairing stays on the reference, whether it passes the
//     shipped threshold;
//   - the pre-finish scores of the best root on the reference and of the shipped best root.
//
//   node bench/matching/root-ceiling.mjs DATA_DIR [clean|KIND] [SEED] [--similarity] [--radius 15] [--angle 30] [--json OUT]
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplatesDetailed, allPairsErrorRates } from '../../dist/matching/index.js';
import { setRootSearchHook } from '../../dist/matching/compare-templates.js';
import { perturbImage, PERTURBATION_KINDS } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => { const at = args.indexOf(name); return at >= 0 ? args.splice(at, 2)[1] : fallback; };
const flag = (name) => { const at = args.indexOf(name); if (at >= 0) args.splice(at, 1); return at >= 0; };
const RADIUS = Number(option('--radius', '15'));
const ANGLE = (Number(option('--angle', '30')) * Math.PI) / 180;
const SIMILARITY = flag('--similarity');
const jsonOut = option('--json', '');
const [dataDir, kind = 'clean', seedText = '1'] = args;
if (!dataDir) { process.stderr.write('usage: root-ceiling.mjs DATA_DIR [clean|KIND] [SEED] [--similarity] [--radius 15] [--angle 30] [--json OUT]\n'); process.exit(2); }
const seed = Number(seedText);
if (kind !== 'clean' && !PERTURBATION_KINDS.includes(kind)) throw new Error(`unknown kind ${kind}`);
const kindIndex = PERTURBATION_KINDS.indexOf(kind);
const SMALL = 10, TRANS_MIN = 12, SCALE_BOUND = 0.15;
const P_ = MATCHING_PARAMETERS;
const D = `${dataDir}/fvc2002`;
const setNames = ['DB1', 'DB2', 'DB3', 'DB4'];
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const started = Date.now();
const log = (m) => process.stderr.write(`${m} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
const wrap = (a) => Math.atan2(Math.sin(a), Math.cos(a));

/** A template's minutiae at 500 ppi, by source index. */
const pointsOf = (t) => { const s = 500 / t.ppi; return t.minutiae.map((m) => ({ x: m.x * s, y: m.y * s, angle: m.angle })); };
/** Least-squares rigid (or similarity) fit p → c; angles turn by −rot (as fragile-pairings.mjs). */
function fitPairs(ps, cs, scaleFree) {
  const n = ps.length;
  let pmx = 0, pmy = 0, cmx = 0, cmy = 0;
  for (let k = 0; k < n; k++) { pmx += ps[k].x; pmy += ps[k].y; cmx += cs[k].x; cmy += cs[k].y; }
  pmx /= n; pmy /= n; cmx /= n; cmy /= n;
  let dot = 0, cross = 0, pp = 0;
  for (let k = 0; k < n; k++) {
    const ux = ps[k].x - pmx, uy = ps[k].y - pmy, vx = cs[k].x - cmx, vy = cs[k].y - cmy;
    dot += ux * vx + uy * vy; cross += ux * vy - uy * vx; pp += ux * ux + uy * uy;
  }
  const rot = Math.atan2(cross, dot);
  const scale = scaleFree && pp > 0 ? Math.min(1 + SCALE_BOUND, Math.max(1 - SCALE_BOUND, Math.hypot(dot, cross) / pp)) : 1;
  const c = Math.cos(rot) * scale, s = Math.sin(rot) * scale;
  return {
    fwd: (m) => { const dx = m.x - pmx, dy = m.y - pmy; return { x: c * dx - s * dy + cmx, y: s * dx + c * dy + cmy, angle: m.angle - rot }; },
    back: (m) => { const dx = m.x - cmx, dy = m.y - cmy; return { x: (c * dx + s * dy) / (scale * scale) + pmx, y: (-s * dx + c * dy) / (scale * scale) + pmy, angle: m.angle + rot }; },
  };
}

/** Scores of every pair with the hook `make()` (null: shipped); detail rows for genuine pairs. */
function scoreAll(prepared, fingers, make) {
  const n = prepared.length;
  const scores = new Float64Array(n * n);
  const out = [];
  for (let a = 0; a < n; a++) {
    if (!prepared[a]) continue;
    for (let b = a + 1; b < n; b++) {
      if (!prepared[b]) continue;
      setRootSearchHook(make ? make() : null);
      const d = compareTemplatesDetailed(prepared[a], prepared[b], P_);
      scores[a * n + b] = d.score;
      out.push({ a, b, genuine: fingers[a] === fingers[b], score: d.score, pairs: d.pairs });
    }
  }
  setRootSearchHook(null);
  return { scores, rows: out };
}
function threshold(rows) {
  const imp = rows.filter((r) => !r.genuine).map((r) => r.score).sort((x, y) => y - x);
  return { thr: imp[Math.floor(0.001 * imp.length)], top: imp[0], above: imp.filter((v) => v > imp[Math.floor(0.001 * imp.length)]).length, count: imp.length };
}

const report = [];
const setSummary = [];
for (const [k, set] of sets.entries()) {
  const transform = kind === 'clean' ? undefined : (image, i) => perturbImage(image, kind, mixSeed(seed, kindIndex, k, i)).image;
  const templates = extractEvalSet(set, { parameters: EXTRACTION_PARAMETERS, transform }).templates;
  const prepared = templates.map((t) => (t ? prepareTemplate(t, P_) : null));
  const pts = templates.map((t) => (t ? pointsOf(t) : null));
  const n = templates.length;
  const t0 = Date.now();
  const shipped = scoreAll(prepared, set.fingers, null);
  const t1 = Date.now();
  const all = scoreAll(prepared, set.fingers, () => ({ all: true }));
  const t2 = Date.now();
  const th = threshold(shipped.rows), thAll = threshold(all.rows);
  const eS = allPairsErrorRates({ fingers: set.fingers, scores: shipped.scores }), eA = allPairsErrorRates({ fingers: set.fingers, scores: all.scores });
  const impChanged = shipped.rows.filter((r, i) => !r.genuine && all.rows[i].score !== r.score);
  const genChanged = shipped.rows.filter((r, i) => r.genuine && all.rows[i].score !== r.score);
  const genUp = shipped.rows.filter((r, i) => r.genuine && all.rows[i].score > r.score);
  const impUp = impChanged.filter((r) => all.rows[shipped.rows.indexOf(r)].score > r.score);
  // genuine pairs accepted under each arm (own thresholds)
  const accS = shipped.rows.filter((r) => r.genuine && r.score > th.thr).length;
  const accA = all.rows.filter((r) => r.genuine && r.score > thAll.thr).length;
  setSummary.push({ set: setNames[k], thr: th.thr, thrAll: thAll.thr, top: th.top, topAll: thAll.top, eer: eS.eer, eerAll: eA.eer, fnmr: eS.fmr1000, fnmrAll: eA.fmr1000, impChanged: impChanged.length, impUp: impUp.length, impostors: th.count, genChanged: genChanged.length, genUp: genUp.length, genuine: shipped.rows.filter((r) => r.genuine).length, accS, accA, msShipped: (t1 - t0), msAll: (t2 - t1) });
  log(`${setNames[k]} ${kind}: thr ${th.thr.toFixed(2)} → all roots ${thAll.thr.toFixed(2)}; top impostor ${th.top.toFixed(2)} → ${thAll.top.toFixed(2)}; EER ${(100 * eS.eer).toFixed(2)} → ${(100 * eA.eer).toFixed(2)} %`);

  // the reference alignments (fits of the shipped genuine pairings of ≥ TRANS_MIN pairs)
  const fits = new Map();
  for (const r of shipped.rows) {
    if (!r.genuine || r.pairs.length < TRANS_MIN) continue;
    fits.set(`${r.a},${r.b}`, { n: r.pairs.length, fit: fitPairs(r.pairs.map((q) => pts[r.a][q.probe]), r.pairs.map((q) => pts[r.b][q.candidate]), SIMILARITY) });
  }
  const mapOf = (i, j) => { const f = fits.get(i < j ? `${i},${j}` : `${j},${i}`); return f ? { n: f.n, map: i < j ? f.fit.fwd : f.fit.back } : null; };
  const onRef = (T, P, C) => (p, c) => { const m = T(P[p]); return Math.hypot(m.x - C[c].x, m.y - C[c].y) <= RADIUS && Math.abs(wrap(m.angle - C[c].angle)) <= ANGLE; };
  for (const [i, r] of shipped.rows.entries()) {
    if (!r.genuine || r.pairs.length > SMALL || r.score > th.thr) continue;
    const entry = { set: setNames[k], a: set.names[r.a], b: set.names[r.b], score: r.score, thr: th.thr, pairs: r.pairs.length, scoreAll: all.rows[i].score, pairsAll: all.rows[i].pairs.length, thrAll: thAll.thr };
    report.push(entry);
    let best = null;
    for (let c = 0; c < n; c++) {
      if (c === r.a || c === r.b || set.fingers[c] !== set.fingers[r.a] || !templates[c]) continue;
      const ac = mapOf(r.a, c), cb = mapOf(c, r.b);
      if (!ac || !cb) continue;
      const strength = Math.min(ac.n, cb.n);
      if (!best || strength > best.strength) best = { strength, c, T: (m) => cb.map(ac.map(m)) };
    }
    if (!best) continue;
    const P = pts[r.a], C = pts[r.b], PP = prepared[r.a], CC = prepared[r.b];
    const offMedian = (pairs) => { if (!pairs.length) return Infinity; const off = pairs.map((q) => { const m = best.T(P[q.probe]); return Math.hypot(m.x - C[q.candidate].x, m.y - C[q.candidate].y); }).sort((x, y) => x - y); return off[Math.floor((off.length - 1) / 2)]; };
    entry.via = set.names[best.c]; entry.strength = best.strength; entry.offMedian = offMedian(r.pairs);
    entry.offMedianAll = offMedian(all.rows[i].pairs);
    const on = onRef(best.T, P, C);
    const onPrepared = (p, c) => on(PP.sourceIndex[p], CC.sourceIndex[c]);
    // the ranked roots and the shipped choice
    const ranked = [], grown = [];
    setRootSearchHook({ ranked, grown });
    const check = compareTemplatesDetailed(PP, CC, P_).score;
    if (check !== r.score) throw new Error('hooked score differs from shipped');
    const rankedOn = ranked.map((q, rank) => ({ ...q, rank: rank + 1 })).filter((q) => onPrepared(q.p, q.c));
    entry.ranked = ranked.length; entry.rankedOn = rankedOn.length; entry.firstRank = rankedOn.length ? rankedOn[0].rank : null;
    entry.firstVotes = rankedOn.length ? rankedOn[0].votes : null; entry.topVotes = ranked.length ? ranked[0].votes : null;
    entry.grownShipped = grown.length; entry.grownOn = grown.filter((g) => onPrepared(g.p, g.c)).length;
    entry.shippedBestPre = grown.reduce((m, g) => Math.max(m, g.score), 0);
    // forced from the ranked roots on the reference
    const force = (roots) => {
      const g = [];
      setRootSearchHook({ force: roots, grown: g });
      const d = compareTemplatesDetailed(PP, CC, P_);
      setRootSearchHook(null);
      return { score: d.score, pairs: d.pairs.length, off: offMedian(d.pairs), pre: g.reduce((m, x) => Math.max(m, x.score), 0), grown: g.length };
    };
    if (rankedOn.length) entry.forcedRanked = force(rankedOn.map(({ p, c }) => ({ p, c })));
    // forced from every pair on the reference (voted ones first by votes, then the rest)
    const votesOf = new Map(ranked.map((q) => [q.p * CC.count + q.c, q.votes]));
    const every = [];
    for (let p = 0; p < PP.count; p++) for (let c = 0; c < CC.count; c++) if (onPrepared(p, c)) every.push({ p, c, v: votesOf.get(p * CC.count + c) ?? 0 });
    every.sort((x, y) => y.v - x.v);
    entry.onPairs = every.length;
    if (every.length) entry.forcedEvery = force(every.map(({ p, c }) => ({ p, c })));
  }
}

const f2 = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(2));
const f0 = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(0));
console.log(`root-ceiling ${kind}${kind === 'clean' ? '' : ` seed ${seed} (kindIndex ${kindIndex})`}; reference ${SIMILARITY ? 'similarity' : 'rigid'} fits, R ${RADIUS} px, A ${(ANGLE * 180 / Math.PI).toFixed(0)}°; maxRoots ${P_.maxRoots}, maxWeakRoots ${P_.maxWeakRoots}, minRootVotes ${P_.minRootVotes}`);
console.log('\nEvery root tried, against shipped (per set; thresholds at FMR 0.1 % from the set\'s own impostors):');
console.log('| set | threshold shipped → all | top impostor shipped → all | impostors changed (up) | genuine changed (up) | EER % shipped → all | FNMR@0.1 % shipped → all | genuine accepted shipped → all | ms shipped / all |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const s of setSummary) console.log(`| ${s.set} | ${f2(s.thr)} → ${f2(s.thrAll)} | ${f2(s.top)} → ${f2(s.topAll)} | ${s.impChanged} (${s.impUp}) of ${s.impostors} | ${s.genChanged} (${s.genUp}) of ${s.genuine} | ${(100 * s.eer).toFixed(2)} → ${(100 * s.eerAll).toFixed(2)} | ${(100 * s.fnmr).toFixed(2)} → ${(100 * s.fnmrAll).toFixed(2)} | ${s.accS} → ${s.accA} | ${s.msShipped} / ${s.msAll} |`);
console.log(`\nRejected genuine pairs on ≤ ${SMALL} pairs (${report.length}; ${report.filter((e) => e.via).length} with a reference, ${report.filter((e) => e.offMedian > RADIUS).length} off it):`);
console.log('| set | pair | score (thr) | n | off px | ranked | on ref (first rank, its votes; top votes) | shipped grows: roots, on ref | pre-score shipped best | forced ranked-on: score (n, off px, pre) | forced every-on (pairs on ref): score (n, off px, pre) | pass | all roots: score (n, off px), thr |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const order = [...report].sort((x, y) => (y.offMedian ?? -1) - (x.offMedian ?? -1));
for (const e of order) {
  const fr = e.forcedRanked, fe = e.forcedEvery;
  const pass = [fr && fr.score > e.thr ? 'ranked' : '', fe && fe.score > e.thr ? 'every' : ''].filter(Boolean).join('+') || 'no';
  console.log(`| ${e.set} | ${e.a}×${e.b} | ${f2(e.score)} (${f2(e.thr)}) | ${e.pairs} | ${f0(e.offMedian)} | ${e.ranked ?? '–'} | ${e.via ? `${e.rankedOn} (${e.firstRank ?? '–'}, ${e.firstVotes ?? '–'}; ${e.topVotes ?? '–'})` : 'no ref'} | ${e.via ? `${e.grownShipped}, ${e.grownOn}` : '–'} | ${f2(e.shippedBestPre)} | ${fr ? `${f2(fr.score)} (${fr.pairs}, ${f0(fr.off)}, ${f2(fr.pre)})` : '–'} | ${fe ? `(${e.onPairs}) ${f2(fe.score)} (${fe.pairs}, ${f0(fe.off)}, ${f2(fe.pre)})` : '–'} | ${e.via ? pass : '–'} | ${f2(e.scoreAll)} (${e.pairsAll}, ${f0(e.offMedianAll)}), ${f2(e.thrAll)} |`);
}
const off = report.filter((e) => e.via && e.offMedian > RADIUS), onr = report.filter((e) => e.via && e.offMedian <= RADIUS);
const summ = (l, name) => {
  const withRanked = l.filter((e) => e.rankedOn > 0);
  const ranks = withRanked.map((e) => e.firstRank).sort((x, y) => x - y);
  console.log(`${name}: ${l.length}; a ranked root on the reference ${withRanked.length} (first rank median ${ranks.length ? ranks[Math.floor((ranks.length - 1) / 2)] : '–'}, ≤ ${P_.maxRoots}: ${ranks.filter((v) => v <= P_.maxRoots).length}); shipped grows one ${l.filter((e) => e.grownOn > 0).length}; forced ranked-on passes ${l.filter((e) => e.forcedRanked && e.forcedRanked.score > e.thr).length}, scores above shipped ${l.filter((e) => e.forcedRanked && e.forcedRanked.score > e.score).length}; forced every-on passes ${l.filter((e) => e.forcedEvery && e.forcedEvery.score > e.thr).length}, above shipped ${l.filter((e) => e.forcedEvery && e.forcedEvery.score > e.score).length}; all roots passes its own threshold ${l.filter((e) => e.scoreAll > e.thrAll).length}`);
};
console.log('');
summ(off, 'Off the reference (shipped pairing median offset > R)');
summ(onr, 'On the reference');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ kind, seed, sets: setSummary, rejected: report }));
log('done');
