#!/usr/bin/env node
// A slid finger (the `smear` perturbation, issue 12): can the smear be found and undone before
// extraction? Three measurements on the four FVC2002 B sets, the smear drawn as `afis eval perturb
// --kinds smear --seed S` draws it. Diagnosis only: extraction does not use any of this yet.
//
//   node bench/extraction/smear-restore.mjs DATA_DIR estimate [--seed S]
//   node bench/extraction/smear-restore.mjs DATA_DIR oracle [--seed S] [--iterations N]
//   node bench/extraction/smear-restore.mjs DATA_DIR blind clean|smear [--seed S] [--iterations N] [--min-correlation C] [--min-length L]
//
// estimate: a blind estimate of the smear from the mean log power spectrum of the print's 64 × 64
//   tiles (Hann window, tiles of grey spread ≥ 20) through its cepstrum: the line blur (length
//   2.5–7 px by 0.5, direction by 5°) whose own cepstrum (log sinc² on the same grid) correlates best
//   with it over radii 1.5–12 px. Prints how often the direction and length come out right on the
//   smeared prints, and, by correlation and estimated length, how many clean and smeared prints
//   (true length ≥ 4 px, where the cost is) a gate would pass.
// oracle: every smeared image deconvolved with its own drawn kernel (Landweber iterations
//   f ← f + h(g − h f), h the smear's symmetric operator), then all pairs scored: mean EER.
// blind: every clean or smeared image whose estimate passes the gate (correlation above C,
//   estimated length at least L) deconvolved with the estimated kernel; mean EER and how many were.
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { allPairsErrorRates } from '../../dist/matching/bootstrap-error-rates.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const [data, mode, which] = args;
if (!data || !['estimate', 'oracle', 'blind'].includes(mode) || (mode === 'blind' && !['clean', 'smear'].includes(which))) {
  console.error('usage: smear-restore.mjs DATA_DIR estimate|oracle|blind clean|smear [--seed S] [--iterations N] [--min-correlation C] [--min-length L]');
  process.exit(2);
}
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const seed = opt('--seed', 1);
const iters = opt('--iterations', 20);
const minCorr = opt('--min-correlation', 0.45);
const minLength = opt('--min-length', 3.5);
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((n) => `${data}/fvc2002/${n}`));
const smearOf = (image, k, i) => perturbImage(image, 'smear', mixSeed(seed, 0, k, i)).image;
/** The kernel the perturbation drew for image i of set k (its draws in smear-image.ts's order). */
function drawnKernel(k, i) {
  const rng = createRng(mixSeed(seed, 0, k, i));
  const [l0, l1] = PERTURBATION_PARAMETERS.smearLength;
  const length = l0 + rng.next() * (l1 - l0);
  return { length, theta: rng.next() * Math.PI };
}

