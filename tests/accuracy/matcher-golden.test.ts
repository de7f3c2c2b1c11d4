import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import { compareTemplates, computeErrorRates, listFvcComparisons, parseFvcName, prepareTemplate } from '../../src/matching/index.js';
import { FIXTURES, HAS_SHARED_DATA, SHARED_DATA, describeWithData } from '../helpers/data.js';
import { writeSyntheticTemplateFolder } from '../helpers/synthetic-templates.js';

/**
 * Guards on the matcher alone, on templates made by other systems (so extraction changes do not
 * move them): golden scores, so that a silent change of the matcher is seen and explained (update
 * the numbers in the same commit as the change, saying why), and an accuracy ceiling on the
 * SecuGen ISO templates of the FVC2002 B sets. The SourceAFIS templates and SecuGen's DB1_B are
 * committed (tests/fixtures); the other sets come from the data folder and are skipped without it.
 * The third-party records are read as stored (SAME_PLACEMENT, no move into our minutia placement),
 * so that these figures guard the matcher and not the codec's placement offsets.
 */
const DATA = FIXTURES;
const SECUGEN_COMMITTED = `${FIXTURES}iso19794-2/fvc2002-secugen/`;
const SECUGEN_ALL = `${SHARED_DATA}/iso19794-2/fvc2002-secugen/`;
const SECUGEN = HAS_SHARED_DATA ? SECUGEN_ALL : SECUGEN_COMMITTED;
const fixture = (name: string) => prepareTemplate(isoToTemplate(readFileSync(`${DATA}sourceafis-fixtures/${name}`), 0, SAME_PLACEMENT));
const secugen = (set: string, name: string) => prepareTemplate(isoToTemplate(readFileSync(`${SECUGEN}${set}/${name}.iso`), 0, SAME_PLACEMENT));
const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;

