#!/usr/bin/env node
// A slid finger (the `smear` perturbation, issue 12): how well does the extraction's smear
// estimate (src/extraction/undo-smear.ts, `smearUndoMinCorrelation`) find the smear, how much could
// undoing it give, and which prints does its gate open for? On the four FVC2002 B sets, perturbed as
// `afis eval perturb --kinds KIND --seed S` draws them (KIND alone in the list). The EER of the
// option itself is measured with bench/extraction/paired-option.mjs.
//
//   node bench/extraction/smear-restore.mjs DATA_DIR estimate [--seed S] [--min-correlation C --learned T] [--model PATH]
//   node bench/extraction/smear-restore.mjs DATA_DIR oracle [--seed S] [--iterations N]
//   node bench/extraction/smear-restore.mjs DATA_DIR gate KIND[,KIND…] [--seed S] [--min-correlation C] [--learned T] [--min-length L] [--model PATH]
//
// estimate: on the clean and the smeared prints, how often the estimate's direction (within 15°) and
//   length (within 1 px) come out right, its mean time a print, and, by correlation and estimated
//   length, how many clean and smeared prints (true length ≥ 4 px, where the cost is) a gate would pass.
// oracle: every smeared image deconvolved with its own drawn line (deconvolveLine, N Landweber
//   iterations' filter), then all pairs scored: mean EER, the ceiling of a perfect estimate.
// gate: per kind ("clean" for the prints as they are), how many of the 320 prints the gate
//   (correlation above C, length at least L; the shipped parameters' values by default) opens for;
//   the learned gate's probability (models/smear-gate.onnx) must reach --learned T as well (the
//   shipped `smearGateThreshold` by default; --learned 0: the correlation alone; --min-correlation
//   -1: the learned gate alone; --model PATH: a retrained gate instead of models/smear-gate.onnx).
import { markDerivedImage } from '../../dist/core/index.js';
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { allPairsErrorRates } from '../../dist/matching/bootstrap-error-rates.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { EXTRACTION_PARAMETERS, PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { deconvolveLine, estimateSmear, smearProbability, useSmearGateModel } from '../../dist/extraction/undo-smear.js';

const args = process.argv.slice(2);
const [data, mode, which] = args;
if (!data || !['estimate', 'oracle', 'gate'].includes(mode) || (mode === 'gate' && !which)) {
  console.error('usage: smear-restore.mjs DATA_DIR estimate|oracle|gate KINDS [--seed S] [--iterations N] [--min-correlation C] [--min-length L]');
  process.exit(2);
}
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const seed = opt('--seed', 1);
const iters = opt('--iterations', EXTRACTION_PARAMETERS.smearUndoIterations);
const minCorr = opt('--min-correlation', EXTRACTION_PARAMETERS.smearUndoMinCorrelation || 0.45);
const minLength = opt('--min-length', EXTRACTION_PARAMETERS.smearUndoMinLength);
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((n) => `${data}/fvc2002/${n}`));
const perturbedOf = (kind, image, k, i) => (kind === 'clean' ? image : perturbImage(image, kind, mixSeed(seed, 0, k, i)).image);
/** The line the perturbation drew for image i of set k (its draws in smear-image.ts's order). */
function drawnLine(k, i) {
  const rng = createRng(mixSeed(seed, 0, k, i));
  const [l0, l1] = PERTURBATION_PARAMETERS.smearLength;
  const length = l0 + rng.next() * (l1 - l0);
  return { length, theta: rng.next() * Math.PI };
}
let estimateMs = 0, estimates = 0;
const estimate = (img) => {
  const t0 = performance.now();
  const e = estimateSmear(img.data, img.width, img.height);
  estimateMs += performance.now() - t0;
  estimates++;
  return e;
};
const learned = opt('--learned', EXTRACTION_PARAMETERS.smearGateThreshold);
// --model PATH: the learned gate read from PATH instead of models/smear-gate.onnx (a retrained candidate)
if (args.includes('--model')) useSmearGateModel(args[args.indexOf('--model') + 1]);
const passes = (e, c = minCorr, l = minLength) => !!e && e.length >= l && e.correlation > c && (learned === 0 || smearProbability(e) >= learned);

if (mode === 'estimate') {
  const rows = [];
  let dirOk = 0, lenOk = 0, n = 0;
  for (const [k, set] of sets.entries()) set.items.forEach((it, i) => {
    rows.push({ smeared: false, e: estimate(it.image) });
    const line = drawnLine(k, i);
    const e = estimate(perturbedOf('smear', it.image, k, i));
    rows.push({ smeared: true, trueLength: line.length, e });
    n++;
    if (e) {
      const d = Math.abs(((e.theta - line.theta) % Math.PI + 1.5 * Math.PI) % Math.PI - Math.PI / 2);
      if (d < 0.27) dirOk++;
      if (Math.abs(e.length - line.length) <= 1) lenOk++;
    }
  });
  console.log(`estimate: ${(estimateMs / estimates).toFixed(2)} ms a print (wall, mean of ${estimates}, the line models' one-off making included)`);
  console.log(`smeared prints: direction within 15° ${dirOk}, length within 1 px ${lenOk}, of ${n}`);
  const costly = rows.filter((r) => r.smeared && r.trueLength >= 4);
  for (const c of [0.45, 0.5, 0.55]) for (const l of [3, 3.5, 4]) {
    const pass = (r) => !!r.e && r.e.correlation > c && r.e.length >= l;
    console.log(`gate correlation > ${c}, length ≥ ${l}: clean ${rows.filter((r) => !r.smeared && pass(r)).length} of ${n}, smeared (≥ 4 px) ${costly.filter(pass).length} of ${costly.length}`);
  }
  if (learned > 0) {
    const pass = (r) => passes(r.e);
    console.log(`gate correlation > ${minCorr}, learned ≥ ${learned}, length ≥ ${minLength}: clean ${rows.filter((r) => !r.smeared && pass(r)).length} of ${n}, smeared (≥ 4 px) ${costly.filter(pass).length} of ${costly.length}`);
  }
} else if (mode === 'oracle') {
  const eers = [];
  for (const [k, set] of sets.entries()) {
    // the extraction's own undoing off: a restored image must not be read for a smear and undone again
    const templates = extractEvalSet(set, { parameters: { ...EXTRACTION_PARAMETERS, smearUndoMinCorrelation: 0 }, transform: (image, i) => {
      const line = drawnLine(k, i);
      const g = perturbedOf('smear', image, k, i);
      const restored = { ...g, data: Uint8Array.from(deconvolveLine(g.data, g.width, g.height, line.length, line.theta, iters), (v) => Math.round(v)) };
      markDerivedImage(restored, image);
      return restored;
    } }).templates;
    eers.push(100 * allPairsErrorRates(scoreEvalSet(set.fingers, templates)).eer);
  }
  const mean = eers.reduce((a, b) => a + b, 0) / eers.length;
  console.log(`oracle, seed ${seed}, ${iters} iterations: mean EER ${mean.toFixed(2)} % (${eers.map((e) => e.toFixed(2)).join(' / ')})`);
} else {
  console.log(`gate correlation > ${minCorr}${learned > 0 ? `, learned ≥ ${learned}` : ''}, length ≥ ${minLength}, seed ${seed}: prints it opens for, of 320 (per set)`);
  for (const kind of which.split(',')) {
    const perSet = sets.map((set, k) => set.items.filter((it, i) => passes(estimate(perturbedOf(kind, it.image, k, i)))).length);
    console.log(`${kind}: ${perSet.reduce((a, b) => a + b, 0)} (${perSet.join(' / ')})`);
  }
}
