// Block statistics for a place gate of a shorter along-ridge kernel (issue 12, closepair): the share of
// print blocks (prepareAnalysis) passing coherence / ridge-evidence share / not-thin gates, clean or
// under a perturbation KIND (seed 1000 + image index). The frequency's 'measured' flag is not counted.
// `npm run build && nice -n 19 node bench/extraction/clear-flow-blocks.mjs DIR clean|KIND LIMIT [PPI]`; figures in bench/RESULTS.md (closepair)
import { readdirSync, readFileSync } from 'node:fs';
const dist = new URL('../../dist/', import.meta.url).href;
const X = await import(dist + 'extraction/index.js');
const { findThinRidgeBlocks } = await import(dist + 'extraction/map-thin-ridges.js');
const { EXTRACTION_PARAMETERS: P } = await import(dist + 'config/parameters.js');
const { decodeCapture } = await import(dist + 'capture/index.js');
const { perturbImage } = await import(dist + 'perturbation/index.js');
const [dir, kind, lim, ppiS] = process.argv.slice(2);
const files = readdirSync(dir).filter((n) => /\.(png|tif|bmp|wsq)$/.test(n)).sort().slice(0, Number(lim ?? 1e9));
const gates = {
  'coh>=0.7': (b) => b.coh >= 0.7,
  'coh>=0.7&share>=0.5': (b) => b.coh >= 0.7 && b.share >= 0.5,
  'coh>=0.7&share>=0.5&!thin': (b) => b.coh >= 0.7 && b.share >= 0.5 && !b.thin,
  'coh>=0.8&share>=0.6&!thin': (b) => b.coh >= 0.8 && b.share >= 0.6 && !b.thin,
  '!thin': (b) => !b.thin,
};
const cnt = Object.fromEntries(Object.keys(gates).map((k) => [k, 0]));
let n = 0;
const shares = [];
for (const [i, f] of files.entries()) {
  const b = readFileSync(`${dir}/${f}`);
  let img = await decodeCapture(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  if (ppiS) img = { ...img, ppi: Number(ppiS) };
  if (kind && kind !== 'clean') img = perturbImage(img, kind, 1000 + i).image;
  let a; try { a = X.prepareAnalysis(img, P); } catch { continue; }
  const thin = findThinRidgeBlocks(a.normalized, a.mask, 0.5, 0.2);
  const fr = a.frequency;
  for (let k = 0; k < a.mask.blocks.length; k++) {
    if (!a.mask.blocks[k]) continue;
    const blk = { coh: a.orientation.coherence[k], share: fr.share ? fr.share[k] : 1, measured: fr.measured[k], thin: thin ? thin[k] : 0 };
    n++; shares.push(blk.share);
    for (const [g, fn] of Object.entries(gates)) if (fn(blk)) cnt[g]++;
  }
}
shares.sort((a, b) => a - b);
console.log(dir.split('/').slice(-1)[0], kind ?? 'clean', 'blocks', n, 'share q25/50/75', [0.25, 0.5, 0.75].map((q) => shares[Math.floor(q * shares.length)]?.toFixed(2)).join('/'));
for (const [g, c] of Object.entries(cnt)) console.log('  ', g.padEnd(30), (100 * c / n).toFixed(1), '%');
