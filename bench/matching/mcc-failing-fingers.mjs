#!/usr/bin/env node
// Why the MCC gate scores some fingers' genuine pairs like impostors (issue 12, mccfail): for
// every genuine pair of the named fingers of one FVC2002 B set (and, for reference, of all the
// other fingers of that set) the shipped matcher's score and best pairing (pairs, the rotation
// and translation of its rigid fit), each print's minutiae, valid cylinders and valid-cell share,
// the MCC global score under candidate C + μ1 15, the local similarity of the shipped pairs'
// cylinders, and how many of the shipped pairs are among MCC's chosen pairs (greedy best nR) or
// among each minutia's 3 best cylinder partners; the same for the impostor pairs whose shipped
// score is in the gate's band (10 … 60).
//
//   node bench/matching/mcc-failing-fingers.mjs SET_DIR[@PPI] FINGER[,FINGER…]
//
// Figures in bench/RESULTS.md ("Why MCC fails on fingers 109 and 110").
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { compareTemplatesDetailed, prepareTemplate } from '../../dist/matching/index.js';
import { compareCylinders, cylinderSimilarity } from '../../dist/matching/compare-cylinders.js';
import { cylindersOf, MCC_DISC_CELLS } from '../../dist/matching/build-minutia-cylinders.js';

