#!/usr/bin/env node
// How much each count discount shrinks a print's normalisation count (issue 12, edge2): the
// ratio weightSum (with the option) / weightSum (shipped) per template, on the four FVC2002 B sets
// clean and with one perturbation kind (the images `afis eval perturb --kinds KIND --seed SEED`
// makes), by the template's quality. A form whose ratio falls with the print's quality or under a
// perturbation raises that print's impostor scores with its genuine ones (the held-out
// calibration's quality band 20-70).
//
//   node bench/matching/count-ratio.mjs DATA_DIR KIND SEED 'NAME:{"countQualityFloor":0.25}' ...
//
// Templates carry a valid area (validAreaCell 12) for the edge forms; the shipped matcher ignores it.
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareTemplate } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, kind, seedText, ...variants] = process.argv.slice(2);
if (!dataDir || !kind || !seedText || variants.length === 0) {
  process.stderr.write("usage: count-ratio.mjs DATA_DIR KIND SEED 'NAME:{JSON}' ...\n");
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const extraction = { ...EXTRACTION_PARAMETERS, validAreaCell: 12 };
const extract = (perturbed) => sets.flatMap((s, k) => extractEvalSet(s, perturbed
  ? { parameters: extraction, transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image }
  : { parameters: extraction }).templates.map((t) => ({ t, set: k })));
const groups = { clean: extract(false), [kind]: extract(true) };
const mean = (v) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
const out = {};
for (const spec of variants) {
  const at = spec.indexOf(':');
  const name = spec.slice(0, at), params = { ...MATCHING_PARAMETERS, ...JSON.parse(spec.slice(at + 1)) };
  out[name] = {};
  for (const [g, list] of Object.entries(groups)) {
    const rows = list.filter((x) => x.t).map(({ t, set }) => ({ set, q: t.quality, r: prepareTemplate(t, params).weightSum / prepareTemplate(t).weightSum }));
    const by = (f) => { const v = rows.filter(f).map((x) => x.r); return { n: v.length, meanRatio: +mean(v).toFixed(3) }; };
    out[name][g] = {
      all: by(() => true), quality20to70: by((x) => x.q < 70), quality70to90: by((x) => x.q >= 70 && x.q < 90), quality90up: by((x) => x.q >= 90),
      perSet: [0, 1, 2, 3].map((k) => by((x) => x.set === k).meanRatio),
    };
  }
}
process.stdout.write(`${JSON.stringify({ kind, seed, ratios: out }, null, 2)}\n`);
