#!/usr/bin/env node
// What the FMR claim is worth for a comparison with a foreign template (issue 12, part 6; "nomap").
// An ISO/IEC 19794-2 or INCITS 378 record carries no orientation map, so a comparison with one is
// scored without the map and its score equated to the shipped table's scale through
// SCORE_CALIBRATION_WITHOUT_MAP (calibration.ts `equateScoreWithoutMap`), a table fitted on our own
// templates scored without their maps. This script measures, on a third-party extractor's records
// of the FVC2002 B images (SecuGen, ../shared/data/iso19794-2/fvc2002-secugen), the FMR that the
// shipped thresholds at 1 %, 0.1 % and 0.01 % realise, under the shipped map-less table and under a
// candidate one (--table FILE: the JSON of `afis eval calibration … --set orientationAgreementWeight=0
// --json`, or an older table's points in that form):
//   theirs × theirs   every ordered pair of a set's SecuGen records (their 300 × 400 frame as stored
//                     and read by the codec, as `afis match` reads them)
//   ours × theirs     our template of image a (with its map) against SecuGen's record of image b ≠ a,
//                     theirs mapped into the image's own frame (x·W/300, y·H/400, the set's
//                     resolution: secugen-interop.mjs's cross comparison), every ordered pair
// Each population is judged per set, within the set (each set's own ordered pairs, as `afis eval calibration
// --held-out` judges a held-out set), by the project's own measureHeldOutCalibration: impostor pairs, false matches,
// the realised FMR pooled over the sets with a 95 % interval from resampling whole fingers, and the FNMR at the same
// thresholds (genuine = same finger, another impression); over all four sets and over the three real sensors
// (DB1–DB3) alone. Every raw score is computed once with `orientationAgreementWeight` 0 and equated through each
// table; the shipped score of a sample of pairs is checked to be the shipped table's equating of it.
//
//   node bench/matching/foreign-fmr.mjs DATA_DIR [--table FILE] [--rounds N]
//
// Figures in bench/RESULTS.md ("What a foreign template's FMR claim is worth").
import { readFileSync } from 'node:fs';
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { HELD_OUT_LEVELS as LEVELS } from '../../dist/cli/commands/eval-calibration.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters.js';
import {
  SCORE_CALIBRATION, SCORE_CALIBRATION_WITHOUT_MAP, compareTemplates, equateScoreWithoutMap, fmrToThreshold, measureHeldOutCalibration, prepareTemplate,
} from '../../dist/matching/index.js';
import { createRng } from '../../dist/synthetic/index.js';
import { mapTemplate } from './map-template.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, v] = args.splice(i, 2);
  return v;
};
const tableFile = flag('--table', undefined);
const rounds = Number(flag('--rounds', '1000'));
const [dataDir] = args;
if (!dataDir || !(rounds > 0)) {
  process.stderr.write('usage: foreign-fmr.mjs DATA_DIR [--table FILE] [--rounds N]\n');
  process.exit(2);
}
const tables = [['shipped map-less table', SCORE_CALIBRATION_WITHOUT_MAP]];
if (tableFile) {
  const t = JSON.parse(readFileSync(tableFile, 'utf8'));
  tables.push([`candidate (${tableFile})`, { impostorComparisons: t.impostorComparisons, genuineComparisons: t.genuineComparisons, points: t.points }]);
}
const RAW = { ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 };

const DBS = [['DB1_B', ''], ['DB2_B', '@569'], ['DB3_B', ''], ['DB4_B', '']];
const images = await readEvalSets(DBS.map(([d, p]) => `${dataDir}/fvc2002/${d}${p}`));
const records = await readEvalSets(DBS.map(([d]) => `${dataDir}/iso19794-2/fvc2002-secugen/${d}`));
const prep = (list) => list.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
const thresholds = LEVELS.map((l) => fmrToThreshold(l));

/** Raw (map-less) scores of every ordered pair a ≠ b of a set's probes × candidates, m × m. */
function scoreSet(probes, candidates) {
  const P = prep(probes), C = prep(candidates);
  const m = P.length;
  const raw = new Float64Array(m * m);
  let checked = 0;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      if (a === b || !P[a] || !C[b]) continue;
      raw[a * m + b] = compareTemplates(P[a], C[b], RAW);
      // the shipped score of a comparison without a map on one side is the shipped table's equating of its raw score
      if ((a * 7919 + b) % 97 === 0) {
        const shipped = compareTemplates(P[a], C[b]);
        const expect = equateScoreWithoutMap(raw[a * m + b]);
        if (Math.abs(shipped - expect) > 1e-9 * Math.max(1, expect)) throw new Error(`pair ${a}×${b}: shipped ${shipped} ≠ equated ${expect}`);
        checked++;
      }
    }
  }
  return { raw, checked };
}

const ours = images.map((s) => extractEvalSet(s).templates);
const theirs = records.map((s) => extractEvalSet(s).templates);
const inFrame = images.map((s, k) => {
  const it = s.items.find((x) => x && 'image' in x);
  const W = it.image.width, H = it.image.height;
  return theirs[k].map((t, i) => (t ? mapTemplate(t, W / t.width, H / t.height, W, H, ours[k][i]?.ppi ?? t.ppi) : null));
});
const populations = [
  ['theirs × theirs', images.map((_, k) => scoreSet(theirs[k], theirs[k]))],
  ['ours × theirs', images.map((_, k) => scoreSet(ours[k], inFrame[k]))],
];
const pc = (v) => (v === null || Number.isNaN(v) ? '–' : `${(v * 100).toFixed(3)} %`);
const est = (e) => `${pc(e.value)} [${pc(e.low)}, ${pc(e.high)}]`;
const out = { thresholds: LEVELS.map((l, i) => ({ level: l, score: thresholds[i] })), rounds, tables: tables.map(([name, t]) => ({ name, points: t.points.map((p) => [p.fmr, p.score]) })), results: [] };
for (const [pop, scored] of populations) {
  for (const [name, table] of tables) {
    const heldOut = scored.map(({ raw }, k) => ({
      fingers: images[k].fingers,
      quality: images[k].fingers.map(() => 0),
      scores: raw.map((r) => equateScoreWithoutMap(r, table, SCORE_CALIBRATION)),
      thresholds,
    }));
    const judge = (sets) => measureHeldOutCalibration(sets, { levels: LEVELS, bands: [], rounds, random: createRng(20261206).next }).map((l) => ({
      level: l.level, realisedFmr: est(l.fmr), falseMatches: `${l.falseMatches}/${l.impostor}`, verdict: l.verdict, fnmr: est(l.fnmr),
    }));
    out.results.push({ population: pop, table: name, checkedPairs: scored.reduce((n, s) => n + s.checked, 0), all: judge(heldOut), realSensors: judge(heldOut.slice(0, 3)) });
  }
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
