#!/usr/bin/env node
// What the FMR claim is worth for a comparison with a foreign template (issue 12, part 6; "nomap").
// An ISO/IEC 19794-2 or INCITS 378 record carries no orientation map, so a comparison with one is
// scored without the map and its score equated to the shipped table's scale through
// SCORE_CALIBRATION_WITHOUT_MAP (calibration.ts `equateScoreWithoutMap`), a table fitted on our own
// templates scored without their maps. This script measures, on a third-party extractor's records
// of the FVC2002 B images (SecuGen, ../shared/data/iso19794-2/fvc2002-secugen), the FMR that the
// shipped thresholds at 1 %, 0.1 % and 0.01 % realise, under the shipped map-less table and under a
// candidate one (--table FILE: the JSON of `afis eval calibration … --set orientationAgreementWeight=0
// --json`):
//   theirs × theirs   every ordered pair of SecuGen records (all four sets, their 300 × 400 frame as
//                     stored and read by the codec, as `afis match` reads them)
//   ours × theirs     our template of image a (with its map) against SecuGen's record of image b ≠ a,
//                     theirs mapped into the image's own frame (x·W/300, y·H/400, the set's
//                     resolution: secugen-interop.mjs's cross comparison), every ordered pair
// Each population: impostor pairs, false matches and the realised FMR with a 95 % interval from
// resampling whole fingers (the 40 fingers; a pair counts once per draw of each of its fingers),
// pooled over all four sets and over the three real sensors (DB1–DB3) alone, and the FNMR at the
// same threshold (genuine = same finger, another impression). Every raw score is computed once with
// `orientationAgreementWeight` 0 and equated through each table; the shipped score of a sample of
// pairs is checked to be the shipped table's equating of it.
//
//   node bench/matching/foreign-fmr.mjs DATA_DIR [--table FILE] [--rounds N]
//
// Figures in bench/RESULTS.md ("What a foreign template's FMR claim is worth").
import { readFileSync } from 'node:fs';
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters.js';
import {
  SCORE_CALIBRATION, SCORE_CALIBRATION_WITHOUT_MAP, compareTemplates, equateScoreWithoutMap, fmrToThreshold, prepareTemplate,
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
const LEVELS = [0.01, 0.001, 0.0001];
const RAW = { ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 };

const DBS = [['DB1_B', ''], ['DB2_B', '@569'], ['DB3_B', ''], ['DB4_B', '']];
const images = await readEvalSets(DBS.map(([d, p]) => `${dataDir}/fvc2002/${d}${p}`));
const records = await readEvalSets(DBS.map(([d]) => `${dataDir}/iso19794-2/fvc2002-secugen/${d}`));
const ours = images.map((s) => extractEvalSet(s).templates);
const theirs = records.map((s) => extractEvalSet(s).templates);
const fingerOf = []; // global finger index of every image, set by set
const setOf = [];
const oursFlat = [], theirsFlat = [], theirsInFrame = [];
images.forEach((s, k) => {
  const it = s.items.find((x) => x && 'image' in x);
  const W = it.image.width, H = it.image.height;
  s.fingers.forEach((f, i) => {
    fingerOf.push(k * 1000 + f);
    setOf.push(k);
    oursFlat.push(ours[k][i]);
    const t = theirs[k][i];
    theirsFlat.push(t);
    theirsInFrame.push(t ? mapTemplate(t, W / t.width, H / t.height, W, H, ours[k][i]?.ppi ?? t.ppi) : null);
  });
});
const fingers = [...new Set(fingerOf)];
const fIndex = new Map(fingers.map((f, i) => [f, i]));
const fi = fingerOf.map((f) => fIndex.get(f));
const prep = (list) => list.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));

/** Raw (map-less) scores of every ordered pair a ≠ b of probe list × candidate list. */
function scorePopulation(probes, candidates) {
  const P = prep(probes), C = prep(candidates);
  const n = P.length;
  const raw = new Float64Array(n * n);
  let checked = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b || !P[a] || !C[b]) continue;
      raw[a * n + b] = compareTemplates(P[a], C[b], RAW);
      // the shipped score of a comparison without a map on one side is the shipped table's equating of its raw score
      if ((a * 7919 + b) % 997 === 0) {
        const shipped = compareTemplates(P[a], C[b]);
        const expect = equateScoreWithoutMap(raw[a * n + b]);
        if (Math.abs(shipped - expect) > 1e-9 * Math.max(1, expect)) throw new Error(`pair ${a}×${b}: shipped ${shipped} ≠ equated ${expect}`);
        checked++;
      }
    }
  }
  return { raw, n, checked };
}

