#!/usr/bin/env node
// How much of the dry perturbation's false-minutia gain the learned minutia check can reach
// (issue 12, parts 3–4). The dry templates (seeds of `afis eval perturb --kinds dry`) and the
// clean ones are extracted with the shipped parameters; every dry minutia is labelled false when
// the clean template of the same image has no counterpart (12 px, 30°, as dry-oracle.mjs), and
// scored by the check (models/minutia-check.onnx, on the dry image's analysis) and by the
// absolute reliability map (map-reliability.ts) at its place. Printed:
// - per reliability band (below R) and threshold T: the dry minutiae the check would reject,
//   the share of them that are false (precision), the share of all false minutiae they are
//   (recall), and the share of the clean templates' minutiae the same rule rejects;
// - paired EERs (whole fingers resampled, 300 rounds) of the dry templates, against the dry
//   templates as extracted: all false removed (dry-oracle's bound), only the false ones the
//   rule flags removed (the check's reach with perfect precision), everything the rule flags
//   removed (the check itself); and the same rule on the clean templates, against clean;
// - the check's probability as minutia quality with a `minutiaWeightFloor` below 1, on dry and
//   on clean (against each one's own shipped scoring).
//
//   node bench/extraction/dry-check-oracle.mjs DATA_DIR [SEED]
//
// Figures in bench/RESULTS.md.
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, MATCHING_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis, scoreMinutiae } from '../../dist/extraction/index.js';
import { sampleBlockMap } from '../../dist/extraction/filters.js';
import { mapReliability } from '../../dist/extraction/map-reliability.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { changesAgainstFirst } from './variant-changes.mjs';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, seedText = '1'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: dry-check-oracle.mjs DATA_DIR [SEED]\n');
  process.exit(2);
}
const seed = Number(seedText);
const P = EXTRACTION_PARAMETERS;
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const angDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.angle, m.angle) <= Math.PI / 6);

/** Check probability and reliability of each minutia of a template, from its image's analysis. */
function annotate(template, analysis) {
  const points = template.minutiae.map((m) => ({ x: m.x, y: m.y, direction: -m.angle }));
  const p = scoreMinutiae(analysis, points);
  const rel = mapReliability(analysis.mask, analysis.orientation, analysis.frequency, P);
  const { cols, rows, blockSize } = analysis.orientation.grid;
  return template.minutiae.map((m, i) => ({ m, p: p[i], r: sampleBlockMap(rel, cols, rows, blockSize, m.x, m.y) }));
}

const bands = [0.3, 0.5, 0.7, 1.01];
const thresholds = [0.02, 0.05, 0.1, 0.2];
const rules = [];
for (const R of bands) for (const T of thresholds) rules.push({ R, T });
const counts = rules.map(() => ({ rejected: 0, falseRejected: 0, cleanRejected: 0 }));
let falseTotal = 0, dryTotal = 0, cleanTotal = 0;
const flags = (a, rule) => a.r < rule.R && a.p < rule.T;

// EER variants
const evalRules = [{ R: 0.5, T: 0.1 }, { R: 0.7, T: 0.1 }, { R: 1.01, T: 0.05 }, { R: 1.01, T: 0.1 }];
const dryNames = ['dry', 'no false (oracle)', ...evalRules.flatMap((r) => [`false flagged R<${r.R} T=${r.T} removed`, `flagged R<${r.R} T=${r.T} removed`])];
const cleanNames = ['clean', ...evalRules.map((r) => `clean flagged R<${r.R} T=${r.T} removed`)];
const qualityNames = ['quality = 100 p', 'quality = q · p'];
const floors = [0.5, 0.25];
const dryT = dryNames.map(() => sets.map(() => []));
const cleanT = cleanNames.map(() => sets.map(() => []));
const qDry = qualityNames.map(() => sets.map(() => []));
const qClean = qualityNames.map(() => sets.map(() => []));
const withQuality = (t, ann, mode) => ({
  ...t,
  minutiae: ann.map(({ m, p }) => ({ ...m, quality: Math.max(1, Math.min(100, Math.round(mode === 0 ? 100 * p : m.quality * p))) })),
});

