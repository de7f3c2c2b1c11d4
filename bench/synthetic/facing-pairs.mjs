// Which forms do close minutiae pointing opposite ways take (no matcher involved)? For every
// minutia our extraction finds whose nearest neighbour is closer than 20 px and points the other
// way (> 150°), the pair (counted once) is sorted by the two types (E = ending, B = bifurcation),
// by sense (toward: each points at the other, as the two ends of a short ridge or of a lake;
// away: each points away from the other, as the two sides of a break in a ridge or in a valley)
// and by the lateral offset across the ridges (< 0.5 period: in line; ≥ 0.5: side by side, as a
// ridge ending beside one that starts). Distances in local ridge periods (the extraction's
// frequency field). First impressions of FVC2002 DB1_B, DB2_B (569 ppi), DB3_B (real), DB4_B
// (SFinGe) and synthetic persons (`synthesizeSubject`, style mixed, seeds 101–103 × 10 persons).
// `npm run build && node bench/synthetic/facing-pairs.mjs [--json]`; AFIS_DIST=DIR for another build.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { decodeCapture } = await import(`${dist}capture/index.js`);
const { analyzeFingerprint, extractFromAnalysis } = await import(`${dist}extraction/index.js`);
const { EXTRACTION_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { NO_DEBUG } = await import(`${dist}core/index.js`);
const { synthesizeSubject } = await import(`${dist}synthetic/index.js`);
const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));

/** Minutiae and the local ridge period at any point of one image. */
function read(image) {
  const a = analyzeFingerprint(image, EXTRACTION_PARAMETERS, NO_DEBUG);
  const t = extractFromAnalysis(image, a, EXTRACTION_PARAMETERS, NO_DEBUG);
  const { grid, period } = a.frequency;
  const periodAt = (x, y) => period[Math.min(grid.rows - 1, Math.floor(y / grid.blockSize)) * grid.cols + Math.min(grid.cols - 1, Math.floor(x / grid.blockSize))] || 9;
  const area = a.mask.pixels.reduce((s, v) => s + v, 0) / (500 / 2.54) ** 2;
  return { minutiae: t.minutiae, periodAt, area };
}

const quantiles = (v) => { const s = [...v].sort((a, b) => a - b); const q = (p) => s.length ? Math.round(100 * s[Math.min(s.length - 1, Math.floor(p * s.length))]) / 100 : null; return [q(0.1), q(0.5), q(0.9)]; };

function facingPairs(prints) {
  const forms = new Map();
  let minutiae = 0, area = 0;
  for (const { minutiae: ms, periodAt, area: cm2 } of prints) {
    minutiae += ms.length; area += cm2;
    const seen = new Set();
    for (let i = 0; i < ms.length; i++) {
      let best = Infinity, j = -1;
      for (let k = 0; k < ms.length; k++) if (k !== i) { const d = Math.hypot(ms[i].x - ms[k].x, ms[i].y - ms[k].y); if (d < best) { best = d; j = k; } }
      if (j < 0 || best >= 20) continue;
      let da = Math.abs(ms[i].angle - ms[j].angle) % (2 * Math.PI);
      if (da > Math.PI) da = 2 * Math.PI - da;
      if (da <= (5 * Math.PI) / 6) continue;
      const key = i < j ? `${i}:${j}` : `${j}:${i}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const [a, b] = ms[i].type === 'ending' || ms[j].type !== 'ending' ? [ms[i], ms[j]] : [ms[j], ms[i]];
      const p = periodAt((a.x + b.x) / 2, (a.y + b.y) / 2);
      // mean axis of the pair (a's direction and b's reversed), image coordinates (y down)
      const ux0 = Math.cos(a.angle) - Math.cos(b.angle), uy0 = -Math.sin(a.angle) + Math.sin(b.angle);
      const n = Math.hypot(ux0, uy0) || 1;
      const ux = ux0 / n, uy = uy0 / n;
      const dx = b.x - a.x, dy = b.y - a.y;
      const along = (dx * ux + dy * uy) / p; // > 0: a points at b
      const lateral = Math.abs(-dx * uy + dy * ux) / p;
      const types = (a.type === 'ending' ? 'E' : 'B') + (b.type === 'ending' ? 'E' : 'B');
      const form = `${types} ${along > 0 ? 'toward' : 'away'} ${lateral < 0.5 ? 'in line' : 'side by side'}`;
      const f = forms.get(form) ?? { n: 0, along: [], lateral: [], dist: [] };
      f.n++; f.along.push(Math.abs(along)); f.lateral.push(lateral); f.dist.push(best / p);
      forms.set(form, f);
    }
  }
  const pairs = [...forms.values()].reduce((s, f) => s + f.n, 0);
  return {
    prints: prints.length, minutiae, perCm2: Math.round((10 * minutiae) / area) / 10, facingPairs: pairs, pairsPerCm2: Math.round((100 * pairs) / area) / 100,
    forms: Object.fromEntries([...forms.entries()].sort((x, y) => y[1].n - x[1].n).map(([k, f]) => [k, {
      pairs: f.n, share: Math.round((1000 * f.n) / pairs) / 10, perCm2: Math.round((100 * f.n) / area) / 100,
      alongPeriods: quantiles(f.along), lateralPeriods: quantiles(f.lateral),
    }])),
  };
}

async function fvc(sets) {
  const out = [];
  for (const [set, ppi] of sets) {
    for (const n of (await readdir(join(data, set))).filter((x) => /^\d+_1\.tif$/.test(x)).sort()) {
      const image = await decodeCapture(new Uint8Array(await readFile(join(data, set, n))), ppi ? { ppi } : {});
      try { out.push(read(image)); } catch { /* failed to enrol */ }
    }
  }
  return out;
}

const synthetic = [];
for (const seed of [101, 102, 103]) {
  for (let s = 1; s <= 10; s++) {
    const image = synthesizeSubject(seed, s, { impressions: 1, style: 'mixed', tenPrint: false }).impressions[0].image.image;
    try { synthetic.push(read(image)); } catch { /* failed to enrol */ }
  }
}
console.log(JSON.stringify({
  real: facingPairs(await fvc([['DB1_B'], ['DB2_B', 569], ['DB3_B']])),
  db4Sfinge: facingPairs(await fvc([['DB4_B']])),
  synthetic: facingPairs(synthetic),
}, null, process.argv.includes('--json') ? 0 : 1));
