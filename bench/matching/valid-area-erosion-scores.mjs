#!/usr/bin/env node
// What the valid area's erosion (validAreaErosion) changes in the matcher's scores (issue 12,
// bench/RESULTS.md "The valid area", zone2): over the four FVC2002 B sets (DB2 at 569 ppi, our
// extraction with validAreaCell 12), every genuine pair and every 5th impostor pair (unordered),
// compared with the shipped matcher, and with validAreaShare 1, validAreaFloor 0.8 on the plain
// and on the eroded maps. Prints per class: pairs, scores the erosion changes, scores the area
// factor raises (plain map, eroded map); the geometric mean of score on / shipped (positive scores).
//
//   node bench/matching/valid-area-erosion-scores.mjs DATA_DIR [EROSION]
const D = new URL('../../dist/', import.meta.url).href;
const dataDir = process.argv[2] ?? '/work/shared/data', erosion = Number(process.argv[3] ?? 8);
const { readEvalSets } = await import(D + 'cli/commands/eval-sets.js');
const { extractTemplate } = await import(D + 'extraction/index.js');
const { EXTRACTION_PARAMETERS } = await import(D + 'config/parameters.js');
const { MATCHING_PARAMETERS } = await import(D + 'config/parameters/matching.js');
const m = await import(D + 'matching/index.js');
const sets = await readEvalSets(['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((s) => `${dataDir}/fvc2002/${s}`));
const on = { ...MATCHING_PARAMETERS, validAreaShare: 1, validAreaFloor: 0.8 };
const off = MATCHING_PARAMETERS;
const stat = { gen: [0, 0, 0, 0], imp: [0, 0, 0, 0] };
// summed log ratios on/off over the pairs the shipped matcher scores above 0 (plain, eroded), and their count
const logs = { gen: [0, 0, 0], imp: [0, 0, 0] };
for (const s of sets) {
  const items = s.items;
  const A = [], B = [];
  for (const it of items) {
    A.push(extractTemplate(it.image, { parameters: { ...EXTRACTION_PARAMETERS, validAreaCell: 12 } }));
    B.push({ ...A.at(-1), validArea: extractTemplate(it.image, { parameters: { ...EXTRACTION_PARAMETERS, validAreaCell: 12, validAreaErosion: erosion } }).validArea });
  }
  const pa = A.map((t) => m.prepareTemplate(t, on)), pb = B.map((t) => m.prepareTemplate(t, on)), po = A.map((t) => m.prepareTemplate(t, off));
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const g = s.fingers[i] === s.fingers[j];
    const k = g ? stat.gen : stat.imp;
    if (!g && (i + j) % 5 !== 0) continue;
    const so = m.compareTemplates(po[i], po[j], off), sa = m.compareTemplates(pa[i], pa[j], on), sb = m.compareTemplates(pb[i], pb[j], on);
    const l = g ? logs.gen : logs.imp;
    if (so > 0 && sa > 0 && sb > 0) { l[0] += Math.log(sa / so); l[1] += Math.log(sb / so); l[2]++; }
    k[0]++; if (sa !== sb) k[1]++; if (sa > so * 1.0001) k[2]++; if (sb > so * 1.0001) k[3]++;
  }
}
console.log(JSON.stringify({ erosion, order: ['pairs', 'changed by the erosion', 'raised by the area (plain)', 'raised by the area (eroded)'], genuine: stat.gen, impostor: stat.imp, meanRaise: Object.fromEntries(Object.entries(logs).map(([c, l]) => [c, { plain: Math.exp(l[0] / l[2]).toFixed(3), eroded: Math.exp(l[1] / l[2]).toFixed(3) }])) }));
