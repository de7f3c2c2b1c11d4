// Realism of the synthetic fingerprint images (issue 11): the same measurements on real FVC2002
// prints (DB1_B, DB2_B at 569 ppi, DB3_B: 30 fingers × 8 impressions) and on synthetic sets of
// the same shape (`synthesizeSubject`, style mixed, 10 persons × 8 impressions per seed, seeds
// 1–4), with the two-sample Kolmogorov–Smirnov statistic D between the two (0 identical … 1
// disjoint). FVC2002 DB4_B (SFinGe synthetic) is shown beside them for reference.
// Measured with our extraction (the same code on both sides): ridge period (the print's median
// over its foreground blocks, and its spread within the print: 90th − 10th percentile) and
// coherence of the orientation field per foreground block, foreground area, minutiae per cm²,
// the spacing of minutiae (Clark–Evans ratio: < 1 clustered, 1 random, > 1 even), the share of
// bifurcations, the finger quality score, the white-noise level extraction reads off the image
// (estimateNoiseLevel, grey levels; over the whole image, and on and off the extraction's mask apart), the
// along-ridge roughness at steps of 1 and 4 px and its ratios 2 : 1, 4 : 1 (alongRidgeRoughness), the share of the print on
// orientation cuts as the alteration detector reads it, and the genuine/impostor scores of our matcher (all pairs within a set).
// Runs the compiled code: `npm run build && node bench/synthetic/realism.mjs [--json] [--out FILE] [--seeds 1,2,3,4]
// [--second-seeds 5,6,7,8|none]` (writes bench/synthetic/realism.json unless --out; --seeds draws the
// synthetic set from other seeds; a second synthetic sample, seeds 5–8 unless told, is compared
// with the real prints too and with the first sample: the KS between two synthetic samples is what
// a property reads by chance at 40 fingers, so a real-synthetic KS near it says nothing);
// AFIS_DIST=DIR runs another build's compiled code.
// --master JSON: generator settings of the master prints over the defaults (synthesizeSubject's
// master, as `afis synth --master`); --contact W,H: the plain contact's semi-axes (its plainContact);
// --impression JSON: impression settings over the defaults (synthesizeSubject's impression).
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFile } from 'node:fs/promises';
import { ks, summary } from './distributions.mjs';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { decodeCapture } = await import(`${dist}capture/index.js`);
const { NO_DEBUG } = await import(`${dist}core/index.js`);
const { EXTRACTION_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { analyzeFingerprint, extractFromAnalysis } = await import(`${dist}extraction/index.js`);
const { estimateNoiseLevel } = await import(`${dist}extraction/filters.js`);
const { compareTemplates, prepareTemplate } = await import(`${dist}matching/index.js`);
const { detectAlteration } = await import(`${dist}quality/index.js`);
const { synthesizeSubject } = await import(`${dist}synthetic/index.js`);
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };

const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
const PX_PER_CM2 = (500 / 2.54) ** 2;

// Along-ridge roughness: the grey's second difference along the local ridge direction at a step
// of s px, I(p + s·u) − 2 I(p) + I(p − s·u) (bilinear; a ridge is constant along itself, so this
// reads the skin's texture and the sensor's noise, not the ridges), over every second pixel of the
// foreground blocks whose field is coherent (≥ 0.5), as a robust SD (median |d| × 1.4826 / √6:
// white noise of SD σ reads σ at every step). Returns [s = 1, 2, 4]: white noise reads alike at
// each step, noise correlated over a few pixels rises with the step. Matcher-independent.
function alongRidgeRoughness(image, a) {
  const { width: w, height: h, data } = image;
  const { grid, angle, coherence } = a.orientation;
  const at = (x, y) => {
    const x0 = Math.floor(x), y0 = Math.floor(y), fx = x - x0, fy = y - y0;
    const i = y0 * w + x0;
    return (1 - fy) * ((1 - fx) * data[i] + fx * data[i + 1]) + fy * ((1 - fx) * data[i + w] + fx * data[i + w + 1]);
  };
  const steps = [1, 2, 4];
  const d = steps.map(() => []);
  for (let by = 0; by < grid.rows; by++) {
    for (let bx = 0; bx < grid.cols; bx++) {
      const b = by * grid.cols + bx;
      if (!a.mask.blocks[b] || coherence[b] < 0.5) continue;
      const ux = Math.cos(angle[b]), uy = Math.sin(angle[b]);
      for (let y = by * grid.blockSize; y < (by + 1) * grid.blockSize; y += 2) {
        for (let x = bx * grid.blockSize; x < (bx + 1) * grid.blockSize; x += 2) {
          if (!a.mask.pixels[y * w + x]) continue;
          const c = data[y * w + x];
          steps.forEach((st, k) => {
            const x1 = x + st * ux, y1 = y + st * uy, x2 = x - st * ux, y2 = y - st * uy;
            if (Math.min(x1, x2) < 0 || Math.min(y1, y2) < 0 || Math.max(x1, x2) >= w - 1 || Math.max(y1, y2) >= h - 1) return;
            d[k].push(Math.abs(at(x1, y1) - 2 * c + at(x2, y2)));
          });
        }
      }
    }
  }
  return d.map((v) => {
    if (!v.length) return NaN;
    v.sort((p, q) => p - q);
    return (v[v.length >> 1] * 1.4826) / Math.sqrt(6);
  });
}

