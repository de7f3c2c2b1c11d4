// Where a loop master's ground-truth minutiae sit around its model core, and which way they point
// (no extraction, no matcher): loop masters of `generateMasterPrint` (seed 1, persons 1–12 ×
// positions 1–10, those with one core and a delta), minutiae ≥ 30 px inside the finger by
// distance band from the core, per loop and per cm² of the band, and their sense against the ray
// from the core (out ≤ 60°, in ≥ 120°). The plain zero-pole loop forces an excess of out-pointing
// endings over the whole arm region, not only at the core; a hairpin confined to a reach moves
// them to the fade ring (bench/RESULTS.md, 2026-12-03, syncore2).
// `npm run build && nice -n 19 node bench/synthetic/core-rings.mjs '[{}, {"coreHairpin":1}]'`
// (a JSON list of parameter settings, one line each); AFIS_DIST=DIR for another build.
import { pathToFileURL } from 'node:url';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { SYNTHETIC_IMAGE_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { createRng, mixSeed, generateMasterPrint, insideFingerArea } = await import(`${dist}synthetic/index.js`);
const bands = [0, 20, 40, 64, 96, 128, 192];
const settings = JSON.parse(process.argv[2] ?? '[{}]');
const lineAngle = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return Math.min(d, 2 * Math.PI - d); };
for (const set of settings) {
  const params = { ...SYNTHETIC_IMAGE_PARAMETERS, ...set };
  const cnt = bands.slice(1).map(() => ({ n: 0, out: 0, inn: 0, area: 0 }));
  let loops = 0;
  for (let person = 1; person <= 12; person++) for (let pos = 1; pos <= 10; pos++) {
    const m = generateMasterPrint(createRng(mixSeed(1, person, pos, 0x4d)), pos, params);
    if (m.pattern.cores.length !== 2 || m.pattern.deltas.length < 2) continue;
    loops++;
    const cx = m.pattern.cores[0], cy = m.pattern.cores[1];
    for (let y = 0; y < m.height; y += 2) for (let x = 0; x < m.width; x += 2) {
      if (!insideFingerArea(m.pattern, x, y, 30)) continue;
      const r = Math.hypot(x - cx, y - cy);
      for (let b = 0; b < cnt.length; b++) if (r >= bands[b] && r < bands[b + 1]) cnt[b].area += 4;
    }
    for (let i = 0; i < m.minutiae.count; i++) {
      const x = m.minutiae.x[i], y = m.minutiae.y[i];
      if (!insideFingerArea(m.pattern, x, y, 30)) continue;
      const r = Math.hypot(x - cx, y - cy);
      const ray = Math.atan2(-(y - cy), x - cx);
      const d = lineAngle(m.minutiae.angle[i], ray);
      for (let b = 0; b < cnt.length; b++) if (r >= bands[b] && r < bands[b + 1]) { cnt[b].n++; if (d <= Math.PI / 3) cnt[b].out++; if (d >= 2 * Math.PI / 3) cnt[b].inn++; }
    }
  }
  console.log(JSON.stringify(set), 'loops', loops, cnt.map((c, b) => `${bands[b]}-${bands[b + 1]}: ${(c.n / loops).toFixed(2)}/loop (${(c.n / c.area * (500 / 2.54) ** 2).toFixed(1)}/cm2) out ${(c.out / loops).toFixed(2)} in ${(c.inn / loops).toFixed(2)}`).join(' | '));
}