/** In-place radix-2 FFT of a power-of-two length (inverse scaled by 1/n). */
function fft1(re, im, inv) {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) { let bit = n >> 1; for (; j & bit; bit >>= 1) j ^= bit; j ^= bit; if (i < j) { [re[i], re[j]] = [re[j], re[i]]; [im[i], im[j]] = [im[j], im[i]]; } }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (inv ? 2 : -2) * Math.PI / len, wr = Math.cos(ang), wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) { let cr = 1, ci = 0; for (let k = 0; k < len / 2; k++) { const a = i + k, b = a + len / 2; const xr = re[b] * cr - im[b] * ci, xi = re[b] * ci + im[b] * cr; re[b] = re[a] - xr; im[b] = im[a] - xi; re[a] += xr; im[a] += xi; const t = cr * wr - ci * wi; ci = cr * wi + ci * wr; cr = t; } }
  }
  if (inv) for (let i = 0; i < n; i++) { re[i] /= n; im[i] /= n; }
}
/** 2-D FFT of an N × N array, rows then columns. */
function fft2(re, im, N, inv) {
  const rr = new Float64Array(N), ri = new Float64Array(N);
  for (let y = 0; y < N; y++) { for (let x = 0; x < N; x++) { rr[x] = re[y * N + x]; ri[x] = im[y * N + x]; } fft1(rr, ri, inv); for (let x = 0; x < N; x++) { re[y * N + x] = rr[x]; im[y * N + x] = ri[x]; } }
  for (let x = 0; x < N; x++) { for (let y = 0; y < N; y++) { rr[y] = re[y * N + x]; ri[y] = im[y * N + x]; } fft1(rr, ri, inv); for (let y = 0; y < N; y++) { re[y * N + x] = rr[y]; im[y * N + x] = ri[y]; } }
}
const N = 64;
/** Mean log power spectrum over 64×64 tiles (Hann) where the print is, then its cepstrum. */
function cepstrum(img) {
  const { width: w, height: h, data } = img;
  const acc = new Float64Array(N * N); let tiles = 0;
  const hann = Float64Array.from({ length: N }, (_, i) => 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (N - 1)));
  for (let ty = 0; ty + N <= h; ty += N / 2) for (let tx = 0; tx + N <= w; tx += N / 2) {
    let mean = 0, sq = 0;
    for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) { const v = data[(ty + y) * w + tx + x]; mean += v; sq += v * v; }
    mean /= N * N; const sd = Math.sqrt(sq / (N * N) - mean * mean);
    if (sd < 20) continue; // print tiles only
    const re = new Float64Array(N * N), im = new Float64Array(N * N);
    for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) re[y * N + x] = (data[(ty + y) * w + tx + x] - mean) * hann[x] * hann[y];
    fft2(re, im, N, false);
    for (let i = 0; i < N * N; i++) acc[i] += Math.log(re[i] * re[i] + im[i] * im[i] + 1e-3);
    tiles++;
  }
  if (!tiles) return null;
  const re = Float64Array.from(acc, (v) => v / tiles), im = new Float64Array(N * N);
  fft2(re, im, N, true);
  return re;
}
const at = (c, x, y) => { x = (x + N) % N; y = (y + N) % N; const x0 = Math.floor(x), y0 = Math.floor(y), fx = x - x0, fy = y - y0, x1 = (x0 + 1) % N, y1 = (y0 + 1) % N; return (c[y0 * N + x0] * (1 - fx) + c[y0 * N + x1] * fx) * (1 - fy) + (c[y1 * N + x0] * (1 - fx) + c[y1 * N + x1] * fx) * fy; };
// the model cepstra of line blurs: log sinc² on the frequency grid, inverse transformed
const MODELS = [];
for (let L = 2.5; L <= 7.01; L += 0.5) for (let k = 0; k < 36; k++) {
  const th = k * Math.PI / 36, re = new Float64Array(N * N), im = new Float64Array(N * N);
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
    const u = (x < N / 2 ? x : x - N) / N, v = (y < N / 2 ? y : y - N) / N;
    const a = Math.PI * L * (u * Math.cos(th) + v * Math.sin(th));
    const sn = a === 0 ? 1 : Math.sin(a) / a;
    re[y * N + x] = Math.log(sn * sn + 1e-3);
  }
  fft2(re, im, N, true);
  MODELS.push({ L, th, c: re });
}
const R = []; for (let y = -12; y <= 12; y++) for (let x = -12; x <= 12; x++) { const r = Math.hypot(x, y); if (r >= 1.5 && r <= 12) R.push(((y + N) % N) * N + ((x + N) % N)); }
function estimate(img) {
  const c = cepstrum(img); if (!c) return null;
  const cm = R.reduce((a, i) => a + c[i], 0) / R.length;
  let cn = 0; for (const i of R) cn += (c[i] - cm) ** 2; cn = Math.sqrt(cn);
  let best = { v: -Infinity };
  for (const m of MODELS) {
    const mm = R.reduce((a, i) => a + m.c[i], 0) / R.length;
    let dot = 0, mn = 0; for (const i of R) { dot += (c[i] - cm) * (m.c[i] - mm); mn += (m.c[i] - mm) ** 2; }
    const corr = dot / (cn * Math.sqrt(mn) + 1e-12);
    if (corr > best.v) best = { v: corr, r: m.L, theta: m.th };
  }
  return best;
}
/** The smear's operator on a float image: the taps of src/perturbation/smear-image.ts, without its rounding to bytes. */
function smearF(src, w, h, length, theta) {
  const half = length / 2, n = Math.floor(half), taps = [];
  for (let k = -n - 1; k <= n + 1; k++) { const wt = Math.max(0, Math.min(1, half + 0.5 - Math.abs(k))); if (wt > 0) taps.push([k * Math.cos(theta), k * Math.sin(theta), wt]); }
  const tot = taps.reduce((s, t) => s + t[2], 0);
  const at = (x, y) => { const cx = Math.min(w - 1, Math.max(0, x)), cy = Math.min(h - 1, Math.max(0, y)); const x0 = Math.floor(cx), y0 = Math.floor(cy), x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1), fx = cx - x0, fy = cy - y0; return (src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx) * (1 - fy) + (src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx) * fy; };
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { let a = 0; for (const [dx, dy, wt] of taps) a += wt * at(x + dx, y + dy); out[y * w + x] = a / tot; }
  return out;
}
function restore(g, w, h, length, theta) {
  let f = Float32Array.from(g);
  for (let it = 0; it < iters; it++) {
    const hf = smearF(f, w, h, length, theta);
    const r = new Float32Array(w * h); for (let i = 0; i < r.length; i++) r[i] = g[i] - hf[i];
    const hr = smearF(r, w, h, length, theta);
    for (let i = 0; i < f.length; i++) f[i] += hr[i];
  }
  return Uint8Array.from(f, (v) => Math.max(0, Math.min(255, Math.round(v))));
}

