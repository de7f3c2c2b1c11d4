#!/usr/bin/env node
// The tails of the score distributions under a matching option (issue 12): the four FVC2002 B
// sets extracted clean (DB2 at 569 ppi), all pairs within each set scored with the shipped and
// with the changed parameters, and for each: the impostor scores' median, 99 % and 99.9 % points
// and maximum, the genuine scores' 5 % point and median, and how many genuine pairs score at or
// below the impostors' 99.9 % point (the genuine pairs lost at FMR 0.1 %, pooled over the sets).
// An option that lifts genuine pairs must not lift the impostor tail with them.
//
//   node bench/matching/score-tails.mjs DATA_DIR '{"PARAM":VALUE}'
//
// Figures in bench/RESULTS.md ("Elastic re-pairing").
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';

const [dataDir, changes] = process.argv.slice(2);
if (!dataDir || !changes) {
  process.stderr.write("usage: score-tails.mjs DATA_DIR '{\"PARAM\":VALUE}'\n");
  process.exit(2);
}
const change = JSON.parse(changes);
for (const k of Object.keys(change)) if (!(k in MATCHING_PARAMETERS)) throw new Error(`${k} is not a matching parameter`);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const templates = sets.map((s) => extractEvalSet(s).templates);
const at = (v, p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
const r1 = (x) => +x.toFixed(1);
const out = {};
for (const [name, params] of [['shipped', MATCHING_PARAMETERS], ['changed', { ...MATCHING_PARAMETERS, ...change }]]) {
  const impostor = [], genuine = [];
  sets.forEach((s, k) => {
    const { scores } = scoreEvalSet(s.fingers, templates[k], params);
    const n = s.fingers.length;
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (s.fingers[a] === s.fingers[b] ? genuine : impostor).push(scores[a * n + b]);
  });
  impostor.sort((x, y) => x - y); genuine.sort((x, y) => x - y);
  const t999 = at(impostor, 0.999);
  out[name] = {
    impostors: impostor.length, impostorMedian: r1(at(impostor, 0.5)), impostor99: r1(at(impostor, 0.99)), impostor999: r1(t999), impostorMax: r1(impostor[impostor.length - 1]),
    genuine: genuine.length, genuine5: r1(at(genuine, 0.05)), genuineMedian: r1(at(genuine, 0.5)), genuineAtOrBelowImpostor999: genuine.filter((g) => g <= t999).length,
  };
}
process.stdout.write(`${JSON.stringify({ changes: change, ...out }, null, 2)}\n`);
