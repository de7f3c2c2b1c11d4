// Where are synthetic prints denser than real ones? Minutiae per cm² as our extraction reads them
// (no matcher), split by place: within 64 px of a singular point (core or delta, Poincaré index of
// the extraction's field, bench/synthetic/singular-points.mjs), and elsewhere by the distance to
// the edge of the extraction's foreground (0–16, 16–32, 32–64, 64+ px). The same code on both
// sides. Real: FVC2002 DB1_B, DB2_B (569 ppi), DB3_B, all 240 images; SFinGe: DB4_B. Synthetic:
// `synthesizeSubject(seed, s, { impressions: 8, style })` for seeds × persons 1–10.
// `npm run build && nice -n 19 node bench/synthetic/core-density.mjs [--seeds 1,2,3] [--style mixed] [--no-real] [--json]`
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coarseField, singularPoints } from './singular-points.mjs';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { decodeCapture } = await import(`${dist}capture/index.js`);
const { NO_DEBUG } = await import(`${dist}core/index.js`);
const { EXTRACTION_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { analyzeFingerprint, extractFromAnalysis } = await import(`${dist}extraction/index.js`);
const { synthesizeSubject } = await import(`${dist}synthetic/index.js`);

const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const seeds = arg('--seeds', '1,2,3').split(',').map(Number);
const style = arg('--style', 'mixed');
const PX_PER_CM2 = (500 / 2.54) ** 2;
const ZONES = ['singular', 'edge0', 'edge16', 'edge32', 'edge64'];

function newTally() { return { prints: 0, n: Object.fromEntries(ZONES.map((z) => [z, 0])), area: Object.fromEntries(ZONES.map((z) => [z, 0])) }; }

/** Adds one print: every foreground pixel and every minutia to its zone. */
function measure(image, tally) {
  const a = analyzeFingerprint(image, EXTRACTION_PARAMETERS, NO_DEBUG);
  const t = extractFromAnalysis(image, a, EXTRACTION_PARAMETERS, NO_DEBUG);
  const { cores, deltas } = singularPoints(coarseField(a));
  const sp = [...cores, ...deltas];
  const W = a.width, H = a.height, m = a.mask.pixels;
  // chamfer distance (1, √2) to the nearest background pixel or the image border
  const d = new Float32Array(W * H);
  for (let i = 0; i < W * H; i++) d[i] = m[i] ? 1e9 : 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const i = y * W + x;
    if (!d[i]) continue;
    d[i] = x === 0 || y === 0 || x === W - 1 ? 1 : Math.min(d[i], d[i - 1] + 1, d[i - W] + 1, d[i - W - 1] + Math.SQRT2, d[i - W + 1] + Math.SQRT2);
  }
  for (let y = H - 1; y >= 0; y--) for (let x = W - 1; x >= 0; x--) {
    const i = y * W + x;
    if (!d[i]) continue;
    d[i] = x === W - 1 || y === H - 1 || x === 0 ? 1 : Math.min(d[i], d[i + 1] + 1, d[i + W] + 1, d[i + W + 1] + Math.SQRT2, d[i + W - 1] + Math.SQRT2);
  }
  const zone = (x, y) => {
    if (sp.some(([px, py]) => (px - x) ** 2 + (py - y) ** 2 < 64 * 64)) return 'singular';
    const e = d[Math.min(H - 1, Math.round(y)) * W + Math.min(W - 1, Math.round(x))];
    return e < 16 ? 'edge0' : e < 32 ? 'edge16' : e < 64 ? 'edge32' : 'edge64';
  };
  for (let y = 0; y < H; y += 2) for (let x = 0; x < W; x += 2) if (m[y * W + x]) tally.area[zone(x, y)] += 4;
  for (const mi of t.minutiae) tally.n[zone(mi.x, mi.y)]++;
  tally.prints++;
}

function report(t) {
  const out = { prints: t.prints };
  for (const z of ZONES) out[z] = { perCm2: Math.round((10 * t.n[z]) / (t.area[z] / PX_PER_CM2)) / 10, cm2: Math.round(t.area[z] / PX_PER_CM2) };
  const all = ZONES.reduce((s, z) => s + t.n[z], 0), area = ZONES.reduce((s, z) => s + t.area[z], 0);
  out.all = { perCm2: Math.round((10 * all) / (area / PX_PER_CM2)) / 10, cm2: Math.round(area / PX_PER_CM2) };
  return out;
}

async function fvc(set, ppi, tally) {
  const dir = join(data, set);
  for (const n of (await readdir(dir)).filter((x) => x.endsWith('.tif')).sort()) {
    try { measure(await decodeCapture(new Uint8Array(await readFile(join(dir, n))), ppi ? { ppi } : {}), tally); } catch { /* failed to enrol */ }
  }
}

const result = {};
if (!process.argv.includes('--no-real')) {
  const real = newTally();
  await fvc('DB1_B', 0, real); await fvc('DB2_B', 569, real); await fvc('DB3_B', 0, real);
  result.real = report(real);
  const db4 = newTally();
  await fvc('DB4_B', 0, db4);
  result.db4 = report(db4);
}
const synthetic = newTally();
for (const seed of seeds) {
  for (let s = 1; s <= 10; s++) {
    for (const imp of synthesizeSubject(seed, s, { impressions: 8, style, tenPrint: false }).impressions) {
      try { measure(imp.image.image, synthetic); } catch { /* failed to enrol */ }
    }
  }
}
result.synthetic = report(synthetic);
if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else for (const [k, v] of Object.entries(result)) console.log(k.padEnd(10), ZONES.concat('all').map((z) => `${z} ${v[z].perCm2} (${v[z].cm2} cm²)`).join(' | '), `prints ${v.prints}`);
