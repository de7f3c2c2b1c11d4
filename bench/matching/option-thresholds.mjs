#!/usr/bin/env node
// What a matching option (with the extraction parameters it needs) does at the calibration
// table's thresholds (issue 12, odesc): the four FVC2002 B sets extracted with the changed
// extraction parameters, clean and under KIND (the seeds `paired-matching-option.mjs` uses), every
// unordered pair scored with the shipped and the changed matching parameters, and, pooled over the
// sets, the realised FMR and the FNMR at the scores SCORE_CALIBRATION gives for FMR 1 %, 0.1 % and
// 0.01 %. An option that moves the score scale (e.g. `orientationAgreementWeight`, a factor ≤ 1)
// changes these although the EERs are threshold-free. Also the templates' mean binary size per set.
//
//   node bench/matching/option-thresholds.mjs DATA_DIR '{"orientationMapCell":16,"orientationAgreementWeight":16}' [KIND] [SEED]
//
// Figures in bench/RESULTS.md ("Evidence beyond minutia geometry").
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { SCORE_CALIBRATION } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { encodeTemplate } from '../../dist/templates/index.js';

const [dataDir, changes, kind = 'dry', seedText = '1'] = process.argv.slice(2);
if (!dataDir || !changes) {
  process.stderr.write("usage: option-thresholds.mjs DATA_DIR '{\"PARAM\":VALUE}' [KIND] [SEED]\n");
  process.exit(2);
}
const seed = Number(seedText);
const change = JSON.parse(changes);
const matching = { ...MATCHING_PARAMETERS }, extraction = { ...EXTRACTION_PARAMETERS };
for (const [k, v] of Object.entries(change)) {
  if (k in MATCHING_PARAMETERS) matching[k] = v;
  else if (k in EXTRACTION_PARAMETERS) extraction[k] = v;
  else throw new Error(`${k} is not a matching or extraction parameter`);
}
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const levels = SCORE_CALIBRATION.points.filter((p) => [0.01, 0.001, 0.0001].some((f) => Math.abs(p.fmr - f) < f * 1e-6));
const out = { changes: change, kind, seed, thresholds: {}, templateBytes: {} };
for (const condition of ['clean', kind]) {
  const templates = sets.map((s, k) => extractEvalSet(s, {
    parameters: extraction,
    ...(condition === 'clean' ? {} : { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image }),
  }).templates);
  if (condition === 'clean') {
    sets.forEach((s, k) => {
      const t = templates[k].filter(Boolean);
      const mean = (f) => Math.round(t.reduce((a, x) => a + f(x), 0) / t.length);
      out.templateBytes[s.label.split('/').pop()] = `${mean((x) => encodeTemplate({ ...x, orientationMap: undefined, validArea: undefined }).length)} → ${mean((x) => encodeTemplate(x).length)}`;
    });
  }
  for (const [arm, params] of [['off', MATCHING_PARAMETERS], ['on', matching]]) {
    const genuine = [], impostor = [];
    sets.forEach((s, k) => {
      const { scores } = scoreEvalSet(s.fingers, templates[k], params);
      const n = s.fingers.length;
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (s.fingers[a] === s.fingers[b] ? genuine : impostor).push(scores[a * n + b]);
    });
    out.thresholds[`${condition} ${arm}`] = Object.fromEntries(levels.map((l) => [
      `FMR ${l.fmr * 100} % (score ≥ ${l.score.toFixed(1)})`,
      `realised FMR ${((100 * impostor.filter((x) => x >= l.score).length) / impostor.length).toFixed(3)} %, FNMR ${((100 * genuine.filter((x) => x < l.score).length) / genuine.length).toFixed(2)} %`,
    ]));
  }
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
