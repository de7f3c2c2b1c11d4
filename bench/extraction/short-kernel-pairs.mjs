// A ceiling for a pair-confirmed short smoothing (issue 12, closepair): extract each synthetic image
// twice, as shipped (with tailClearMaxLength, default 10) and with enhancementAlongSigma = SIGMA
// everywhere, and add to the first the minutiae of the second that come as an ending and a
// bifurcation within 15 px of each other with no minutia of the first within 10 px of either.
// Precision and recall by greedy closest-first pairing at 15 px / 30° over all truth and all
// extracted minutiae (no mask or rim rule, so lower than `afis eval extraction`; compare rows only).
// `npm run build && nice -n 19 node bench/extraction/short-kernel-pairs.mjs DIR SIGMA LIMIT [TAIL_CLEAR]`; figures in bench/RESULTS.md (closepair)
import { readdirSync, readFileSync } from 'node:fs';
const dist = new URL('../../dist/', import.meta.url).href;
const X = await import(dist + 'extraction/index.js');
const { EXTRACTION_PARAMETERS: P0 } = await import(dist + 'config/parameters.js');
const { decodeCapture } = await import(dist + 'capture/index.js');
const [dir, sigS, lim, tailS] = process.argv.slice(2);
const base = { ...P0, tailClearMaxLength: Number(tailS ?? 10) };
const short = { ...base, enhancementAlongSigma: Number(sigS) };
const files = readdirSync(dir).filter((n) => /\.png$/.test(n)).sort().slice(0, Number(lim));
const ad = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
function greedy(truth, ex) {
  const cand = [];
  for (let t = 0; t < truth.length; t++) for (let e = 0; e < ex.length; e++) { const d2 = (truth[t].x - ex[e].x) ** 2 + (truth[t].y - ex[e].y) ** 2; if (d2 <= 225 && ad(truth[t].angle, ex[e].angle) <= Math.PI / 6) cand.push([d2, t, e]); }
  cand.sort((a, b) => a[0] - b[0]);
  const tu = new Set(), eu = new Set(); let n = 0;
  for (const [, t, e] of cand) if (!tu.has(t) && !eu.has(e)) { tu.add(t); eu.add(e); n++; }
  return n;
}
const acc = { base: [0, 0, 0], add: [0, 0, 0], short: [0, 0, 0] };
for (const f of files) {
  const b = readFileSync(`${dir}/${f}`);
  const img = await decodeCapture(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  const truth = JSON.parse(readFileSync(`${dir}/truth/${f.replace('.png', '.json')}`)).minutiae.filter((m) => !m.destroyed);
  const A = X.extractTemplate(img, { parameters: base }).minutiae;
  const B = X.extractTemplate(img, { parameters: short }).minutiae;
  // pairs in B: an ending and a bifurcation within 15 px of each other, neither with an A minutia within 10 px
  const lone = (m) => !A.some((q) => Math.hypot(q.x - m.x, q.y - m.y) <= 10);
  const add = [];
  for (const m of B) {
    if (!lone(m)) continue;
    if (B.some((q) => q !== m && q.type !== m.type && Math.hypot(q.x - m.x, q.y - m.y) <= 15 && lone(q))) add.push(m);
  }
  const C = [...A, ...add];
  for (const [k, ex] of [['base', A], ['add', C], ['short', B]]) { acc[k][0] += greedy(truth, ex); acc[k][1] += ex.length; acc[k][2] += truth.length; }
}
for (const [k, [c, e, t]] of Object.entries(acc)) console.log(k.padEnd(6), 'P', (100 * c / e).toFixed(1), 'R', (100 * c / t).toFixed(1));
