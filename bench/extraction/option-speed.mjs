#!/usr/bin/env node
// What an extraction option costs in time (issue 12): the 320 FVC2002 B images (DB2 resampled from
// 569 ppi) extracted with the shipped parameters and with the changes given, the two arms
// interleaved image by image (the order alternating) over two rounds after a warm-up of 40 images,
// so a shared machine's drift falls on both alike. Prints each arm's CPU median and mean per image
// and their paired mean difference. One thread.
//
//   npm run build && node bench/extraction/option-speed.mjs DATA_DIR '{"smearUndoMinCorrelation":0}'
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { extractTemplate } from '../../dist/extraction/index.js';
const [data, json] = process.argv.slice(2);
if (!data || !json) {
  console.error('usage: option-speed.mjs DATA_DIR \'{"PARAM":VALUE}\'');
  process.exit(2);
}
const sets = await readEvalSets(['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((n) => `${data}/fvc2002/${n}`));
const imgs = sets.flatMap((s) => s.items.map((it) => it.image));
const A = EXTRACTION_PARAMETERS, B = { ...EXTRACTION_PARAMETERS, ...JSON.parse(json) };
// an image without a print throws in both arms alike; its time still counts
for (const im of imgs.slice(0, 40)) { try { extractTemplate(im, { parameters: A }); extractTemplate(im, { parameters: B }); } catch {} }
const ta = [], tb = [];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let r = 0; r < 2; r++) for (const [i, im] of imgs.entries()) {
  const order = (i + r) % 2 ? [[A, ta], [B, tb]] : [[B, tb], [A, ta]];
  for (const [p, t] of order) { const c0 = cpu(); try { extractTemplate(im, { parameters: p }); } catch {} t.push(cpu() - c0); }
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const sum = (a) => a.reduce((x, y) => x + y, 0);
console.log(`shipped: CPU median ${med(ta).toFixed(2)} ms, mean ${(sum(ta)/ta.length).toFixed(2)}; with ${json}: median ${med(tb).toFixed(2)}, mean ${(sum(tb)/tb.length).toFixed(2)}; shipped − changed, paired mean ${((sum(ta)-sum(tb))/ta.length).toFixed(2)} ms`);
