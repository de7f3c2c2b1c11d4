// Which quality feature a generator setting moves: the finger quality score's features and its
// saturating terms (src/extraction/score-finger-quality.ts) on real FVC2002 prints (DB1_B, DB2_B at
// 569 ppi, DB3_B, as realism.mjs) and on synthetic sets drawn with generator settings given as JSON
// (`synthesizeSubject`'s `master` overrides; style mixed, 10 persons × 8 impressions per seed).
// The score is 100 · (Π terms)^(1/4) · (0.7 + 0.3 · consistency), so the mean log score splits
// exactly into ¼ · mean log of each term plus the mean log of the consistency factor (terms
// floored at 0.001): the "log share" columns say how much of a setting's score change against the
// first setting each term carries (in score points at the first setting's geometric mean).
// "without area" is the score with the area term left out (the geometric mean of the other three
// terms times the consistency factor), to compare prints whose contact sizes differ.
// Runs the compiled code: `npm run build && node bench/synthetic/quality-features.mjs
// --settings '{"shipped":{},"R96":{…}}' [--seeds 1,2,3,4] [--contact 0.95,0.92] [--json] [--out FILE]`.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ks, summary } from './distributions.mjs';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { decodeCapture } = await import(`${dist}capture/index.js`);
const { NO_DEBUG } = await import(`${dist}core/index.js`);
const { EXTRACTION_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { analyzeFingerprint, extractFromAnalysis, measureQualityFeatures, scoreFingerQuality } = await import(`${dist}extraction/index.js`);
const { synthesizeSubject } = await import(`${dist}synthetic/index.js`);
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));

const sat = (v, lo, hi) => (v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo));
const FEATURES = ['orientationCertainty', 'clarity', 'frequencyConsistency', 'centralMinutiae', 'foregroundPixels'];
const TERMS = ['area', 'certainty', 'clarity', 'minutiae', 'consistencyFactor'];

function measure(image) {
  const a = analyzeFingerprint(image, EXTRACTION_PARAMETERS, NO_DEBUG);
  const t = extractFromAnalysis(image, a, EXTRACTION_PARAMETERS, NO_DEBUG);
  // the template's own minutiae stand for the raw ones (positions are all the feature reads)
  const f = measureQualityFeatures(a, t.minutiae.map((m) => ({ x: m.x, y: m.y, direction: 0, type: 'ending', ridgeLength: 0, quality: m.quality })));
  const terms = {
    area: sat(f.foregroundPixels, 8_000, 60_000), certainty: sat(f.orientationCertainty, 0.15, 0.55), clarity: sat(f.clarity, 0.2, 0.8),
    minutiae: sat(f.centralMinutiae, 3, 20), consistencyFactor: 0.7 + 0.3 * sat(f.frequencyConsistency, 0.5, 0.85),
  };
  // the score without its area term (geometric mean of the other three): compares prints of unequal contact size
  const areaFree = 100 * Math.cbrt(terms.certainty * terms.clarity * terms.minutiae) * terms.consistencyFactor;
  const minutiaePerCm2 = t.minutiae.length / Math.max(0.05, f.foregroundPixels / (500 / 2.54) ** 2);
  return { score: scoreFingerQuality(f), areaFree, minutiaePerCm2, ...Object.fromEntries(FEATURES.map((k) => [k, f[k]])), terms };
}

async function realSet(name, ppi) {
  const dir = join(data, name);
  const out = [];
  for (const n of (await readdir(dir)).filter((x) => /^\d+_\d+\.tif$/.test(x)).sort()) {
    const image = await decodeCapture(new Uint8Array(await readFile(join(dir, n))), ppi ? { ppi } : {});
    try { out.push(measure(image)); } catch { /* failed to enrol */ }
  }
  return out;
}

