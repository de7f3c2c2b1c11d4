#!/usr/bin/env node
// How an extraction option moves a wet print's fields against the clean print's (issue 12, wet3):
// over every second image of the four FVC2002 B sets (the seeds of `paired-option.mjs … wet 1`), the
// clean print analysed with the base ({"frequencyFromRidgeNet":1}) is the reference; the wet print is
// analysed with the base and with the base plus OPTION. Per set: the share of the wet blocks whose
// direction the option changed and their mean |Δθ| from the clean field without / with it; the share
// of blocks off by > 10° and of periods off by > 1 px without / with it; and on the clean prints the
// share of blocks whose direction or period the option changed and their mean direction move.
//
//   node bench/extraction/wet-option-field-moves.mjs '{"orientationFromRidgeNetFillCoherence":0.6}'
//
// Figures in bench/RESULTS.md ("Where a wet print's cost sits with the period read from the network").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
const B = { ...EXTRACTION_PARAMETERS, frequencyFromRidgeNet: 1 };
const O = { ...B, ...JSON.parse(process.argv[2]) };
const D = '/work/shared/data/fvc2002';
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const gap = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return d * 180 / Math.PI; };
for (const [k, set] of sets.entries()) {
  const acc = { ch: 0, n: 0, eOff: 0, eOn: 0, far10Off: 0, far10On: 0, cleanCh: 0, cleanN: 0, cleanMove: 0, pOff: 0, pOn: 0 };
  for (const [i, item] of set.items.entries()) {
    if (i % 2) continue;
    const p = perturbImage(item.image, 'wet', mixSeed(1, 0, k, i));
    const c = prepareAnalysis(item.image, B), wOff = prepareAnalysis(p.image, B), wOn = prepareAnalysis(p.image, O), cOn = prepareAnalysis(item.image, O);
    for (let b = 0; b < c.mask.blocks.length; b++) {
      if (c.mask.blocks[b]) { acc.cleanN++; const m = gap(c.orientation.angle[b], cOn.orientation.angle[b]); if (m > 1e-6 || c.frequency.period[b] !== cOn.frequency.period[b]) { acc.cleanCh++; acc.cleanMove += m; } }
      if (!c.mask.blocks[b] || !wOff.mask.blocks[b]) continue;
      acc.n++;
      const eOff = gap(c.orientation.angle[b], wOff.orientation.angle[b]), eOn = gap(c.orientation.angle[b], wOn.orientation.angle[b]);
      acc.far10Off += eOff > 10; acc.far10On += eOn > 10;
      acc.pOff += Math.abs(wOff.frequency.period[b] - c.frequency.period[b]) > 1; acc.pOn += Math.abs(wOn.frequency.period[b] - c.frequency.period[b]) > 1;
      if (wOff.orientation.angle[b] !== wOn.orientation.angle[b]) { acc.ch++; acc.eOff += eOff; acc.eOn += eOn; }
    }
  }
  console.log(set.label.slice(-6), `wet: changed ${(100 * acc.ch / acc.n).toFixed(1)} % of blocks, their error ${(acc.eOff / acc.ch).toFixed(2)} -> ${(acc.eOn / acc.ch).toFixed(2)} deg; >10deg ${(100 * acc.far10Off / acc.n).toFixed(2)} -> ${(100 * acc.far10On / acc.n).toFixed(2)} %; period >1px ${(100 * acc.pOff / acc.n).toFixed(2)} -> ${(100 * acc.pOn / acc.n).toFixed(2)} % | clean: changed ${(100 * acc.cleanCh / acc.cleanN).toFixed(1)} % blocks, mean move ${(acc.cleanMove / Math.max(1, acc.cleanCh)).toFixed(2)} deg`);
}
