#!/usr/bin/env node
// Per-print candidate measures for the wet gate of the real-texture ridge network (issue 12, realwet),
// from the classical fields before any network runs (prepareFields): per condition (clean, wet SEED)
// and set, the quantiles of
//   dark  share of foreground pixels darker than the middle of the print's 5–95 % grey range
//   coh   mean classical coherence over the foreground blocks
//   low   share of foreground blocks with classical coherence below 0.3
//
//   node bench/extraction/wet-gate-measures.mjs DATA_DIR [SEED] [--rows FILE]
import { writeFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { prepareFields } from '../../dist/extraction/index.js';
import { measureWideRidgeShare } from '../../dist/extraction/gate-ridge-net-wet.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--rows');
const rowsFile = at >= 0 ? args.splice(at, 2)[1] : undefined;
const [dataDir, seedText = '1'] = args;
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const q = (v, f = [0.1, 0.25, 0.5, 0.75, 0.9]) => { const a = Float64Array.from(v).sort(); return f.map((z) => a[Math.floor(z * (a.length - 1))].toFixed(3)).join(' / '); };
const rows = [];
for (const cond of ['clean', 'wet']) {
  const all = { wide: [], ndark: [], b75: [], b60: [], coh: [], low: [] };
  for (const [k, set] of sets.entries()) {
    const m = { wide: [], ndark: [], b75: [], b60: [], coh: [], low: [] };
    for (const [i, item] of set.items.entries()) {
      const image = cond === 'clean' ? item.image : perturbImage(item.image, 'wet', mixSeed(seed, 0, k, i)).image;
      const f = prepareFields(image, P);
      let c = 0, n = 0, low = 0;
      for (let b = 0; b < f.mask.blocks.length; b++) if (f.mask.blocks[b]) { n++; c += f.orientation.coherence[b]; if (f.orientation.coherence[b] < 0.3) low++; }
      let nd = 0, np = 0;
      for (let p = 0; p < f.mask.pixels.length; p++) if (f.mask.pixels[p]) { np++; if (f.normalized.data[p] < 0) nd++; }
      const g = f.mask.grid, bs = P.blockSize, duty = [];
      for (let by = 0; by < g.rows; by++) for (let bx = 0; bx < g.cols; bx++) {
        if (!f.mask.blocks[by * g.cols + bx]) continue;
        let a = 0, t = 0;
        for (let y = by * bs; y < Math.min(f.normalized.height, (by + 1) * bs); y++) for (let x = bx * bs; x < Math.min(f.normalized.width, (bx + 1) * bs); x++) { const p = y * f.normalized.width + x; if (!f.mask.pixels[p]) continue; t++; if (f.normalized.data[p] < 0) a++; }
        if (t > bs * bs / 2) duty.push(a / t);
      }
      duty.sort((u, v) => u - v);
      const r = { wide: measureWideRidgeShare(f.normalized, f.mask.pixels, f.mask.grid), ndark: nd / np, b75: duty[Math.floor(0.75 * (duty.length - 1))], b60: duty.filter((d) => d > 0.6).length / duty.length, coh: c / n, low: low / n };
      for (const key of Object.keys(m)) { m[key].push(r[key]); all[key].push(r[key]); }
      rows.push({ cond, set: k + 1, i, ...r });
    }
    for (const key of Object.keys(m)) console.log(`${cond} DB${k + 1} ${key}: ${q(m[key])}`);
  }
  for (const key of Object.keys(all)) console.log(`${cond} all ${key}: ${q(all[key])}`);
}
if (rowsFile) writeFileSync(rowsFile, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
