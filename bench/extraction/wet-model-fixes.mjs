#!/usr/bin/env node
// An oracle-like check of an orientation option before any EER (issue 12, wet4): per set, over the
// blocks both the clean and the perturbed print's masks hold (both analysed with BASE, the seeds of
// `paired-option.mjs … KIND SEED`), the perturbed print's direction against the clean print's
// without the option: of the blocks off by > 10° with the option off, how many the option brings
// within 10° (fixed) and how many blocks within 10° it sends beyond (broken), the mean |Δθ| of the
// blocks off by > 10° before and after, and the share of blocks it changes. On the clean print
// itself: the share of blocks the option moves at all and by > 10°. Several option JSONs may be given
// (each judged against the same reference). Over the blocks the option changed: their mean |Δθ| and
// share > 10° before and after. ORIENTATION_INPAINT_MODEL (env): the inpainter's model file
// (useOrientationInpaintModel) for `orientationInpaintCoherence`.
//
//   node bench/extraction/wet-model-fixes.mjs DATA_DIR KIND SEED BASE_JSON OPTION_JSON [OPTION_JSON …] [--sets 3,4] [--every 1]
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { useOrientationInpaintModel } from '../../dist/extraction/inpaint-orientation-net.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const at = args.indexOf(name); return at >= 0 ? args.splice(at, 2)[1] : dflt; };
const pick = opt('--sets', '3,4').split(',').map(Number);
const every = Number(opt('--every', '1'));
const [dataDir, kind, seedText, baseText, ...options] = args;
const seed = Number(seedText);
const BASE = { ...EXTRACTION_PARAMETERS, ...JSON.parse(baseText) };
const variants = options.map((o) => ({ text: o, P: { ...BASE, ...JSON.parse(o) } }));
if (process.env.ORIENTATION_INPAINT_MODEL) useOrientationInpaintModel(process.env.ORIENTATION_INPAINT_MODEL);
const D = `${dataDir}/fvc2002`;
const all = [`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`];
const sets = await readEvalSets(pick.map((k) => all[k - 1]));
const TEN = (10 * Math.PI) / 180;
const gap = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return d; };
const deg = (r) => (r * 180) / Math.PI;
const out = [];
const t0 = Date.now();
for (const [k, set] of sets.entries()) {
  const acc = variants.map(() => ({ n: 0, far: 0, fixed: 0, broken: 0, farBefore: 0, farAfter: 0, changed: 0, cleanN: 0, cleanMoved: 0, cleanFar: 0, farAfterAll: 0, movedBefore: 0, movedAfter: 0, moved10Before: 0, moved10After: 0 }));
  for (const [i, item] of set.items.entries()) {
    if (i % every) continue;
    const p = perturbImage(item.image, kind, mixSeed(seed, 0, pick[k] - 1, i));
    let c; let w;
    try { c = prepareAnalysis(item.image, BASE); w = prepareAnalysis(p.image, BASE); } catch { continue; }
    const n = c.mask.blocks.length;
    for (const [v, { P }] of variants.entries()) {
      let wo; let co;
      try { wo = prepareAnalysis(p.image, P); co = prepareAnalysis(item.image, P); } catch { continue; }
      const a = acc[v];
      for (let b = 0; b < n; b++) {
        if (c.mask.blocks[b]) {
          a.cleanN++;
          const g = gap(c.orientation.angle[b], co.orientation.angle[b]);
          if (g > 1e-6) a.cleanMoved++;
          if (g > TEN) a.cleanFar++;
        }
        if (!(c.mask.blocks[b] && w.mask.blocks[b])) continue;
        const before = gap(c.orientation.angle[b], w.orientation.angle[b]);
        const after = gap(c.orientation.angle[b], wo.orientation.angle[b]);
        a.n++;
        if (Math.abs(before - after) > 1e-6 || w.orientation.angle[b] !== wo.orientation.angle[b]) {
          a.changed++; a.movedBefore += before; a.movedAfter += after;
          if (before > TEN) a.moved10Before++;
          if (after > TEN) a.moved10After++;
        }
        if (after > TEN) a.farAfterAll++;
        if (before > TEN) {
          a.far++; a.farBefore += before; a.farAfter += after;
          if (after <= TEN) a.fixed++;
        } else if (after > TEN) a.broken++;
      }
    }
  }
  out.push({
    set: set.label,
    variants: acc.map((a, v) => ({
      option: variants[v].text,
      blocks: a.n,
      farBefore: `${((100 * a.far) / a.n).toFixed(2)} %`,
      farAfter: `${((100 * a.farAfterAll) / a.n).toFixed(2)} %`,
      fixed: `${a.fixed} (${((100 * a.fixed) / a.far).toFixed(1)} % of far)`,
      broken: `${a.broken} (${((100 * a.broken) / (a.n - a.far)).toFixed(2)} % of near)`,
      farMeanDegBeforeAfter: `${deg(a.farBefore / a.far).toFixed(2)} / ${deg(a.farAfter / a.far).toFixed(2)}`,
      changed: `${((100 * a.changed) / a.n).toFixed(2)} %`,
      changedMeanDegBeforeAfter: `${deg(a.movedBefore / a.changed).toFixed(2)} / ${deg(a.movedAfter / a.changed).toFixed(2)}`,
      changedOver10BeforeAfter: `${((100 * a.moved10Before) / a.changed).toFixed(1)} / ${((100 * a.moved10After) / a.changed).toFixed(1)} %`,
      cleanMovedFar: `${((100 * a.cleanMoved) / a.cleanN).toFixed(2)} / ${((100 * a.cleanFar) / a.cleanN).toFixed(2)} %`,
    })),
  });
}
process.stdout.write(`${JSON.stringify({ kind, seed, base: JSON.parse(baseText), every, seconds: (Date.now() - t0) / 1000, sets: out }, null, 2)}\n`);
