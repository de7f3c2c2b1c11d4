#!/usr/bin/env node
// Is crop's cost physical, or the matcher's on a small common area? (issue 12, crop2). For every
// genuine pair of the four FVC2002 B sets (all-pairs protocol, a < b, a the probe):
//   true mates  the clean pair's minutia correspondence: the shipped matcher's best pairing on the
//               clean templates, kept when the clean score passes the set's clean FMR 0.1 %
//               threshold and the pairing's rigid-fit RMS residual is ≤ RMS px (at 500 ppi; pairs
//               whose own residual exceeds OUT px are dropped as outliers);
//   in common   those mates whose both minutiae survive in both floor templates (floor-templates.mjs:
//               the clean templates moved through the crop's known geometry, perturb-floor's seeds);
//   area        the common area of the two crop windows in a's clean frame through the pairing's
//               rigid fit, inside both clean minutiae hulls (mm², a 4 px raster), and the same
//               without the crop (the clean common area).
// Then per set and arm (floor with the clean orientation map as perturb-floor keeps it — in the
// clean frame, not the crop's — "floor", the map cut to the crop's frame "floor-map", and the real
// extraction "real"): the EER and FMR 0.1 % thresholds from the arm's impostors, the genuine pairs
// failing them by mates in common (≥ 6, 8, 10, 12) and common area, and the impostors' best
// pairing sizes at and above those thresholds. For the genuine pairs failing the FMR 0.1 % threshold
// with ≥ N mates in common (--detail N, default 6), each arm: the score's stages (raw score before finishing, pairs, count
// normalisation, overlap term, finish branch, MCC gate, orientation agreement and factor) for the
// shipped root search and forced from the true mates in common (root-search hook; in the real arm
// the real minutiae within 8 px and 30° of the floor's), how many of the best pairing's pairs are
// true mates, and the normalisation a count of only the floor minutiae in the common area would give.
//
//   node bench/matching/crop-common-mates.mjs DATA_DIR [--kind crop] [--seed 1] [--kind-index 1]
//        [--rms 12] [--out 20] [--detail 6] [--sets DB2_B@569,…] [--json FILE]
// --kind-index 1 with --seed S draws perturb-floor's `--kinds resolution,crop,elastic --seed S` crop.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => { const at = args.indexOf(name); return at >= 0 ? args.splice(at, 2)[1] : fallback; };
const kind = option('--kind', 'crop');
const seed = Number(option('--seed', '1'));
const kindIndex = Number(option('--kind-index', '1'));
const RMS = Number(option('--rms', '12'));
const OUT = Number(option('--out', '20'));
const DETAIL = Number(option('--detail', '6'));
const jsonOut = option('--json', '');
const setList = option('--sets', 'DB1_B,DB2_B@569,DB3_B,DB4_B').split(',');
const [dataDir] = args;
if (!dataDir) { process.stderr.write('usage: crop-common-mates.mjs DATA_DIR [--kind crop] [--seed 1] [--kind-index 1] [--rms 12] [--out 20] [--detail 6] [--sets …] [--json FILE]\n'); process.exit(2); }
const dist = (path) => pathToFileURL(resolve('dist', path)).href;
const { readEvalSets, extractEvalSet } = await import(dist('cli/commands/eval-sets.js'));
const { MATCHING_PARAMETERS: M } = await import(dist('config/parameters/matching.js'));
const { prepareTemplate, compareTemplates, compareTemplatesDetailed, compareTemplatesEvidence, computeErrorRates } = await import(dist('matching/index.js'));
const { setRootSearchHook } = await import(dist('matching/compare-templates.js'));
const { perturbedItem, EDGE } = await import(pathToFileURL(resolve('bench/matching/floor-templates.mjs')).href);
const { extractTemplate, withHeldOutRidgeNet } = await import(dist('extraction/index.js'));