/** Per finger pair (i, j) counts: impostor pairs and false matches at each level; genuine pairs and false non-matches per finger. */
function tally({ raw, n }, table, keep) {
  const F = fingers.length;
  const imp = new Float64Array(F * F), fm = LEVELS.map(() => new Float64Array(F * F));
  const gen = new Float64Array(F), fnm = LEVELS.map(() => new Float64Array(F));
  const thresholds = LEVELS.map((l) => fmrToThreshold(l));
  for (let a = 0; a < n; a++) {
    if (!keep(a)) continue;
    for (let b = 0; b < n; b++) {
      if (a === b || !keep(b)) continue;
      const s = equateScoreWithoutMap(raw[a * n + b], table, SCORE_CALIBRATION);
      const i = fi[a], j = fi[b];
      if (i === j) {
        gen[i]++;
        thresholds.forEach((t, l) => { if (!(s >= t)) fnm[l][i]++; });
      } else {
        imp[i * F + j]++;
        thresholds.forEach((t, l) => { if (s >= t) fm[l][i * F + j]++; });
      }
    }
  }
  return { imp, fm, gen, fnm, F };
}

function rates(t, weights) {
  const { imp, fm, gen, fnm, F } = t;
  return LEVELS.map((_, l) => {
    let n = 0, k = 0, g = 0, m = 0;
    for (let i = 0; i < F; i++) {
      const wi = weights[i];
      if (!wi) continue;
      g += wi * gen[i];
      m += wi * fnm[l][i];
      for (let j = 0; j < F; j++) {
        const wj = weights[j];
        if (!wj || i === j) continue;
        n += wi * wj * imp[i * F + j];
        k += wi * wj * fm[l][i * F + j];
      }
    }
    return { fmr: n ? k / n : NaN, fnmr: g ? m / g : NaN, impostor: n, falseMatches: k };
  });
}

function judge(t, members) {
  const base = fingers.map((_, i) => (members.includes(i) ? 1 : 0));
  const point = rates(t, base);
  const rng = createRng(20261206).next;
  const draws = LEVELS.map(() => ({ fmr: [], fnmr: [] }));
  for (let r = 0; r < rounds; r++) {
    const w = fingers.map(() => 0);
    for (let d = 0; d < members.length; d++) w[members[Math.floor(rng() * members.length)]]++;
    rates(t, w).forEach((x, l) => { draws[l].fmr.push(x.fmr); draws[l].fnmr.push(x.fnmr); });
  }
  const ci = (v) => {
    const s = Float64Array.from(v.filter(Number.isFinite)).sort();
    return [s[Math.floor(0.025 * s.length)], s[Math.min(s.length - 1, Math.floor(0.975 * s.length))]];
  };
  const pc = (v) => `${(v * 100).toFixed(3)} %`;
  return LEVELS.map((level, l) => ({
    level,
    realisedFmr: `${pc(point[l].fmr)} [${ci(draws[l].fmr).map(pc).join(', ')}]`,
    falseMatches: `${point[l].falseMatches}/${point[l].impostor}`,
    fnmr: `${pc(point[l].fnmr)} [${ci(draws[l].fnmr).map(pc).join(', ')}]`,
  }));
}

const populations = [
  ['theirs × theirs', scorePopulation(theirsFlat, theirsFlat)],
  ['ours × theirs', scorePopulation(oursFlat, theirsInFrame)],
];
const all = fingers.map((_, i) => i);
const real = fingers.map((f, i) => [f, i]).filter(([f]) => Math.floor(f / 1000) < 3).map(([, i]) => i);
const out = { thresholds: LEVELS.map((l) => ({ level: l, score: fmrToThreshold(l) })), rounds, tables: tables.map(([name, t]) => ({ name, points: t.points.map((p) => [p.fmr, p.score]) })), results: [] };
for (const [pop, scored] of populations) {
  for (const [name, table] of tables) {
    out.results.push({
      population: pop, table: name, checkedPairs: scored.checked,
      all: judge(tally(scored, table, () => true), all),
      realSensors: judge(tally(scored, table, (a) => setOf[a] < 3), real),
    });
  }
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