const meanOf = (a) => (a.reduce((x, y) => x + y, 0) / a.length).toFixed(2);
if (mode === 'estimate') {
  const rows = [];
  let dirOk = 0, lenOk = 0, n = 0;
  for (const [k, set] of sets.entries()) set.items.forEach((it, i) => {
    const c = estimate(it.image);
    rows.push({ smeared: false, corr: c?.v ?? 0, length: c?.r ?? 0 });
    const kernel = drawnKernel(k, i);
    const e = estimate(smearOf(it.image, k, i));
    rows.push({ smeared: true, trueLength: kernel.length, corr: e?.v ?? 0, length: e?.r ?? 0 });
    n++;
    if (e) {
      const d = Math.abs(((e.theta - kernel.theta) % Math.PI + 1.5 * Math.PI) % Math.PI - Math.PI / 2);
      if (d < 0.27) dirOk++;
      if (Math.abs(e.r - kernel.length) <= 1) lenOk++;
    }
  });
  console.log(`smeared prints: direction within 15° ${dirOk}, length within 1 px ${lenOk}, of ${n}`);
  const costly = rows.filter((r) => r.smeared && r.trueLength >= 4);
  for (const c of [0.45, 0.5, 0.55]) for (const l of [3, 3.5, 4]) {
    const pass = (r) => r.corr > c && r.length >= l;
    console.log(`gate correlation > ${c}, length ≥ ${l}: clean ${rows.filter((r) => !r.smeared && pass(r)).length} of ${n}, smeared (≥ 4 px) ${costly.filter(pass).length} of ${costly.length}`);
  }
} else {
  let restored = 0;
  const eers = [];
  for (const [k, set] of sets.entries()) {
    const templates = extractEvalSet(set, { transform: (image, i) => {
      const g = mode === 'oracle' || which === 'smear' ? smearOf(image, k, i) : image;
      let kernel;
      if (mode === 'oracle') kernel = drawnKernel(k, i);
      else {
        const e = estimate(g);
        if (e && e.v > minCorr && e.r >= minLength) kernel = { length: e.r, theta: e.theta };
      }
      if (!kernel) return g;
      restored++;
      return { ...g, data: restore(g.data, g.width, g.height, kernel.length, kernel.theta) };
    } }).templates;
    eers.push(100 * allPairsErrorRates(scoreEvalSet(set.fingers, templates)).eer);
  }
  console.log(`${mode}${mode === 'blind' ? ` ${which}, gate correlation > ${minCorr}, length ≥ ${minLength}` : ''}, seed ${seed}, ${iters} iterations: ${restored} of 320 restored; mean EER ${meanOf(eers)} % (${eers.map((e) => e.toFixed(2)).join(' / ')})`);
}
