#!/usr/bin/env node
// Who opens the second pass at wider root tolerances (wideRootFactor, issue 12, strongwarp), and
// what it moves: the clean and the elastic ("real") templates of an elastic-oracle.mjs cache (the
// four FVC2002 B sets, DB2 at 569 ppi, the cache's seed and --strength), every unordered pair of a
// set compared shipped and with each change. Per change and arm: the share of genuine and impostor
// comparisons whose shipped score (and shipped best-pairing size, compareTemplatesEvidence's
// `pairs`) opens the gate as the matcher decides it (band [score at FMR wideRootBandLowFmr, score
// at FMR wideRootBandHighFmr) of the shipped calibration table; pairs < wideRootBelowPairs); the
// comparisons whose score rises; the crossings of each set's shipped impostor threshold at FMR 1 %
// (≈ the EER's; genuine gained, impostors new) and at 0.1 %; the mean EER over the four sets
// (no bootstrap: elastic-oracle.mjs --compare gives the intervals); CPU time per comparison of
// the shipped and the changed matcher over the same pairs (a rough speed: ab-parameters.mjs is
// the speed bench).
//
//   node bench/matching/elastic-oracle.mjs DATA_DIR SEED --suite-draws --strength F --cache FILE   # writes the cache
//   node bench/matching/wide-root-gate.mjs DATA_DIR FILE '[{"wideRootFactor":1.5}, …]'
//
// One JSON object a line, per change. Figures in bench/RESULTS.md ("… root tolerances for strongly
// distorted pairs …", strongwarp).
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { allPairsErrorRates, compareTemplates, compareTemplatesEvidence, fmrToThreshold, prepareTemplate } from '../../dist/matching/index.js';

const [dataDir, cacheFile, changes] = process.argv.slice(2);
if (!dataDir || !cacheFile || !changes) {
  process.stderr.write("usage: wide-root-gate.mjs DATA_DIR CACHE '[{…}]'\n");
  process.exit(2);
}
const cache = deserialize(readFileSync(cacheFile));
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const ARMS = ['clean', 'real'];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };

// the shipped scores, pairing sizes and thresholds, once per arm and set
const shipped = Object.fromEntries(ARMS.map((arm) => [arm, sets.map((s, k) => {
  const prepared = cache.arms[arm][k].map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
  const n = prepared.length, pairs = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    const pa = prepared[a], pb = prepared[b];
    const size = pa && pb ? compareTemplatesEvidence(pa, pb, MATCHING_PARAMETERS).pairs : 0;
    pairs.push({ a, b, genuine: s.fingers[a] === s.fingers[b], size });
  }
  // timed apart from the evidence, over the same pairs as the change below
  const t0 = cpu();
  for (const x of pairs) { const pa = prepared[x.a], pb = prepared[x.b]; x.score = pa && pb ? compareTemplates(pa, pb, MATCHING_PARAMETERS) : 0; }
  const ms = cpu() - t0;
  const imp = pairs.filter((x) => !x.genuine).map((x) => x.score).sort((u, v) => v - u);
  const scores = new Float64Array(n * n);
  for (const x of pairs) scores[x.a * n + x.b] = x.score;
  return { prepared, pairs, ms, t1: imp[Math.floor(0.01 * imp.length)], t01: imp[Math.floor(0.001 * imp.length)], eer: allPairsErrorRates({ fingers: s.fingers, scores }).eer };
})]));

const mean = (v) => v.reduce((x, y) => x + y, 0) / v.length;
for (const change of [].concat(JSON.parse(changes))) {
  for (const key of Object.keys(change)) if (!(key in MATCHING_PARAMETERS)) throw new Error(`${key} is not a matching parameter`);
  const params = { ...MATCHING_PARAMETERS, ...change };
  const low = params.wideRootBandLowFmr >= 1 ? 0 : fmrToThreshold(params.wideRootBandLowFmr);
  const high = params.wideRootBandHighFmr > 0 ? fmrToThreshold(params.wideRootBandHighFmr) : Infinity;
  const out = { change, cache: { seed: cache.seed, strength: cache.strength ?? 1 }, band: [+low.toFixed(3), high === Infinity ? null : +high.toFixed(3)], arms: {} };
  for (const arm of ARMS) {
    const r = { open: [0, 0], total: [0, 0], up: [0, 0], gained1: 0, new1: 0, gained01: 0, new01: 0, eerShipped: [], eer: [], msShipped: 0, ms: 0 };
    for (const [k, s] of sets.entries()) {
      const { pairs, ms, t1, t01, eer } = shipped[arm][k];
      // prepared under the change (root tolerances file the edges in another grid)
      const prepared = cache.arms[arm][k].map((t) => (t ? prepareTemplate(t, params) : null));
      const n = prepared.length;
      const scores = new Float64Array(n * n);
      const t0 = cpu();
      for (const x of pairs) { const pa = prepared[x.a], pb = prepared[x.b]; scores[x.a * n + x.b] = pa && pb ? compareTemplates(pa, pb, params) : 0; }
      r.ms += cpu() - t0; r.msShipped += ms;
      for (const x of pairs) {
        const g = x.genuine ? 0 : 1, s1 = scores[x.a * n + x.b];
        r.total[g]++;
        if (params.wideRootFactor > 0 && x.score >= low && x.score < high && (params.wideRootBelowPairs <= 0 || x.size < params.wideRootBelowPairs)) r.open[g]++;
        if (s1 > x.score) r.up[g]++;
        const crossed = (t) => x.score <= t && s1 > t;
        if (crossed(t1)) { if (x.genuine) r.gained1++; else r.new1++; }
        if (crossed(t01)) { if (x.genuine) r.gained01++; else r.new01++; }
      }
      r.eerShipped.push(+(100 * eer).toFixed(2));
      r.eer.push(+(100 * allPairsErrorRates({ fingers: s.fingers, scores }).eer).toFixed(2));
    }
    const pct = (a, b) => +((100 * a) / b).toFixed(1);
    out.arms[arm] = {
      openGenuinePercent: pct(r.open[0], r.total[0]), openImpostorPercent: pct(r.open[1], r.total[1]),
      upGenuine: r.up[0], upImpostor: r.up[1], genuine: r.total[0], impostor: r.total[1],
      fmr1: { genuineGained: r.gained1, impostorsNew: r.new1 }, fmr01: { genuineGained: r.gained01, impostorsNew: r.new01 },
      meanEerPercent: { shipped: +mean(r.eerShipped).toFixed(2), changed: +mean(r.eer).toFixed(2), perSetShipped: r.eerShipped.join(' / '), perSetChanged: r.eer.join(' / ') },
      cpuMsPerComparison: { shipped: +(r.msShipped / (r.total[0] + r.total[1])).toFixed(4), changed: +(r.ms / (r.total[0] + r.total[1])).toFixed(4), ratio: +(r.ms / r.msShipped).toFixed(2) },
    };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
