#!/usr/bin/env node
// How globally consistent the best pairing is, genuine against impostor, by pairing size (issue 12,
// residual): for every pair of every FVC2002 B set (clean, the protocol of `afis eval`: all
// unordered pairs, shipped parameters), the best pairing's geometry in prepared (500 ppi)
// coordinates: pairs n, radius R (RMS distance of the probe's paired minutiae from their
// centroid), and the RMS residual after a least-squares rigid fit (rotation + translation), a
// similarity fit (+ scale) and an affine fit of the probe's paired minutiae onto the candidate's.
// Writes one JSON line per pair with a best pairing of ≥ 3 pairs to OUT (default
// /tmp/residual/pairs.jsonl) and prints genuine / impostor medians by pairing size and set.
//
//   node bench/matching/pairing-residual-forms.mjs DATA_DIR [OUT]
import { writeFileSync } from 'node:fs';
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { prepareTemplate, compareTemplatesDetailed } from '../../dist/matching/index.js';

const [dataDir, out = '/tmp/residual/pairs.jsonl'] = process.argv.slice(2);
if (!dataDir) { process.stderr.write('usage: pairing-residual-forms.mjs DATA_DIR [OUT]\n'); process.exit(2); }
const S = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`]);

/** Residuals of the fits of points a onto b (arrays of [x, y]). */
function geometry(a, b) {
  const n = a.length;
  let ax = 0, ay = 0, bx = 0, by = 0;
  for (let i = 0; i < n; i++) { ax += a[i][0]; ay += a[i][1]; bx += b[i][0]; by += b[i][1]; }
  ax /= n; ay /= n; bx /= n; by /= n;
  let dot = 0, cross = 0, ua = 0, ub = 0, sxx = 0, sxy = 0, syy = 0, t11 = 0, t12 = 0, t21 = 0, t22 = 0;
  for (let i = 0; i < n; i++) {
    const ux = a[i][0] - ax, uy = a[i][1] - ay, vx = b[i][0] - bx, vy = b[i][1] - by;
    dot += ux * vx + uy * vy; cross += ux * vy - uy * vx;
    ua += ux * ux + uy * uy; ub += vx * vx + vy * vy;
    sxx += ux * ux; sxy += ux * uy; syy += uy * uy;
    t11 += vx * ux; t12 += vx * uy; t21 += vy * ux; t22 += vy * uy;
  }
  const h = Math.hypot(dot, cross);
  // rigid: Σ|v|² + Σ|u|² − 2h; similarity: Σ|v|² − h²/Σ|u|²
  const rigid = Math.sqrt(Math.max(0, ub + ua - 2 * h) / n);
  const similarity = Math.sqrt(Math.max(0, ub - (h * h) / ua) / n);
  // affine: residual = Σ|v|² − tr(T S⁻¹ Tᵀ), S = [[sxx, sxy], [sxy, syy]], T = [[t11, t12], [t21, t22]]
  const det = sxx * syy - sxy * sxy;
  let affine = NaN;
  if (n >= 4 && det > 1e-9) {
    const i11 = syy / det, i12 = -sxy / det, i22 = sxx / det;
    const q = (r1, r2) => r1 * r1 * i11 + 2 * r1 * r2 * i12 + r2 * r2 * i22;
    affine = Math.sqrt(Math.max(0, ub - q(t11, t12) - q(t21, t22)) / n);
  }
  // per-pair rigid residuals, for shares above a bound
  const r = h > 0 ? { c: dot / h, s: cross / h } : { c: 1, s: 0 };
  const each = [];
  for (let i = 0; i < n; i++) {
    const ux = a[i][0] - ax, uy = a[i][1] - ay;
    each.push(Math.hypot(r.c * ux - r.s * uy + bx - b[i][0], r.s * ux + r.c * uy + by - b[i][1]));
  }
  return { radius: Math.sqrt(ua / n), rigid, similarity, affine, scale: ua > 0 ? h / ua : 1, maxResidual: Math.max(...each), each };
}

const lines = [];
for (const [k, set] of sets.entries()) {
  const t0 = Date.now();
  const { templates } = extractEvalSet(set);
  const prepared = templates.map((t) => (t ? prepareTemplate(t) : null));
  const inverse = prepared.map((p) => { if (!p) return null; const m = new Map(); for (let i = 0; i < p.count; i++) m.set(p.sourceIndex[i], i); return m; });
  const n = templates.length;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    const P = prepared[a], C = prepared[b];
    if (!P || !C) continue;
    const d = compareTemplatesDetailed(P, C);
    const genuine = set.fingers[a] === set.fingers[b];
    const row = { set: k, a, b, genuine, score: d.score, n: d.pairs.length };
    if (d.pairs.length >= 3) {
      const pa = d.pairs.map((q) => { const i = inverse[a].get(q.probe); return [P.x[i], P.y[i]]; });
      const pb = d.pairs.map((q) => { const i = inverse[b].get(q.candidate); return [C.x[i], C.y[i]]; });
      const g = geometry(pa, pb);
      Object.assign(row, { radius: +g.radius.toFixed(2), rigid: +g.rigid.toFixed(3), similarity: +g.similarity.toFixed(3), affine: +g.affine.toFixed(3), scale: +g.scale.toFixed(4), maxResidual: +g.maxResidual.toFixed(2), each: g.each.map((x) => +x.toFixed(1)) });
    }
    lines.push(JSON.stringify(row));
  }
  process.stderr.write(`set ${k}: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}
writeFileSync(out, lines.join('\n') + '\n');
process.stderr.write(`${lines.length} pairs → ${out}\n`);
