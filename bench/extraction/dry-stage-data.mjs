#!/usr/bin/env node
// Training and evaluation data for the dry-region repair's second stage (issue 12, part 4;
// `minutiaNetStage*Threshold`, models/minutia-net-stage.md): every candidate the stage judges,
// with its features (DRY_STAGE_FEATURE_NAMES) and a label from the clean print. Each FVC2002 B
// image is extracted clean (shipped parameters) and after the suite's dry skin with each SEED
// (perturbImage(…, 'dry', mixSeed(SEED, 0, set, image)), as `afis eval perturb --kinds dry`
// draws seed 1 and 2; training uses other seeds, 1001 and up). The stage runs with weights 0 and
// thresholds 1, so it judges everything and changes nothing. Labels, as dry-oracle.mjs:
//   drop: 1 when the clean template has no minutia within 12 px and 30° (a false minutia);
//   add:  1 when it lies within 12 px and 30° of a clean minutia the shipped dry template lacks.
// With --clean the clean images' own candidates are written too (variant 'clean': against
// themselves nothing is false and nothing lost, so every label is 0: the hard negatives).
// Ends with a summary on stderr: records per label, and of the clean minutiae the dry templates
// lost how many lie within 12 px and 30° of at least one addition candidate (what any decision
// among the detector's peaks could put back).
//
//   node bench/extraction/dry-stage-data.mjs DATA_DIR OUT.jsonl SEEDS [--clean]     (SEEDS e.g. 1001,1002)
//
// Used by scripts/train-minutia-net-stage.sh; figures in bench/RESULTS.md ("drynet3").
import { mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { isFailureToEnrol, NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis, recordDryStage, useDryStageModel, DRY_STAGE_FEATURE_NAMES, DRY_STAGE_FEATURE_COUNT } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const withClean = args.includes('--clean');
// --params JSON: parameter changes for every extraction here, e.g. '{"minutiaNetModel":1}' (the
// detector the candidates come from; net4); they must leave the shipped extraction as it is
const paramsAt = args.indexOf('--params');
const changes = paramsAt >= 0 ? JSON.parse(args.splice(paramsAt, 2)[1]) : {};
const [dataDir, outPath, seedsText] = args.filter((a) => a !== '--clean');
if (!dataDir || !outPath || !seedsText) {
  process.stderr.write("usage: dry-stage-data.mjs DATA_DIR OUT.jsonl SEEDS [--clean] [--params '{\"PARAM\":VALUE}']\n");
  process.exit(2);
}
for (const name of Object.keys(changes)) if (!(name in EXTRACTION_PARAMETERS)) throw new Error(`unknown parameter ${name}`);
const seeds = seedsText.split(',').map(Number);
const P = { ...EXTRACTION_PARAMETERS, ...changes };
const judging = { ...P, minutiaNetStageDropThreshold: 1, minutiaNetStageAddThreshold: 1 };
const zero = { bias: 0, weights: new Array(DRY_STAGE_FEATURE_COUNT).fill(0) };
const zeroPath = join(mkdtempSync(join(tmpdir(), 'dry-stage-')), 'zero.json');
writeFileSync(zeroPath, JSON.stringify({ features: DRY_STAGE_FEATURE_NAMES, drop: zero, add: zero }));
useDryStageModel(zeroPath);

const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const angDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
// m: a RawMinutia (image direction, y down); list: template minutiae (angle counter-clockwise)
const near = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.angle, -m.direction) <= Math.PI / 6);
const nearT = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.angle, m.angle) <= Math.PI / 6);
const out = createWriteStream(outPath);
const extract = (image, analysis, params) => {
  try { return extractFromAnalysis(image, analysis, params, NO_DEBUG); } catch (err) { if (isFailureToEnrol(err)) return null; throw err; }
};
const analyse = (image) => {
  try { return analyzeFingerprint(image, P); } catch (err) { if (isFailureToEnrol(err)) return null; throw err; }
};
const counts = {};
const lostCounts = { lost: 0, reached: 0 };
for (const [k, s] of sets.entries()) {
  for (const [i, item] of s.items.entries()) {
    if (!item || 'template' in item) continue;
    const ca = analyse(item.image);
    if (!ca) continue;
    const clean = extract(item.image, ca, P)?.minutiae ?? [];
    const runs = [];
    if (withClean) runs.push({ variant: 'clean', seed: 0, image: item.image, analysis: ca, lost: [] , cleanRef: null });
    for (const seed of seeds) {
      const image = perturbImage(item.image, 'dry', mixSeed(seed, 0, k, i)).image;
      const analysis = analyse(image);
      if (!analysis) continue;
      const base = extract(image, analysis, P)?.minutiae ?? [];
      runs.push({ variant: 'dry', seed, image, analysis, lost: clean.filter((m) => !nearT(m, base)), cleanRef: clean });
    }
    for (const r of runs) {
      const records = [];
      recordDryStage((rec) => records.push(rec));
      extract(r.image, r.analysis, judging);
      recordDryStage(null);
      if (r.cleanRef !== null) {
        // how many of the lost clean minutiae the additions' candidates reach at all (the ceiling of any decision among them)
        const adds = records.filter((rec) => rec.kind === 'add').map((rec) => ({ x: rec.minutia.x, y: rec.minutia.y, angle: -rec.minutia.direction }));
        lostCounts.lost += r.lost.length;
        lostCounts.reached += r.lost.filter((m) => nearT(m, adds)).length;
      }
      for (const rec of records) {
        const label = r.cleanRef === null ? 0 : rec.kind === 'drop' ? (near(rec.minutia, r.cleanRef) ? 0 : 1) : (near(rec.minutia, r.lost) ? 1 : 0);
        const key = `${r.variant} ${rec.kind}`;
        counts[key] ??= [0, 0];
        counts[key][label]++;
        out.write(`${JSON.stringify({ set: k, image: i, seed: r.seed, variant: r.variant, kind: rec.kind, label, f: Array.from(rec.features, (v) => Math.round(v * 1e5) / 1e5) })}\n`);
      }
    }
  }
  process.stderr.write(`DB${k + 1} done ${JSON.stringify(counts)}\n`);
}
out.end();
process.stderr.write(`${JSON.stringify({ seeds, counts, lostCleanMinutiae: lostCounts })}\n`);
