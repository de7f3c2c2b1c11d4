#!/usr/bin/env node
// How much shorter cleaning cuts can give back on dry prints (issue 12, dry4): the dry images
// (the seeds `afis eval perturb --kinds dry` uses) extracted with a shorter tail or fragment cut
// applied to them alone (a gate that knows which image is dry, the most any gate in the
// extractor could do for the image as a whole), and the ceiling of a perfect decision among
// what the shorter cut adds: the shipped dry template plus only the added minutiae that a clean
// minutia of the same image lies within 12 px and 30° of (and no shipped dry minutia does).
// Each against the shipped dry templates, paired, whole fingers resampled (300 rounds); counts of
// added minutiae and of those that are true.
//
//   node bench/extraction/dry-cut-ceiling.mjs DATA_DIR [SEED] ['[{"tailMaxLength":10},…]']
//
// Figures in bench/RESULTS.md ("The dry perturbation's lost minutiae", dry4).
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis } from '../../dist/extraction/index.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { changesAgainstFirst } from './variant-changes.mjs';

const [dataDir, seedText = '1', candidatesText] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: dry-cut-ceiling.mjs DATA_DIR [SEED] ['[{\"PARAM\":VALUE},…]']\n");
  process.exit(2);
}
const seed = Number(seedText);
const candidates = candidatesText ? JSON.parse(candidatesText)
  : [{ tailMaxLength: 10 }, { fragmentMaxLength: 14 }, { tailMaxLength: 10, fragmentMaxLength: 14 }, { tailThinMaxLength: 10 }, { tailThinMaxLength: 10, tailThinMaxDarkShare: 0.3 }];
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const angDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.angle, m.angle) <= Math.PI / 6);
const same = (m, list) => list.some((n) => n.x === m.x && n.y === m.y && n.type === m.type);
const names = ['dry', ...candidates.flatMap((c) => [`${JSON.stringify(c)} on the dry images`, `${JSON.stringify(c)}: its true additions only`])];
const scored = names.map(() => []);
const counts = {};
const inc = (key, n) => { counts[key] = (counts[key] ?? 0) + n; };
for (const [k, s] of sets.entries()) {
  const out = names.map(() => []);
  s.items.forEach((item, i) => {
    const dryImage = perturbImage(item.image, 'dry', mixSeed(seed, 0, k, i)).image;
    const clean = extractFromAnalysis(item.image, analyzeFingerprint(item.image, P), P, NO_DEBUG).minutiae;
    const da = analyzeFingerprint(dryImage, P);
    const base = extractFromAnalysis(dryImage, da, P, NO_DEBUG);
    out[0].push(base);
    candidates.forEach((c, v) => {
      const t = extractFromAnalysis(dryImage, da, { ...P, ...c }, NO_DEBUG);
      const added = t.minutiae.filter((m) => !same(m, base.minutiae));
      const key = JSON.stringify(c);
      inc(`${key} added`, added.length);
      inc(`${key} added true`, added.filter((m) => near(m, clean)).length);
      inc(`${key} removed`, base.minutiae.filter((m) => !same(m, t.minutiae)).length);
      out[1 + 2 * v].push(t);
      out[2 + 2 * v].push({ ...base, minutiae: [...base.minutiae, ...added.filter((m) => near(m, clean) && !near(m, base.minutiae))] });
    });
  });
  out.forEach((templates, v) => scored[v].push(scoreEvalSet(s.fingers, templates)));
}
const f = changesAgainstFirst(scored, seed);
const pct = (x) => (x * 100).toFixed(2);
const meanEerPercent = Object.fromEntries(names.map((n, v) => [v === 0 ? 'dry mean EER' : `${n} − dry`, `${pct(f[v].value)} [${pct(f[v].low)}, ${pct(f[v].high)}]`]));
const perSet = Object.fromEntries(names.map((n, v) => [n, scored[v].map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')]));
process.stdout.write(`${JSON.stringify({ seed, counts, meanEerPercent, perSet }, null, 2)}\n`);
