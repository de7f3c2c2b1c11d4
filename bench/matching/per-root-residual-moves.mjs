#!/usr/bin/env node
// Which scores the pairing-residual factor in the root choice moves (issue 12, residual2): for every
// unordered pair of the four clean FVC2002 B sets (`afis eval`'s protocol), the score with the factor
// on the final best pairing only (pairingResidualScale S) against the factor in the root choice too
// (pairingResidualPerRoot 1), and the shipped score. Prints per set the genuine and impostor pairs
// whose score the root choice raised or lowered, the sizes of the pairings swapped, and the genuine
// pairs below the final-only run's FMR 0.1 % threshold (its top impostor score per set, one of 2,850
// impostors is 0.035 %) that it lifted.
//
//   node bench/matching/per-root-residual-moves.mjs DATA_DIR [S] [KIND SEED]
// (KIND SEED: the sets perturbed as paired-matching-option.mjs perturbs them, instead of clean)
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { prepareTemplate, compareTemplatesDetailed } from '../../dist/matching/index.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';

const [dataDir, scaleArg = '0.1', kind, seedText] = process.argv.slice(2);
if (!dataDir) { process.stderr.write('usage: per-root-residual-moves.mjs DATA_DIR [S]\n'); process.exit(2); }
const S = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`]);
const once = { ...MATCHING_PARAMETERS, pairingResidualScale: Number(scaleArg) };
const each = { ...once, pairingResidualPerRoot: 1 };
const quantile = (v, q) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

for (const [k, set] of sets.entries()) {
  const { templates } = kind ? extractEvalSet(set, { transform: (image, i) => perturbImage(image, kind, mixSeed(Number(seedText), 0, k, i)).image }) : extractEvalSet(set);
  const prepared = templates.map((t) => (t ? prepareTemplate(t) : null));
  const rows = [];
  for (let a = 0; a < prepared.length; a++) for (let b = a + 1; b < prepared.length; b++) {
    const P = prepared[a], C = prepared[b];
    if (!P || !C) continue;
    const o = compareTemplatesDetailed(P, C, once), e = compareTemplatesDetailed(P, C, each);
    rows.push({ genuine: set.fingers[a] === set.fingers[b], once: o.score, each: e.score, nOnce: o.pairs.length, nEach: e.pairs.length });
  }
  const tally = (g) => {
    const r = rows.filter((x) => x.genuine === g);
    const up = r.filter((x) => x.each > x.once), down = r.filter((x) => x.each < x.once);
    const ratio = (v) => v.map((x) => x.each / x.once);
    return { pairs: r.length, raised: up.length, lowered: down.length, medianRaise: up.length ? +quantile(ratio(up), 0.5).toFixed(2) : null, medianLower: down.length ? +quantile(ratio(down), 0.5).toFixed(2) : null, pairsBeforeAfter: up.concat(down).slice(0, 8).map((x) => `${x.nOnce}→${x.nEach}`).join(' ') };
  };
  const impostorsOnce = rows.filter((x) => !x.genuine).map((x) => x.once), impostorsEach = rows.filter((x) => !x.genuine).map((x) => x.each);
  const topOnce = Math.max(...impostorsOnce), topEach = Math.max(...impostorsEach);
  const lifted = rows.filter((x) => x.genuine && x.once <= topOnce && x.each > topEach).length;
  const dropped = rows.filter((x) => x.genuine && x.once > topOnce && x.each <= topEach).length;
  console.log(JSON.stringify({ set: set.dir ?? k, genuine: tally(true), impostor: tally(false), topImpostor: [+topOnce.toFixed(2), +topEach.toFixed(2)], genuineAboveTopImpostor: { lifted, dropped } }));
}
