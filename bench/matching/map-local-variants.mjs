#!/usr/bin/env node
// Post hoc screen of the orientation agreement through a local fit (`orientationAgreementLocal`,
// issue 12, maplocal): every image of the four FVC2002 B sets is extracted with the shipped
// parameters (clean, or perturbed with the seeds paired-matching-option.mjs uses), every unordered
// pair scored once by the shipped matcher (compareTemplatesDetailed, for the pairing) and once
// without the map's factor (weight 0); then the factor is recomputed for each variant of the
// local fit (σ, stiffness λ, the position residuals and / or the direction residuals) on the
// same pairing, and each variant's mean EER and FNMR at FMR 0.1 % over the four sets reported,
// with the genuine and the impostor agreement's medians. A screen, no intervals: the options are
// judged with paired-matching-option.mjs. The rigid row must reproduce the shipped scores (its
// worst relative mismatch is printed); the "lib" row calls the built localOrientationAgreement
// (σ 64, λ 1) to check this script's copy of it; the "pairs ≥ N" rows call it only for pairings of
// at least N pairs (the rigid agreement below), a gate by the pairing's size.
//
//   node bench/matching/map-local-variants.mjs DATA_DIR [clean|KIND] [SEED]
//
// Figures in bench/RESULTS.md ("The orientation agreement through a local fit … (maplocal)").
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplates, compareTemplatesDetailed, computeErrorRates } from '../../dist/matching/index.js';
import { orientationAgreement } from '../../dist/matching/compare-orientation-maps.js';
import { localOrientationAgreement } from '../../dist/matching/compare-orientation-maps-locally.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { ORIENTATION_MAP_LEVELS } from '../../dist/templates/index.js';