const started = Date.now();
const log = (m) => process.stderr.write(`${m} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
const NOGATE = { ...M, mccWeight: 0 };
const NOMAP = { ...M, orientationAgreementWeight: 0 };
const wrap = (a) => Math.atan2(Math.sin(a), Math.cos(a));
const r2 = (v) => (v === null || v === undefined ? null : Number.isNaN(v) ? null : Math.round(v * 100) / 100);
const quantile = (v, q) => { if (!v.length) return NaN; const s = [...v].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

/** Least-squares rigid fit of pairs [{a, b}] of points {x, y}: a's frame → b's; map, inverse, rotation, residuals. */
function rigidFit(pairs) {
  let ax = 0, ay = 0, bx = 0, by = 0;
  for (const { a, b } of pairs) { ax += a.x; ay += a.y; bx += b.x; by += b.y; }
  const k = pairs.length; ax /= k; ay /= k; bx /= k; by /= k;
  let dot = 0, cross = 0;
  for (const { a, b } of pairs) { const px = a.x - ax, py = a.y - ay, cx = b.x - bx, cy = b.y - by; dot += px * cx + py * cy; cross += px * cy - py * cx; }
  const rot = Math.atan2(cross, dot), c = Math.cos(rot), s = Math.sin(rot);
  const map = (x, y) => [c * (x - ax) - s * (y - ay) + bx, s * (x - ax) + c * (y - ay) + by];
  const residual = pairs.map(({ a, b }) => { const [x, y] = map(a.x, a.y); return Math.hypot(x - b.x, y - b.y); });
  return { rot, map, residual, rms: Math.sqrt(residual.reduce((s2, r) => s2 + r * r, 0) / k) };
}

/** Convex hull (monotone chain) of points [[x, y]], counter-clockwise in y-up terms; inside test. */
function hullOf(points) {
  const p = [...points].sort((u, v) => u[0] - v[0] || u[1] - v[1]);
  if (p.length < 3) return null;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower = [], upper = [];
  for (const q of p) { while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop(); lower.push(q); }
  for (const q of [...p].reverse()) { while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop(); upper.push(q); }
  const h = lower.slice(0, -1).concat(upper.slice(0, -1));
  return (x, y) => { for (let i = 0; i < h.length; i++) { const a = h[i], b = h[(i + 1) % h.length]; if (cross(a, b, [x, y]) < 0) return false; } return true; };
}

/** Whether a clean-frame point is kept by the perturbation (mapped, at least EDGE px inside). */
const keptBy = (item) => (x, y) => { const p = item.mapPoint(x, y); return !!p && p[0] >= EDGE && p[1] >= EDGE && p[0] < item.image.width - EDGE && p[1] < item.image.height - EDGE; };

/** Stages of one comparison of prepared templates (roots as shipped, or forced). */
function stages(pa, pb, params, force) {
  const grown = [], ranked = [];
  setRootSearchHook({ grown, ranked, ...(force ? { force } : {}) });
  const ev = compareTemplatesEvidence(pa, pb, params);
  setRootSearchHook(force ? { force } : {});
  const final = compareTemplates(pa, pb, params);
  setRootSearchHook(force ? { force } : {});
  const det = compareTemplatesDetailed(pa, pb, params);
  setRootSearchHook(force ? { force } : {});
  const nogate = compareTemplatesEvidence(pa, pb, { ...params, mccWeight: 0 }).score;
  setRootSearchHook(null);
  const raw = grown.reduce((b, g) => Math.max(b, g.score), 0);
  const overlap = raw > 0 ? nogate / raw : NaN;
  const branch = raw <= 0 ? 'none' : raw < params.overlapBandLow ? 'floor20' : params.overlapBandHigh > 0 && raw > params.overlapBandHigh ? 'ungated'
    : raw * overlap < params.mccBandLow ? 'floor10' : params.mccBandHigh > 0 && raw * overlap > params.mccBandHigh ? 'ungated' : 'gate';
  const norm = Math.pow((params.referenceCount ** 2) / (pa.weightSum * pb.weightSum), params.countNormalisation / 2);
  return { final, raw, pairs: ev.pairs, norm, overlap, branch, geometry: ev.score, gate: ev.score / Math.max(raw * overlap, 1e-9), g: ev.agreement, map: ev.score > 0 ? final / ev.score : NaN, det, ranked, grown };
}

/** Thresholds of an impostor list: EER threshold (first t with FNMR ≥ FMR) and the FMR 0.1 % one (fail ≤ it). */
function thresholds(gen, imp) {
  const s = [...imp].sort((x, y) => y - x);
  const t1000 = s[Math.floor(0.001 * s.length)];
  const all = [...new Set([...gen, ...imp])].sort((x, y) => x - y);
  const G = [...gen].sort((x, y) => x - y), I = [...imp].sort((x, y) => x - y);
  let gi = 0, ii = 0, teer = Infinity, eer = NaN;
  for (const t of all) {
    while (gi < G.length && G[gi] < t) gi++;
    while (ii < I.length && I[ii] < t) ii++;
    const fnmr = gi / G.length, fmr = (I.length - ii) / I.length;
    if (fnmr >= fmr) { teer = t; eer = (fnmr + fmr) / 2; break; }
  }
  return { teer, t1000, eer };
}

const specs = setList.map((s) => `${dataDir}/fvc2002/${s}`);
const sets = await readEvalSets(specs);
const report = { kind, seed, kindIndex, rms: RMS, out: OUT, sets: [] };
for (const [k, set] of sets.entries()) {
  const setIndex = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].indexOf(setList[k]);
  const kk = setIndex >= 0 ? setIndex : k; // perturb-floor's set index (its seeds)
  const n = set.items.length;
  const clean = extractEvalSet(set).templates;
  const items = [], floorMoved = [], real = [];
  set.items.forEach((item, i) => {
    if (!item || !clean[i]) { items.push(null); floorMoved.push(null); real.push(null); return; }
    const it = perturbedItem(item.image, clean[i], kind, seed, kindIndex, kk, i);
    const mv = perturbedItem(item.image, clean[i], kind, seed, kindIndex, kk, i, { map: 'move' });
    items.push(it); floorMoved.push(mv.floor);
    let t = null;
    // (each set read with the ridge network fold that never saw it when the shipped network was trained on it: withHeldOutRidgeNet)
    try { t = withHeldOutRidgeNet(set.heldOutModel, () => extractTemplate(it.image)); } catch { t = null; }
    real.push(t);
  });
  log(`${set.label}: extracted`);
  const prep = (list) => list.map((t) => (t ? prepareTemplate(t, M) : null));
  const arms = { clean: prep(clean), floor: prep(items.map((x) => x && x.floor)), 'floor-map': prep(floorMoved), real: prep(real) };
  const scoreArm = (P) => {
    const gen = [], imp = [], impPairs = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
      const s = P[a] && P[b] ? compareTemplates(P[a], P[b], M) : 0;
      if (set.fingers[a] === set.fingers[b]) gen.push({ a, b, s }); else imp.push({ a, b, s });
    }
    const th = thresholds(gen.map((g) => g.s), imp.map((x) => x.s));
    return { gen, imp, th };
  };
  const scored = Object.fromEntries(Object.entries(arms).map(([name, P]) => [name, scoreArm(P)]));
  log(`${set.label}: scored`);
  const ppi = clean.find((t) => t)?.ppi ?? 500;
  const px = ppi / 500; // template pixels per 500-ppi pixel
  const mm2 = (25.4 / ppi) ** 2;
  // the true mates of each genuine pair from its clean pairing
  const pairsInfo = scored.clean.gen.map(({ a, b, s }) => {
    const info = { a, b, cleanScore: s, reliable: false, mates: 0, inCommon: null, area: null, cleanArea: null };
    if (!arms.clean[a] || !arms.clean[b]) return info;
    const det = compareTemplatesDetailed(arms.clean[a], arms.clean[b], M);
    const A = clean[a].minutiae, B = clean[b].minutiae;
    const pairs0 = det.pairs.map((q) => ({ a: A[q.probe], b: B[q.candidate], ia: q.probe, ib: q.candidate }));
    info.mates = pairs0.length;
    if (pairs0.length < 3) return info;
    let fit = rigidFit(pairs0);
    const kept = pairs0.filter((_, j) => fit.residual[j] <= OUT * px);
    if (kept.length < 3) return info;
    fit = rigidFit(kept);
    info.rms = fit.rms / px; info.dropped = pairs0.length - kept.length;
    info.reliable = s > scored.clean.th.t1000 && info.rms <= RMS;
    info.fit = fit; info.matePairs = kept;
    const keepA = keptBy(items[a]), keepB = keptBy(items[b]);
    info.inCommon = kept.filter((q) => keepA(q.a.x, q.a.y) && keepB(q.b.x, q.b.y)).length;
    // common area in a's clean frame (4 px raster)
    const hA = hullOf(A.map((m) => [m.x, m.y])), hB = hullOf(B.map((m) => [m.x, m.y]));
    let both = 0, cropped = 0;
    for (let y = 2; y < clean[a].height; y += 4) for (let x = 2; x < clean[a].width; x += 4) {
      if (!hA || !hA(x, y)) continue;
      const [u, v] = fit.map(x, y);
      if (!hB || !hB(u, v)) continue;
      both++;
      if (keepA(x, y) && keepB(u, v)) cropped++;
    }
    info.cleanArea = both * 16 * mm2; info.area = cropped * 16 * mm2;
    return info;
  });
  const setRow = { set: set.label, ppi, genuine: pairsInfo.length, reliable: pairsInfo.filter((p) => p.reliable).length, arms: {} };
  for (const arm of ['clean', 'floor', 'floor-map', 'real']) {
    const { gen, imp, th } = scored[arm];
    const failE = [], fail1000 = [];
    gen.forEach((g, j) => { if (g.s < th.teer) failE.push(j); if (g.s <= th.t1000) fail1000.push(j); });
    const rel = (list) => list.filter((j) => pairsInfo[j].reliable);
    const atLeast = (list, m) => rel(list).filter((j) => pairsInfo[j].inCommon >= m).length;
    const hist = (list) => ({ n: list.length, reliable: rel(list).length, ge6: atLeast(list, 6), ge8: atLeast(list, 8), ge10: atLeast(list, 10), ge12: atLeast(list, 12),
      medianMates: quantile(rel(list).map((j) => pairsInfo[j].inCommon), 0.5), medianArea: r2(quantile(rel(list).map((j) => pairsInfo[j].area), 0.5)) });
    const pass = gen.map((_, j) => j).filter((j) => gen[j].s >= th.teer);
    // impostors' best pairing sizes at and above the thresholds
    const P = arms[arm];
    const sizes = (lo) => imp.filter((x) => x.s >= lo && P[x.a] && P[x.b]).map((x) => compareTemplatesEvidence(P[x.a], P[x.b], M).pairs);
    const szE = sizes(th.teer), sz1000 = sizes(th.t1000 + 1e-12);
    const sizeRow = (v) => ({ n: v.length, median: quantile(v, 0.5), p90: quantile(v, 0.9), max: v.length ? Math.max(...v) : null, ge6: v.filter((x) => x >= 6).length, ge8: v.filter((x) => x >= 8).length, ge10: v.filter((x) => x >= 10).length, ge12: v.filter((x) => x >= 12).length });
    // genuine by mates-in-common bin
    const bins = [[0, 2], [3, 5], [6, 7], [8, 9], [10, 11], [12, 15], [16, 999]].map(([lo, hi]) => {
      const js = gen.map((_, j) => j).filter((j) => pairsInfo[j].reliable && pairsInfo[j].inCommon >= lo && pairsInfo[j].inCommon <= hi);
      return { mates: `${lo}-${hi}`, n: js.length, failEer: js.filter((j) => gen[j].s < th.teer).length, fail1000: js.filter((j) => gen[j].s <= th.t1000).length, medianScore: r2(quantile(js.map((j) => gen[j].s), 0.5)), medianArea: r2(quantile(js.map((j) => pairsInfo[j].area), 0.5)) };
    });
    // the repo's error rates (computeErrorRates), and with an oracle that passes every reliable
    // genuine pair with ≥ K mates in common (its score set above every impostor): the most a matcher
    // lever aimed at pairs with K true mates in common could give back
    const rates = computeErrorRates(gen.map((x) => x.s), imp.map((x) => x.s));
    const oracle = (K) => { const r = computeErrorRates(gen.map((x, j) => (pairsInfo[j].reliable && pairsInfo[j].inCommon >= K ? Infinity : x.s)), imp.map((x) => x.s)); return { eer: r2(100 * r.eer), fnmr1000: r2(100 * r.fmr1000) }; };
    setRow.arms[arm] = { eerRepo: r2(100 * rates.eer), fnmr1000: r2(100 * rates.fmr1000), oracle6: oracle(6), oracle8: oracle(8), oracle10: oracle(10), eer: r2(100 * th.eer), teer: r2(th.teer), t1000: r2(th.t1000), failEer: hist(failE), fail1000: hist(fail1000), passEer: hist(pass), impostorsAtEer: sizeRow(szE), impostorsAt1000: sizeRow(sz1000), bins };
  }
  // failing pairs (at the arm's FMR 0.1 % threshold) with ≥ DETAIL mates in common, taken apart
  setRow.details = [];
  for (const arm of ['floor', 'floor-map', 'real']) {
    const { gen, th } = scored[arm];
    const P = arms[arm];
    gen.forEach((g, j) => {
      const info = pairsInfo[j];
      if (!info.reliable || info.inCommon < DETAIL || g.s > th.t1000) return;
      const { a, b } = g;
      const pa = P[a], pb = P[b];
      if (!pa || !pb) return;
      const srcA = items[a].source, srcB = items[b].source;
      const FA = items[a].floor.minutiae, FB = items[b].floor.minutiae;
      // clean index → prepared index of the arm's template: the floor's minutia itself, or the
      // real template's nearest minutia within 8 px and 30° of the floor's
      const prepIndex = (pt, src, F, T) => {
        const m = new Map();
        if (arm !== 'real') { for (let i = 0; i < pt.count; i++) m.set(src[pt.sourceIndex[i]], i); return m; }
        const byT = new Map(); for (let i = 0; i < pt.count; i++) byT.set(pt.sourceIndex[i], i);
        F.forEach((f, fi) => {
          let best = -1, bd = 8;
          T.minutiae.forEach((t, ti) => { const d = Math.hypot(t.x - f.x, t.y - f.y); if (d <= bd && Math.abs(wrap(t.angle - f.angle)) <= Math.PI / 6 && byT.has(ti)) { best = ti; bd = d; } });
          if (best >= 0) m.set(src[fi], byT.get(best));
        });
        return m;
      };
      const ia = prepIndex(pa, srcA, FA, real[a]), ib = prepIndex(pb, srcB, FB, real[b]);
      const truth = info.matePairs.map((q) => ({ p: ia.get(q.ia), c: ib.get(q.ib) })).filter((q) => q.p !== undefined && q.c !== undefined);
      const truthSet = new Set(truth.map((q) => q.p * 1000 + q.c));
      const shipped = stages(pa, pb, M);
      const forced = truth.length ? stages(pa, pb, M, truth) : null;
      const inv = new Map(); for (let i = 0; i < pa.count; i++) inv.set(pa.sourceIndex[i], i);
      const invB = new Map(); for (let i = 0; i < pb.count; i++) invB.set(pb.sourceIndex[i], i);
      const onTruth = shipped.det.pairs.filter((q) => truthSet.has(inv.get(q.probe) * 1000 + invB.get(q.candidate))).length;
      const rankedTrue = shipped.ranked.map((x, r) => ({ ...x, rank: r + 1 })).filter((x) => truthSet.has(x.p * 1000 + x.c));
      // minutiae of each floor print inside the common area (clean positions, the other print's window and hull)
      const cleanA = clean[a].minutiae, cleanB = clean[b].minutiae;
      const hA = hullOf(cleanA.map((m) => [m.x, m.y])), hB = hullOf(cleanB.map((m) => [m.x, m.y]));
      const c0 = Math.cos(-info.fit.rot), s0 = Math.sin(-info.fit.rot), [ox, oy] = info.fit.map(0, 0);
      const back = (x, y) => { const dx = x - ox, dy = y - oy; return [c0 * dx - s0 * dy, s0 * dx + c0 * dy]; };
      const keepA = keptBy(items[a]), keepB = keptBy(items[b]);
      const inA = FA.filter((_, i) => { const m = cleanA[srcA[i]]; const [u, v] = info.fit.map(m.x, m.y); return hB && hB(u, v) && keepB(u, v); }).length;
      const inB = FB.filter((_, i) => { const m = cleanB[srcB[i]]; const [u, v] = back(m.x, m.y); return hA && hA(u, v) && keepA(u, v); }).length;
      const st = (x) => x && { final: r2(x.final), raw: r2(x.raw), pairs: x.pairs, norm: r2(x.norm), overlap: r2(x.overlap), branch: x.branch, gate: r2(x.gate), g: r2(x.g), map: r2(x.map) };
      setRow.details.push({ arm, pair: `${set.names[a]}-${set.names[b]}`, score: r2(g.s), teer: r2(th.teer), t1000: r2(th.t1000), cleanScore: r2(info.cleanScore), mates: info.mates, inCommon: info.inCommon, area: r2(info.area), cleanArea: r2(info.cleanArea),
        nA: pa.count, nB: pb.count, floorInAreaA: inA, floorInAreaB: inB, normInArea: r2(Math.sqrt((FA.length * FB.length) / Math.max(1, inA * inB))),
        truthInArm: truth.length, rankedTrue: rankedTrue.length, firstTrueRank: rankedTrue.length ? rankedTrue[0].rank : null, shippedGrowsTrue: shipped.grown.some((x) => truthSet.has(x.p * 1000 + x.c)), bestOnTruth: onTruth,
        shipped: st(shipped), forced: st(forced) });
    });
  }
  report.sets.push(setRow);
  log(`${set.label}: done`);
}
const text = JSON.stringify(report, null, 1);
if (jsonOut) writeFileSync(jsonOut, text);
// a short table on stdout
for (const s of report.sets) {
  process.stdout.write(`\n${s.set} (${s.ppi} ppi): genuine ${s.genuine}, reliable clean pairing ${s.reliable}\n`);
  for (const [arm, r] of Object.entries(s.arms)) {
    const h = (x) => `${x.n} (${x.reliable} rel; ≥6 ${x.ge6}, ≥8 ${x.ge8}, ≥10 ${x.ge10}, ≥12 ${x.ge12}; median mates ${x.medianMates}, area ${x.medianArea} mm²)`;
    const z = (x) => `${x.n}: median ${x.median}, p90 ${x.p90}, max ${x.max}, ≥8 ${x.ge8}, ≥10 ${x.ge10}, ≥12 ${x.ge12}`;
    process.stdout.write(` ${arm}: EER ${r.eerRepo} % (crossing ${r.eer} % at ${r.teer}), FMR0.1% thr ${r.t1000}, FNMR@0.1% ${r.fnmr1000} %; oracle ≥6 ${r.oracle6.eer} / ${r.oracle6.fnmr1000} %, ≥8 ${r.oracle8.eer} / ${r.oracle8.fnmr1000} %, ≥10 ${r.oracle10.eer} / ${r.oracle10.fnmr1000} %\n   fail@EER ${h(r.failEer)}\n   fail@0.1% ${h(r.fail1000)}\n   pass@EER ${h(r.passEer)}\n   impostors ≥ EER thr ${z(r.impostorsAtEer)}\n   impostors > 0.1% thr ${z(r.impostorsAt1000)}\n`);
    process.stdout.write(`   bins ${r.bins.map((x) => `${x.mates}: ${x.n} fail ${x.failEer}/${x.fail1000} med ${x.medianScore} area ${x.medianArea}`).join(' | ')}\n`);
  }
  for (const d of s.details) process.stdout.write(`  ${JSON.stringify(d)}\n`);
}
// the mean over the sets of each arm's EER and FNMR at FMR 0.1 %, as measured and with the oracles
const meanOf = (f) => r2(report.sets.reduce((a, s) => a + f(s), 0) / report.sets.length);
process.stdout.write('\nmean over sets: EER / FNMR@0.1 % (oracle ≥6, ≥8, ≥10 mates in common passed)\n');
for (const arm of ['clean', 'floor', 'floor-map', 'real']) {
  process.stdout.write(` ${arm}: ${meanOf((s) => s.arms[arm].eerRepo)} / ${meanOf((s) => s.arms[arm].fnmr1000)} %; ≥6 ${meanOf((s) => s.arms[arm].oracle6.eer)} / ${meanOf((s) => s.arms[arm].oracle6.fnmr1000)}; ≥8 ${meanOf((s) => s.arms[arm].oracle8.eer)} / ${meanOf((s) => s.arms[arm].oracle8.fnmr1000)}; ≥10 ${meanOf((s) => s.arms[arm].oracle10.eer)} / ${meanOf((s) => s.arms[arm].oracle10.fnmr1000)}\n`);
}
