#!/usr/bin/env node
// Is the matcher brittle on genuine pairs carried by few paired minutiae, and where? (issue 12,
// part 5; smallpair). One FVC2002 set (default DB3_B, the small capacitive sensor) is extracted
// with the shipped parameters (arm A) and with each configuration B given (extraction changes, e.g.
// '{"ridgeNetBlend":0.5}'); every genuine pair (all-pairs protocol, a < b, a the probe) is compared in
// each arm with the matching parameters (shipped, or --matching JSON for both arms) and its score is
// taken apart into the stages that make it:
//   raw    the best pairing's score before finishing (growth + count normalisation; the roots as
//          shipped, read through the bench-only root-search hook), with its pairs and the count
//          normalisation factor norm = (30² / (wP · wC))^(1/2);
//   finish geometry score (compareTemplatesEvidence.score) / raw: the overlap term and MCC gate, or,
//          below overlapBandLow (20) raw, the fixed factor mccBelowBandFactor · ½ = 0.125 ("floor");
//   map    final / geometry = exp(−w (1 − g)), g the orientation agreement (½ when fewer than 3
//          pairs or 16 common cells: factor e^−8 at w 16).
// For each pair whose score in B falls below FRAC (0.25) of its score in A while A passes the set's
// FMR 0.1 % threshold (A's impostors), the stage that decides is the one whose B/A ratio is
// lowest (log ratios of raw, finish and map). Then the true alignment: the rigid least-squares fit
// of A's best pairing (≥ 3 pairs; the same image, so the same pixel frame) carries each of B's probe
// minutiae onto B's candidate; the B pairs it lands within R px (15) and 30° of are "true pairs".
// For B: how many true pairs the root finder ranks (voted), the rank of the first, whether the
// shipped search grows one; whether B's best pairing lies on the truth (its pairs' median offset
// under the fit ≤ R); and the scores forced from the ranked true roots and from every true pair
// (hook force; every later step as shipped): raw / pairs / geometry / final. Each collapsed pair is
// labelled (`kind`): on the truth, "smaller pairing" (raw decides) or "scored away" (the finish or
// the map decides); off it, "never tried" (the forced truth passes B's threshold, no true root
// grown), "outscored" (passes, a true root grown but a wrong pairing won), "truth floored" (fails,
// in a band's fixed factor) or "lost in extraction" (fails otherwise). The true pairs that growth
// from every true pair leaves out (`unreachedTruePairs`): taken (one side paired otherwise), no
// shared edge (no neighbour-graph edge joins them to a paired pair on both sides), out of tolerance
// (such edges exist and fail the growth's length / angle / turn tests), reachable (one passes).
//
//   node bench/matching/small-pair-cliff.mjs DATA_DIR [--set DB3_B] [--b JSON]… [--matching JSON]
//        [--frac 0.25] [--radius 15] [--list N] [--json OUT]
// Default configurations B: ridgeNetBlend 0.5, the octave test (1.4, radius 4), smoothing σ 2.1.
// ≈ 20–40 s per configuration on one core (80 images, 280 genuine + 2,880 impostor pairs).
import { writeFileSync } from 'node:fs';
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplates, compareTemplatesDetailed, compareTemplatesEvidence } from '../../dist/matching/index.js';
import { setRootSearchHook } from '../../dist/matching/compare-templates.js';