for (const [k, s] of sets.entries()) {
  s.items.forEach((item, i) => {
    const image = item.image;
    const dryImage = perturbImage(image, 'dry', mixSeed(seed, 0, k, i)).image;
    const ca = analyzeFingerprint(image, P);
    const clean = extractFromAnalysis(image, ca, P, NO_DEBUG);
    const da = analyzeFingerprint(dryImage, P);
    const dry = extractFromAnalysis(dryImage, da, P, NO_DEBUG);
    const dAnn = annotate(dry, da).map((a) => ({ ...a, isFalse: !near(a.m, clean.minutiae) }));
    const cAnn = annotate(clean, ca);
    dryTotal += dAnn.length;
    cleanTotal += cAnn.length;
    falseTotal += dAnn.filter((a) => a.isFalse).length;
    rules.forEach((rule, j) => {
      for (const a of dAnn) if (flags(a, rule)) { counts[j].rejected++; if (a.isFalse) counts[j].falseRejected++; }
      for (const a of cAnn) if (flags(a, rule)) counts[j].cleanRejected++;
    });
    const t = (base, list) => ({ ...base, minutiae: list.map((a) => a.m) });
    dryT[0][k].push(dry);
    dryT[1][k].push(t(dry, dAnn.filter((a) => !a.isFalse)));
    evalRules.forEach((rule, j) => {
      dryT[2 + 2 * j][k].push(t(dry, dAnn.filter((a) => !(a.isFalse && flags(a, rule)))));
      dryT[3 + 2 * j][k].push(t(dry, dAnn.filter((a) => !flags(a, rule))));
      cleanT[1 + j][k].push(t(clean, cAnn.filter((a) => !flags(a, rule))));
    });
    cleanT[0][k].push(clean);
    qualityNames.forEach((_, mode) => {
      qDry[mode][k].push(withQuality(dry, dAnn, mode));
      qClean[mode][k].push(withQuality(clean, cAnn, mode));
    });
  });
}

const pct = (v) => (v * 100).toFixed(2);
const judge = (names, templates, matchers) => {
  const scored = templates.map((perSet, v) => perSet.map((ts, k) => scoreEvalSet(sets[k].fingers, ts, matchers ? matchers[v] : MATCHING_PARAMETERS)));
  const f = changesAgainstFirst(scored, seed);
  return Object.fromEntries(f.map((e, i) => [i === 0 ? names[0] : `${names[i]} − ${names[0]}`,
    `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]  (${scored[i].map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')})`]));
};
const floorM = (f) => ({ ...MATCHING_PARAMETERS, minutiaWeightFloor: f });
const qNames = (base) => [base, ...floors.flatMap((f) => [`shipped quality, floor ${f}`, ...qualityNames.map((q) => `${q}, floor ${f}`)])];
const qTemplates = (base, q) => [base, ...floors.flatMap(() => [base, ...q])];
const qMatchers = [MATCHING_PARAMETERS, ...floors.flatMap((f) => [floorM(f), ...qualityNames.map(() => floorM(f))])];

const result = {
  seed,
  minutiae: { dry: dryTotal, dryFalse: falseTotal, clean: cleanTotal },
  rules: rules.map((rule, j) => {
    const c = counts[j];
    return `R<${rule.R} T=${rule.T}: rejects ${c.rejected} dry (precision ${pct(c.falseRejected / Math.max(1, c.rejected))} %, recall of false ${pct(c.falseRejected / falseTotal)} %), clean rejects ${c.cleanRejected} (${pct(c.cleanRejected / cleanTotal)} %)`;
  }),
  dry: judge(dryNames, dryT),
  clean: judge(cleanNames, cleanT),
  dryQuality: judge(qNames('dry'), qTemplates(dryT[0], qDry), qMatchers),
  cleanQuality: judge(qNames('clean'), qTemplates(cleanT[0], qClean), qMatchers),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
