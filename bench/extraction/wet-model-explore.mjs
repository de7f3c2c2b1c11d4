#!/usr/bin/env node
// Diagnostics of the whole-print orientation model (issue 12, wet4), in process on cached analyses:
// DB3 and DB4, every second image, wet seed 1, the shipped parameters; the reference is the clean
// print's field. VARIANTS is a JSON list of model settings {T (map-coherence gate), deg, lam, pw
// (map-coherence power of the weight), wmode (0 mapCoh^pw·(coh+0.1), 1 coh² above 0.4, 2 mapCoh ≥ 0.9,
// 3 mapCoh^pw·coh²), target ("classical": fit the grey's field), resid (σ of a residual correction),
// ring (blocks of the fit excluded around the doubted ones), kind "local" (a Gaussian mean, σ sigma)}.
// MODE: (none) fixed / broken as the option would apply it; diag (the model's error in-sample on clean,
// at the wet far blocks, the doubted near blocks); holdout (the model fitted to the CLEAN field on the
// blocks the wet print holds reliable, evaluated at the wet far blocks: the model's ceiling); wetex
// (the wet fit with the far blocks excluded by oracle); agree (doubted blocks binned by model-vs-field
// disagreement: which is closer to clean); enclose (by how many of 8 rays reach a reliable block);
// sing (by distance to the clean print's singular points); choose (the candidate, blend / grey /
// network, closest to the model).
//
//   node bench/extraction/wet-model-explore.mjs VARIANTS [MODE]
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis, prepareFields, fitOrientationModel } from '../../dist/extraction/index.js';
import { computeBlockGradients } from '../../dist/extraction/compute-block-gradients.js';
import { computeOrientationVectors } from '../../dist/extraction/compute-orientation-field.js';
import { smoothGrid } from '../../dist/extraction/filters.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
const P = EXTRACTION_PARAMETERS;
const D = `${process.env.AFIS_DATA ?? '/work/shared/data'}/fvc2002`;
const pick = [3, 4];
const all = [`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`];
const sets = await readEvalSets(pick.map((k) => all[k - 1]));
const TEN = Math.PI / 18;
const gap = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return d; };
const mapVec = (a) => computeOrientationVectors(computeBlockGradients(a.ridgeNetRun.map, a.width, a.height, a.orientation.grid), a.mask.blocks, P);
const mapCoh = (a) => mapVec(a).coherence;
const data = []; let DATA_CUR = null;
for (const [k, set] of sets.entries()) for (const [i, item] of set.items.entries()) {
  if (i % 2) continue;
  const p = perturbImage(item.image, 'wet', mixSeed(1, 0, pick[k] - 1, i));
  const c = prepareAnalysis(item.image, P); const w = prepareAnalysis(p.image, P);
  data.push({ set: k, c, w, cm: mapCoh(c), wm: mapCoh(w), cf: prepareFields(item.image, P).orientation, wf: prepareFields(p.image, P).orientation, wn: mapVec(w) });
}
// predictors: given field f, mapCoh m, classical coherence, mask -> predicted {cos2,sin2} per block (or null)
let WMODE = 0;
function weightsOf(a, m, T, pw) { const n = m.length; const wt = new Float32Array(n); for (let b = 0; b < n; b++) if (a.mask.blocks[b] && m[b] >= T) { const cc = a.orientation.coherence[b]; wt[b] = WMODE === 1 ? (cc > 0.4 ? cc * cc : 0) : WMODE === 2 ? (m[b] >= 0.9 ? 1 : 0) : WMODE === 3 ? m[b] ** pw * cc * cc : m[b] ** pw * (cc + 0.1); } return wt; }
function poly(a, m, T, { deg = 6, lam = 1e-3, pw = 4, resid = 0, target, wmode = 0 }) {
  WMODE = wmode;
  const wt = weightsOf(a, m, T, pw);
  if (arguments[3].ring) { const { cols, rows } = a.orientation.grid; const r = arguments[3].ring; const src = Float32Array.from(wt);
    for (let b = 0; b < wt.length; b++) { if (!(a.mask.blocks[b] && m[b] < T)) continue; const x = b % cols, y = (b / cols) | 0;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) { const xx = x + dx, yy = y + dy; if (xx >= 0 && yy >= 0 && xx < cols && yy < rows) wt[yy * cols + xx] = 0; } } }
  const tf = target === 'classical' ? (a === DATA_CUR.w ? DATA_CUR.wf : DATA_CUR.cf) : a.orientation;
  const mod = fitOrientationModel(tf, wt, a.mask.blocks, deg, lam);
  if (!mod.degree) return null;
  if (!resid) return mod;
  // residual correction: rotate field by -model angle at reliable blocks, smooth, rotate back
  const { cols, rows } = a.orientation.grid; const n = cols * rows;
  const rc = new Float32Array(n), rs = new Float32Array(n);
  for (let b = 0; b < n; b++) { const l = Math.hypot(mod.cos2[b], mod.sin2[b]) || 1; const mc = mod.cos2[b] / l, ms = mod.sin2[b] / l; const fc = a.orientation.cos2[b], fs = a.orientation.sin2[b]; rc[b] = fc * mc + fs * ms; rs[b] = fs * mc - fc * ms; }
  const sc = smoothGrid(rc, cols, rows, resid, wt), ss = smoothGrid(rs, cols, rows, resid, wt), sw = smoothGrid(wt, cols, rows, resid);
  const oc = new Float32Array(n), os = new Float32Array(n);
  for (let b = 0; b < n; b++) { const mc = mod.cos2[b], ms = mod.sin2[b]; let c = sc[b], s = ss[b]; const l = Math.hypot(c, s); if (l > 1e-9 && sw[b] > 0.02) { c /= l; s /= l; } else { c = 1; s = 0; } oc[b] = mc * c - ms * s; os[b] = ms * c + mc * s; }
  return { cos2: oc, sin2: os, degree: mod.degree };
}
function local(a, m, T, { sigma = 4, pw = 4 }) { // Gaussian-weighted mean of reliable blocks (wet3-like but weighted)
  const { cols, rows } = a.orientation.grid; const wt = weightsOf(a, m, T, pw);
  const c = smoothGrid(a.orientation.cos2, cols, rows, sigma, wt), s = smoothGrid(a.orientation.sin2, cols, rows, sigma, wt);
  const sw = smoothGrid(wt, cols, rows, sigma); const n = cols*rows; const oc = new Float32Array(n), os = new Float32Array(n);
  for (let b = 0; b < n; b++) { const l = Math.hypot(c[b], s[b]); oc[b] = l ? c[b] / l * Math.min(1, l*2) : 0; os[b] = l ? s[b] / l * Math.min(1, l*2) : 0; }
  return { cos2: oc, sin2: os, degree: 1 };
}
function apply(a, m, T, pred, minLen) {
  const n = m.length; const ang = Float32Array.from(a.orientation.angle);
  if (!pred) return ang;
  for (let b = 0; b < n; b++) { if (!a.mask.blocks[b] || !(m[b] < T)) continue; const mc = pred.cos2[b], ms = pred.sin2[b]; const len = Math.hypot(mc, ms); if (!(len > 1e-6)) continue; const al = Math.min(1, len / minLen); const c = (1 - al) * a.orientation.cos2[b] + al * mc / len, s = (1 - al) * a.orientation.sin2[b] + al * ms / len; let t = 0.5 * Math.atan2(s, c); if (t < 0) t += Math.PI; ang[b] = t; }
  return ang;
}
const variants = JSON.parse(process.argv[2]);
for (const v of (process.argv[3] ? [] : variants)) {
  const st = [0, 1].map(() => ({ n: 0, far: 0, fixed: 0, broken: 0, farAfter: 0, cn: 0, cfar: 0, eDoubt: 0, eDoubtBefore: 0, nd: 0 }));
  const t0 = Date.now();
  for (const d of data) {
    const f = v.kind === 'local' ? local : poly;
    DATA_CUR = d; const wa = apply(d.w, d.wm, v.T, f(d.w, d.wm, v.T, v), v.minLen ?? 0.5);
    const ca = apply(d.c, d.cm, v.T, f(d.c, d.cm, v.T, v), v.minLen ?? 0.5);
    const s = st[d.set]; const n = d.wm.length;
    for (let b = 0; b < n; b++) {
      if (d.c.mask.blocks[b]) { s.cn++; if (gap(ca[b], d.c.orientation.angle[b]) > TEN) s.cfar++; }
      if (!(d.c.mask.blocks[b] && d.w.mask.blocks[b])) continue;
      const before = gap(d.c.orientation.angle[b], d.w.orientation.angle[b]); const after = gap(d.c.orientation.angle[b], wa[b]);
      s.n++; if (after > TEN) s.farAfter++;
      if (d.wm[b] < v.T) { s.nd++; s.eDoubt += after; s.eDoubtBefore += before; }
      if (before > TEN) { s.far++; if (after <= TEN) s.fixed++; } else if (after > TEN) s.broken++;
    }
  }
  console.log(JSON.stringify(v), `${Date.now()-t0}ms`, st.map((s, k) => `DB${pick[k]}: far ${(100*s.far/s.n).toFixed(2)}→${(100*s.farAfter/s.n).toFixed(2)}% fixed ${s.fixed}/${s.far} broken ${s.broken} | doubted ${(100*s.nd/s.n).toFixed(1)}% err ${(s.eDoubtBefore/s.nd*180/Math.PI).toFixed(1)}→${(s.eDoubt/s.nd*180/Math.PI).toFixed(1)}° | clean>10° ${(100*s.cfar/s.cn).toFixed(2)}%`).join('  ||  '));
}
if (process.argv[3] === 'diag') {
  for (const v of variants) {
    const r = { cleanAll: [], wetFar: [], wetFarCur: [], wetNearDoubt: [], wetFarDoubt: [] };
    for (const d of data) {
      const mc = poly(d.c, d.cm, v.T, v), mw = poly(d.w, d.wm, v.T, v);
      const ang = (m, b) => { let t = 0.5 * Math.atan2(m.sin2[b], m.cos2[b]); if (t < 0) t += Math.PI; return t; };
      for (let b = 0; b < d.wm.length; b++) {
        if (!d.c.mask.blocks[b]) continue;
        if (mc) r.cleanAll.push(gap(ang(mc, b), d.c.orientation.angle[b]));
        if (!d.w.mask.blocks[b] || !mw) continue;
        const before = gap(d.c.orientation.angle[b], d.w.orientation.angle[b]);
        const e = gap(ang(mw, b), d.c.orientation.angle[b]);
        if (before > TEN) { r.wetFar.push(e); r.wetFarCur.push(before); if (d.wm[b] < v.T) r.wetFarDoubt.push(e); }
        else if (d.wm[b] < v.T) r.wetNearDoubt.push(e);
      }
    }
    const q = (a, p) => { const s = [...a].sort((x, y) => x - y); return (s[Math.floor(p * s.length)] * 180 / Math.PI).toFixed(1); };
    console.log(JSON.stringify(v), Object.entries(r).map(([k, a]) => `${k} n${a.length} med ${q(a, 0.5)} q75 ${q(a, 0.75)} <10° ${(100 * a.filter((x) => x <= TEN).length / a.length).toFixed(0)}%`).join(' | '));
  }
}
if (process.argv[3] === 'holdout') {
  for (const v of variants) {
    const e = [], eDoubtOnly = [];
    for (const d of data) {
      const n = d.wm.length;
      const wt = weightsOf(d.c, d.cm, 0, v.pw ?? 4);
      const wt2 = Float32Array.from(wt);
      for (let b = 0; b < n; b++) {
        const far = d.c.mask.blocks[b] && d.w.mask.blocks[b] && gap(d.c.orientation.angle[b], d.w.orientation.angle[b]) > TEN;
        if (far || !d.w.mask.blocks[b] || d.wm[b] < v.T) wt[b] = 0; // only what wet would see as reliable, but the clean values
      }
      const m = fitOrientationModel(d.c.orientation, wt, d.c.mask.blocks, v.deg ?? 6, v.lam ?? 1e-3);
      if (!m.degree) continue;
      for (let b = 0; b < n; b++) {
        const far = d.c.mask.blocks[b] && d.w.mask.blocks[b] && gap(d.c.orientation.angle[b], d.w.orientation.angle[b]) > TEN;
        if (!far) continue;
        let t = 0.5 * Math.atan2(m.sin2[b], m.cos2[b]); if (t < 0) t += Math.PI;
        e.push(gap(t, d.c.orientation.angle[b]));
      }
    }
    const q = (a, p) => { const s = [...a].sort((x, y) => x - y); return (s[Math.floor(p * s.length)] * 180 / Math.PI).toFixed(1); };
    console.log('holdout clean-fit at wet far blocks', JSON.stringify(v), `n${e.length} med ${q(e, 0.5)} q75 ${q(e, 0.75)} <10° ${(100 * e.filter((x) => x <= TEN).length / e.length).toFixed(0)}%`);
  }
}
if (process.argv[3] === 'wetex') {
  for (const v of variants) {
    const e = [];
    for (const d of data) {
      const n = d.wm.length;
      const wt = weightsOf(d.w, d.wm, v.T, v.pw ?? 4);
      for (let b = 0; b < n; b++) {
        const far = d.c.mask.blocks[b] && d.w.mask.blocks[b] && gap(d.c.orientation.angle[b], d.w.orientation.angle[b]) > (v.ex ?? 10) * Math.PI / 180;
        if (far) wt[b] = 0;
      }
      const m = fitOrientationModel(d.w.orientation, wt, d.w.mask.blocks, v.deg ?? 6, v.lam ?? 1e-3);
      if (!m.degree) continue;
      for (let b = 0; b < n; b++) {
        const far = d.c.mask.blocks[b] && d.w.mask.blocks[b] && gap(d.c.orientation.angle[b], d.w.orientation.angle[b]) > TEN;
        if (!far) continue;
        let t = 0.5 * Math.atan2(m.sin2[b], m.cos2[b]); if (t < 0) t += Math.PI;
        e.push(gap(t, d.c.orientation.angle[b]));
      }
    }
    const q = (a, p) => { const s = [...a].sort((x, y) => x - y); return (s[Math.floor(p * s.length)] * 180 / Math.PI).toFixed(1); };
    console.log('wet fit, far excluded (oracle), at far blocks', JSON.stringify(v), `n${e.length} med ${q(e, 0.5)} q75 ${q(e, 0.75)} <10° ${(100 * e.filter((x) => x <= TEN).length / e.length).toFixed(0)}%`);
  }
}
if (process.argv[3] === 'agree') {
  for (const v of variants) {
    const bins = [5, 10, 20, 30, 45, 91].map((h) => ({ h, n: 0, modelBetter: 0, eCur: 0, eMod: 0, eAvg: 0 }));
    for (const d of data) {
      DATA_CUR = d; const m = poly(d.w, d.wm, v.T, v); if (!m) continue;
      for (let b = 0; b < d.wm.length; b++) {
        if (!(d.c.mask.blocks[b] && d.w.mask.blocks[b]) || !(d.wm[b] < v.T)) continue;
        let t = 0.5 * Math.atan2(m.sin2[b], m.cos2[b]); if (t < 0) t += Math.PI;
        const l = Math.hypot(m.cos2[b], m.sin2[b]);
        const c = d.w.orientation.cos2[b] + m.cos2[b] / l, s = d.w.orientation.sin2[b] + m.sin2[b] / l; let ta = 0.5 * Math.atan2(s, c); if (ta < 0) ta += Math.PI;
        const dis = gap(t, d.w.orientation.angle[b]) * 180 / Math.PI;
        const bin = bins.find((x) => dis < x.h);
        const ec = gap(d.w.orientation.angle[b], d.c.orientation.angle[b]), em = gap(t, d.c.orientation.angle[b]), ea = gap(ta, d.c.orientation.angle[b]);
        bin.n++; if (em < ec) bin.modelBetter++; bin.eCur += ec; bin.eMod += em; bin.eAvg += ea;
      }
    }
    console.log(JSON.stringify(v), bins.map((x) => `<${x.h}°: n${x.n} model closer ${(100*x.modelBetter/x.n).toFixed(0)}% err cur/mod/avg ${(x.eCur/x.n*57.3).toFixed(1)}/${(x.eMod/x.n*57.3).toFixed(1)}/${(x.eAvg/x.n*57.3).toFixed(1)}`).join(' | '));
  }
}
if (process.argv[3] === 'enclose') {
  for (const v of variants) {
    const bins = [0,1,2,3,4,5,6,7,8].map((h) => ({ h, n: 0, far: 0, modelBetter: 0, eCur: 0, eMod: 0, fixed: 0, broken: 0 }));
    for (const d of data) {
      DATA_CUR = d; const m = poly(d.w, d.wm, v.T, v); if (!m) continue;
      const { cols, rows } = d.w.orientation.grid;
      for (let b = 0; b < d.wm.length; b++) {
        if (!(d.c.mask.blocks[b] && d.w.mask.blocks[b]) || !(d.wm[b] < v.T)) continue;
        const x = b % cols, y = (b / cols) | 0; let enc = 0;
        for (const [dx, dy] of [[1,0],[1,1],[0,1],[-1,1],[-1,0],[-1,-1],[0,-1],[1,-1]]) {
          for (let r = 1; r <= (v.R ?? 6); r++) { const xx = x + dx * r, yy = y + dy * r; if (xx < 0 || yy < 0 || xx >= cols || yy >= rows) break; const k = yy * cols + xx; if (!d.w.mask.blocks[k]) break; if (d.wm[k] >= v.T) { enc++; break; } }
        }
        let t = 0.5 * Math.atan2(m.sin2[b], m.cos2[b]); if (t < 0) t += Math.PI;
        const ec = gap(d.w.orientation.angle[b], d.c.orientation.angle[b]), em = gap(t, d.c.orientation.angle[b]);
        const bin = bins[enc]; bin.n++; if (ec > TEN) { bin.far++; if (em <= TEN) bin.fixed++; } else if (em > TEN) bin.broken++; if (em < ec) bin.modelBetter++; bin.eCur += ec; bin.eMod += em;
      }
    }
    console.log(JSON.stringify(v)); for (const x of bins) console.log(`  enclosed ${x.h}/8: n${x.n} far ${x.far} fixed ${x.fixed} broken ${x.broken} model closer ${(100*x.modelBetter/x.n).toFixed(0)}% err cur/mod ${(x.eCur/x.n*57.3).toFixed(1)}/${(x.eMod/x.n*57.3).toFixed(1)}`);
  }
}
if (process.argv[3] === 'sing') {
  const { findSingularRegion } = await import('../../dist/extraction/find-singular-region.js');
  for (const v of variants) {
    const bins = [2, 4, 8, 1e9].map((h) => ({ h, n: 0, far: 0, fixed: 0, broken: 0, eCur: 0, eMod: 0 }));
    for (const d of data) {
      DATA_CUR = d; const m = poly(d.w, d.wm, v.T, v); if (!m) continue;
      const sr = findSingularRegion(d.c.orientation, d.c.mask.blocks, 20);
      const pts = [...sr.cores, ...sr.deltas];
      const { cols, blockSize } = d.w.orientation.grid;
      for (let b = 0; b < d.wm.length; b++) {
        if (!(d.c.mask.blocks[b] && d.w.mask.blocks[b]) || !(d.wm[b] < v.T)) continue;
        const cx = (b % cols + 0.5) * blockSize, cy = (((b / cols) | 0) + 0.5) * blockSize;
        let dist = 1e8; for (const [px, py] of pts) dist = Math.min(dist, Math.hypot(cx - px, cy - py) / blockSize);
        let t = 0.5 * Math.atan2(m.sin2[b], m.cos2[b]); if (t < 0) t += Math.PI;
        const ec = gap(d.w.orientation.angle[b], d.c.orientation.angle[b]), em = gap(t, d.c.orientation.angle[b]);
        const bin = bins.find((x) => dist < x.h); bin.n++; if (ec > TEN) { bin.far++; if (em <= TEN) bin.fixed++; } else if (em > TEN) bin.broken++; bin.eCur += ec; bin.eMod += em;
      }
    }
    console.log(JSON.stringify(v)); for (const x of bins) console.log(`  dist to clean singular < ${x.h} blocks: n${x.n} far ${x.far} fixed ${x.fixed} broken ${x.broken} err cur/mod ${(x.eCur/x.n*57.3).toFixed(1)}/${(x.eMod/x.n*57.3).toFixed(1)}`);
  }
}