describe('golden scores', () => {
  // 3 December 2026, the MCC gate with the quality-weighted overlap share on by default: the two
  // impostor pairs (pre-gate 17.53 and 22.73, below the overlap band's 20 or reaching the gate)
  // fall to 2.19 and 2.21; the genuine pairs score above the band (100) and keep their scores;
  // the DB1_B checksum falls from 222979.050825 (bench/RESULTS.md, "The MCC gate on by default").
  // 4 December 2026 (tenth session), the orientation map on by default: these third-party records
  // carry no map, so each score is the matcher's score before the map equated by its FMR to the
  // scale of comparisons with maps (calibration.ts, equateScoreWithoutMap; a monotone map, so no
  // ranking or EER here changes): 1392.631579 → 1049.314229, 2.191691 → 0.503592; SecuGen
  // 550.238317 → 414.59127, 648.443904 → 488.586806, 115.576326 → 87.083967, 2.209909 → 0.507778;
  // the DB1_B checksum 141628.861065 → 100836.717385 ("The orientation map switched on").
  // 5 December 2026 (seventeenth session), the learned ridge enhancer on for faint prints: the
  // table with maps refitted (its 10 %, 3 % and 1 % points moved by < 0.003), so the equated low
  // scores move a little: 0.503592 → 0.504048, 0.507778 → 0.508237; the DB1_B checksum
  // 100836.717385 → 100838.81381; the scores above the table's last point are unchanged
  // 5 December 2026 (eighteenth session), the octave test on for wet prints: the table with maps
  // refitted again; its 0.03 % point fell 9.9975 → 9.8874, which moves the tail the high scores are
  // equated through: 1049.314229 → 1050.442148, 0.504048 → 0.506096; SecuGen 414.59127 →
  // 415.036919, 488.586806 → 489.111993, 87.083967 → 87.177575, 0.508237 → 0.510302; the DB1_B
  // checksum 100838.81381 → 100957.762463 (monotone: no ranking or EER of these templates changes)
  // 5 December 2026 (twenty-second session), the field read from the ridge network on every print:
  // the table with maps refitted, every threshold lower (0.01 % 14.68 → 13.00), so the equated
  // scores fall: 1050.442148 → 1041.362347, 0.506096 → 0.490814; SecuGen 415.036919 → 411.449427,
  // 489.111993 → 484.884212, 87.177575 → 86.42403, 0.510302 → 0.494894; the DB1_B checksum
  // 100957.762463 → 99958.949853 (monotone again: no ranking or EER of these templates changes)
  // 5 December 2026 (twenty-third session), the period map read from the ridge network's map too:
  // the table with maps refitted, its 0.001 % point rose 27.99 → 32.24 and its 0.1 % point 5.82 →
  // 6.45, so the equated scores rise: 1041.362347 → 1255.137063, 0.490814 → 0.508279; SecuGen
  // 411.449427 → 495.913288, 484.884212 → 584.423038, 86.42403 → 104.165475, 0.494894 → 0.512505;
  // the DB1_B checksum 99958.949853 → 119982.289468 (monotone: no ranking or EER changes)
  // 6 December 2026 (twenty-eighth session), the ridge network trained on real prints too, every
  // FVC2002 print read by its held-out fold: the table with maps refitted, its 0.003 % point fell
  // 28.98 → 14.97 and its 0.001 % point 32.24 → 29.27, which moves the tail the high scores are
  // equated through: 1255.137063 → 1039.819281, 0.508279 → 0.510912; SecuGen 495.913288 → 410.839751,
  // 584.423038 → 484.165722, 104.165475 → 86.295969, 0.512505 → 0.515158; the DB1_B checksum
  // 119982.289468 → 99904.273514 (monotone: no ranking or EER changes)
  // 6 December 2026 (twenty-ninth session, "nomap"), the map-less table these scores are equated
  // from refitted on today's templates (SCORE_CALIBRATION_WITHOUT_MAP: 0.1 % 16.68 → 14.87, 0.001 %
  // 46.38 → 65.92, so a high raw score lies less far past its last point): 1039.819281 → 628.564591,
  // 0.510912 → 0.50628; SecuGen 410.839751 → 248.350194, 484.165722 → 292.675309, 86.295969 →
  // 51.901922, 0.515158 → 0.510489; the DB1_B checksum 99904.273514 → 61567.189874 (monotone: no
  // ranking or EER changes)
  // 6 December 2026 (thirtieth session), the field read three quarters from the ridge network
  // (orientationFromRidgeNet 0.75): both tables refitted; the map-less one's 0.001 % point fell
  // 65.92 → 39.03 and the one with maps' 18.13 (was 29.27), which moves the tail the high scores are
  // equated through: 628.564591 → 690.49798, 0.50628 → 0.485894; SecuGen 248.350194 → 272.820502,
  // 292.675309 → 321.513035, 51.901922 → 57.305335, 0.510489 → 0.489933; the DB1_B checksum
  // 61567.189874 → 67343.284798 (monotone: no ranking or EER changes)
  // 6 December 2026 (thirty-first session, "calmix"), both tables refitted in the mixture form (clean
  // pairs plus the sets under five capture conditions): every threshold of both rose (the map-less
  // 0.001 % point 39.03 → 63.36, the one with maps' 18.13 → 34.24), which moves where these scores are
  // equated to: 690.49798 → 726.228451, 0.485894 → 0.465269; SecuGen 272.820502 → 286.937857, 321.513035
  // → 338.150031, 57.305335 → 60.886948, 0.489933 → 0.469137; the DB1_B checksum 67343.284798 →
  // 70646.456142 (monotone: no ranking or EER changes)
  // 6 December 2026 (thirty-second session), the NaN fix in the contrast normalisation changed one of
  // our templates and both tables were refitted: only their 10 % and 3 % points moved (the map-less
  // 2.927546 → 2.92849, 5.908944 → 5.909013), so only the low equated scores move: 0.465269 → 0.46513,
  // 0.469137 → 0.468996; the DB1_B checksum 70646.456142 → 70645.870961 (monotone)
  // 7 December 2026 (thirty-eighth session, "framevote"), the frame detector's vote window changed the
  // framed images' templates in the tables' fit: both tables refitted (with maps 0.1 % 7.79 → 7.65,
  // 0.01 % 16.29 → 16.13; map-less 1 % 8.91 → 8.87, 0.01 % 38.72 → 38.76), which moves where these
  // scores are equated to and the matcher's wide pass band (read from the table with maps):
  // 726.228451 → 727.583263, 0.46513 → 0.463434; SecuGen 286.937857 → 287.473152, 338.150031 →
  // 338.780865, 60.886948 → 60.970211, 0.468996 → 0.467287; the DB1_B checksum 70645.870961 →
  // 70760.020811
  it('SourceAFIS fixture templates', () => {
    const probe = fixture('iso-probe.dat');
    expect(compareTemplates(probe, fixture('iso-matching.dat'))).toBeCloseTo(727.583263, 4);
    expect(compareTemplates(probe, fixture('iso-nonmatching.dat'))).toBeCloseTo(0.463434, 4);
  });

  it('SecuGen FVC2002 pairs', () => {
    const cases: Array<[string, string, string, number]> = [
      ['DB1_B', '101_1', '101_2', 287.473152],
      ['DB2_B', '105_3', '105_7', 338.780865],
      ['DB3_B', '110_1', '110_8', 60.970211],
      ['DB4_B', '102_1', '107_1', 0.467287],
    ];
    for (const [set, a, b, score] of cases) if (HAS_SHARED_DATA || set === 'DB1_B') expect(compareTemplates(secugen(set, a), secugen(set, b))).toBeCloseTo(score, 4);
  });

  it('checksum of all 6,320 ordered comparisons of SecuGen DB1_B', () => {
    const names = readdirSync(`${SECUGEN}DB1_B`).filter((n) => n.endsWith('.iso')).sort().map((n) => n.slice(0, -4));
    const t = names.map((n) => secugen('DB1_B', n));
    let sum = 0, count = 0;
    for (let a = 0; a < t.length; a++) for (let b = 0; b < t.length; b++) if (a !== b) { sum += r6(compareTemplates(t[a], t[b])); count++; }
    expect(count).toBe(6320);
    expect(sum).toBeCloseTo(70760.020811, 2);
  });
});