const [dataDir, kind = 'clean', seedText = '1'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: map-local-variants.mjs DATA_DIR [clean|KIND] [SEED]\n');
  process.exit(2);
}
const seed = Number(seedText);
const W = MATCHING_PARAMETERS.orientationAgreementWeight;
const on = MATCHING_PARAMETERS, off = { ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const transform = (k) => (kind === 'clean' ? {} : { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image });

/** This script's copy of the local fit, with the position and the direction residuals each optional. */
function local(P, C, list, count, partner, sigma, lambda, shift, turnOn, turnShare = 1) {
  const O = P.orientation, CO = C.orientation;
  if (count < 3) return NaN;
  let ax = 0, ay = 0, bx = 0, by = 0;
  for (let k = 0; k < count; k++) { const p = list[k], c = partner[p]; ax += P.x[p]; ay += P.y[p]; bx += C.x[c]; by += C.y[c]; }
  ax /= count; ay /= count; bx /= count; by /= count;
  let dot = 0, cross = 0;
  for (let k = 0; k < count; k++) {
    const p = list[k], c = partner[p];
    const ux = P.x[p] - ax, uy = P.y[p] - ay, vx = C.x[c] - bx, vy = C.y[c] - by;
    dot += ux * vx + uy * vy; cross += ux * vy - uy * vx;
  }
  const rot = Math.atan2(cross, dot), cr = Math.cos(rot), sr = Math.sin(rot);
  const rx = [], ry = [], rt = [];
  for (let k = 0; k < count; k++) {
    const p = list[k], c = partner[p];
    const x = P.x[p] - ax, y = P.y[p] - ay;
    rx.push(C.x[c] - (bx + cr * x - sr * y)); ry.push(C.y[c] - (by + sr * x + cr * y));
    let t = ((C.angle[c] - P.angle[p]) * 2 * Math.PI) / 256 + rot;
    t -= 2 * Math.PI * Math.round(t / (2 * Math.PI));
    rt.push(t);
  }
  const { map, scale } = CO, side = map.cell / scale;
  const f = -1 / (2 * sigma * sigma);
  let sum = 0, n = 0;
  for (let k = 0; k < O.cells.length; k++) {
    const i = O.cells[k], X = O.centres[2 * k], Y = O.centres[2 * k + 1];
    // the turn: the weighted mean direction of the pairs' turns, the prior λ turns of 0 (as the library)
    let w = lambda, dx = 0, dy = 0, tc = lambda, ts = 0;
    for (let q = 0; q < count; q++) {
      const p = list[q], ex = P.x[p] - X, ey = P.y[p] - Y;
      const wq = sigma === Infinity ? 1 : Math.exp((ex * ex + ey * ey) * f);
      w += wq; dx += wq * rx[q]; dy += wq * ry[q]; tc += wq * Math.cos(rt[q]); ts += wq * Math.sin(rt[q]);
    }
    let tt = tc * tc + ts * ts > 0 ? Math.atan2(ts, tc) : 0;
    if (w > 0) { dx /= w; dy /= w; } else { dx = dy = 0; }
    if (turnOn === 'curl') {
      // the local rotation of the smoothed displacement field, ½ (∂dy/∂x − ∂dx/∂y), by central differences of 8 px
      const at = (x0, y0) => {
        let w0 = lambda, ex0 = 0, ey0 = 0;
        for (let q = 0; q < count; q++) { const p = list[q], ex = P.x[p] - x0, ey = P.y[p] - y0; const wq = Math.exp((ex * ex + ey * ey) * f); w0 += wq; ex0 += wq * rx[q]; ey0 += wq * ry[q]; }
        return w0 > 0 ? [ex0 / w0, ey0 / w0] : [0, 0];
      };
      const h = 8, xp = at(X + h, Y), xm = at(X - h, Y), yp = at(X, Y + h), ym = at(X, Y - h);
      tt = -0.5 * ((xp[1] - xm[1]) / (2 * h) - (yp[0] - ym[0]) / (2 * h));
    }
    if (!shift) { dx = 0; dy = 0; }
    if (!turnOn) tt = 0;
    tt *= turnShare;
    const x = X - ax, y = Y - ay;
    const u = Math.floor((bx + cr * x - sr * y + dx) / side), v = Math.floor((by + sr * x + cr * y + dy) / side);
    if (u < 0 || v < 0 || u >= map.columns || v >= map.rows) continue;
    const j = v * map.columns + u, q = map.codes[j];
    if (q === 0) continue;
    const psiC = ((q - 1) * Math.PI) / ORIENTATION_MAP_LEVELS;
    const a = 2 * (rot - tt);
    const pc = O.cos2[i] * Math.cos(a) + O.sin2[i] * Math.sin(a), ps = O.sin2[i] * Math.cos(a) - O.cos2[i] * Math.sin(a);
    sum += pc * Math.cos(2 * psiC) + ps * Math.sin(2 * psiC);
    n++;
  }
  return n >= 16 ? 0.5 + (0.5 * sum) / n : NaN;
}

const VARIANTS = {
  rigid: null,
  'lib σ64 λ1': 'lib',
  'σ64 λ1 both': [64, 1, true, true],
  'σ64 λ1 turn only': [64, 1, false, true],
  'σ64 λ1 shift only': [64, 1, true, false],
  'σ64 λ4 both': [64, 4, true, true],
  'σ64 λ4 turn only': [64, 4, false, true],
  'σ64 λ16 turn only': [64, 16, false, true],
  'σ96 λ4 turn only': [96, 4, false, true],
  'σ128 λ4 turn only': [128, 4, false, true],
  'σ32 λ1 turn only': [32, 1, false, true],
  'σ∞ λ0 turn only (mean φ)': [Infinity, 0, false, true],
  'σ∞ λ0 turn ½ (mean φ)': [Infinity, 0, false, true, 0.5],
  'σ64 λ4 turn ½': [64, 4, false, true, 0.5],
  'σ128 λ4 shift only': [128, 4, true, false],
  'σ64 λ16 shift only': [64, 16, true, false],
  'σ64 λ1 shift+curl': [64, 1, true, 'curl'],
  'σ64 λ4 shift+curl': [64, 4, true, 'curl'],
  'σ96 λ1 shift+curl': [96, 1, true, 'curl'],
  'σ96 λ4 shift+curl': [96, 4, true, 'curl'],
  'σ128 λ1 shift+curl': [128, 1, true, 'curl'],
  'σ64 λ1 curl only': [64, 1, false, 'curl'],
  'lib σ64 λ1, pairs ≥ 8': { gate: 8, sigma: 64, lambda: 1 },
  'lib σ64 λ1, pairs ≥ 12': { gate: 12, sigma: 64, lambda: 1 },
  'lib σ64 λ1, pairs ≥ 16': { gate: 16, sigma: 64, lambda: 1 },
  'lib σ64 λ1, pairs ≥ 24': { gate: 24, sigma: 64, lambda: 1 },
};
const factor = (g) => Math.exp(-W * (1 - (Number.isNaN(g) ? 0.5 : g)));
const pct = (v) => (100 * v).toFixed(2);
const med = (v) => { const s = v.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b); return s.length ? +s[Math.floor(s.length / 2)].toFixed(3) : null; };
const per = Object.fromEntries(Object.keys(VARIANTS).map((v) => [v, []]));
let worst = 0;
const names = ['DB1', 'DB2', 'DB3', 'DB4'];
const detail = {};
for (let k = 0; k < sets.length; k++) {
  const set = sets[k];
  const templates = extractEvalSet(set, { parameters: EXTRACTION_PARAMETERS, ...transform(k) }).templates;
  const prepared = templates.map((t) => (t ? prepareTemplate(t, on) : null));
  const rows = [];
  for (let a = 0; a < prepared.length; a++) for (let b = a + 1; b < prepared.length; b++) {
    const row = { genuine: set.fingers[a] === set.fingers[b], score: 0, raw: 0, g: {} , name: `${set.names?.[a] ?? a} × ${set.names?.[b] ?? b}` };
    rows.push(row);
    const P = prepared[a], C = prepared[b];
    if (!P || !C) continue;
    const d = compareTemplatesDetailed(P, C, on);
    row.score = d.score;
    if (!(d.score > 0)) continue;
    row.raw = compareTemplates(P, C, off);
    if (!P.orientation || !C.orientation) { row.noMap = true; continue; }
    const ip = new Map(), ic = new Map();
    for (let i = 0; i < P.count; i++) ip.set(P.sourceIndex[i], i);
    for (let i = 0; i < C.count; i++) ic.set(C.sourceIndex[i], i);
    const list = new Int16Array(d.pairs.length), partner = new Int16Array(P.count).fill(-1);
    d.pairs.forEach((q, i) => { const p = ip.get(q.probe); list[i] = p; partner[p] = ic.get(q.candidate); });
    for (const [name, v] of Object.entries(VARIANTS)) {
      if (v === null) row.g[name] = orientationAgreement(P.orientation, C.orientation, P.x, P.y, C.x, C.y, list, list.length, partner);
      else if (v === 'lib') row.g[name] = localOrientationAgreement(P.orientation, C.orientation, P.x, P.y, P.angle, C.x, C.y, C.angle, list, list.length, partner, 64, 1);
      else if (v.gate) row.g[name] = list.length >= v.gate ? localOrientationAgreement(P.orientation, C.orientation, P.x, P.y, P.angle, C.x, C.y, C.angle, list, list.length, partner, v.sigma, v.lambda) : orientationAgreement(P.orientation, C.orientation, P.x, P.y, C.x, C.y, list, list.length, partner);
      else row.g[name] = local(P, C, list, list.length, partner, ...v);
    }
    worst = Math.max(worst, Math.abs(row.raw * factor(row.g.rigid) - row.score) / row.raw);
  }
  const gen = rows.filter((r) => r.genuine), imp = rows.filter((r) => !r.genuine);
  detail[names[k]] = {};
  for (const name of Object.keys(VARIANTS)) {
    const s = (r) => (r.raw > 0 && !r.noMap ? r.raw * factor(r.g[name]) : r.score);
    const e = computeErrorRates(gen.map(s), imp.map(s));
    per[name].push([e.eer, e.fmr1000]);
    detail[names[k]][name] = `${pct(e.eer)} / ${pct(e.fmr1000)}; g gen ${med(gen.filter((r) => r.g[name] !== undefined).map((r) => r.g[name]))}, imp ${med(imp.filter((r) => r.g[name] !== undefined).map((r) => r.g[name]))}`;
  }
  if (k === 1) {
    // finger 109's pairs (DB2)
    detail.f109 = gen.filter((r) => r.name.startsWith('109_')).map((r) => `${r.name} raw ${r.raw.toFixed(1)} ` + Object.entries(r.g).map(([n, g]) => `${n}: ${g.toFixed(3)}`).join(', '));
  }
}
const mean = (v, i) => v.reduce((a, x) => a + x[i], 0) / v.length;
const out = { kind, seed: kind === 'clean' ? null : seed, worstRigidMismatch: worst.toExponential(2), meanEerFnmr: Object.fromEntries(Object.entries(per).map(([n, v]) => [n, `${pct(mean(v, 0))} / ${pct(mean(v, 1))}  (${v.map((x) => pct(x[0]) + '/' + pct(x[1])).join(' ')})`])), detail };
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