const [setSpec, fingerList, extra] = process.argv.slice(2);
if (!setSpec || !fingerList) { process.stderr.write('usage: mcc-failing-fingers.mjs SET_DIR[@PPI] FINGER[,FINGER…] [\'{"PARAM":V}\']\n'); process.exit(2); }
const focus = new Set(fingerList.split(',').map(Number));
const C = { mccWeight: 1, mccShortlist: 2, overlapShareExponent: 1, mccBandLow: 10, mccBandHigh: 60, overlapBandLow: 20, overlapBandHigh: 100, mccRelaxDistance: 15, ...(extra ? JSON.parse(extra) : {}) };
const candidate = { ...MATCHING_PARAMETERS, ...C };
const [set] = await readEvalSets([setSpec]);
const { templates } = extractEvalSet(set);
const shipped = templates.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
const withCyl = templates.map((t) => (t ? prepareTemplate(t, candidate) : null));
const info = withCyl.map((p) => {
  if (!p) return null;
  const c = cylindersOf(p, candidate.mccCacheBytes, candidate);
  let valid = 0, cells = 0;
  for (let m = 0; m < p.count; m++) { valid += c.valid[m]; cells += c.validCells[m]; }
  return { n: p.count, valid, cellShare: cells / (p.count * MCC_DISC_CELLS) };
});
const r2 = (x) => +x.toFixed(2), r3 = (x) => +x.toFixed(3);
const rows = [];
for (let a = 0; a < templates.length; a++) for (let b = a + 1; b < templates.length; b++) {
  if (!shipped[a] || !shipped[b]) continue;
  const genuine = set.fingers[a] === set.fingers[b];
  const A = withCyl[a], B = withCyl[b];
  const detail = compareTemplatesDetailed(shipped[a], shipped[b], MATCHING_PARAMETERS);
  // impostors: only those in the gate's band (shipped score 10 … 60), where the gate decides
  if (!genuine && !(detail.score >= 10 && detail.score <= 60)) continue;
  const final = compareTemplatesDetailed(A, B, candidate).score;
  // prepared index of each source index (the same minutiae kept with and without cylinders)
  const idxA = new Map(), idxB = new Map();
  for (let m = 0; m < A.count; m++) idxA.set(A.sourceIndex[m], m);
  for (let m = 0; m < B.count; m++) idxB.set(B.sourceIndex[m], m);
  const pairs = detail.pairs.map((q) => [idxA.get(q.probe), idxB.get(q.candidate)]).filter(([x, y]) => x !== undefined && y !== undefined);
  // rigid fit of the pairs: rotation (degrees) and translation of the centroid
  let sx = 0, sy = 0, tx = 0, ty = 0;
  for (const [x, y] of pairs) { sx += A.x[x]; sy += A.y[x]; tx += B.x[y]; ty += B.y[y]; }
  const k = pairs.length || 1; sx /= k; sy /= k; tx /= k; ty /= k;
  let cs = 0, sn = 0;
  for (const [x, y] of pairs) { const ux = A.x[x] - sx, uy = A.y[x] - sy, vx = B.x[y] - tx, vy = B.y[y] - ty; cs += ux * vx + uy * vy; sn += ux * vy - uy * vx; }
  const rotDeg = (Math.atan2(sn, cs) * 180) / Math.PI;
  let angSum = 0; for (const [x, y] of pairs) { let d = B.angle[y] - A.angle[x]; d = ((d % 256) + 384) % 256 - 128; angSum += d; }
  const rotation = pairs.length ? Math.round(angSum / pairs.length) & 255 : 0;
  const mcc = compareCylinders(A, B, rotation, undefined, 0, candidate.mccCacheBytes, candidate);
  const mccShort = compareCylinders(A, B, rotation, undefined, candidate.mccShortlist, candidate.mccCacheBytes, candidate);
  // local similarities: all pairs, greedy best nR, each minutia's top 3
  const ca = cylindersOf(A, candidate.mccCacheBytes, candidate), cb = cylindersOf(B, candidate.mccCacheBytes, candidate);
  const sim = [];
  for (let x = 0; x < A.count; x++) for (let y = 0; y < B.count; y++) { const s = cylinderSimilarity(A, x, B, y, rotation); if (s > 0) sim.push([s, x, y]); }
  sim.sort((u, v) => v[0] - u[0]);
  const usedA = new Set(), usedB = new Set(), chosen = new Set();
  for (const [, x, y] of sim) { if (chosen.size >= Math.min(A.count, B.count)) break; if (usedA.has(x) || usedB.has(y)) continue; usedA.add(x); usedB.add(y); chosen.add(`${x},${y}`); }
  const top3 = new Set();
  for (let x = 0; x < A.count; x++) sim.filter((s) => s[1] === x).slice(0, 3).forEach((s) => top3.add(`${s[1]},${s[2]}`));
  let localSum = 0, localN = 0, bothValid = 0, inChosen = 0, inTop3 = 0;
  for (const [x, y] of pairs) {
    if (ca.valid[x] && cb.valid[y]) bothValid++;
    const s = cylinderSimilarity(A, x, B, y, rotation); if (s > 0) { localSum += s; localN++; }
    if (chosen.has(`${x},${y}`)) inChosen++;
    if (top3.has(`${x},${y}`)) inTop3++;
  }
  // impostor-level local similarity: mean of the best nR greedy picks
  const picks = sim.filter((s) => chosen.has(`${s[1]},${s[2]}`));
  rows.push({
    genuine, finger: set.fingers[a], a: set.names[a], b: set.names[b], focus: genuine && focus.has(set.fingers[a]),
    score: r2(detail.score), final: r2(final), pairs: pairs.length, rotDeg: r2(rotDeg), shift: r2(Math.hypot(tx - sx, ty - sy)),
    nA: info[a].n, nB: info[b].n, validA: info[a].valid, validB: info[b].valid, cellsA: r2(info[a].cellShare), cellsB: r2(info[b].cellShare),
    mcc: r3(mcc), mccShortlist: r3(mccShort), pairsBothValid: bothValid, pairsComparable: localN, pairLocalMean: r3(localN ? localSum / localN : 0),
    pairsInChosen: inChosen, pairsInTop3: inTop3, chosenMean: r3(picks.reduce((s, p) => s + p[0], 0) / (picks.length || 1)),
  });
}
const med = (v) => { const s = [...v].sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const keys = ['score', 'final', 'pairs', 'rotDeg', 'shift', 'nA', 'validA', 'cellsA', 'mcc', 'mccShortlist', 'pairsBothValid', 'pairsComparable', 'pairLocalMean', 'pairsInChosen', 'pairsInTop3', 'chosenMean'];
const summary = (rs) => Object.fromEntries(keys.map((k) => [k, r3(med(rs.map((r) => (k === 'rotDeg' ? Math.abs(r[k]) : r[k]))))]));
process.stdout.write(`${JSON.stringify({ set: setSpec, focus: [...focus], params: C, focusRows: rows.filter((r) => r.focus), focusMedian: summary(rows.filter((r) => r.focus)), othersMedian: summary(rows.filter((r) => r.genuine && !r.focus)), impostorsInBand: rows.filter((r) => !r.genuine).length, impostorsInBandMedian: summary(rows.filter((r) => !r.genuine)) })}\n`);
