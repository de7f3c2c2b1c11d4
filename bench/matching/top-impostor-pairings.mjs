#!/usr/bin/env node
// The highest cross-set impostor comparisons of the four FVC2002 B sets under one perturbation
// (issue 12, tail): every image perturbed as `afis eval perturb --kinds KIND --seed SEED` does, every
// ordered cross-set pair compared (compareTemplatesDetailed, shipped parameters), and for the top
// ones: the templates' minutiae counts, the score shipped and with the matching change, and the
// paired minutiae's positions — to see what sets the pooled impostor tail at FMR 0.001 %.
//
//   node bench/matching/top-impostor-pairings.mjs DATA_DIR KIND SEED ['{"pairingResidualScale":0.1}'] [--top 6]
//
// Figures in bench/RESULTS.md ("Does the pairing-residual factor lower the impostor tail …", tail).
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplates, compareTemplatesDetailed } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const argv = process.argv.slice(2);
const topAt = argv.indexOf('--top');
const top = topAt >= 0 ? Number(argv.splice(topAt, 2)[1]) : 6;
const [dataDir, kind, seedText, changes = '{}'] = argv;
if (!dataDir || !kind || !seedText) {
  process.stderr.write("usage: top-impostor-pairings.mjs DATA_DIR KIND SEED ['{\"PARAM\":VALUE}'] [--top N]\n");
  process.exit(2);
}
const seed = Number(seedText), changed = { ...MATCHING_PARAMETERS, ...JSON.parse(changes) };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const images = sets.flatMap((s, k) => extractEvalSet(s, { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image }).templates
  .map((t, i) => ({ t, k, i, finger: s.fingers[i], p: t && prepareTemplate(t, MATCHING_PARAMETERS), q: t && prepareTemplate(t, changed) })));
const rows = [];
for (const a of images) for (const b of images) if (a.k !== b.k && a.p && b.p) rows.push({ a, b, score: compareTemplates(a.p, b.p) });
rows.sort((x, y) => y.score - x.score);
for (const { a, b } of rows.slice(0, top)) {
  const d = compareTemplatesDetailed(a.p, b.p);
  const xy = (t, idx) => idx.map((m) => `${t.minutiae[m].x | 0},${t.minutiae[m].y | 0}`).join(' ');
  process.stdout.write(`${JSON.stringify({
    probe: `DB${a.k + 1} image ${a.i} finger ${a.finger}, ${a.t.minutiae.length} minutiae`,
    candidate: `DB${b.k + 1} image ${b.i} finger ${b.finger}, ${b.t.minutiae.length} minutiae`,
    shipped: +d.score.toFixed(2), changed: +compareTemplates(a.q, b.q, changed).toFixed(2), pairs: d.pairs.length,
    probeXy: xy(a.t, d.pairs.map((p) => p.probe)), candidateXy: xy(b.t, d.pairs.map((p) => p.candidate)),
  })}\n`);
}
