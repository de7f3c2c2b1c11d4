#!/usr/bin/env node
// Is wet's cost the shape of its spread or its strength? (issue 12, wetorient). The `wet` test
// spreads the ridges by a grey erosion over the 3 × 3 square (src/perturbation/wet-ridges.ts),
// which narrows a diagonal valley by 2.8 px and an axis-parallel one by 2 px and leaves square
// plateaus: the orientation field of the spread half drifts toward the image axes. Here the same
// layout (spread half, blobs, flood) is drawn with the erosion over other shapes, and each set
// extracted as shipped (all-pairs EER), with, over every second image, the mean grey drop of the
// spread half (print, no blob), the field's difference from the clean image's in the spread half
// and the share of those blocks nearer an image axis than the clean field:
//   square   the shipped wet image (perturbImage)
//   plus     the 4-neighbour cross
//   disc     the centre and 16 points at radius R (env, default 1) read bilinearly: isotropic
//
//   R=1.41 node bench/extraction/wet-spread-shape.mjs SEED [square,plus,disc]
//
// A measurement of the test, not an option: the test's definition is unchanged.
// Figures in bench/RESULTS.md ("The orientation field under spread ridges").
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P, PERTURBATION_PARAMETERS as PP } from '../../dist/config/parameters.js';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { drawWetLayout, perturbImage } from '../../dist/perturbation/index.js';
import { greyPercentile, mapPixels } from '../../dist/perturbation/warp-image.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
const seed = Number(process.argv[2] ?? 1);
const R = Number(process.env.R ?? 1);
/** The wet image of `image` with the spread's erosion over the plus (disc false) or the disc of radius R. */
function wetPlus(image, s, disc = false) {
  const { width, height, data } = image;
  const rng = createRng(s);
  const dark = greyPercentile(image, 0.05);
  const layout = drawWetLayout(image, rng, PP);
  const spread = mapPixels(image, (v, x, y) => {
    if (!layout.spread(x, y)) return v;
    let m = v;
    if (disc) {
      // the disc of radius 1: the centre and 16 points on the unit circle, bilinear
      for (let k = 0; k < 16; k++) {
        const px = Math.min(width - 1, Math.max(0, x + R * Math.cos(k * Math.PI / 8))), py = Math.min(height - 1, Math.max(0, y + R * Math.sin(k * Math.PI / 8)));
        const x0 = Math.floor(px), y0 = Math.floor(py), x1 = Math.min(width - 1, x0 + 1), y1 = Math.min(height - 1, y0 + 1), ax = px - x0, ay = py - y0;
        const u = (1 - ay) * ((1 - ax) * data[y0 * width + x0] + ax * data[y0 * width + x1]) + ay * ((1 - ax) * data[y1 * width + x0] + ax * data[y1 * width + x1]);
        if (u < m) m = u;
      }
      return Math.round(m);
    }
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
      if (data[yy * width + xx] < m) m = data[yy * width + xx];
    }
    return m;
  });
  return { image: mapPixels(spread, (v, x, y) => v + PP.wetFloodDepth * layout.floodWeight[y * width + x] * (dark - v)), layout };
}
const D = '/work/shared/data/fvc2002';
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const axisDist = (a) => { const m = a % (Math.PI / 2); return Math.min(m, Math.PI / 2 - m); };
const out = [];
for (const [k, set] of sets.entries()) {
  const row = {};
  for (const variant of (process.argv[3] ?? 'square,plus,disc').split(',')) {
    const make = (image, i) => { const s = mixSeed(seed, 0, k, i); return variant === 'square' ? perturbImage(image, 'wet', s).image : wetPlus(image, s, variant === 'disc').image; };
    const eer = allPairsErrorRates(scoreEvalSet(set.fingers, extractEvalSet(set, { parameters: P, transform: make }).templates)).eer * 100;
    let n = 0, toward = 0, sum = 0, big = 0, drop = 0, dropN = 0;
    for (const [i, item] of set.items.entries()) {
      if (i % 2) continue;
      const s = mixSeed(seed, 0, k, i);
      const layout = drawWetLayout(item.image, createRng(s), PP);
      const wi = make(item.image, i);
      const c = prepareAnalysis(item.image, P), w = prepareAnalysis(wi, P);
      for (let p = 0; p < wi.data.length; p++) { const x = p % wi.width, y = (p / wi.width) | 0; if (c.mask.pixels[p] && layout.spread(x, y) && layout.floodWeight[p] === 0) { drop += item.image.data[p] - wi.data[p]; dropN++; } }
      const { cols, blockSize } = c.orientation.grid;
      for (let b = 0; b < c.mask.blocks.length; b++) {
        if (!c.mask.blocks[b] || !w.mask.blocks[b]) continue;
        if (!layout.spread((b % cols) * blockSize + 4, ((b / cols) | 0) * blockSize + 4)) continue;
        let d = Math.abs(c.orientation.angle[b] - w.orientation.angle[b]); if (d > Math.PI / 2) d = Math.PI - d;
        n++; sum += d * 180 / Math.PI; if (d * 180 / Math.PI > 10) big++;
        if (axisDist(w.orientation.angle[b]) < axisDist(c.orientation.angle[b])) toward++;
      }
    }
    row[variant] = `EER ${eer.toFixed(2)} %, grey drop ${(drop / dropN).toFixed(1)}, spread blocks: mean |Δ| ${(sum / n).toFixed(2)}°, >10° ${(100 * big / n).toFixed(1)} %, toward an axis ${(100 * toward / n).toFixed(1)} %`;
  }
  console.log(`DB${k + 1}`, JSON.stringify(row));
}