describeWithData('accuracy ceiling of the matcher on third-party templates', () => {
  it('SecuGen ISO templates, FVC2002 DB1–DB4 B, all pairs', () => {
    const eers: number[] = [];
    for (const set of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
      const names = readdirSync(`${SECUGEN}${set}`).filter((n) => parseFvcName(n)).sort();
      const t = names.map((n) => prepareTemplate(isoToTemplate(readFileSync(`${SECUGEN}${set}/${n}`), 0, SAME_PLACEMENT)));
      const cmp = listFvcComparisons(names.map((n) => parseFvcName(n)!));
      const score = (pairs: ReadonlyArray<readonly [number, number]>) => pairs.map(([a, b]) => compareTemplates(t[a], t[b]));
      eers.push(computeErrorRates(score(cmp.genuine), score(cmp.allPairsImpostor)).eer);
    }
    // measured 2.3 % mean (0.8–4.3 % per set) when this ceiling was set; 1.95 % (1.78 / 1.06 / 4.28 /
    // 0.70) with the MCC gate on by default (2.27 % with the same build's pre-gate parameters)
    expect(Math.max(...eers)).toBeLessThan(0.055);
    expect(eers.reduce((s, e) => s + e, 0) / 4).toBeLessThan(0.028);
  });
});

describe('accuracy ceiling of the matcher on synthetic templates (always runs)', () => {
  it('three synthetic populations of 10 fingers × 8 impressions, all pairs', () => {
    const eers: number[] = [];
    for (const seed of [101, 202, 303]) {
      const dir = writeSyntheticTemplateFolder(seed);
      const names = readdirSync(dir).filter((n) => parseFvcName(n)).sort();
      const t = names.map((n) => prepareTemplate(isoToTemplate(readFileSync(`${dir}/${n}`))));
      const cmp = listFvcComparisons(names.map((n) => parseFvcName(n)!));
      const score = (pairs: ReadonlyArray<readonly [number, number]>) => pairs.map(([a, b]) => compareTemplates(t[a], t[b]));
      eers.push(computeErrorRates(score(cmp.genuine), score(cmp.allPairsImpostor)).eer);
    }
    console.log(`synthetic templates, all-pairs EER per population: ${eers.map((e) => (100 * e).toFixed(2)).join(' %, ')} %`);
    // generous ceiling: a regression of the matcher (or the generator) shows, noise does not
    expect(Math.max(...eers)).toBeLessThan(0.05);
  });
});
