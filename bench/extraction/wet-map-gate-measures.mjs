#!/usr/bin/env node
// The wet map gate's measure (issue 12, wetgate2): per print, the share of foreground blocks where the
// shipped ridge network's map (the field's run, readFieldFromRidgeNet) has coherence below 0.6
// (measureUnclearMapShare), with realwet's wide-ridge share beside it; per condition (clean, wet SEED)
// and set the quantiles 10 / 25 / 50 / 75 / 90 %, min and max, and how many prints open at each T.
//
//   node bench/extraction/wet-map-gate-measures.mjs DATA_DIR [SEED] [--rows FILE] [--t T1,T2,…]
import { writeFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { prepareFields, readFieldFromRidgeNet } from '../../dist/extraction/index.js';
import { measureUnclearMapShare, measureWideRidgeShare } from '../../dist/extraction/gate-ridge-net-wet.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const take = (flag) => { const at = args.indexOf(flag); return at >= 0 ? args.splice(at, 2)[1] : undefined; };
const rowsFile = take('--rows');
const ts = (take('--t') ?? '0.2,0.3,0.4,0.5,0.6').split(',').map(Number);
const [dataDir, seedText = '1'] = args;
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const q = (v) => { const a = Float64Array.from(v).sort(); return [0.1, 0.25, 0.5, 0.75, 0.9].map((z) => a[Math.floor(z * (a.length - 1))].toFixed(3)).join(' / ') + ` (min ${a[0].toFixed(3)}, max ${a[a.length - 1].toFixed(3)})`; };
const rows = [];
for (const cond of ['clean', 'wet']) {
  for (const [k, set] of sets.entries()) {
    const unclear = [], wide = [];
    for (const [i, item] of set.items.entries()) {
      const image = cond === 'clean' ? item.image : perturbImage(item.image, 'wet', mixSeed(seed, 0, k, i)).image;
      const f = prepareFields(image, P);
      const read = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, P);
      const r = { unclear: measureUnclearMapShare(read.mapCoherence, f.mask.blocks), wide: measureWideRidgeShare(f.normalized, f.mask.pixels, f.mask.grid) };
      // diagnosis: the share below other coherence cuts, and the mean map coherence, over the foreground blocks
      let n = 0, sum = 0; const below = [0.7, 0.8, 0.85, 0.9].map(() => 0);
      for (let b = 0; b < f.mask.blocks.length; b++) if (f.mask.blocks[b]) { n++; const c = read.mapCoherence[b]; sum += c; [0.7, 0.8, 0.85, 0.9].forEach((cut, j) => { if (c < cut) below[j]++; }); }
      Object.assign(r, { mean: sum / n, u70: below[0] / n, u80: below[1] / n, u85: below[2] / n, u90: below[3] / n });
      unclear.push(r.unclear); wide.push(r.wide);
      rows.push({ cond, set: k + 1, i, ...r });
    }
    console.log(`${cond} DB${k + 1} unclear: ${q(unclear)}; open at ${ts.map((t) => `${t}:${unclear.filter((u) => u >= t).length}`).join(' ')}`);
    console.log(`${cond} DB${k + 1} wide:    ${q(wide)}`);
  }
}
if (rowsFile) writeFileSync(rowsFile, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
