#!/usr/bin/env node
// The ceiling of the dry repair's second stage (issue 12, part 4; `minutiaNetStage*Threshold`,
// bench/RESULTS.md "drynet3"): what a perfect decision among the stage's own candidates would
// gain. Each FVC2002 B image extracted clean and dry (the seeds `afis eval perturb --kinds dry`
// uses), the stage run on the dry analysis with weights 0 and thresholds 1 (it judges every
// candidate and changes nothing), then the dry templates repaired from the clean template of the
// same image (12 px, 30°, as dry-oracle.mjs) within the stage's reach only:
//   drops:     every false minutia of a thin-ridged block removed (the minutiae the stage judges);
//   additions: every lost clean minutia that some addition candidate of the stage lies on put back;
//   both; and, for comparison, every lost minutia put back (dry-oracle.mjs's "nothing lost").
// Each against the dry templates, paired, whole fingers resampled (300 rounds).
//
//   node bench/extraction/dry-stage-oracle.mjs DATA_DIR [SEED] ['{"minutiaNetModel":1}']
//
// The optional JSON changes the parameters every extraction here uses (e.g. which detector the
// stage's candidates come from, `minutiaNetModel`; net4); it must leave the shipped extraction as it is.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis, recordDryStage, useDryStageModel, DRY_STAGE_FEATURE_NAMES, DRY_STAGE_FEATURE_COUNT } from '../../dist/extraction/index.js';
import { findThinRidgeBlocks } from '../../dist/extraction/map-thin-ridges.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { changesAgainstFirst } from './variant-changes.mjs';

const [dataDir, seedText = '1', changesText = '{}'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: dry-stage-oracle.mjs DATA_DIR [SEED] ['{\"PARAM\":VALUE}']\n");
  process.exit(2);
}
const seed = Number(seedText);
const changes = JSON.parse(changesText);
for (const name of Object.keys(changes)) if (!(name in EXTRACTION_PARAMETERS)) throw new Error(`unknown parameter ${name}`);
const P = { ...EXTRACTION_PARAMETERS, ...changes };
const judging = { ...P, minutiaNetStageDropThreshold: 1, minutiaNetStageAddThreshold: 1 };
const zero = { bias: 0, weights: new Array(DRY_STAGE_FEATURE_COUNT).fill(0) };
const zeroPath = join(mkdtempSync(join(tmpdir(), 'dry-stage-oracle-')), 'zero.json');
writeFileSync(zeroPath, JSON.stringify({ features: DRY_STAGE_FEATURE_NAMES, drop: zero, add: zero }));
useDryStageModel(zeroPath);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const angDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.angle, m.angle) <= Math.PI / 6);
const variants = ['dry', "stage's drops perfect", "stage's additions perfect", "stage's drops and additions perfect", 'nothing lost'];
const scored = variants.map(() => []);
const counts = { falseInThin: 0, falseAll: 0, lost: 0, reached: 0 };
for (const [k, s] of sets.entries()) {
  const out = variants.map(() => []);
  s.items.forEach((item, i) => {
    const image = item.image;
    const dryImage = perturbImage(image, 'dry', mixSeed(seed, 0, k, i)).image;
    const clean = extractFromAnalysis(image, analyzeFingerprint(image, P), P, NO_DEBUG);
    const da = analyzeFingerprint(dryImage, P);
    const dry = extractFromAnalysis(dryImage, da, P, NO_DEBUG);
    const records = [];
    recordDryStage((r) => records.push(r));
    extractFromAnalysis(dryImage, da, judging, NO_DEBUG);
    recordDryStage(null);
    const adds = records.filter((r) => r.kind === 'add').map((r) => ({ x: r.minutia.x, y: r.minutia.y, angle: -r.minutia.direction }));
    const thin = findThinRidgeBlocks(da.normalized, da.mask, P.gapThinDarkLevel, P.minutiaNetMaxDarkShare);
    const { blockSize: bs, cols } = da.mask.grid;
    const inThin = (m) => thin !== null && thin[Math.floor(m.y / bs) * cols + Math.floor(m.x / bs)] === 1;
    const lost = clean.minutiae.filter((m) => !near(m, dry.minutiae));
    const reached = lost.filter((m) => near(m, adds));
    const kept = dry.minutiae.filter((m) => !(inThin(m) && !near(m, clean.minutiae)));
    counts.falseAll += dry.minutiae.filter((m) => !near(m, clean.minutiae)).length;
    counts.falseInThin += dry.minutiae.length - kept.length;
    counts.lost += lost.length;
    counts.reached += reached.length;
    const t = (minutiae) => ({ ...dry, minutiae });
    out[0].push(dry);
    out[1].push(t(kept));
    out[2].push(t([...dry.minutiae, ...reached]));
    out[3].push(t([...kept, ...reached]));
    out[4].push(t([...dry.minutiae, ...lost]));
  });
  out.forEach((templates, v) => scored[v].push(scoreEvalSet(s.fingers, templates)));
}
const f = changesAgainstFirst(scored, seed);
const pct = (v) => (v * 100).toFixed(2);
const result = {};
f.forEach((e, i) => { result[i === 0 ? 'dry mean EER' : `${variants[i]} − dry`] = `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`; });
const perSet = Object.fromEntries(variants.map((v, i) => [v, scored[i].map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')]));
process.stdout.write(`${JSON.stringify({ seed, changes, counts, meanEerPercent: result, perSet }, null, 2)}\n`);
