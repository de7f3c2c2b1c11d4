#!/usr/bin/env node
// Where the fragile genuine pairings lose their minutiae (issue 12, fragile): a decomposition.
// Every image of the four FVC2002 B sets (DB2 at 569 ppi) is extracted with the shipped
// parameters plus a valid area (`validAreaCell` CELL; the minutiae and maps are checked to be the
// shipped ones, and the shipped matcher never reads the area), clean or under one perturbation
// KIND at SEED. Every unordered pair a < b (all-pairs protocol, a the probe) is compared with the
// shipped matcher (compareTemplatesDetailed: its score, checked against scoreEvalSet, and its best
// pairing). For each pairing of ≥ 3 pairs, in 500-ppi pixels:
//   - n, the paired minutiae; the least-squares rigid fit T of the pairs (probe → candidate);
//   - the overlap minutiae m1, m2: each print's minutiae that are paired or that T (T⁻¹ for the
//     candidate's) carries inside the other print's valid area; u = m1 + m2 − 2n unpaired ones;
//   - the unpaired overlap minutiae matched one to one (greedy, nearest first) with an unpaired
//     overlap minutia of the other print of the same type within R px and A° (default 15 px,
//     30°): first under T ("rigid": near misses the growth did not reach), then, among those left,
//     under a smooth non-rigid fit of the pairs ("warp": a similarity with scale within 1 ± 0.15
//     plus a Gaussian-smoothed field of the pairs' residuals, width SIGMA px, stiffness LAMBDA
//     pairs' worth of no correction, and a turn field likewise, as compare-orientation-maps-
//     locally.ts does); then, among those left, a counterpart of the other type under either fit
//     ("type"); the rest have none ("one print only");
//   - for each unpaired overlap minutia, its distance to the edge of its own print's valid area
//     and, carried by T, to the edge of the other's (near edge: either ≤ EDGE px) and its quality.
// The transitive check: for each genuine pair a × b, the alignment composed a → c → b through the
// impression c of the same finger paired with both on the most pairs (≥ 12 each, the matcher's
// pairings' rigid fits; --transitive-similarity: similarity fits): whether the pair's own best
// pairing lies on it (its pairs' median offset ≤ R: else the matcher's best pairing is not the
// finger's true alignment), how many minutiae it pairs one to one within R / A (same type; any
// type, as the matcher's growth ignores types), and how many overlap minutiae it leaves with no
// counterpart (in one print only) and how many of those lie near an edge.
// Groups: genuine pairings on ≤ 10 pairs (fragile), those of them rejected at the set's FMR 0.1 %
// threshold (from the set's own impostor scores), genuine > 10, impostor pairings (all ≥ 3
// pairs, and those on 5–10 pairs, the fragile ones' size), per set and summed. The ceiling: how
// many pairings would reach ≥ 11 pairs if every rigid + warp near miss (and + type) were added.
//
//   node bench/matching/fragile-pairings.mjs DATA_DIR [clean|KIND] [SEED] [--cell 8] [--radius 15]
//        [--angle 30] [--edge 16] [--sigma 60] [--stiffness 1] [--local 50] [--transitive-min 12]
//        [--transitive-similarity] [--list N] [--json OUT] [--paired-seeds]
//        [--draw SET:A:B[,…] [--draw-dir DIR]]   (e.g. --draw DB2:109_2:109_8: both images, minutiae coloured by category)
//
// ≈ 35–50 s for the four sets on one core (12,640 comparisons, extraction twice).
// Perturbed images use the suite's draws, mixSeed(SEED, kindIndex, set, image) with kindIndex the
// kind's place in PERTURBATION_KINDS (as `afis eval perturb` without --kinds draws them); with
// --paired-seeds, paired-matching-option.mjs's mixSeed(SEED, 0, set, image). DATA_DIR holds fvc2002/DB1_B …
// DB4_B. Figures in bench/RESULTS.md ("Where the fragile genuine pairings lose their minutiae").
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplatesDetailed, allPairsErrorRates } from '../../dist/matching/index.js';
import { insideValidArea } from '../../dist/templates/index.js';
import { perturbImage, PERTURBATION_KINDS } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const flag = (name) => {
  const at = args.indexOf(name);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
};
const CELL = Number(option('--cell', '8'));
const RADIUS = Number(option('--radius', '15'));
const ANGLE = (Number(option('--angle', '30')) * Math.PI) / 180;
const EDGE = Number(option('--edge', '16'));
const SIGMA = Number(option('--sigma', '60'));
const LAMBDA = Number(option('--stiffness', '1'));
const LIST = Number(option('--list', '30'));
const jsonOut = option('--json', '');
const pairedSeeds = flag('--paired-seeds');
// --draw SET:A:B[,SET:A:B…] --draw-dir DIR: both images of each named pair (e.g. DB3:110_3:110_8) with
// their minutiae coloured by category (paired green, rigid / warp near miss yellow, other type cyan,
// none red, outside the overlap grey) and the other print's minutiae carried in by the rigid fit (blue dots)
const drawList = option('--draw', '').split(',').filter(Boolean).map((t) => t.split(':'));
const drawDir = option('--draw-dir', '/tmp/fragile-draw');
const SMALL = 10;
const SCALE_BOUND = 0.15;
/** An unpaired minutia this near (px) a paired minutia of its own print lies within the pairing's reach. */
const LOCAL = Number(option('--local', '50'));
const setNames = ['DB1', 'DB2', 'DB3', 'DB4'];
const started = Date.now();
const log = (m) => process.stderr.write(`${m} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);

// ---- geometry -----------------------------------------------------------------------------
const wrap = (a) => Math.atan2(Math.sin(a), Math.cos(a));

/**
 * Distance (the template's pixels) from (x, y) to the nearest cell of the valid area that is not
 * usable (cells off the grid count as not usable); 0 outside the area; at most `cap`.
 */
function edgeDistance(area, x, y, cap) {
  if (!insideValidArea(area, x, y)) return 0;
  const { cell, columns, rows, bits } = area;
  const cx = Math.floor(x / cell), cy = Math.floor(y / cell), r = Math.ceil(cap / cell) + 1;
  let best = cap;
  for (let j = cy - r; j <= cy + r; j++) for (let i = cx - r; i <= cx + r; i++) {
    const off = i < 0 || j < 0 || i >= columns || j >= rows;
    if (!off) { const k = j * columns + i; if (bits[k >> 3] & (1 << (k & 7))) continue; }
    const dx = Math.max(i * cell - x, 0, x - (i + 1) * cell), dy = Math.max(j * cell - y, 0, y - (j + 1) * cell);
    const d = Math.hypot(dx, dy);
    if (d < best) best = d;
  }
  return best;
}

/** A template's minutiae at 500 ppi: x, y, angle, type, quality. */
export function pointsOf(t) {
  const s = 500 / t.ppi;
  return t.minutiae.map((m) => ({ x: m.x * s, y: m.y * s, angle: m.angle, type: m.type, quality: m.quality }));
}

/** Least-squares similarity (scale free) or rigid (scale 1) fit of p → c; rot in image coordinates (y down). */
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
  let scale = 1;
  if (scaleFree && pp > 0) scale = Math.min(1 + SCALE_BOUND, Math.max(1 - SCALE_BOUND, Math.hypot(dot, cross) / pp));
  const c = Math.cos(rot) * scale, s = Math.sin(rot) * scale;
  const apply = (x, y) => { const dx = x - pmx, dy = y - pmy; return [c * dx - s * dy + cmx, s * dx + c * dy + cmy]; };
  const inverse = (x, y) => { const dx = x - cmx, dy = y - cmy; return [(c * dx + s * dy) / (scale * scale) + pmx, (-s * dx + c * dy) / (scale * scale) + pmy]; };
  return { rot, scale, apply, inverse };
}

/**
 * The non-rigid fit: the pairs' similarity S plus, at a probe point, the Gaussian-weighted mean of
 * the pairs' residuals c_k − S(p_k) with LAMBDA pairs' worth of zero, and a turn likewise (unit vectors).
 */
function warpOf(ps, cs) {
  const sim = fitPairs(ps, cs, true);
  const res = ps.map((p, k) => {
    const [x, y] = sim.apply(p.x, p.y);
    const phi = wrap(cs[k].angle - (p.angle - sim.rot));
    return { px: p.x, py: p.y, rx: cs[k].x - x, ry: cs[k].y - y, cos: Math.cos(phi), sin: Math.sin(phi) };
  });
  const k2 = 1 / (2 * SIGMA * SIGMA);
  return (p) => {
    let w = LAMBDA, dx = 0, dy = 0, tc = LAMBDA, ts = 0;
    for (const r of res) {
      const g = Math.exp(-((r.px - p.x) ** 2 + (r.py - p.y) ** 2) * k2);
      w += g; dx += g * r.rx; dy += g * r.ry; tc += g * r.cos; ts += g * r.sin;
    }
    const [x, y] = sim.apply(p.x, p.y);
    return { x: x + dx / w, y: y + dy / w, angle: p.angle - sim.rot + Math.atan2(ts, tc) };
  };
}

/**
 * Greedy one-to-one matching, nearest first, of probe points (already carried into the
 * candidate's frame) `from` with candidate points `to` (indices still free in `freeP`, `freeC`):
 * within RADIUS and ANGLE, types equal (`sameType`) or different. Marks what it matches; returns
 * the count.
 */
function matchGreedy(from, to, freeP, freeC, sameType) {
  const cands = [];
  for (const [i, p] of from) {
    if (!freeP.has(i)) continue;
    for (const [j, c] of to) {
      if (!freeC.has(j)) continue;
      const typeOk = sameType ? p.type === c.type : p.type !== c.type;
      if (!typeOk) continue;
      const d = Math.hypot(p.x - c.x, p.y - c.y);
      if (d > RADIUS || Math.abs(wrap(p.angle - c.angle)) > ANGLE) continue;
      cands.push([d, i, j]);
    }
  }
  cands.sort((a, b) => a[0] - b[0]);
  let count = 0;
  for (const [, i, j] of cands) {
    if (!freeP.has(i) || !freeC.has(j)) continue;
    freeP.delete(i); freeC.delete(j); count++;
  }
  return count;
}

/** The decomposition of one comparison's best pairing (null: fewer than 3 pairs). */
export function decompose(P, C, pairs) {
  const n = pairs.length;
  if (n < 3) return null;
  const pp = pointsOf(P), cp = pointsOf(C);
  const ps = pairs.map((q) => pp[q.probe]), cs = pairs.map((q) => cp[q.candidate]);
  const rigid = fitPairs(ps, cs, false);
  const warp = warpOf(ps, cs);
  const residuals = ps.map((p, k) => { const [x, y] = rigid.apply(p.x, p.y); return Math.hypot(x - cs[k].x, y - cs[k].y); }).sort((a, b) => a - b);
  const pairedP = new Set(pairs.map((q) => q.probe)), pairedC = new Set(pairs.map((q) => q.candidate));
  const sP = P.ppi / 500, sC = C.ppi / 500;
  // unpaired overlap minutiae: probe ones carried into C, candidate ones carried back into P
  const uP = new Map(), uPwarp = new Map(), uC = new Map();
  const info = new Map(); // key 'p:i' / 'c:j' → { edge, quality }
  pp.forEach((m, i) => {
    if (pairedP.has(i)) return;
    const [x, y] = rigid.apply(m.x, m.y);
    if (!insideValidArea(C.validArea, x * sC, y * sC)) return;
    uP.set(i, { x, y, angle: m.angle - rigid.rot, type: m.type });
    uPwarp.set(i, { ...warp(m), type: m.type });
    const edge = Math.min(edgeDistance(P.validArea, m.x * sP, m.y * sP, 64) / sP, edgeDistance(C.validArea, x * sC, y * sC, 64) / sC);
    info.set(`p:${i}`, { edge, quality: m.quality, toPairs: Math.min(...ps.map((q) => Math.hypot(q.x - m.x, q.y - m.y))) });
  });
  cp.forEach((m, j) => {
    if (pairedC.has(j)) return;
    const [x, y] = rigid.inverse(m.x, m.y);
    if (!insideValidArea(P.validArea, x * sP, y * sP)) return;
    uC.set(j, { x: m.x, y: m.y, angle: m.angle, type: m.type });
    const edge = Math.min(edgeDistance(C.validArea, m.x * sC, m.y * sC, 64) / sC, edgeDistance(P.validArea, x * sP, y * sP, 64) / sP);
    info.set(`c:${j}`, { edge, quality: m.quality, toPairs: Math.min(...cs.map((q) => Math.hypot(q.x - m.x, q.y - m.y))) });
  });
  const freeP = new Set(uP.keys()), freeC = new Set(uC.keys());
  const cat = new Map();
  const mark = (before, label) => {
    for (const i of before.p) if (!freeP.has(i)) cat.set(`p:${i}`, label);
    for (const j of before.c) if (!freeC.has(j)) cat.set(`c:${j}`, label);
  };
  const snap = () => ({ p: [...freeP], c: [...freeC] });
  let s = snap();
  const nRigid = matchGreedy(uP, uC, freeP, freeC, true); mark(s, 'rigid'); s = snap();
  const nWarp = matchGreedy(uPwarp, uC, freeP, freeC, true); mark(s, 'warp'); s = snap();
  const nType = matchGreedy(uP, uC, freeP, freeC, false) + matchGreedy(uPwarp, uC, freeP, freeC, false); mark(s, 'type');
  for (const i of freeP) cat.set(`p:${i}`, 'none');
  for (const j of freeC) cat.set(`c:${j}`, 'none');
  // the ones left: the nearest unpaired overlap minutia of the other print, any type, direction within ANGLE, under the warp
  const nearest = (a, list) => { let best = Infinity; for (const [, c] of list) if (Math.abs(wrap(a.angle - c.angle)) <= ANGLE) best = Math.min(best, Math.hypot(a.x - c.x, a.y - c.y)); return best; };
  for (const i of freeP) info.get(`p:${i}`).ring = nearest(uPwarp.get(i), uC);
  for (const j of freeC) info.get(`c:${j}`).ring = nearest(uC.get(j), uPwarp);
  const u = uP.size + uC.size;
  const zero = () => ({ count: 0, edge: 0, q: 0, local: 0, ring15: 0, ring25: 0, ring40: 0, interior: 0, interiorLocal: 0 });
  const byCat = { rigid: zero(), warp: zero(), type: zero(), none: zero() };
  for (const [key, label] of cat) {
    const { edge, quality, toPairs, ring } = info.get(key);
    const b = byCat[label];
    b.count++; b.q += quality; if (edge <= EDGE) b.edge++;
    if (toPairs <= LOCAL) b.local++;
    if (edge > EDGE) { b.interior++; if (toPairs <= LOCAL) b.interiorLocal++; }
    if (ring !== undefined) { if (ring <= RADIUS) b.ring15++; else if (ring <= 25) b.ring25++; else if (ring <= 40) b.ring40++; }
  }
  // the paired minutiae's own edge distances (the baseline for "near an edge")
  let pairedEdge = 0;
  for (const q of pairs) {
    const a = pp[q.probe], c = cp[q.candidate];
    if (edgeDistance(P.validArea, a.x * sP, a.y * sP, 64) / sP <= EDGE) pairedEdge++;
    if (edgeDistance(C.validArea, c.x * sC, c.y * sC, 64) / sC <= EDGE) pairedEdge++;
  }
  let pairedQ = 0;
  for (const q of pairs) pairedQ += P.minutiae[q.probe].quality + C.minutiae[q.candidate].quality;
  return {
    pairedEdge, n, m1: n + uP.size, m2: n + uC.size, u, count1: P.minutiae.length, count2: C.minutiae.length,
    rigidPairs: nRigid, warpPairs: nWarp, typePairs: nType, byCat, pairedQ: pairedQ / (2 * n),
    residualMedian: residuals[Math.floor((n - 1) / 2)], rot: rigid.rot, warpScale: fitPairs(ps, cs, true).scale,
    labels: () => ({ // per minutia: paired, rigid, warp, type, none (unpaired overlap), outside (not in the overlap)
      p: pp.map((_, i) => (pairedP.has(i) ? 'paired' : cat.get(`p:${i}`) ?? 'outside')),
      c: cp.map((_, j) => (pairedC.has(j) ? 'paired' : cat.get(`c:${j}`) ?? 'outside')),
      // the other print's minutiae carried into this one's frame by the rigid fit
      cInP: cp.map((m) => rigid.inverse(m.x, m.y)), pInC: pp.map((m) => rigid.apply(m.x, m.y)),
    }),
  };
}

// ---- the transitive check: a → c → b through a third impression paired robustly with both ----
const TRANS_MIN = Number(option('--transitive-min', '12'));
// --transitive-similarity: the chain's fits with a free scale (within 1 ± SCALE_BOUND), for the resolution perturbation
const TRANS_SIMILARITY = flag('--transitive-similarity');
/** A rigid fit as a map of minutiae (x, y, angle) forward (probe → candidate) or backward. */
const forward = (f) => (m) => { const [x, y] = f.apply(m.x, m.y); return { x, y, angle: m.angle - f.rot, type: m.type }; };
const backward = (f) => (m) => { const [x, y] = f.inverse(m.x, m.y); return { x, y, angle: m.angle + f.rot, type: m.type }; };
/**
 * For each genuine row, the alignment a → b composed through the impression c of the same finger
 * whose pairings with a and with b are largest (both ≥ TRANS_MIN pairs, rigid fits of the
 * matcher's pairings): how far the row's own pairs lie from it (median px), and how many of a's
 * and b's minutiae it pairs one to one within RADIUS / ANGLE (same type; any type) among those
 * it carries inside the other's valid area. Written into row.trans.
 */
export function transitive(set, templates, rows) {
  const fits = new Map();
  const pts = templates.map((t) => (t ? pointsOf(t) : null));
  for (const r of rows) {
    if (!r.genuine || r.pairs < TRANS_MIN) continue;
    const P = pts[r.ia], C = pts[r.ib];
    fits.set(`${r.ia},${r.ib}`, { n: r.pairs, fit: fitPairs(r.pairList.map((q) => P[q.probe]), r.pairList.map((q) => C[q.candidate]), TRANS_SIMILARITY) });
  }
  const mapOf = (i, j) => { // i → j
    const f = fits.get(i < j ? `${i},${j}` : `${j},${i}`);
    if (!f) return null;
    return { n: f.n, map: i < j ? forward(f.fit) : backward(f.fit) };
  };
  for (const r of rows) {
    if (!r.genuine || !r.dec) continue;
    let best = null;
    for (let c = 0; c < templates.length; c++) {
      if (c === r.ia || c === r.ib || set.fingers[c] !== set.fingers[r.ia] || !templates[c]) continue;
      const ac = mapOf(r.ia, c), cb = mapOf(c, r.ib), bc = mapOf(r.ib, c), ca = mapOf(c, r.ia);
      if (!ac || !cb) continue;
      const strength = Math.min(ac.n, cb.n);
      if (!best || strength > best.strength) best = { strength, c, fwd: (m) => cb.map(ac.map(m)), back: (m) => ca.map(bc.map(m)) };
    }
    if (!best) continue;
    const P = templates[r.ia], C = templates[r.ib], pp = pts[r.ia], cp = pts[r.ib];
    const sP = P.ppi / 500, sC = C.ppi / 500;
    const off = r.pairList.map((q) => { const m = best.fwd(pp[q.probe]); return Math.hypot(m.x - cp[q.candidate].x, m.y - cp[q.candidate].y); }).sort((x, y) => x - y);
    const consistent = off.filter((d) => d <= RADIUS).length;
    const inP = new Map(), inC = new Map();
    pp.forEach((m, i) => { const t = best.fwd(m); if (insideValidArea(C.validArea, t.x * sC, t.y * sC)) inP.set(i, t); });
    cp.forEach((m, j) => { const t = best.back(m); if (insideValidArea(P.validArea, t.x * sP, t.y * sP)) inC.set(j, m); });
    const same = matchGreedy(inP, inC, new Set(inP.keys()), new Set(inC.keys()), true);
    const freeP = new Set(inP.keys()), freeC = new Set(inC.keys());
    const any = matchGreedy(inP, inC, freeP, freeC, true) + matchGreedy(inP, inC, freeP, freeC, false);
    // the overlap minutiae left without a counterpart under it: in one print only; near an edge of either area
    let onlyEdge = 0;
    for (const i of freeP) { const t = inP.get(i); if (Math.min(edgeDistance(P.validArea, pp[i].x * sP, pp[i].y * sP, 64) / sP, edgeDistance(C.validArea, t.x * sC, t.y * sC, 64) / sC) <= EDGE) onlyEdge++; }
    for (const j of freeC) { const t = best.back(cp[j]); if (Math.min(edgeDistance(C.validArea, cp[j].x * sC, cp[j].y * sC, 64) / sC, edgeDistance(P.validArea, t.x * sP, t.y * sP, 64) / sP) <= EDGE) onlyEdge++; }
    r.trans = { via: set.names[best.c], strength: best.strength, offMedian: off[Math.floor((off.length - 1) / 2)], consistent, m1: inP.size, m2: inC.size, same, any, only: freeP.size + freeC.size, onlyEdge };
    // per minutia (for importers, not written to --json): the overlap minutiae under the reference and those of them in one print only
    r.transMinutiae = { overlapP: [...inP.keys()], overlapC: [...inC.keys()], onlyP: [...freeP], onlyC: [...freeC] };
  }
}

// ---- drawing ---------------------------------------------------------------------------------
const COLOURS = { paired: '#00c000', rigid: '#e0c000', warp: '#e0c000', type: '#00c0e0', none: '#ff0000', outside: '#909090' };
async function drawPair(file, images, temps, labels) {
  const { default: sharp } = await import('sharp');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(drawDir, { recursive: true });
  const panels = [];
  for (let side = 0; side < 2; side++) {
    const img = images[side], t = temps[side], s = t.ppi / 500;
    const own = side === 0 ? labels.p : labels.c, other = side === 0 ? labels.cInP : labels.pInC;
    const otherLabels = side === 0 ? labels.c : labels.p;
    let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${img.width}" height="${img.height}">`;
    other.forEach(([x, y], i) => { if (otherLabels[i] !== 'paired') svg += `<circle cx="${x * s}" cy="${y * s}" r="2.5" fill="#2060ff"/>`; });
    t.minutiae.forEach((m, i) => {
      const c = COLOURS[own[i]], dx = Math.cos(m.angle) * 12, dy = -Math.sin(m.angle) * 12;
      svg += `<circle cx="${m.x}" cy="${m.y}" r="5" fill="none" stroke="${c}" stroke-width="${own[i] === 'outside' ? 1 : 2}"/>`;
      svg += `<line x1="${m.x}" y1="${m.y}" x2="${m.x + dx}" y2="${m.y + dy}" stroke="${c}" stroke-width="1.5"/>`;
      if (m.type === 'bifurcation') svg += `<rect x="${m.x - 2}" y="${m.y - 2}" width="4" height="4" fill="${c}"/>`;
    });
    svg += '</svg>';
    const rgb = Buffer.alloc(img.width * img.height * 3);
    for (let i = 0; i < img.width * img.height; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = img.data[i];
    panels.push(await sharp(rgb, { raw: { width: img.width, height: img.height, channels: 3 } }).composite([{ input: Buffer.from(svg) }]).png().toBuffer());
  }
  const w0 = images[0].width, w = w0 + images[1].width + 8, h = Math.max(images[0].height, images[1].height);
  await sharp({ create: { width: w, height: h, channels: 3, background: '#ffffff' } }).composite([{ input: panels[0], left: 0, top: 0 }, { input: panels[1], left: w0 + 8, top: 0 }]).png().toFile(file);
  log(`drew ${file}`);
}

