#!/usr/bin/env node
// Cost per finger of the learned minutia check (issue 12): the FVC2002 B images analysed once,
// then the stages after the analysis (extractFromAnalysis: skeleton, minutiae, cleaning, check)
// timed in one process with the shipped parameters and with the changes given, alternated
// image by image and round by round (CPU time of this process). Prints per variant the median
// CPU ms per image of those stages and the median of the paired per-image differences, and how
// many minutiae the check judged per image (those where the reliability is below
// `minutiaCheckMaxReliability`).
//
//   node bench/extraction/check-cost.mjs DATA_DIR '{"minutiaCheckThreshold":0.1,"minutiaCheckMaxReliability":0.5}' [ROUNDS]
//
// Figures in bench/RESULTS.md.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis } from '../../dist/extraction/index.js';
import { sampleBlockMap } from '../../dist/extraction/filters.js';
import { mapReliability } from '../../dist/extraction/map-reliability.js';

const [dataDir, changes, roundsText = '3'] = process.argv.slice(2);
if (!dataDir || !changes) {
  process.stderr.write("usage: check-cost.mjs DATA_DIR '{\"PARAM\":VALUE}' [ROUNDS]\n");
  process.exit(2);
}
const A = EXTRACTION_PARAMETERS;
const B = { ...A, ...JSON.parse(changes) };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const items = sets.flatMap((s) => s.items.map((item) => ({ image: item.image, analysis: analyzeFingerprint(item.image, A) })));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const time = (item, P) => { const t0 = cpu(); extractFromAnalysis(item.image, item.analysis, P, NO_DEBUG); return cpu() - t0; };
// warm-up (loads the model)
for (const item of items.slice(0, 10)) { time(item, A); time(item, B); }
const rounds = Number(roundsText);
const ta = [], tb = [], diff = [];
for (let r = 0; r < rounds; r++) {
  items.forEach((item, i) => {
    const first = (r + i) % 2 === 0;
    const a = first ? time(item, A) : 0;
    const b = time(item, B);
    const a2 = first ? a : time(item, A);
    ta.push(a2); tb.push(b); diff.push(b - a2);
  });
}
const median = (v) => { const s = [...v].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const counts = items.map(({ image, analysis }) => {
  const t = extractFromAnalysis(image, analysis, A, NO_DEBUG);
  if (!(B.minutiaCheckMaxReliability < 1)) return t.minutiae.length;
  const rel = mapReliability(analysis.mask, analysis.orientation, analysis.frequency, B);
  const { cols, rows, blockSize } = analysis.frequency.grid;
  return t.minutiae.filter((m) => sampleBlockMap(rel, cols, rows, blockSize, m.x, m.y) < B.minutiaCheckMaxReliability).length;
});
process.stdout.write(`${JSON.stringify({
  changes: JSON.parse(changes), rounds, images: items.length,
  shippedMedianMs: median(ta).toFixed(2), optionMedianMs: median(tb).toFixed(2), pairedDifferenceMedianMs: median(diff).toFixed(2),
  minutiaeJudgedPerImage: { median: median(counts), mean: (counts.reduce((a, b) => a + b, 0) / counts.length).toFixed(1) },
}, null, 2)}\n`);