if (process.argv[3] === 'choose') {
  for (const v of variants) {
    const st = { n: 0, far: 0, fixed: 0, broken: 0, e: [0, 0, 0, 0], pick: [0, 0, 0] };
    for (const d of data) {
      DATA_CUR = d; const m = poly(d.w, d.wm, v.T, v); if (!m) continue;
      for (let b = 0; b < d.wm.length; b++) {
        if (!(d.c.mask.blocks[b] && d.w.mask.blocks[b]) || !(d.wm[b] < v.T)) continue;
        const ta = (c, s) => { let t = 0.5 * Math.atan2(s, c); if (t < 0) t += Math.PI; return t; };
        const cand = [d.w.orientation.angle[b], ta(d.wf.cos2[b], d.wf.sin2[b]), ta(d.wn.cos2[b], d.wn.sin2[b])];
        const tm = ta(m.cos2[b], m.sin2[b]);
        let best = 0; for (let i = 1; i < 3; i++) if (gap(cand[i], tm) < gap(cand[best], tm)) best = i;
        const ec = gap(cand[0], d.c.orientation.angle[b]), ep = gap(cand[best], d.c.orientation.angle[b]);
        st.n++; st.pick[best]++; st.e[0] += ec; st.e[1] += ep; st.e[2] += gap(cand[1], d.c.orientation.angle[b]); st.e[3] += gap(cand[2], d.c.orientation.angle[b]);
        if (ec > TEN) { st.far++; if (ep <= TEN) st.fixed++; } else if (ep > TEN) st.broken++;
      }
    }
    console.log(JSON.stringify(v), `doubted n${st.n} far ${st.far} fixed ${st.fixed} broken ${st.broken} picks blend/classical/net ${st.pick.join('/')} err blend/chosen/classical/net ${st.e.map((x) => (x / st.n * 57.3).toFixed(1)).join('/')}`);
  }
}
