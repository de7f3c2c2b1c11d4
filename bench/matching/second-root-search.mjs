#!/usr/bin/env node
// Who the second root search (secondRootSearchBelowPairs, issue 12, weakroots) reaches, and whom
// it lifts: the four FVC2002 B sets extracted once, clean or perturbed with the draws of
// paired-matching-option.mjs (KIND, SEED; KIND `clean` for none), every pair compared shipped
// (its score and best-pairing size, compareTemplatesEvidence's `pairs`) and with each change.
//
//   node bench/matching/second-root-search.mjs DATA_DIR '[{"secondRootSearchBelowPairs":6,"secondRootSearchRoots":16}]' [KIND] [SEED]
//
// Per change and set: the gate's opening (genuine / impostor share with shipped pairs < N), the
// scores the change moves (up / down, genuine and impostor), and the crossings of the set's
// shipped impostor thresholds at FMR 1 % (≈ the EER's) and 0.1 %: genuine pairs carried from
// below to at-or-above (gained), impostors carried likewise (new false matches), with the
// quartiles of the shipped pairing size of those carried. One JSON object a line, per change.
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplates, compareTemplatesEvidence } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, changes, kind = 'clean', seedText = '1'] = process.argv.slice(2);
if (!dataDir || !changes) {
  process.stderr.write("usage: second-root-search.mjs DATA_DIR '[{…}]' [KIND|clean] [SEED]\n");
  process.exit(2);
}
const seed = Number(seedText);
const changeList = [].concat(JSON.parse(changes));
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const templates = sets.map((s, k) => extractEvalSet(s, kind === 'clean' ? {} : { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image }).templates);
const quart = (v) => {
  if (!v.length) return '–';
  const s = [...v].sort((a, b) => a - b), q = (f) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  return `${q(0.25)}/${q(0.5)}/${q(0.75)}`;
};
// the shipped scores and pairing sizes, once
const shipped = sets.map((s, k) => {
  const prepared = templates[k].map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
  const n = prepared.length, pairs = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    const pa = prepared[a], pb = prepared[b];
    const e = pa && pb ? compareTemplatesEvidence(pa, pb, MATCHING_PARAMETERS) : null;
    const score = pa && pb ? compareTemplates(pa, pb, MATCHING_PARAMETERS) : 0;
    pairs.push({ a, b, genuine: s.fingers[a] === s.fingers[b], score, size: e ? e.pairs : 0 });
  }
  const imp = pairs.filter((x) => !x.genuine).map((x) => x.score).sort((u, v) => v - u);
  return { prepared, pairs, t1: imp[Math.floor(0.01 * imp.length)], t01: imp[Math.floor(0.001 * imp.length)] };
});
for (const change of changeList) {
  const params = { ...MATCHING_PARAMETERS, ...change };
  const N = params.secondRootSearchBelowPairs;
  const perSet = shipped.map(({ prepared, pairs, t1, t01 }, k) => {
    const r = { open: [0, 0], total: [0, 0], up: [0, 0], down: [0, 0], cross1: [[], []], cross01: [[], []] };
    const pr = prepared.map((p, i) => (p ? prepareTemplate(templates[k][i], params) : null));
    for (const x of pairs) {
      const g = x.genuine ? 0 : 1;
      r.total[g]++;
      if (x.size < N) r.open[g]++;
      const pa = pr[x.a], pb = pr[x.b];
      const s = pa && pb ? compareTemplates(pa, pb, params) : 0;
      if (s > x.score) r.up[g]++;
      if (s < x.score) r.down[g]++;
      if (x.score < t1 && s >= t1) r.cross1[g].push(x.size);
      if (x.score < t01 && s >= t01) r.cross01[g].push(x.size);
    }
    return r;
  });
  const fmt = (f) => perSet.map(f).join(' ');
  process.stdout.write(`${JSON.stringify({
    change, kind, seed,
    'open % genuine/impostor per set': fmt((r) => `${((100 * r.open[0]) / r.total[0]).toFixed(1)}/${((100 * r.open[1]) / r.total[1]).toFixed(1)}`),
    'up genuine/impostor (down) per set': fmt((r) => `${r.up[0]}/${r.up[1]} (${r.down[0]}/${r.down[1]})`),
    'crossing FMR 1 % threshold genuine/impostor per set': fmt((r) => `${r.cross1[0].length}/${r.cross1[1].length}`),
    'crossing FMR 0.1 % threshold genuine/impostor per set': fmt((r) => `${r.cross01[0].length}/${r.cross01[1].length}`),
    'shipped pairs of those crossing FMR 1 %, quartiles genuine | impostor': `${quart(perSet.flatMap((r) => r.cross1[0]))} | ${quart(perSet.flatMap((r) => r.cross1[1]))}`,
    'shipped thresholds FMR 1 % / 0.1 % per set': shipped.map((x) => `${x.t1.toFixed(2)}/${x.t01.toFixed(2)}`).join(' '),
  })}\n`);
}