const args = process.argv.slice(2);
const option = (name, fallback) => { const at = args.indexOf(name); return at >= 0 ? args.splice(at, 2)[1] : fallback; };
const bList = [];
for (let at = args.indexOf('--b'); at >= 0; at = args.indexOf('--b')) bList.push(JSON.parse(args.splice(at, 2)[1]));
if (bList.length === 0) bList.push({ ridgeNetBlend: 0.5 }, { frequencyOctaveRatio: 1.4, frequencyOctaveRadius: 4 }, { frequencySmoothingSigma: 2.1 });
const setName = option('--set', 'DB3_B');
const M = { ...MATCHING_PARAMETERS, ...JSON.parse(option('--matching', '{}')) };
const NOGATE = { ...M, mccWeight: 0 };
const FRAC = Number(option('--frac', '0.25'));
const R = Number(option('--radius', '15'));
const A_TOL = Math.PI / 6;
const listN = Number(option('--list', '12'));
const jsonOut = option('--json', '');
const [dataDir] = args;
if (!dataDir) { process.stderr.write('usage: small-pair-cliff.mjs DATA_DIR [--set DB3_B] [--b JSON]… [--matching JSON] [--frac 0.25] [--radius 15] [--list N] [--json OUT]\n'); process.exit(2); }
const [set] = await readEvalSets([`${dataDir}/fvc2002/${setName}`]);
const n = set.names.length;
const started = Date.now();
const log = (m) => process.stderr.write(`${m} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
const wrap = (a) => Math.atan2(Math.sin(a), Math.cos(a));

/** Stages of one comparison (prepared templates), the roots as shipped or forced from `force`. */
function stages(pa, pb, force = undefined) {
  const grown = [], ranked = [];
  setRootSearchHook({ grown, ranked, ...(force ? { force } : {}) });
  const ev = compareTemplatesEvidence(pa, pb, M);
  setRootSearchHook(force ? { force } : null);
  const final = compareTemplates(pa, pb, M);
  setRootSearchHook(null);
  const raw = grown.reduce((b, g) => Math.max(b, g.score), 0);
  // the overlap share alone (with the gate off the term applies at every score), then the branch
  // of the finish: floor20 (raw < overlapBandLow: × mccBelowBandFactor · mccBandLow / overlapBandLow),
  // floor10 (raw · overlap < mccBandLow: × mccBelowBandFactor), gate (× MCC / 0.05), ungated (above the bands)
  setRootSearchHook(force ? { force } : {});
  const overlap = raw > 0 ? compareTemplatesEvidence(pa, pb, NOGATE).score / raw : NaN;
  setRootSearchHook(null);
  const branch = raw <= 0 ? 'none' : M.mccWeight === 0 ? 'nogate' : raw < M.overlapBandLow ? 'floor20' : M.overlapBandHigh > 0 && raw > M.overlapBandHigh ? 'ungated'
    : raw * overlap < M.mccBandLow ? 'floor10' : M.mccBandHigh > 0 && raw * overlap > M.mccBandHigh ? 'ungated' : 'gate';
  const norm = Math.sqrt((M.referenceCount * M.referenceCount) / (pa.weightSum * pb.weightSum)) ** M.countNormalisation;
  return { final, raw, overlap, branch, gate: ev.score / Math.max(raw * overlap, 1e-9), geometry: ev.score, agreement: ev.agreement, pairs: ev.pairs, norm, grown, ranked };
}

/** Least-squares rigid fit of source-index pairs (probe → candidate) in template pixels. */
function rigidFit(pm, cm, pairs) {
  let ax = 0, ay = 0, bx = 0, by = 0;
  for (const q of pairs) { ax += pm[q.probe].x; ay += pm[q.probe].y; bx += cm[q.candidate].x; by += cm[q.candidate].y; }
  const k = pairs.length; ax /= k; ay /= k; bx /= k; by /= k;
  let dot = 0, cross = 0;
  for (const q of pairs) {
    const px = pm[q.probe].x - ax, py = pm[q.probe].y - ay, cx = cm[q.candidate].x - bx, cy = cm[q.candidate].y - by;
    dot += px * cx + py * cy; cross += px * cy - py * cx;
  }
  const rot = Math.atan2(cross, dot);
  const c = Math.cos(rot), s = Math.sin(rot);
  return { rot, map: (m) => ({ x: c * (m.x - ax) - s * (m.y - ay) + bx, y: s * (m.x - ax) + c * (m.y - ay) + by }) };
}

function extract(parameters) {
  const { templates } = extractEvalSet(set, { parameters });
  const prepared = templates.map((t) => (t ? prepareTemplate(t, M) : null));
  return { templates, prepared };
}

/** Each set's FMR 0.1 % threshold from its impostors: the (⌊0.001 · n⌋ + 1)-th highest. */
function impostorThreshold(prepared) {
  const s = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    if (set.fingers[a] === set.fingers[b]) continue;
    s.push(prepared[a] && prepared[b] ? compareTemplates(prepared[a], prepared[b], M) : 0);
  }
  s.sort((x, y) => y - x);
  return s[Math.floor(0.001 * s.length)];
}

const genuine = [];
for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (set.fingers[a] === set.fingers[b]) genuine.push([a, b]);
const name = (i) => set.names[i].replace(/\.[^.]+$/, '');

const A = extract(EXTRACTION_PARAMETERS);
const thrA = impostorThreshold(A.prepared);
const stA = genuine.map(([a, b]) => (A.prepared[a] && A.prepared[b] ? stages(A.prepared[a], A.prepared[b]) : null));
const detA = genuine.map(([a, b]) => (A.prepared[a] && A.prepared[b] ? compareTemplatesDetailed(A.prepared[a], A.prepared[b], M) : null));
log(`A: threshold ${thrA.toFixed(2)}`);
const report = { set: setName, matching: Object.fromEntries(Object.entries(M).filter(([k, v]) => MATCHING_PARAMETERS[k] !== v)), thresholdA: thrA, configs: [] };
const r2 = (v) => (v === null || v === undefined ? null : Number.isNaN(v) ? 'NaN' : Math.round(v * 100) / 100);

for (const change of bList) {
  const B = extract({ ...EXTRACTION_PARAMETERS, ...change });
  const thrB = impostorThreshold(B.prepared);
  const rows = [];
  genuine.forEach(([a, b], k) => {
    const sa = stA[k];
    const pa = B.prepared[a], pb = B.prepared[b];
    if (!sa || !pa || !pb) return;
    const sb = stages(pa, pb);
    rows.push({ pair: `${name(a)}–${name(b)}`, a, b, k, sa, sb });
  });
  const small = rows.filter((r) => Math.min(r.sa.pairs, r.sb.pairs) <= 10);
  const collapsed = rows.filter((r) => r.sa.final > thrA && r.sb.final < FRAC * r.sa.final);
  const risen = rows.filter((r) => r.sb.final > thrB && r.sa.final < FRAC * r.sb.final);
  const failA = rows.filter((r) => r.sa.final <= thrA).length, failB = rows.filter((r) => r.sb.final <= thrB).length;
  const details = [];
  const decide = { raw: 0, finish: 0, map: 0 };
  const kinds = {};
  for (const r of collapsed) {
    const lr = (x, y) => Math.log(Math.max(y, 1e-9) / Math.max(x, 1e-9));
    const steps = {
      raw: lr(r.sa.raw, r.sb.raw),
      finish: lr(r.sa.geometry / Math.max(r.sa.raw, 1e-9), r.sb.geometry / Math.max(r.sb.raw, 1e-9)),
      map: lr(r.sa.final / Math.max(r.sa.geometry, 1e-9), r.sb.final / Math.max(r.sb.geometry, 1e-9)),
    };
    const stage = Object.entries(steps).sort((x, y) => x[1] - y[1])[0][0];
    decide[stage]++;
    // the true alignment from A's best pairing
    const dA = detA[r.k];
    const tA = A.templates[r.a], cA = A.templates[r.b];
    const tB = B.templates[r.a], cB = B.templates[r.b];
    const pB = B.prepared[r.a], qB = B.prepared[r.b];
    const detail = { pair: r.pair, scoreA: r2(r.sa.final), scoreB: r2(r.sb.final), failsB: r.sb.final <= thrB, stage, steps: Object.fromEntries(Object.entries(steps).map(([k2, v]) => [k2, r2(v)])) };
    const stageOf = (s) => ({ raw: r2(s.raw), pairs: s.pairs, norm: r2(s.norm), finish: r2(s.geometry / Math.max(s.raw, 1e-9)), branch: s.branch, overlap: r2(s.overlap), gate: r2(s.gate), g: r2(s.agreement), final: r2(s.final) });
    detail.A = stageOf(r.sa); detail.B = stageOf(r.sb);
    if (dA.pairs.length >= 3) {
      const fit = rigidFit(tA.minutiae, cA.minutiae, dA.pairs);
      const truePairs = [];
      const used = new Set();
      tB.minutiae.forEach((m, i) => {
        const p = fit.map(m);
        let best = -1, bd = Infinity;
        cB.minutiae.forEach((c, j) => {
          if (used.has(j)) return;
          const d = Math.hypot(c.x - p.x, c.y - p.y);
          if (d <= R && d < bd && Math.abs(wrap(c.angle - m.angle - fit.rot)) <= A_TOL) { best = j; bd = d; }
        });
        if (best >= 0) { used.add(best); truePairs.push({ probe: i, candidate: best }); }
      });
      // source → prepared indices
      const inv = (T) => { const m = new Map(); for (let i = 0; i < T.count; i++) m.set(T.sourceIndex[i], i); return m; };
      const ip = inv(pB), ic = inv(qB);
      const trueP = truePairs.map((q) => ({ p: ip.get(q.probe), c: ic.get(q.candidate) })).filter((q) => q.p !== undefined && q.c !== undefined);
      const onTruth = new Set(trueP.map((q) => q.p * 1000 + q.c));
      const rankedTrue = r.sb.ranked.map((x, i) => ({ ...x, rank: i + 1 })).filter((x) => onTruth.has(x.p * 1000 + x.c));
      // B's best pairing under the fit
      const dB = compareTemplatesDetailed(pB, qB, M);
      const offs = dB.pairs.map((q) => { const p = fit.map(tB.minutiae[q.probe]); const c = cB.minutiae[q.candidate]; return Math.hypot(c.x - p.x, c.y - p.y); }).sort((x, y) => x - y);
      const medianOff = offs.length ? offs[offs.length >> 1] : NaN;
      const forced = (roots) => (roots.length === 0 ? null : stageOf(stages(pB, qB, roots)));
      const fRanked = forced(rankedTrue.map(({ p, c }) => ({ p, c })));
      const fAll = forced(trueP);
      Object.assign(detail, {
        pairsA: dA.pairs.length, truePairsB: trueP.length, rankedTrue: rankedTrue.length, firstTrueRank: rankedTrue.length ? rankedTrue[0].rank : null,
        firstTrueVotes: rankedTrue.length ? rankedTrue[0].votes : null, shippedGrowsTrue: r.sb.grown.some((g) => onTruth.has(g.p * 1000 + g.c)),
        bestBOnTruth: medianOff <= R, bestBMedianOffset: r2(medianOff), forcedRanked: fRanked, forcedAll: fAll,
      });
      // why growth from every true pair leaves some of them out: for each true pair (p, c) not in the
      // forced pairing, 'taken' (p or c paired otherwise), 'no shared edge' (no neighbour-graph edge
      // joins p to a paired minutia p' with its twin edge joining c to p''s partner, in either
      // direction), 'out of tolerance' (every such edge pair fails the growth's length / angle /
      // turn tests), or 'reachable' (one passes: lost to the growth's order)
      const reach = { taken: 0, 'no shared edge': 0, 'out of tolerance': 0, reachable: 0 };
      if (trueP.length > 0) {
        setRootSearchHook({ force: trueP });
        const dF = compareTemplatesDetailed(pB, qB, M);
        setRootSearchHook(null);
        const pp = new Map(), cp = new Map();
        for (const q of dF.pairs) { const a2 = ip.get(q.probe), b2 = ic.get(q.candidate); pp.set(a2, b2); cp.set(b2, a2); }
        const U = 256, TWO = 2 * Math.PI, units = (r) => Math.round((r * U) / TWO);
        const tolA = units(M.angleTolerance), rotTol = units(M.maxRotationDrift);
        const ud = (a2, b2) => { const d = (a2 - b2) & 255; return d > 128 ? 256 - d : d; };
        const edgesOf = (T, i) => { const out = []; for (let e = T.edgeStart[i]; e < T.edgeStart[i + 1]; e++) out.push(e); return out; };
        for (const { p, c } of trueP) {
          if (pp.get(p) === c) continue;
          if (pp.has(p) || cp.has(c)) { reach.taken++; continue; }
          let shared = false, passes = false;
          // growth expands from a paired (p', c') along its edges to (p, c): edges p' → p and c' → c
          for (const [p2, c2] of pp) {
            const rot = (qB.angle[c2] - pB.angle[p2]) & 255;
            for (const e of edgesOf(pB, p2)) {
              if (pB.edgeTo[e] !== p) continue;
              for (const f of edgesOf(qB, c2)) {
                if (qB.edgeTo[f] !== c) continue;
                shared = true;
                const L = pB.edgeLength[e], tol = M.distanceTolerance + M.distanceToleranceRelative * L;
                if (Math.abs(qB.edgeLength[f] - L) <= tol && ud(pB.edgeAngleFrom[e], qB.edgeAngleFrom[f]) <= tolA && ud(pB.edgeAngleTo[e], qB.edgeAngleTo[f]) <= tolA
                  && ud((qB.angle[c] - pB.angle[p]) & 255, rot) <= rotTol) passes = true;
              }
            }
          }
          reach[!shared ? 'no shared edge' : passes ? 'reachable' : 'out of tolerance']++;
        }
      }
      detail.unreachedTruePairs = reach;
      const fBest = [fRanked, fAll].filter(Boolean).sort((x, y) => y.final - x.final)[0] ?? null;
      // on the truth: the pairing shrank (raw decides) or the finish / map took a decent one away;
      // off it: the truth passes when forced (never grown, or grown and outscored by a wrong
      // pairing), or fails too, by a floor of the finish or by having too little left
      const kind = detail.bestBOnTruth ? (stage === 'raw' ? 'smaller pairing' : 'scored away')
        : fBest !== null && fBest.final > thrB ? (detail.shippedGrowsTrue ? 'outscored' : 'never tried')
          : fBest !== null && fBest.branch.startsWith('floor') ? 'truth floored' : 'lost in extraction';
      detail.kind = kind; kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    details.push(detail);
  }
  const summary = {
    change, thresholdB: r2(thrB), genuine: rows.length, failA, failB, smallPairs: small.length,
    collapsed: collapsed.length, collapsedSmall: collapsed.filter((r) => Math.min(r.sa.pairs, r.sb.pairs) <= 10).length, risen: risen.length,
    decidingStage: decide, kinds,
  };
  log(`B ${JSON.stringify(change)}: ${JSON.stringify(summary)}`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  for (const d of details.slice(0, listN)) process.stdout.write(`  ${JSON.stringify(d)}\n`);
  report.configs.push({ ...summary, details });
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 1));
