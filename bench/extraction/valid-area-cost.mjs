#!/usr/bin/env node
// In-process A/B of the extraction without and with the valid area (validAreaCell 12): CPU ms per
// image over every 4th image of the four FVC2002 B sets (DB2 at 569 ppi), 6 rounds, the order
// alternating; the median ratio on/off. Figures in bench/RESULTS.md ("The valid area", zone).
//
//   node bench/extraction/valid-area-cost.mjs DATA_DIR [ON_JSON [OFF_JSON]]
//
// ON_JSON / OFF_JSON: the two arms' parameter changes (default {"validAreaCell":12} against none),
// e.g. '{"validAreaCell":12,"validAreaErosion":8}' '{"validAreaCell":12}' for the erosion's own cost.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { extractTemplate } from '../../dist/extraction/index.js';
const dataDir = process.argv[2] ?? '/work/shared/data';
const sets = await readEvalSets(['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((s) => `${dataDir}/fvc2002/${s}`));
const images = sets.flatMap((s) => s.items.filter((_, i) => i % 4 === 0).map((it) => it.image));
const on = JSON.parse(process.argv[3] ?? '{"validAreaCell":12}'), off = JSON.parse(process.argv[4] ?? '{}');
const variants = [{ ...EXTRACTION_PARAMETERS, ...off }, { ...EXTRACTION_PARAMETERS, ...on }];
const med = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const ratios = [], per = [[], []];
for (let r = 0; r < 6; r++) {
  const order = r % 2 ? [1, 0] : [0, 1];
  const ms = [0, 0];
  for (const k of order) {
    const t0 = process.cpuUsage();
    for (const im of images) extractTemplate(im, { parameters: variants[k] });
    const d = process.cpuUsage(t0);
    ms[k] = (d.user + d.system) / 1000 / images.length;
  }
  per[0].push(ms[0]); per[1].push(ms[1]); ratios.push(ms[1] / ms[0]);
}
console.log(JSON.stringify({ images: images.length, msOff: per[0].map((x) => x.toFixed(1)), msOn: per[1].map((x) => x.toFixed(1)), medianRatio: med(ratios).toFixed(3) }));