// ---- extraction and comparisons -----------------------------------------------------------
/**
 * Every unordered pair of the four sets compared with the shipped matcher, clean or under KIND
 * at SEED (the suite's draws; `pairedSeeds`: paired-matching-option.mjs's), each pairing of ≥ 3
 * decomposed, the transitive reference added, and each row marked accepted at its set's FMR
 * 0.1 % threshold. Returns the rows and, per set, its templates (with the valid area) and the
 * image transform. Exported for bench/extraction/dotted-minutiae.mjs.
 */
export async function comparePairings(dataDir, kind = 'clean', seed = 1, { pairedSeeds: paired = false } = {}) {
if (kind !== 'clean' && !PERTURBATION_KINDS.includes(kind)) throw new Error(`unknown kind ${kind}`);
const kindIndex = paired ? 0 : PERTURBATION_KINDS.indexOf(kind);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const withArea = { ...EXTRACTION_PARAMETERS, validAreaCell: CELL };
const rows = [];
const perSet = [];
for (const [k, set] of sets.entries()) {
  const transform = kind === 'clean' ? undefined : (image, i) => perturbImage(image, kind, mixSeed(seed, kindIndex, k, i)).image;
  const shipped = extractEvalSet(set, { parameters: EXTRACTION_PARAMETERS, transform }).templates;
  const templates = extractEvalSet(set, { parameters: withArea, transform }).templates;
  // the valid area must change nothing else
  templates.forEach((t, i) => {
    const s = shipped[i];
    if ((t === null) !== (s === null)) throw new Error(`${set.names[i]}: enrols with the valid area and not without, or the reverse`);
    if (t && (JSON.stringify(t.minutiae) !== JSON.stringify(s.minutiae) || JSON.stringify(t.orientationMap) !== JSON.stringify(s.orientationMap))) throw new Error(`${set.names[i]}: minutiae or map differ with the valid area`);
  });
  const check = scoreEvalSet(set.fingers, shipped, MATCHING_PARAMETERS).scores;
  const prepared = templates.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
  const n = templates.length;
  const scores = new Float64Array(n * n);
  let mismatch = 0;
  const setRows = [];
  for (let a = 0; a < n; a++) {
    if (!prepared[a]) continue;
    for (let b = a + 1; b < n; b++) {
      if (!prepared[b]) continue;
      const d = compareTemplatesDetailed(prepared[a], prepared[b], MATCHING_PARAMETERS);
      scores[a * n + b] = d.score;
      if (d.score !== check[a * n + b]) mismatch++;
      const genuine = set.fingers[a] === set.fingers[b];
      const dec = d.score > 0 ? decompose(templates[a], templates[b], d.pairs) : null;
      setRows.push({ set: setNames[k], a: set.names[a], b: set.names[b], ia: a, ib: b, genuine, score: d.score, pairs: d.pairs.length, dec, ...(genuine ? { pairList: d.pairs } : {}) });
    }
  }
  if (mismatch) throw new Error(`${setNames[k]}: ${mismatch} scores differ from scoreEvalSet`);
  for (const [ds, an, bn] of drawList) {
    if (ds !== setNames[k]) continue;
    const row = setRows.find((r) => r.a.startsWith(`${an}.`) && r.b.startsWith(`${bn}.`));
    if (!row || !row.dec) { log(`draw: no pairing for ${ds} ${an}×${bn}`); continue; }
    const images = [row.ia, row.ib].map((i) => (transform ? transform(set.items[i].image, i) : set.items[i].image));
    await drawPair(`${drawDir}/${ds}_${an}x${bn}${kind === 'clean' ? '' : `_${kind}${seed}`}.png`, images, [templates[row.ia], templates[row.ib]], row.dec.labels());
  }
  transitive(set, templates, setRows);
  // the FMR 0.1 % threshold: the smallest score with at most 0.1 % of impostors at or above it
  const imp = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (set.fingers[a] !== set.fingers[b]) imp.push(scores[a * n + b]);
  imp.sort((x, y) => y - x);
  const allowed = Math.floor(0.001 * imp.length);
  // accepted: score > the (allowed + 1)-th highest impostor score (ties with it would exceed the FMR)
  const threshold = imp[allowed];
  for (const r of setRows) { r.threshold = threshold; r.accepted = r.score > threshold; rows.push(r); }
  perSet.push({ name: setNames[k], set, templates, transform });
  log(`${setNames[k]} ${kind}${kind === 'clean' ? '' : ` seed ${seed} (kindIndex ${kindIndex})`}: ${setRows.length} comparisons, scores = scoreEvalSet's, EER ${(100 * allPairsErrorRates({ fingers: set.fingers, scores }).eer).toFixed(2)} %, FMR 0.1 % threshold ${threshold.toFixed(2)} (impostors above it ${imp.filter((v) => v > threshold).length} of ${imp.length})`);
}
return { rows, perSet };
}