const meanLog = (items, k) => items.reduce((s, x) => s + Math.log(Math.max(1e-3, x.terms[k])), 0) / items.length;
function describe(items, real, base) {
  const row = { n: items.length, score: { ...summary(items.map((x) => x.score)), ks: ks(items.map((x) => x.score), real.map((x) => x.score)) } };
  row.areaFree = { ...summary(items.map((x) => x.areaFree)), ks: ks(items.map((x) => x.areaFree), real.map((x) => x.areaFree)) };
  row.minutiaePerCm2 = { ...summary(items.map((x) => x.minutiaePerCm2)), ks: ks(items.map((x) => x.minutiaePerCm2), real.map((x) => x.minutiaePerCm2)) };
  for (const k of FEATURES) row[k] = { ...summary(items.map((x) => x[k])), ks: ks(items.map((x) => x[k]), real.map((x) => x[k])) };
  row.termMedian = Object.fromEntries(TERMS.map((k) => [k, summary(items.map((x) => x.terms[k])).p50]));
  row.termMeanLog = Object.fromEntries(TERMS.map((k) => [k, meanLog(items, k)]));
  row.geometricScore = 100 * Math.exp(TERMS.reduce((s, k) => s + (k === 'consistencyFactor' ? 1 : 0.25) * row.termMeanLog[k], 0));
  row.shareSaturated = Object.fromEntries(TERMS.filter((k) => k !== 'consistencyFactor').map((k) => [k, Math.round(items.filter((x) => x.terms[k] >= 1).length / items.length * 1000) / 1000]));
  if (base) {
    // change of the mean log score against the base, split by term, in score points at the base's geometric mean
    row.logShare = Object.fromEntries(TERMS.map((k) => [k, Math.round(base.geometricScore * (k === 'consistencyFactor' ? 1 : 0.25) * (row.termMeanLog[k] - base.termMeanLog[k]) * 100) / 100]));
  }
  return row;
}

const t0 = performance.now();
const settings = JSON.parse(arg('--settings', '{"shipped":{}}'));
const seeds = arg('--seeds', '1,2,3,4').split(',').map(Number);
// --contact W,H: the plain contact's semi-axes (synthesizeSubject's plainContact) for every setting
const contact = arg('--contact') ? arg('--contact').split(',').map(Number) : undefined;
const real = [...await realSet('DB1_B'), ...await realSet('DB2_B', 569), ...await realSet('DB3_B')];
const result = { seeds, ...(contact ? { contact } : {}), real: describe(real, real), settings: {} };
let base;
for (const [name, master] of Object.entries(settings)) {
  const items = [];
  for (const seed of seeds) {
    for (let s = 1; s <= 10; s++) {
      const subject = synthesizeSubject(seed, s, { impressions: 8, style: 'mixed', tenPrint: false, master, ...(contact ? { plainContact: contact } : {}) });
      for (const imp of subject.impressions) {
        try { items.push(measure(imp.image.image)); } catch { /* failed to enrol */ }
      }
    }
  }
  const row = describe(items, real, base);
  base ??= row;
  result.settings[name] = { master, ...row };
  if (!process.argv.includes('--json')) {
    console.log(`${name}: score p50 ${row.score.p50} (KS ${row.score.ks}), without area ${row.areaFree.p50} (${row.areaFree.ks}), minutiae per cm² ${row.minutiaePerCm2.p50} (${row.minutiaePerCm2.ks}); ` + FEATURES.map((k) => `${k} ${row[k].p50} (${row[k].ks})`).join(', '));
    if (row.logShare) console.log(`   log share vs ${Object.keys(settings)[0]}: ${JSON.stringify(row.logShare)}`);
  }
}
result.seconds = Math.round((performance.now() - t0) / 1000);
if (!process.argv.includes('--json')) {
  const r = result.real;
  console.log(`real: score p50 ${r.score.p50}, without area ${r.areaFree.p50}; ` + FEATURES.map((k) => `${k} ${r[k].p50}`).join(', '));
}
const out = arg('--out');
if (out) await writeFile(out, JSON.stringify(result, null, 1) + '\n');
if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 1));
