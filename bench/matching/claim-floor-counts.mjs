#!/usr/bin/env node
// The FMR claim's minutiae floor (issue 12, part 6, fewclaim; bench/RESULTS.md "No FMR claimed for a
// 1:1 pair of too few minutiae"): counts only, no score is computed. The four clean FVC2002 B sets
// (DB2 at 569 ppi), the shipped extraction; every pair of images of different fingers, within and
// across sets (the pairs SCORE_CALIBRATION was fitted on), by the pair's smaller prepared minutiae
// count (min(count, maxMinutiae)). Prints the templates' counts, the distinct (unordered) and
// ordered impostor pairs per smaller count, the five-count windows [m, m + 4], and N by the rule
// fixed in RESULTS: the smallest m whose window holds at least 3,000 distinct impostor pairs.
//
//   node bench/matching/claim-floor-counts.mjs DATA_DIR [WINDOW=5] [NEEDED=3000]
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';

const [dataDir, windowText = '5', neededText = '3000'] = process.argv.slice(2);
if (!dataDir) { process.stderr.write('usage: claim-floor-counts.mjs DATA_DIR [WINDOW] [NEEDED]\n'); process.exit(2); }
const W = Number(windowText), needed = Number(neededText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const all = []; // { finger: 'set:finger', count | null }
sets.forEach((s, si) => {
  const { templates } = extractEvalSet(s);
  templates.forEach((t, k) => all.push({ finger: `${si}:${s.fingers[k]}`, set: si, count: t ? Math.min(t.minutiae.length, MATCHING_PARAMETERS.maxMinutiae, 255) : null }));
});
const failed = all.filter((a) => a.count === null).length;
const TOP = 256;
const distinct = new Array(TOP).fill(0), genuineDistinct = new Array(TOP).fill(0);
for (let a = 0; a < all.length; a++) for (let b = a + 1; b < all.length; b++) {
  const ca = all[a].count, cb = all[b].count;
  if (ca === null || cb === null) continue; // a failure to enrol has no count (and no claim)
  const m = Math.min(ca, cb);
  (all[a].finger === all[b].finger ? genuineDistinct : distinct)[m]++;
}
const window = (m) => { let s = 0; for (let k = m; k < Math.min(TOP, m + W); k++) s += distinct[k]; return s; };
let N = null;
for (let m = 0; m < TOP; m++) if (window(m) >= needed) { N = m; break; }
const counts = all.filter((a) => a.count !== null).map((a) => a.count).sort((x, y) => x - y);
const perSetMin = sets.map((_, si) => Math.min(...all.filter((a) => a.set === si && a.count !== null).map((a) => a.count)));
const below = (n) => distinct.slice(0, n).reduce((s, v) => s + v, 0);
const total = distinct.reduce((s, v) => s + v, 0), genuineTotal = genuineDistinct.reduce((s, v) => s + v, 0);
process.stdout.write(`templates ${counts.length} (failed to enrol ${failed}); counts min ${counts[0]}, 1st/5th/50th percentile ${counts[Math.floor(0.01 * counts.length)]}/${counts[Math.floor(0.05 * counts.length)]}/${counts[Math.floor(0.5 * counts.length)]}; lowest ten ${counts.slice(0, 10).join(' ')}; per-set lowest ${perSetMin.join(' / ')}\n`);
process.stdout.write(`distinct impostor pairs ${total} (ordered ${2 * total}), distinct genuine ${genuineTotal}\n`);
process.stdout.write(`smaller count m: distinct impostor pairs at m | window [m, m+${W - 1}] distinct (ordered) | cumulative below m distinct | genuine distinct at m\n`);
const last = N === null ? 40 : N + 8;
for (let m = counts[0]; m <= last; m++) process.stdout.write(`${String(m).padStart(3)}: ${String(distinct[m]).padStart(6)} | ${String(window(m)).padStart(6)} (${2 * window(m)}) | ${String(below(m)).padStart(6)} | ${genuineDistinct[m]}\n`);
process.stdout.write(`N (smallest m with window >= ${needed} distinct impostor pairs) = ${N}; distinct impostor pairs below N: ${N === null ? '-' : below(N)} of ${total}; genuine below N: ${N === null ? '-' : genuineDistinct.slice(0, N).reduce((s, v) => s + v, 0)} of ${genuineTotal}\n`);
let Nord = null;
for (let m = 0; m < TOP; m++) if (2 * window(m) >= needed) { Nord = m; break; }
process.stdout.write(`(not deciding) the same rule on ordered pairs: N = ${Nord}\n`);