async function main() {
const [dataDir, kind = 'clean', seedText = '1'] = args;
if (!dataDir) {
  process.stderr.write('usage: fragile-pairings.mjs DATA_DIR [clean|KIND] [SEED] [--cell 8] [--radius 15] [--angle 30] [--edge 16] [--sigma 60] [--stiffness 1] [--list N] [--json OUT] [--paired-seeds]\n');
  process.exit(2);
}
const seed = Number(seedText);
const kindIndex = pairedSeeds ? 0 : PERTURBATION_KINDS.indexOf(kind);
const { rows } = await comparePairings(dataDir, kind, seed, { pairedSeeds });

// ---- summaries ------------------------------------------------------------------------------
const groups = {
  'genuine n≤10': (r) => r.genuine && r.pairs <= SMALL,
  'genuine n≤10 rejected': (r) => r.genuine && r.pairs <= SMALL && !r.accepted,
  'genuine n≤10 accepted': (r) => r.genuine && r.pairs <= SMALL && r.accepted,
  'genuine n>10': (r) => r.genuine && r.pairs > SMALL,
  'impostor (all, n≥3)': (r) => !r.genuine,
  'impostor n 5–10': (r) => !r.genuine && r.pairs >= 5 && r.pairs <= SMALL,
  'impostor n 7–10': (r) => !r.genuine && r.pairs >= 7 && r.pairs <= SMALL,
};
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const f2 = (v) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const pct = (a, b) => (b > 0 ? ((100 * a) / b).toFixed(1) : '–');
function summarise(list) {
  const all = list.length;
  const d = list.filter((r) => r.dec);
  const sum = (f) => d.reduce((s, r) => s + f(r), 0);
  const u = sum((r) => r.dec.u);
  const cat = (c) => sum((r) => r.dec.byCat[c].count);
  const edge = (c) => sum((r) => r.dec.byCat[c].edge);
  const q = (c) => sum((r) => r.dec.byCat[c].q) / Math.max(1, cat(c));
  const med = (f) => { const v = d.map(f).sort((x, y) => x - y); return v.length ? v[Math.floor((v.length - 1) / 2)] : NaN; };
  const reach = (f) => d.filter((r) => r.dec.n + f(r) > SMALL).length;
  return {
    pairs: all, measured: d.length, n: sum((r) => r.dec.n) / d.length, m1: sum((r) => r.dec.m1) / d.length, m2: sum((r) => r.dec.m2) / d.length,
    count: sum((r) => (r.dec.count1 + r.dec.count2) / 2) / d.length,
    overlapShare: sum((r) => (2 * r.dec.n) / (r.dec.m1 + r.dec.m2)) / d.length,
    u: u / d.length, rigid: sum((r) => r.dec.rigidPairs) / d.length, warp: sum((r) => r.dec.warpPairs) / d.length, type: sum((r) => r.dec.typePairs) / d.length,
    none: cat('none') / d.length,
    shareRigid: pct(cat('rigid'), u), shareWarp: pct(cat('warp'), u), shareType: pct(cat('type'), u), shareNone: pct(cat('none'), u),
    edgeAll: pct(edge('rigid') + edge('warp') + edge('type') + edge('none'), u), edgeNone: pct(edge('none'), cat('none')), edgePaired: pct(edge('rigid') + edge('warp'), cat('rigid') + cat('warp')),
    qPaired: sum((r) => r.dec.pairedQ) / d.length, qNear: (q('rigid') * cat('rigid') + q('warp') * cat('warp')) / Math.max(1, cat('rigid') + cat('warp')), qNone: q('none'),
    residual: med((r) => r.dec.residualMedian),
    reachRigid: reach((r) => r.dec.rigidPairs), reachWarp: reach((r) => r.dec.rigidPairs + r.dec.warpPairs), reachType: reach((r) => r.dec.rigidPairs + r.dec.warpPairs + r.dec.typePairs),
    nowOver: d.filter((r) => r.dec.n > SMALL).length,
    edgePairedOwn: pct(sum((r) => r.dec.pairedEdge), sum((r) => 2 * r.dec.n)),
    noneLocal: pct(sum((r) => r.dec.byCat.none.local), cat('none')),
    noneInterior: sum((r) => r.dec.byCat.none.interior) / d.length, noneInteriorLocal: sum((r) => r.dec.byCat.none.interiorLocal) / d.length,
    ring15: pct(sum((r) => r.dec.byCat.none.ring15), cat('none')), ring25: pct(sum((r) => r.dec.byCat.none.ring25), cat('none')), ring40: pct(sum((r) => r.dec.byCat.none.ring40), cat('none')),
  };
}
function table(title, byGroup) {
  console.log(`\n${title}`);
  console.log('| group | pairs (fit) | n | count | m1 / m2 | 2n/(m1+m2) | u | rigid | warp | type | none (min.) | u: rigid / warp / type / none % | near edge: all / none / rigid+warp % | quality paired / near / none | rigid residual median px | ≥ 11 with rigid / +warp / +type (now) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [g, s] of byGroup) {
    if (!s.measured) { console.log(`| ${g} | ${s.pairs} (0) |`); continue; }
    console.log(`| ${g} | ${s.pairs} (${s.measured}) | ${f1(s.n)} | ${f1(s.count)} | ${f1(s.m1)} / ${f1(s.m2)} | ${f2(s.overlapShare)} | ${f1(s.u)} | ${f2(s.rigid)} | ${f2(s.warp)} | ${f2(s.type)} | ${f1(s.none)} | ${s.shareRigid} / ${s.shareWarp} / ${s.shareType} / ${s.shareNone} | ${s.edgeAll} / ${s.edgeNone} / ${s.edgePaired} | ${f1(s.qPaired)} / ${f1(s.qNear)} / ${f1(s.qNone)} | ${f1(s.residual)} | ${s.reachRigid} / ${s.reachWarp} / ${s.reachType} (${s.nowOver}) |`);
  }
  console.log(`\n| group | paired minutiae near an edge % | none: within ${LOCAL} px of a pair % | none away from edges a pairing (of them within ${LOCAL} px of a pair) | none: nearest other (warp, ≤ angle, any type, taken or not) ≤ 15 / 15–25 / 25–40 px % |`);
  console.log('|---|---|---|---|---|');
  for (const [g, s] of byGroup) if (s.measured) console.log(`| ${g} | ${s.edgePairedOwn} | ${s.noneLocal} | ${f1(s.noneInterior)} (${f1(s.noneInteriorLocal)}) | ${s.ring15} / ${s.ring25} / ${s.ring40} |`);
}
console.log(`fragile-pairings ${kind}${kind === 'clean' ? '' : ` seed ${seed}, kindIndex ${kindIndex}`}; radius ${RADIUS} px, angle ${(ANGLE * 180 / Math.PI).toFixed(0)}°, edge ${EDGE} px, warp σ ${SIGMA} px λ ${LAMBDA}, valid-area cell ${CELL}`);
console.log('Per pairing means (pairs of minutiae for rigid / warp / type; minutiae for none); shares of the unpaired overlap minutiae u; "≥ 11": pairings whose n plus the near misses would exceed 10.');
table('All four sets', Object.entries(groups).map(([g, f]) => [g, summarise(rows.filter(f))]));
for (const s of setNames) table(s, Object.entries(groups).slice(0, 5).map(([g, f]) => [g, summarise(rows.filter((r) => r.set === s && f(r)))]));

// how many impostors the same additions would carry past 10 pairs, against the genuine ones
const impReach = rows.filter((r) => !r.genuine && r.dec);
const topImp = impReach.filter((r) => r.score > r.threshold * 0.5);
console.log(`\nImpostor pairings with n ≤ 10 that the rigid + warp near misses carry to ≥ 11 pairs: ${impReach.filter((r) => r.dec.n <= SMALL && r.dec.n + r.dec.rigidPairs + r.dec.warpPairs > SMALL).length} of ${impReach.filter((r) => r.dec.n <= SMALL).length}; with n > 10 already: ${impReach.filter((r) => r.dec.n > SMALL).length}.`);
console.log(`Impostors scoring above half their set's FMR 0.1 % threshold: ${topImp.length}; their near misses rigid ${f2(topImp.reduce((s, r) => s + r.dec.rigidPairs, 0) / Math.max(1, topImp.length))}, warp ${f2(topImp.reduce((s, r) => s + r.dec.warpPairs, 0) / Math.max(1, topImp.length))} a pairing.`);
// distributions of the added pairs: genuine fragile against impostors of the same n
const dist = (list) => { const h = new Map(); for (const r of list) { const v = r.dec.rigidPairs + r.dec.warpPairs; h.set(v, (h.get(v) ?? 0) + 1); } return [...h].sort((a, b) => a[0] - b[0]).map(([v, c]) => `${v}:${c}`).join(' '); };
console.log(`Rigid + warp near misses a pairing (value:pairings) — genuine n≤10: ${dist(rows.filter((r) => r.genuine && r.dec && r.pairs <= SMALL))}`);
console.log(`  genuine n≤10 rejected: ${dist(rows.filter((r) => r.genuine && r.dec && r.pairs <= SMALL && !r.accepted))}`);
console.log(`  impostor n 5–10: ${dist(rows.filter((r) => !r.genuine && r.dec && r.pairs >= 5 && r.pairs <= SMALL))}`);
const noPair = rows.filter((r) => r.genuine && !r.dec);
console.log(`Genuine comparisons without a pairing of ≥ 3 (not decomposed): ${noPair.length}${noPair.length ? ` (${noPair.map((r) => `${r.set} ${r.a}×${r.b}`).join(', ')})` : ''}`);

// the transitive check by group
console.log(`\nThe transitive alignment (a → c → b through the impression c paired with both on ≥ ${TRANS_MIN} pairs, the strongest such c; ${TRANS_SIMILARITY ? 'similarity' : 'rigid'} fits): the row's own pairs against it, and what it pairs within ${RADIUS} px / ${(ANGLE * 180 / Math.PI).toFixed(0)}°`);
console.log('| group | pairs with a c | n | own pairs within R of it (share) | own pairs median offset px | pairings whose median offset ≤ R | overlap m1 / m2 under it | pairable same type / any type | ≥ 11 pairable same / any | in one print only: a pairing, % of overlap, % of them near an edge |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
const transGroups = Object.entries(groups).slice(0, 4);
transGroups.splice(2, 0,
  ['  of them: own pairing on it (median ≤ R)', (r) => groups['genuine n≤10 rejected'](r) && r.trans && r.trans.offMedian <= RADIUS],
  ['  of them: own pairing elsewhere (median > R)', (r) => groups['genuine n≤10 rejected'](r) && r.trans && r.trans.offMedian > RADIUS]);
transGroups.push(['genuine n≤10 accepted, own pairing elsewhere', (r) => groups['genuine n≤10 accepted'](r) && r.trans && r.trans.offMedian > RADIUS]);
for (const [g, f] of transGroups) {
  const list = rows.filter((r) => f(r) && r.trans);
  const tot = rows.filter(f).length;
  if (!list.length) { console.log(`| ${g} | 0 of ${tot} |`); continue; }
  const m = (fn) => list.reduce((x, r) => x + fn(r), 0) / list.length;
  const meds = list.map((r) => r.trans.offMedian).sort((x, y) => x - y);
  console.log(`| ${g} | ${list.length} of ${tot} | ${f1(m((r) => r.pairs))} | ${f1(m((r) => r.trans.consistent))} (${pct(list.reduce((x, r) => x + r.trans.consistent, 0), list.reduce((x, r) => x + r.pairs, 0))} %) | ${f1(meds[Math.floor((meds.length - 1) / 2)])} | ${list.filter((r) => r.trans.offMedian <= RADIUS).length} | ${f1(m((r) => r.trans.m1))} / ${f1(m((r) => r.trans.m2))} | ${f1(m((r) => r.trans.same))} / ${f1(m((r) => r.trans.any))} | ${list.filter((r) => r.trans.same > SMALL).length} / ${list.filter((r) => r.trans.any > SMALL).length} | ${f1(m((r) => r.trans.only))}, ${pct(list.reduce((x, r) => x + r.trans.only, 0), list.reduce((x, r) => x + r.trans.m1 + r.trans.m2, 0))}, ${pct(list.reduce((x, r) => x + r.trans.onlyEdge, 0), list.reduce((x, r) => x + r.trans.only, 0))} |`);
}

// the rejected fragile pairs one by one
const rejected = rows.filter((r) => r.genuine && r.pairs <= SMALL && !r.accepted).sort((x, y) => x.score - y.score);
console.log(`\nRejected genuine pairs on ≤ 10 pairs (${rejected.length}; first ${Math.min(LIST, rejected.length)} by score):`);
console.log('| set | pair | score (thr) | n | count1/count2 | m1/m2 | u | rigid | warp | type | none (near edge) | residual px | scale | via c (pairs): own within R, median px; pairable same / any |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rejected.slice(0, LIST)) {
  const d = r.dec;
  if (!d) { console.log(`| ${r.set} | ${r.a}×${r.b} | ${f1(r.score)} (${f1(r.threshold)}) | ${r.pairs} | – |`); continue; }
  console.log(`| ${r.set} | ${r.a}×${r.b} | ${f1(r.score)} (${f1(r.threshold)}) | ${d.n} | ${d.count1}/${d.count2} | ${d.m1}/${d.m2} | ${d.u} | ${d.rigidPairs} | ${d.warpPairs} | ${d.typePairs} | ${d.byCat.none.count} (${d.byCat.none.edge}) | ${f1(d.residualMedian)} | ${d.warpScale.toFixed(3)} | ${r.trans ? `${r.trans.via} (${r.trans.strength}): ${r.trans.consistent}, ${f1(r.trans.offMedian)}; ${r.trans.same} / ${r.trans.any}` : '–'} |`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows.map(({ pairList, transMinutiae, ...r }) => r)));
log('done');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
