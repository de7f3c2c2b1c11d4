// Where the clear-flow gate of `enhancementClearAlongSigma` (map-clear-flow.ts) is, against where
// the synthetic truth's minutiae are (issue 12, closepair): the share of the print's pixels it
// marks, of the truth minutiae with no other within 15 px, and of those with a minutia of the other
// type within 15 px (an ending beside a fork), at the gate's shipped thresholds.
// `npm run build && nice -n 19 node bench/extraction/clear-flow-cover.mjs DIR LIMIT`; figures in bench/RESULTS.md (closepair)
import { readdirSync, readFileSync } from 'node:fs';
const dist = new URL('../../dist/', import.meta.url).href;
const X = await import(dist + 'extraction/index.js');
const { mapClearFlow } = await import(dist + 'extraction/map-clear-flow.js');
const { EXTRACTION_PARAMETERS: P0 } = await import(dist + 'config/parameters.js');
const { decodeCapture } = await import(dist + 'capture/index.js');
const P = { ...P0, enhancementClearAlongSigma: 2 };
const [dir, lim] = process.argv.slice(2);
const files = readdirSync(dir).filter((n) => /\.png$/.test(n)).sort().slice(0, Number(lim));
let fg = 0, fgClear = 0; const c = { iso: [0, 0], pair: [0, 0] };
for (const f of files) {
  const b = readFileSync(`${dir}/${f}`);
  const img = await decodeCapture(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  const a = X.prepareAnalysis(img, P);
  const clear = mapClearFlow(a.orientation, a.frequency, a.mask, a.width, a.height, P);
  for (let i = 0; i < clear.length; i++) if (a.mask.pixels[i]) { fg++; fgClear += clear[i]; }
  const t = JSON.parse(readFileSync(`${dir}/truth/${f.replace('.png', '.json')}`)).minutiae.filter((m) => !m.destroyed);
  for (const m of t) {
    const i = Math.round(m.y) * a.width + Math.round(m.x);
    if (!a.mask.pixels[i]) continue;
    let best = null, bd = Infinity;
    for (const q of t) { if (q !== m) { const d = Math.hypot(q.x - m.x, q.y - m.y); if (d < bd) { bd = d; best = q; } } }
    const k = bd >= 15 ? 'iso' : best.type !== m.type ? 'pair' : null;
    if (!k) continue;
    c[k][0]++; c[k][1] += clear[i];
  }
}
console.log(`print pixels marked ${(100 * fgClear / fg).toFixed(1)} %; isolated truth ${(100 * c.iso[1] / c.iso[0]).toFixed(1)} % of ${c.iso[0]}; ending+fork ${(100 * c.pair[1] / c.pair[0]).toFixed(1)} % of ${c.pair[0]}`);