// the images as they are: the denoise gate (on since the thirty-seventh session) would smooth the
// generator's noisier prints before their properties are read, and no real print here opens it
const MEASURED_WITH = { ...EXTRACTION_PARAMETERS, denoiseAboveNoise: 0 };

function measure(image, finger, set) {
  const a = analyzeFingerprint(image, MEASURED_WITH, NO_DEBUG);
  const t = extractFromAnalysis(image, a, MEASURED_WITH, NO_DEBUG);
  const { blocks } = a.mask;
  const periods = [];
  let coh = 0, n = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (!blocks[i]) continue;
    periods.push(a.frequency.period[i]);
    coh += a.orientation.coherence[i];
    n++;
  }
  let area = 0;
  for (const v of a.mask.pixels) area += v;
  const cm2 = area / PX_PER_CM2;
  periods.sort((x, y) => x - y);
  // minutiae spacing: Clark & Evans' ratio R = mean nearest-neighbour distance over its value
  // for points thrown at random at the same density (0.5 / √density): < 1 clustered, > 1 even
  const ms = t.minutiae;
  let nnSum = 0;
  for (let i = 0; i < ms.length; i++) {
    let best = Infinity;
    for (let j = 0; j < ms.length; j++) if (j !== i) best = Math.min(best, Math.hypot(ms[i].x - ms[j].x, ms[i].y - ms[j].y));
    nnSum += best;
  }
  const clarkEvans = ms.length >= 8 ? nnSum / ms.length / (0.5 / Math.sqrt(ms.length / area)) : NaN;
  const q = (f) => periods[Math.min(periods.length - 1, Math.floor(f * periods.length))];
  const grey = Float32Array.from(image.data);
  return {
    set, finger, prepared: prepareTemplate(t),
    period: periods[periods.length >> 1], periodSpread: q(0.9) - q(0.1), clarkEvans,
    bifurcationShare: ms.filter((m) => m.type === 'bifurcation').length / Math.max(1, ms.length), coherence: coh / Math.max(1, n), areaCm2: cm2,
    minutiaePerCm2: t.minutiae.length / Math.max(0.05, cm2), minutiae: t.minutiae.length, quality: t.quality,
    noiseLevel: estimateNoiseLevel(grey, image.width, image.height),
    noiseOnFinger: estimateNoiseLevel(grey, image.width, image.height, a.mask.pixels, true),
    noiseOffFinger: estimateNoiseLevel(grey, image.width, image.height, a.mask.pixels, false),
    ...(([r1, r2, r4]) => ({ roughness1: r1, roughness4: r4, roughnessRatio: r4 / r1, roughnessRatio2: r2 / r1 }))(alongRidgeRoughness(image, a)),
    // the share of the print on orientation cuts (coherent blocks two apart whose directions differ sharply), as the
    // alteration detector reads it (src/quality): a natural print shows them only around its singular points
    orientationCuts: detectAlteration(image, t).features.discontinuity,
  };
}

function scores(items) {
  const gen = [], imp = [];
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      if (items[a].set !== items[b].set) continue;
      (items[a].finger === items[b].finger ? gen : imp).push(compareTemplates(items[a].prepared, items[b].prepared));
    }
  }
  return { gen, imp };
}

async function fvcSet(name, ppi) {
  const dir = join(data, name);
  const out = [];
  for (const n of (await readdir(dir)).filter((x) => /^\d+_\d+\.tif$/.test(x)).sort()) {
    const image = await decodeCapture(new Uint8Array(await readFile(join(dir, n))), ppi ? { ppi } : {});
    try { out.push(measure(image, n.split('_')[0], name)); } catch { /* failed to enrol: not measured */ }
  }
  return out;
}

