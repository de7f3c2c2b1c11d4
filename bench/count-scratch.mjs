const { decodeCapture } = await import('../dist/capture/index.js');
const { NO_DEBUG } = await import('../dist/core/index.js');
const { EXTRACTION_PARAMETERS } = await import('../dist/config/parameters.js');
const { analyzeFingerprint, extractFromAnalysis } = await import('../dist/extraction/index.js');
import { readFile, readdir } from 'node:fs/promises';
const set = process.argv[2];
const ppi = set === 'DB2_B' ? { ppi: 569 } : {};
let tot = { o: 0, c0: 0, c2: 0, e0: 0, e2: 0 };
for (const f of (await readdir(`/work/shared/data/fvc2002/${set}`)).filter((x) => /\.tif$/.test(x)).sort()) {
  const img = await decodeCapture(new Uint8Array(await readFile(`/work/shared/data/fvc2002/${set}/${f}`)), ppi);
  const ex = (im) => { const a = analyzeFingerprint(im, EXTRACTION_PARAMETERS, NO_DEBUG); return extractFromAnalysis(im, a, EXTRACTION_PARAMETERS, NO_DEBUG).minutiae; };
  const o = ex(img);
  tot.o += o.length;
  for (const c of ['0', '2']) {
    const im = await decodeCapture(new Uint8Array(await readFile(`/tmp/canvas${c}/${set}/${f.replace('.tif', '.png')}`)), ppi);
    const m = ex(im);
    const W = im.width, H = im.height, w = img.width, h = img.height;
    const ox = (W - w) >> 1, oy = (H - h) >> 1;
    // within 12 px of the pasted rectangle's sides
    const near = m.filter((p) => Math.min(Math.abs(p.x - ox), Math.abs(p.x - (ox + w - 1)), Math.abs(p.y - oy), Math.abs(p.y - (oy + h - 1))) < 12).length;
    tot['c' + c] += m.length; tot['e' + c] += near;
  }
}
console.log(set, JSON.stringify(tot));
