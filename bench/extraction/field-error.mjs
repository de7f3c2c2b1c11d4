#!/usr/bin/env node
// The orientation field's error where it matters (issue 12): every image of the four FVC2002 B
// sets is extracted clean with the shipped parameters (the reference field R and minutiae) and,
// with the option given, clean (C) and perturbed (P, `--kinds KIND` alone's draws). At each
// reference minutia ≥ 16 px from the image sides, the ridge direction interpolated as the
// enhancement reads it is compared: |P − R| (the perturbed field's error), |C − R| (what the
// option moves on clean prints) and |P − C|; and the minutia counts as lost when P's template
// has none within 12 px and 30°. Minutiae are split by the fade: "faded" where the perturbed
// image's block contrast is below half of the clean image's, and the faded ones by whether
// they lie inside the perturbed image's mask.
//
//   node bench/extraction/field-error.mjs DATA_DIR ['{"PARAM":VALUE}'] [KIND] [SEED]
//
// Figures in bench/RESULTS.md ("The orientation field's window").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { analyzeFingerprint } from '../../dist/extraction/analyze-fingerprint.js';
import { extractFromAnalysis } from '../../dist/extraction/extract-template.js';
import { sampleBlockMap } from '../../dist/extraction/filters.js';

const [dataDir, changes = '{}', kind = 'low-contrast', seedText = '1'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: field-error.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [KIND] [SEED]\n");
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const params = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const BORDER = 16;
const angleAt = (o, x, y) => {
  const { cols, rows, blockSize } = o.grid;
  return 0.5 * Math.atan2(sampleBlockMap(o.sin2, cols, rows, blockSize, x, y), sampleBlockMap(o.cos2, cols, rows, blockSize, x, y));
};
const diff = (a, b, x, y) => {
  let d = Math.abs(angleAt(a, x, y) - angleAt(b, x, y));
  if (d > Math.PI / 2) d = Math.PI - d;
  return (d * 180) / Math.PI;
};
const near = (m, c) => (m.x - c.x) ** 2 + (m.y - c.y) ** 2 <= 144 && Math.abs(((m.angle - c.angle + 3 * Math.PI) % (2 * Math.PI)) - Math.PI) <= Math.PI / 6;
const groups = {};
const g = (name) => (groups[name] ??= { n: 0, lost: 0, pr: [], cr: 0, pc: 0 });
for (const [k, set] of sets.entries()) {
  for (const [i, item] of set.items.entries()) {
    if (!item || !('image' in item)) continue;
    const I = item.image;
    const Q = perturbImage(I, kind, mixSeed(seed, 0, k, i)).image;
    let R, C, P;
    try {
      R = analyzeFingerprint(I, EXTRACTION_PARAMETERS);
      C = analyzeFingerprint(I, params);
      P = analyzeFingerprint(Q, params);
    } catch { continue; }
    const tR = extractFromAnalysis(I, R, EXTRACTION_PARAMETERS, NO_DEBUG);
    const tP = extractFromAnalysis(Q, P, params, NO_DEBUG);
    const { cols, blockSize } = R.mask.grid;
    for (const m of tR.minutiae) {
      if (m.x < BORDER || m.y < BORDER || m.x >= I.width - BORDER || m.y >= I.height - BORDER) continue;
      const b = ((m.y / blockSize) | 0) * cols + ((m.x / blockSize) | 0);
      const faded = P.mask.contrast[b] < 0.5 * R.mask.contrast[b];
      const inside = P.mask.pixels[m.y * I.width + m.x] ? 'inside P mask' : 'outside P mask';
      for (const name of [`DB${k + 1} ${faded ? 'faded' : 'not faded'}`, faded ? 'all faded' : 'all not faded', `DB${k + 1} faded ${inside}`, `all faded ${inside}`]) {
        if (name.includes('inside') || name.includes('outside')) { if (!faded) continue; }
        const e = g(name);
        e.n++;
        if (!tP.minutiae.some((c) => near(m, c))) e.lost++;
        e.pr.push(diff(P.orientation, R.orientation, m.x, m.y));
        e.cr += diff(C.orientation, R.orientation, m.x, m.y);
        e.pc += diff(P.orientation, C.orientation, m.x, m.y);
      }
    }
  }
}
const out = {};
for (const [name, e] of Object.entries(groups).sort()) {
  e.pr.sort((a, b) => a - b);
  const mean = e.pr.reduce((a, b) => a + b, 0) / e.n;
  out[name] = {
    minutiae: e.n,
    lost: `${((100 * e.lost) / e.n).toFixed(1)} %`,
    'P−R mean / p90 / >10°': `${mean.toFixed(2)}° / ${e.pr[Math.floor(0.9 * e.n)].toFixed(1)}° / ${((100 * e.pr.filter((d) => d > 10).length) / e.n).toFixed(1)} %`,
    'C−R mean': `${(e.cr / e.n).toFixed(2)}°`,
    'P−C mean': `${(e.pc / e.n).toFixed(2)}°`,
  };
}
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), kind, seed, ...out }, null, 2)}\n`);