const t0 = performance.now();
const real = [...await fvcSet('DB1_B'), ...await fvcSet('DB2_B', 569), ...await fvcSet('DB3_B')];
const sfinge = await fvcSet('DB4_B');
const master = arg('--master') ? JSON.parse(arg('--master')) : undefined;
const contact = arg('--contact') ? arg('--contact').split(',').map(Number) : undefined;
const impression = arg('--impression') ? JSON.parse(arg('--impression')) : undefined;
const classes = {};
/** The synthetic prints of `seeds` (10 persons × 8 impressions each), measured. */
function syntheticSample(seeds, countClasses) {
  const out = [];
  for (const seed of seeds) {
    for (let s = 1; s <= 10; s++) {
      const subject = synthesizeSubject(seed, s, { impressions: 8, style: 'mixed', tenPrint: false, ...(master ? { master } : {}), ...(contact ? { plainContact: contact } : {}), ...(impression ? { impression } : {}) });
      if (countClasses) classes[subject.impressions[0].truth.patternClass] = (classes[subject.impressions[0].truth.patternClass] ?? 0) + 1;
      for (const imp of subject.impressions) {
        try { out.push(measure(imp.image.image, String(s), `syn${seed}`)); } catch { /* failed to enrol */ }
      }
    }
  }
  return out;
}
const seedList = (v) => v.split(',').map(Number);
const syn = syntheticSample(seedList(arg('--seeds', '1,2,3,4')), true);
// a second synthetic sample of other seeds: the KS between the two samples is the KS a property
// shows by chance at this sample size (40 fingers), the floor below which real-synthetic KS
// figures do not differ ('none' skips it)
const secondSeeds = arg('--second-seeds', '5,6,7,8');
const syn2 = secondSeeds === 'none' ? null : syntheticSample(seedList(secondSeeds), false);
const props = ['period', 'periodSpread', 'coherence', 'areaCm2', 'minutiaePerCm2', 'clarkEvans', 'bifurcationShare', 'quality', 'noiseLevel', 'noiseOnFinger', 'noiseOffFinger', 'roughness1', 'roughness4', 'roughnessRatio2', 'roughnessRatio', 'orientationCuts'];
const sr = scores(real), ss = scores(syn), s4 = scores(sfinge);
const rows = [];
for (const p of props) {
  const r = real.map((x) => x[p]), y = syn.map((x) => x[p]), y2 = syn2 ? syn2.map((x) => x[p]) : null;
  rows.push({ property: p, real: summary(r), synthetic: summary(y), db4Sfinge: summary(sfinge.map((x) => x[p])), ksRealVsSynthetic: ks(r, y), ksRealVsDb4: ks(r, sfinge.map((x) => x[p])), ...(y2 ? { ksRealVsSynthetic2: ks(r, y2), ksBetweenSamples: ks(y, y2) } : {}) });
}
const ss2 = syn2 ? scores(syn2) : null;
rows.push({ property: 'genuineScore', real: summary(sr.gen), synthetic: summary(ss.gen), db4Sfinge: summary(s4.gen), ksRealVsSynthetic: ks(sr.gen, ss.gen), ksRealVsDb4: ks(sr.gen, s4.gen), ...(ss2 ? { ksRealVsSynthetic2: ks(sr.gen, ss2.gen), ksBetweenSamples: ks(ss.gen, ss2.gen) } : {}) });
rows.push({ property: 'impostorScore', real: summary(sr.imp), synthetic: summary(ss.imp), db4Sfinge: summary(s4.imp), ksRealVsSynthetic: ks(sr.imp, ss.imp), ksRealVsDb4: ks(sr.imp, s4.imp), ...(ss2 ? { ksRealVsSynthetic2: ks(sr.imp, ss2.imp), ksBetweenSamples: ks(ss.imp, ss2.imp) } : {}) });
const report = { ...(master ? { master } : {}), ...(contact ? { contact } : {}), ...(impression ? { impression } : {}), images: { real: real.length, synthetic: syn.length, ...(syn2 ? { synthetic2: syn2.length } : {}), db4Sfinge: sfinge.length }, syntheticClasses: classes, rows, seconds: Math.round((performance.now() - t0) / 1000) };
if (process.argv.includes('--json')) console.log(JSON.stringify(report));
else {
  console.log(`images: real ${real.length} (FVC2002 DB1-3 B), synthetic ${syn.length}${syn2 ? ` and a second sample ${syn2.length}` : ''}, DB4_B (SFinGe) ${sfinge.length}; ${report.seconds} s`);
  console.log(`property         real p5/p50/p95          synthetic p5/p50/p95     DB4 p5/p50/p95           KS real-syn  KS real-DB4${syn2 ? '  KS real-syn2  KS syn-syn2' : ''}`);
  for (const r of rows) {
    const f = (s) => `${s.p5}/${s.p50}/${s.p95}`.padEnd(24);
    console.log(`${r.property.padEnd(16)} ${f(r.real)} ${f(r.synthetic)} ${f(r.db4Sfinge)} ${String(r.ksRealVsSynthetic).padEnd(12)} ${String(r.ksRealVsDb4).padEnd(12)}${syn2 ? ` ${String(r.ksRealVsSynthetic2).padEnd(12)} ${r.ksBetweenSamples}` : ''}`);
  }
  console.log('synthetic series classes:', JSON.stringify(classes));
}
await writeFile(arg('--out', fileURLToPath(new URL('./realism.json', import.meta.url))), JSON.stringify(report, null, 2) + '\n');
