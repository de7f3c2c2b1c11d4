#!/usr/bin/env node
// Fits the dry-region repair's second stage (models/minutia-net-stage.md): two logistic models
// on the features of DRY_STAGE_FEATURE_NAMES, one for the drops (is this minutia of a thin-ridged
// block false?) and one for the additions (does this detector peak restore a lost minutia?), from
// the records of bench/extraction/dry-stage-data.mjs. Maximum likelihood with a small L2 penalty
// on standardised features (Newton's method, deterministic), the standardisation folded back
// into the weights. Leave one set out: fold-DBk.json is fitted without set k's records and
// reports its held-out figures on set k's dry records; OUT.json is fitted on every set (the
// model that ships; every figure uses the folds).
//
//   node scripts/minutia-net/fit-stage.mjs RECORDS.jsonl OUT.json FOLD_DIR [--clean-weight W]
//
// --clean-weight: weight of the clean images' records (every label 0: the hard negatives), default 1; 0 leaves them out.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DRY_STAGE_FEATURE_NAMES, DRY_STAGE_FEATURE_COUNT } from '../../dist/extraction/index.js';

const args = process.argv.slice(2);
const cw = args.indexOf('--clean-weight');
const cleanWeight = cw >= 0 ? Number(args.splice(cw, 2)[1]) : 1;
const [recordsPath, outPath, foldDir] = args;
if (!recordsPath || !outPath || !foldDir || !(cleanWeight >= 0)) {
  process.stderr.write('usage: fit-stage.mjs RECORDS.jsonl OUT.json FOLD_DIR [--clean-weight W]\n');
  process.exit(2);
}
const F = DRY_STAGE_FEATURE_COUNT;
const LAMBDA = 1e-3;
const records = readFileSync(recordsPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** Solves A x = b (A symmetric positive definite, n × n row-major) by Gaussian elimination with pivoting. */
function solve(A, b, n) {
  const M = A.slice(), x = b.slice();
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]) > Math.abs(M[p * n + c])) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [M[c * n + k], M[p * n + k]] = [M[p * n + k], M[c * n + k]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = M[r * n + c] / M[c * n + c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) M[r * n + k] -= f * M[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < n; k++) s -= M[c * n + k] * x[k];
    x[c] = s / M[c * n + c];
  }
  return x;
}

/** Weighted L2-penalised logistic regression; returns { bias, weights } on the raw features. */
function fit(rows) {
  const n = rows.length;
  const mean = new Array(F).fill(0), scale = new Array(F).fill(0);
  let wsum = 0;
  for (const r of rows) { wsum += r.w; for (let k = 0; k < F; k++) mean[k] += r.w * r.f[k]; }
  for (let k = 0; k < F; k++) mean[k] /= wsum;
  for (const r of rows) for (let k = 0; k < F; k++) scale[k] += r.w * (r.f[k] - mean[k]) ** 2;
  for (let k = 0; k < F; k++) scale[k] = Math.sqrt(scale[k] / wsum) || 1;
  const X = rows.map((r) => [1, ...r.f.map((v, k) => (v - mean[k]) / scale[k])]);
  const D = F + 1;
  let beta = new Array(D).fill(0);
  for (let it = 0; it < 50; it++) {
    const g = new Array(D).fill(0), H = new Array(D * D).fill(0);
    for (let i = 0; i < n; i++) {
      const x = X[i];
      let z = 0;
      for (let k = 0; k < D; k++) z += beta[k] * x[k];
      const p = 1 / (1 + Math.exp(-z));
      const w = rows[i].w;
      const e = w * (p - rows[i].y), h = w * p * (1 - p);
      for (let a = 0; a < D; a++) {
        g[a] += e * x[a];
        const ha = h * x[a];
        for (let b = a; b < D; b++) H[a * D + b] += ha * x[b];
      }
    }
    for (let a = 0; a < D; a++) {
      for (let b = 0; b < a; b++) H[a * D + b] = H[b * D + a];
      if (a > 0) { g[a] += LAMBDA * wsum * beta[a]; H[a * D + a] += LAMBDA * wsum; }
    }
    const step = solve(H, g, D);
    beta = beta.map((v, k) => v - step[k]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  const weights = beta.slice(1).map((v, k) => v / scale[k]);
  const bias = beta[0] - weights.reduce((s, w, k) => s + w * mean[k], 0);
  return { bias, weights };
}

const prob = (d, f) => 1 / (1 + Math.exp(-(d.bias + d.weights.reduce((s, w, k) => s + w * f[k], 0))));
function auc(scored) {
  const s = scored.slice().sort((a, b) => a.p - b.p);
  let pos = 0, neg = 0, rank = 0;
  s.forEach((r, i) => { if (r.y) { pos++; rank += i + 1; } else neg++; });
  return pos && neg ? (rank - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}
function summary(d, rows) {
  const scored = rows.map((r) => ({ p: prob(d, r.f), y: r.y }));
  const out = { records: rows.length, positives: rows.filter((r) => r.y).length, auc: Number(auc(scored).toFixed(3)) };
  for (const t of [0.3, 0.4, 0.5, 0.6, 0.7]) {
    const sel = scored.filter((r) => r.p >= t);
    const hit = sel.filter((r) => r.y).length;
    out[`at ${t}`] = `${sel.length} chosen, ${sel.length ? ((100 * hit) / sel.length).toFixed(1) : '–'} % right`;
  }
  return out;
}
const rowsOf = (kind, keep) => records
  .filter((r) => r.kind === kind && keep(r) && (r.variant === 'dry' || cleanWeight > 0))
  .map((r) => ({ f: r.f, y: r.label, w: r.variant === 'clean' ? cleanWeight : 1, set: r.set, variant: r.variant }));
mkdirSync(foldDir, { recursive: true });
const report = { records: recordsPath, cleanWeight, folds: {} };
for (let k = 0; k < 4; k++) {
  const model = { features: DRY_STAGE_FEATURE_NAMES };
  const held = {};
  for (const kind of ['drop', 'add']) {
    model[kind] = fit(rowsOf(kind, (r) => r.set !== k));
    held[kind] = summary(model[kind], records.filter((r) => r.kind === kind && r.set === k && r.variant === 'dry').map((r) => ({ f: r.f, y: r.label })));
    held[`${kind} clean`] = summary(model[kind], records.filter((r) => r.kind === kind && r.set === k && r.variant === 'clean').map((r) => ({ f: r.f, y: r.label })));
  }
  writeFileSync(`${foldDir}/fold-DB${k + 1}.json`, `${JSON.stringify(model, null, 1)}\n`);
  report.folds[`DB${k + 1}`] = held;
}
const all = { features: DRY_STAGE_FEATURE_NAMES };
for (const kind of ['drop', 'add']) all[kind] = fit(rowsOf(kind, () => true));
writeFileSync(outPath, `${JSON.stringify(all, null, 1)}\n`);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
