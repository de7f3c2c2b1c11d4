// Directions of neighbouring minutiae, real against synthetic (no matcher involved): for every
// minutia our extraction finds, the angle between its direction and its nearest neighbour's
// (0–180°, in 30° bins), the share of nearest neighbours pointing the opposite way (> 150°), and
// among neighbours closer than 20 px the share pointing opposite. First impressions of FVC2002
// DB1_B, DB2_B (569 ppi), DB3_B (real), DB4_B (SFinGe) and synthetic persons (`synthesizeSubject`,
// style mixed, seeds 101–103 × 10 persons, impression 1).
// `npm run build && node bench/synthetic/neighbour-directions.mjs`; AFIS_DIST=DIR for another build.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { decodeCapture } = await import(`${dist}capture/index.js`);
const { extractTemplate } = await import(`${dist}extraction/index.js`);
const { synthesizeSubject } = await import(`${dist}synthetic/index.js`);
const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));

function neighbourDirections(prints) {
  const bins = new Array(6).fill(0);
  let n = 0, close = 0, closeOpposite = 0;
  for (const ms of prints) {
    for (let i = 0; i < ms.length; i++) {
      let best = Infinity, bj = -1;
      for (let j = 0; j < ms.length; j++) {
        if (j === i) continue;
        const d = Math.hypot(ms[i].x - ms[j].x, ms[i].y - ms[j].y);
        if (d < best) { best = d; bj = j; }
      }
      if (bj < 0) continue;
      let da = Math.abs(ms[i].angle - ms[bj].angle) % (2 * Math.PI);
      if (da > Math.PI) da = 2 * Math.PI - da;
      bins[Math.min(5, Math.floor(da / (Math.PI / 6)))]++;
      n++;
      if (best < 20) { close++; if (da > (5 * Math.PI) / 6) closeOpposite++; }
    }
  }
  const pct = (v, d) => Math.round((1000 * v) / Math.max(1, d)) / 10;
  return { prints: prints.length, minutiae: n, binsPercent: bins.map((v) => pct(v, n)), oppositePercent: pct(bins[5], n), closePercent: pct(close, n), closeOppositePercent: pct(closeOpposite, close) };
}

async function fvc(sets) {
  const out = [];
  for (const [set, ppi] of sets) {
    for (const n of (await readdir(join(data, set))).filter((x) => /^\d+_1\.tif$/.test(x)).sort()) {
      const image = await decodeCapture(new Uint8Array(await readFile(join(data, set, n))), ppi ? { ppi } : {});
      try { out.push(extractTemplate(image).minutiae); } catch { /* failed to enrol */ }
    }
  }
  return out;
}

const synthetic = [];
for (const seed of [101, 102, 103]) {
  for (let s = 1; s <= 10; s++) {
    const image = synthesizeSubject(seed, s, { impressions: 1, style: 'mixed', tenPrint: false }).impressions[0].image.image;
    try { synthetic.push(extractTemplate(image).minutiae); } catch { /* failed to enrol */ }
  }
}
console.log(JSON.stringify({
  real: neighbourDirections(await fvc([['DB1_B'], ['DB2_B', 569], ['DB3_B']])),
  db4Sfinge: neighbourDirections(await fvc([['DB4_B']])),
  synthetic: neighbourDirections(synthetic),
}, null, 1));
