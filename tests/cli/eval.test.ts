import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/context.js';
import { FIXTURES, SFINGE_IMAGES } from '../helpers/data.js';
import { writeSyntheticTemplateFolder } from '../helpers/synthetic-templates.js';

const DATA = FIXTURES;

/** A new temporary folder holding the four committed SFinGe images (two impressions of finger 101, one of 102 and 103). */
function sfingeFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const path of SFINGE_IMAGES) copyFileSync(path, join(dir, path.split('/').pop()!));
  return dir;
}

function io(): CliIo & { out: string; err: string } {
  const r = { out: '', err: '', exitCode: 0, stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t) };
  return r;
}

describe('afis eval fvc', () => {
  it('prints the contract JSON for a folder of templates', async () => {
    const o = io();
    const dir = writeSyntheticTemplateFolder(11);
    expect(await runCli(['eval', 'fvc', dir, '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r).toMatchObject({ dataset: dir, images: 80, genuine: 280, impostor: 45, failedToEnrol: 0, extractMsMedian: null });
    for (const k of ['eer', 'fmr100', 'fmr1000', 'zeroFmr']) {
      expect(r[k]).toBeGreaterThanOrEqual(0);
      expect(r[k]).toBeLessThanOrEqual(1);
    }
    expect(r.eer).toBeLessThan(0.05);
    expect(r.compareUsMedian).toBeGreaterThan(0);
    expect(r.allPairs.impostor).toBe(2880);
    expect(r.allPairs.eer).toBeLessThan(0.05);
    expect(r.allPairs.fmr100).toBeGreaterThanOrEqual(0);
  });

  it('counts a file that cannot be enrolled as a failure with scores of 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-eval-'));
    const src = `${DATA}iso19794-2/fvc2002-secugen/DB1_B/`;
    const { readFileSync } = await import('node:fs');
    for (const f of ['101_1', '101_2', '102_1', '102_2']) writeFileSync(join(dir, `${f}.iso`), readFileSync(`${src}${f}.iso`));
    writeFileSync(join(dir, '103_1.iso'), Buffer.from('FMR\0 20\0garbage'));
    writeFileSync(join(dir, '103_2.iso'), readFileSync(`${src}103_2.iso`));
    const o = io();
    expect(await runCli(['eval', 'fvc', dir, '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r).toMatchObject({ images: 6, genuine: 3, impostor: 3, failedToEnrol: 1, failedFiles: ['103_1.iso'] });
    expect(r.allPairs.impostor).toBe(12);
    // 103's genuine pair scored 0, below every impostor score that is positive
    expect(r.zeroFmr).toBeGreaterThanOrEqual(0.333);
  });

  it('takes DIR@PPI like the other eval commands, the same as --ppi', async () => {
    const dir = sfingeFolder('afis-eval-ppi-');
    const suffixed = io();
    expect(await runCli(['eval', 'fvc', `${dir}@569`, '--json'], suffixed)).toBe(0);
    const flagged = io();
    expect(await runCli(['eval', 'fvc', dir, '--ppi', '569', '--json'], flagged)).toBe(0);
    const a = JSON.parse(suffixed.out), b = JSON.parse(flagged.out);
    expect(a.dataset).toBe(`${dir}@569`);
    expect(a).toMatchObject({ images: 4, failedToEnrol: 0 });
    expect({ eer: a.eer, allPairs: a.allPairs }).toEqual({ eer: b.eer, allPairs: b.allPairs });
  });

  it('prints a table without --json and exits 2 on a missing folder', async () => {
    const o = io();
    expect(await runCli(['eval', 'fvc', writeSyntheticTemplateFolder(12)], o)).toBe(0);
    expect(o.out).toMatch(/all pairs\s+2880/);
    const bad = io();
    expect(await runCli(['eval', 'fvc', '/nonexistent-afis'], bad)).toBe(2);
    expect(bad.err).toMatch(/nonexistent-afis/);
  });
});

describe('afis eval --ridge-models (each set judged with its own ridge network)', () => {
  it('refuses a pattern without {set} or a missing fold file before extracting anything', async () => {
    const dir = writeSyntheticTemplateFolder(41);
    for (const command of [['cv'], ['perturb', '--kinds', 'crop'], ['calibration'], ['calibration', '--held-out'], ['erc']]) {
      const missing = io();
      expect(await runCli(['eval', ...command, dir, '--ridge-models', '/nonexistent-afis/fold-{set}.onnx', '--json'], missing)).toBe(2);
      expect(missing.err).toMatch(/AFIS_FILE_NOT_FOUND|no such file/);
      const noSet = io();
      expect(await runCli(['eval', ...command, dir, '--ridge-models', '/nonexistent-afis/fold.onnx', '--json'], noSet)).toBe(2);
      expect(noSet.err).toMatch(/\{set\}/);
    }
  });
});

describe('afis eval cv and afis eval perturb', () => {
  it('reports per-set all-pairs EER with finger-bootstrap intervals, and cross-validates a parameter', async () => {
    const o = io();
    const dirs = [21, 22, 23].map((seed) => writeSyntheticTemplateFolder(seed));
    expect(await runCli(['eval', 'cv', ...dirs, '--param', 'neighbours', '--values', '6,14', '--rounds', '40', '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r.sets).toHaveLength(3);
    for (const s of r.sets) {
      expect(s.images).toBe(80);
      expect(s.eer.low).toBeLessThanOrEqual(s.eer.value);
      expect(s.eer.high).toBeGreaterThanOrEqual(s.eer.value);
      expect(s.eer.value).toBeLessThan(0.2);
    }
    expect(r.meanEer.value).toBeCloseTo(r.sets.reduce((a: number, s: { eer: { value: number } }) => a + s.eer.value, 0) / 3, 4);
    expect(r.parameter).toMatchObject({ name: 'neighbours', table: 'matching', current: 10, candidates: [10, 6, 14] });
    expect(r.parameter.folds).toHaveLength(3);
    for (const f of r.parameter.folds) expect([10, 6, 14]).toContain(f.chosen);
    const cvMean = r.parameter.folds.reduce((a: number, f: { heldOutEer: number }) => a + f.heldOutEer, 0) / 3;
    expect(r.parameter.crossValidatedMeanEer.value).toBeCloseTo(cvMean, 4);
    expect(r.parameter.tunedMeanEer).toBeLessThanOrEqual(r.meanEer.value + 1e-9);
    expect(r.parameter.improves).toBe(r.parameter.change.high < 0);
  });

  it('cross-validates whole candidates (parameters that go together) against the shipped values', async () => {
    const o = io();
    const dirs = [31, 32, 33].map((seed) => writeSyntheticTemplateFolder(seed));
    const args = ['--candidate', 'neighbours=6,maxRoots=4', '--candidate', 'overlapShareExponent=1'];
    expect(await runCli(['eval', 'cv', ...dirs, ...args, '--rounds', '30', '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r.parameter.candidates).toEqual(['current', 'neighbours=6,maxRoots=4', 'overlapShareExponent=1']);
    expect(r.parameter.perCandidate).toHaveLength(3);
    // the first candidate's figures are the shipped ones
    r.parameter.perCandidate[0].setEer.forEach((e: number, k: number) => expect(e).toBeCloseTo(r.sets[k].eer.value, 4));
    for (const f of r.parameter.folds) expect(r.parameter.candidates).toContain(f.chosen);
    expect(r.parameter.improves).toBe(r.parameter.change.high < 0);
    const bad = io();
    expect(await runCli(['eval', 'cv', dirs[0], '--candidate', 'neighbours=six'], bad)).toBe(2);
    expect(bad.err).toMatch(/--candidate neighbours=six/);
    const both = io();
    expect(await runCli(['eval', 'cv', dirs[0], '--param', 'neighbours', '--values', '6', '--candidate', 'maxRoots=4'], both)).toBe(2);
  });

  it('with --criterion fnmr1000, chooses and cross-validates by the FNMR at FMR 0.1 %', async () => {
    const o = io();
    const dirs = [31, 32, 33].map((seed) => writeSyntheticTemplateFolder(seed));
    expect(await runCli(['eval', 'cv', ...dirs, '--candidate', 'neighbours=6,maxRoots=4', '--criterion', 'fnmr1000', '--rounds', '30', '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r.parameter.criterion).toBe('fnmr1000');
    // the first candidate's figures are the shipped ones, in both figures
    r.parameter.perCandidate[0].setFnmrAtFmr1000.forEach((e: number, k: number) => expect(e).toBeCloseTo(r.sets[k].fnmrAtFmr1000.value, 4));
    for (const f of r.parameter.folds) {
      const c = r.parameter.perCandidate[r.parameter.candidates.indexOf(f.chosen)];
      const k = r.sets.findIndex((s: { dataset: string }) => s.dataset === f.heldOut);
      expect(f.heldOutFnmrAtFmr1000).toBeCloseTo(c.setFnmrAtFmr1000[k], 4);
      expect(f.heldOutEer).toBeCloseTo(c.setEer[k], 4);
      expect(f.currentFnmrAtFmr1000).toBeCloseTo(r.sets[k].fnmrAtFmr1000.value, 4);
    }
    const cvMean = r.parameter.folds.reduce((a: number, f: { heldOutFnmrAtFmr1000: number }) => a + f.heldOutFnmrAtFmr1000, 0) / 3;
    expect(r.parameter.crossValidatedMeanFnmrAtFmr1000.value).toBeCloseTo(cvMean, 4);
    expect(r.parameter.tunedMeanFnmrAtFmr1000).toBeLessThanOrEqual(r.meanFnmrAtFmr1000.value + 1e-9);
    expect(r.parameter.improves).toBe(r.parameter.change.high < 0);
    const text = io();
    expect(await runCli(['eval', 'cv', ...dirs, '--candidate', 'neighbours=6', '--criterion', 'fnmr1000', '--rounds', '10'], text)).toBe(0);
    expect(text.out).toMatch(/cross-validated mean FNMR at FMR 0.1 %/);
    const bad = io();
    expect(await runCli(['eval', 'cv', dirs[0], '--candidate', 'neighbours=6', '--criterion', 'auc'], bad)).toBe(2);
    expect(bad.err).toMatch(/--criterion/);
  });

  it('with a jitter control, reports every figure as the mean over the nudges of a shipped parameter', async () => {
    const dirs = [41, 42, 43].map((seed) => writeSyntheticTemplateFolder(seed));
    const single = io();
    expect(await runCli(['eval', 'cv', ...dirs, '--candidate', 'maxRoots=8', '--candidate', 'maxRoots=16', '--rounds', '20', '--json'], single)).toBe(0);
    const each = JSON.parse(single.out).parameter.perCandidate;
    const o = io();
    expect(await runCli(['eval', 'cv', ...dirs, '--candidate', 'overlapShareExponent=1', '--jitter', 'maxRoots=8,16', '--rounds', '20', '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r.jitter).toMatchObject({ name: 'maxRoots', values: [8, 16] });
    r.sets.forEach((s: { eer: { value: number } }, k: number) => expect(s.eer.value).toBeCloseTo((each[1].setEer[k] + each[2].setEer[k]) / 2, 4));
    r.parameter.perCandidate[0].setEer.forEach((e: number, k: number) => expect(e).toBeCloseTo(r.sets[k].eer.value, 4));
    expect(r.parameter.candidates).toEqual(['current', 'overlapShareExponent=1']);
    const bad = io();
    expect(await runCli(['eval', 'cv', dirs[0], '--jitter', 'maxRoots=8'], bad)).toBe(2);
    expect(bad.err).toMatch(/--jitter maxRoots=8/);
    const unknown = io();
    expect(await runCli(['eval', 'cv', dirs[0], '--jitter', 'nonsense=1,2'], unknown)).toBe(2);
    expect(unknown.err).toMatch(/--jitter nonsense/);
  });

  it('refuses an unknown parameter and --param without --values', async () => {
    const dir = writeSyntheticTemplateFolder(24, 2, 2);
    const a = io();
    expect(await runCli(['eval', 'cv', dir, '--param', 'nonsense', '--values', '1'], a)).toBe(2);
    expect(a.err).toMatch(/nonsense.*AFIS_CLI_USAGE/);
    const b = io();
    expect(await runCli(['eval', 'cv', dir, '--param', 'neighbours'], b)).toBe(2);
  });

  it('runs perturbations on images and counts the minutiae they create', async () => {
    // synthetic (SFinGe) images: two impressions of finger 101, one of 102 and 103
    const dir = sfingeFolder('afis-perturb-');
    const o = io();
    expect(await runCli(['eval', 'perturb', dir, '--kinds', 'frame,crop,crop+frame', '--rounds', '10', '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r.perturbations.map((p: { kind: string }) => p.kind)).toEqual(['frame', 'crop', 'crop+frame']);
    // the chain: the frame drawn on the cropped image creates false minutiae too
    expect(r.perturbations[2].falseMinutiaRate).toBeGreaterThan(0);
    const frame = r.perturbations[0];
    expect(frame.falseMinutiaRate).toBeGreaterThan(0);
    expect(frame.falseMinutiaRate).toBeLessThanOrEqual(1);
    expect(frame.change.value).toBeCloseTo(frame.meanEer.value - r.clean.meanEer.value, 4);
    const bad = io();
    expect(await runCli(['eval', 'perturb', dir, '--kinds', 'smudge'], bad)).toBe(2);
    expect(bad.err).toMatch(/smudge/);
    const badChain = io();
    expect(await runCli(['eval', 'perturb', dir, '--kinds', 'crop+smudge'], badChain)).toBe(2);
    expect(badChain.err).toMatch(/crop\+smudge/);
  });

  it('draws error-versus-reject curves with the ideal beside them, and FNMR per quality band', async () => {
    const dir = sfingeFolder('afis-erc-');
    const o = io();
    expect(await runCli(['eval', 'erc', dir, '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r.rejected).toHaveLength(31);
    const [set] = r.sets;
    expect(set).toMatchObject({ images: 4, genuine: 1, impostor: 5, failedToEnrol: 0 });
    expect(set.curves.map((c: { fmr: number }) => c.fmr)).toEqual([0.001, 0.01]);
    for (const c of set.curves) {
      expect(c.fnmr).toHaveLength(31);
      expect(c.ideal[0]).toBe(c.fnmr[0]);
    }
    expect(set.bands.reduce((a: number, b: { genuine: number }) => a + b.genuine, 0)).toBe(1);
    expect(set.bands).toHaveLength(10);
    expect(set.qualities).toHaveLength(4);
    // every image washed out: each is reported as perturbed
    const w = io();
    expect(await runCli(['eval', 'erc', dir, '--perturb', 'washed-out', '--share', '1', '--json'], w)).toBe(0);
    expect(JSON.parse(w.out).sets[0].perturbation).toEqual(['washed-out', 'washed-out', 'washed-out', 'washed-out']);
    const bad = io();
    expect(await runCli(['eval', 'erc', dir, '--perturb', 'smudge'], bad)).toBe(2);
    expect(bad.err).toMatch(/smudge/);
  });
});

describe('afis eval calibration --fit-kinds (the shipped table\'s mixture form)', () => {
  it('adds every ordered pair within each set under each kind to the clean pairs, seeded, and refuses what it does not fit', async () => {
    const dirs = [0, 1].map(() => sfingeFolder('afis-calibration-mix-'));
    const run = async (...args: string[]) => {
      const o = io();
      expect(await runCli(['eval', 'calibration', ...dirs, ...args, '--json'], o)).toBe(0);
      return JSON.parse(o.out);
    };
    const clean = await run();
    expect(clean.mixture).toBeUndefined();
    const mixed = await run('--fit-kinds', 'frame,dry', '--seed', '3');
    expect(mixed.mixture).toEqual({ fitKinds: ['frame', 'dry'], seed: 3, fitSeedStream: 0xf17, cleanImpostorComparisons: clean.impostorComparisons, cleanGenuineComparisons: clean.genuineComparisons });
    // two sets of 4 images (two fingers, two impressions each) under two kinds: 2 × 2 × 4·3 more ordered pairs, 2 × 2 × 2 of them genuine
    expect(mixed.impostorComparisons + mixed.genuineComparisons).toBe(clean.impostorComparisons + clean.genuineComparisons + 2 * 2 * 12);
    expect(mixed.genuineComparisons).toBe(clean.genuineComparisons + 2 * 2 * 2);
    expect(mixed.points).not.toEqual(clean.points);
    // the same seed gives the same table; another seed other perturbed images
    expect((await run('--fit-kinds', 'frame,dry', '--seed', '3')).points).toEqual(mixed.points);
    expect((await run('--fit-kinds', 'frame,dry', '--seed', '4')).points).not.toEqual(mixed.points);
    const text = io();
    expect(await runCli(['eval', 'calibration', ...dirs, '--fit-kinds', 'frame'], text)).toBe(0);
    expect(text.out).toMatch(/^mixture: \d+ clean impostor comparisons plus the sets under frame \(seed 1\)/);
    // with --by-band the band tables are fitted on the mixture too: the bands together hold every pair of the mixture
    const banded = await run('--fit-kinds', 'frame,dry', '--seed', '3', '--band-by', 'minutiae', '--by-band', '--bands', '0,30', '--min-band-impostors', '1');
    expect(banded.points).toEqual(mixed.points);
    const bands = banded.byMinutiae.bands as Array<{ impostorComparisons: number; genuineComparisons: number; table: unknown }>;
    expect(bands.reduce((n, b) => n + b.impostorComparisons, 0)).toBe(mixed.impostorComparisons);
    expect(bands.reduce((n, b) => n + b.genuineComparisons, 0)).toBe(mixed.genuineComparisons);
    // --own-bands-below: a band from that edge up keeps the single table (here the band below 30, which has one of its own without it)
    expect(bands[0]!.table).not.toBeNull();
    const none = await run('--fit-kinds', 'frame,dry', '--seed', '3', '--band-by', 'minutiae', '--by-band', '--bands', '0,30', '--min-band-impostors', '1', '--own-bands-below', '0');
    expect(none.byMinutiae.ownBandsBelow).toBe(0);
    expect(none.byMinutiae.bands[0].table).toBeNull();
    expect((await run('--fit-kinds', 'frame,dry', '--seed', '3', '--band-by', 'minutiae', '--by-band', '--bands', '0,30', '--min-band-impostors', '1', '--own-bands-below', '30')).byMinutiae.bands[0].table).toEqual(bands[0]!.table);
    for (const bad of [['--fit-kinds', 'smudge'], ['--fit-kinds', 'frame', '--pair-model']]) {
      const e = io();
      expect(await runCli(['eval', 'calibration', ...dirs, ...bad], e)).toBe(2);
    }
  });
});

describe('afis eval calibration --held-out', () => {
  it('fits the table without each set and reports the realised FMR and FNMR of its thresholds on that set', async () => {
    const a = writeSyntheticTemplateFolder(31, 6, 4), b = writeSyntheticTemplateFolder(32, 6, 4);
    const o = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--kinds', 'none', '--rounds', '20', '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r.sets).toEqual([a, b]);
    expect(r.bands).toEqual([[0, 20], [20, 70], [70, 90], [90, 100]]);
    // fold 1 holds out a: its table is the one `eval calibration b` fits on b alone
    const only = io();
    expect(await runCli(['eval', 'calibration', b, '--json'], only)).toBe(0);
    const tableB = JSON.parse(only.out);
    expect(r.folds[0].heldOut).toBe(a);
    expect(r.folds[0].impostorComparisons).toBe(tableB.impostorComparisons);
    expect(r.folds[0].thresholds[0]).toBeCloseTo(tableB.points.find((p: { fmr: number }) => p.fmr === 0.01).score, 3);
    const levels = r.clean.levels;
    expect(levels.map((l: { level: number }) => l.level)).toEqual([0.01, 0.001, 0.0001]);
    // per set 24·23 ordered pairs, 6·4·3 of them genuine
    expect(levels[0].impostor).toBe(2 * (24 * 23 - 72));
    expect(levels[0].genuine).toBe(2 * 72);
    for (const l of levels) {
      expect(l.fmr.value).toBeGreaterThanOrEqual(0);
      expect(l.fmr.low).toBeLessThanOrEqual(l.fmr.value);
      expect(l.fmr.high).toBeGreaterThanOrEqual(l.fmr.value);
      expect(l.bands.reduce((n: number, x: { impostor: number }) => n + x.impostor, 0)).toBeLessThanOrEqual(l.impostor);
    }
    // a stricter threshold never lets more impostors through
    expect(levels[1].falseMatches).toBeLessThanOrEqual(levels[0].falseMatches);
    expect(r.perturbations).toEqual([]);
    expect(r.clean.levelsByBand).toBeUndefined();
    // --by-band: per-band tables beside the single one, on the same draws
    const bb = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--by-band', '--min-band-impostors', '50', '--kinds', 'none', '--rounds', '20', '--json'], bb)).toBe(0);
    const rb = JSON.parse(bb.out);
    expect(rb.clean.levels).toEqual(levels);
    expect(rb.minBandImpostors).toBe(50);
    expect(rb.folds[0].byBand.map((x: { quality: number[] }) => x.quality)).toEqual(r.bands);
    for (const x of rb.folds[0].byBand) expect(x.thresholds === null).toBe(x.impostorComparisons < 50 || x.genuineComparisons === 0);
    expect(rb.folds[0].byBand.reduce((n: number, x: { impostorComparisons: number }) => n + x.impostorComparisons, 0)).toBe(rb.folds[0].impostorComparisons);
    expect(rb.clean.levelsByBand.map((l: { impostor: number }) => l.impostor)).toEqual(levels.map((l: { impostor: number }) => l.impostor));
    // the paired change per-band − single on the same draws: its value is the difference of the two, inside its interval
    expect(r.clean.byBandMinusSingle).toBeUndefined();
    rb.clean.byBandMinusSingle.forEach((d: { level: number; fmr: { value: number; low: number; high: number }; fnmr: { value: number } }, i: number) => {
      expect(d.level).toBe(levels[i].level);
      expect(d.fmr.value).toBeCloseTo(rb.clean.levelsByBand[i].fmr.value - levels[i].fmr.value, 6);
      expect(d.fnmr.value).toBeCloseTo(rb.clean.levelsByBand[i].fnmr.value - levels[i].fnmr.value, 6);
      expect(d.fmr.low).toBeLessThanOrEqual(d.fmr.high);
    });
    // --split fingers: two folds, each half of every set's fingers held out (3 of 6 fingers × 4 impressions per part)
    const fs = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--split', 'fingers', '--by-band', '--kinds', 'none', '--rounds', '20', '--json'], fs)).toBe(0);
    const rf = JSON.parse(fs.out);
    expect(rf.split).toBe('fingers');
    expect(rf.folds).toHaveLength(2);
    // training: the other 3 fingers of both sets, 24 images, 3·2·4·3 = 72 ordered genuine pairs
    expect(rf.folds[0].genuineComparisons).toBe(72);
    expect(rf.folds[0].impostorComparisons).toBe(24 * 23 - 72);
    // held out: 4 parts of 12 images, 12·11 − 3·4·3 = 96 ordered impostor pairs each
    expect(rf.clean.levels[0].perSet).toHaveLength(4);
    expect(rf.clean.levels[0].impostor).toBe(4 * 96);
    const badSplit = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--split', 'images', '--kinds', 'none'], badSplit)).toBe(2);
    // --band-by minutiae: the same pairs banded by the smaller minutiae count; the single table's figures do not move
    const bm = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--band-by', 'minutiae', '--by-band', '--min-band-impostors', '50', '--kinds', 'none', '--rounds', '20', '--json'], bm)).toBe(0);
    const rm = JSON.parse(bm.out);
    expect(rm.bandBy).toBe('minutiae');
    expect(rm.bands).toEqual([[0, 20], [20, 30], [30, 40], [40, 255]]);
    expect(rm.clean.levels.map((l: { fmr: unknown; fnmr: unknown }) => [l.fmr, l.fnmr])).toEqual(levels.map((l: { fmr: unknown; fnmr: unknown }) => [l.fmr, l.fnmr]));
    expect(rm.folds[0].byBand.reduce((n: number, x: { impostorComparisons: number }) => n + x.impostorComparisons, 0)).toBe(rm.folds[0].impostorComparisons);
    expect(rm.clean.levels[0].bands.reduce((n: number, x: { impostor: number }) => n + x.impostor, 0)).toBe(rm.clean.levels[0].impostor);
    // --report-by quality: the same minutiae-band tables judged, the figures reported by quality band;
    // every pair keeps its thresholds, so the pooled figures are the same, only their split differs
    const rq = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--band-by', 'minutiae', '--by-band', '--min-band-impostors', '50', '--report-by', 'quality', '--kinds', 'none', '--rounds', '20', '--json'], rq)).toBe(0);
    const rr = JSON.parse(rq.out);
    expect(rr.reportBy).toBe('quality');
    expect(rr.reportBands).toEqual([[0, 20], [20, 70], [70, 90], [90, 100]]);
    expect(rr.bands).toEqual(rm.bands);
    expect(rr.clean.levelsByBand.map((l: { fmr: unknown; fnmr: unknown }) => [l.fmr, l.fnmr])).toEqual(rm.clean.levelsByBand.map((l: { fmr: unknown; fnmr: unknown }) => [l.fmr, l.fnmr]));
    expect(rr.clean.levelsByBand[0].bands.map((x: { quality: number[] }) => x.quality[0])).toEqual([0, 20, 70, 90]);
    expect(rr.clean.levelsByBand[0].bands.reduce((n: number, x: { impostor: number }) => n + x.impostor, 0)).toBe(rr.clean.levelsByBand[0].impostor);
    // --report-bands alone: the tables' bands by minutiae kept, the figures split at other minutiae edges
    const re = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--band-by', 'minutiae', '--by-band', '--min-band-impostors', '50', '--report-bands', '0,25', '--kinds', 'none', '--rounds', '20', '--json'], re)).toBe(0);
    const rb2 = JSON.parse(re.out);
    expect(rb2.reportBy).toBe('minutiae');
    expect(rb2.reportBands).toEqual([[0, 25], [25, 255]]);
    expect(rb2.clean.levelsByBand.map((l: { fmr: unknown }) => l.fmr)).toEqual(rm.clean.levelsByBand.map((l: { fmr: unknown }) => l.fmr));
    const badReportBy = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--report-by', 'area', '--kinds', 'none'], badReportBy)).toBe(2);
    expect(badReportBy.err).toMatch(/--report-by must be/);
    const badBandBy = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--band-by', 'area', '--kinds', 'none'], badBandBy)).toBe(2);
    const badEdges = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--band-by', 'minutiae', '--bands', '0,300', '--kinds', 'none'], badEdges)).toBe(2);
    expect(badEdges.err).toMatch(/minutiae-count edges 0–255/);
  });

  it('--set without --held-out: the table fitted with a matching parameter changed (how the map-less table is measured); an extraction parameter refused', async () => {
    // ISO records carry no orientation map: the shipped matcher equates their scores through
    // SCORE_CALIBRATION_WITHOUT_MAP, orientationAgreementWeight 0 leaves them raw (as that table was fitted)
    const b = writeSyntheticTemplateFolder(32, 6, 4);
    const shipped = io(), raw = io();
    expect(await runCli(['eval', 'calibration', b, '--json'], shipped)).toBe(0);
    expect(await runCli(['eval', 'calibration', b, '--set', 'orientationAgreementWeight=0', '--json'], raw)).toBe(0);
    const s = JSON.parse(shipped.out), r = JSON.parse(raw.out);
    expect(r.impostorComparisons).toBe(s.impostorComparisons);
    expect(r.points.map((p: { fmr: number }) => p.fmr)).toEqual(s.points.map((p: { fmr: number }) => p.fmr));
    // the same genuine share at every level (equating is monotone), the raw scores higher (the map-less scale is about three times the equated one)
    expect(r.points.map((p: { tmr: number }) => p.tmr)).toEqual(s.points.map((p: { tmr: number }) => p.tmr));
    const p1 = (t: { points: Array<{ fmr: number; score: number }> }): number => t.points.find((p) => p.fmr === 0.01)!.score;
    expect(p1(r)).toBeGreaterThan(p1(s));
    const bad = io();
    expect(await runCli(['eval', 'calibration', b, '--set', 'borderDistance=6'], bad)).toBe(2);
    expect(bad.err).toMatch(/needs --held-out/);
    const unknown = io();
    expect(await runCli(['eval', 'calibration', b, '--set', 'noSuchParameter=1'], unknown)).toBe(2);
  });

  it('--pair-model: the per-pair tail model fitted per fold on training impostors, judged beside the single table on the same draws', async () => {
    const a = writeSyntheticTemplateFolder(31, 6, 4), b = writeSyntheticTemplateFolder(32, 6, 4);
    const plain = io(), pm = io();
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--kinds', 'none', '--rounds', '20', '--json'], plain)).toBe(0);
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--pair-model', '--kinds', 'none', '--rounds', '20', '--json'], pm)).toBe(0);
    const r0 = JSON.parse(plain.out), r = JSON.parse(pm.out);
    // the single table and its figures do not move
    expect(r.clean.levels).toEqual(r0.clean.levels);
    expect(r.folds.map((f: { thresholds: number[] }) => f.thresholds)).toEqual(r0.folds.map((f: { thresholds: number[] }) => f.thresholds));
    expect(r0.clean.levelsPair).toBeUndefined();
    expect(r.pairModel.tau).toBe(0.995);
    for (const f of r.folds) {
      expect(f.pair.beta).toHaveLength(3);
      expect(f.pair.thresholds).toHaveLength(3);
      // fitted on the training set's impostor pairs only (every template enrolled)
      expect(f.pair.impostorPairs).toBe(f.impostorComparisons);
    }
    expect(r.clean.levelsPair.map((l: { impostor: number }) => l.impostor)).toEqual(r.clean.levels.map((l: { impostor: number }) => l.impostor));
    r.clean.pairMinusSingle.forEach((d: { level: number; fmr: { value: number }; fnmr: { value: number } }, i: number) => {
      expect(d.level).toBe(r.clean.levels[i].level);
      expect(d.fmr.value).toBeCloseTo(r.clean.levelsPair[i].fmr.value - r.clean.levels[i].fmr.value, 6);
      expect(d.fnmr.value).toBeCloseTo(r.clean.levelsPair[i].fnmr.value - r.clean.levels[i].fnmr.value, 6);
    });
    // leave one set out only
    expect(await runCli(['eval', 'calibration', a, b, '--held-out', '--pair-model', '--split', 'fingers', '--kinds', 'none'], io())).toBe(2);
    // without --held-out: the model and its table on every pair, the single table unchanged
    const fit0 = io(), fit = io();
    expect(await runCli(['eval', 'calibration', a, b, '--json'], fit0)).toBe(0);
    expect(await runCli(['eval', 'calibration', a, b, '--pair-model', '--json'], fit)).toBe(0);
    const f0 = JSON.parse(fit0.out), f1 = JSON.parse(fit.out);
    expect(f1.points).toEqual(f0.points);
    expect(f0.byPair).toBeUndefined();
    expect(f1.byPair.model.beta).toHaveLength(3);
    expect(f1.byPair.table.impostorComparisons).toBe(f0.impostorComparisons);
  });

  it('without --held-out, --band-by minutiae --by-band fits one table per band of the smaller count beside the same single table', async () => {
    const a = writeSyntheticTemplateFolder(31, 6, 4), b = writeSyntheticTemplateFolder(32, 6, 4);
    const single = io(), banded = io();
    expect(await runCli(['eval', 'calibration', a, b, '--json'], single)).toBe(0);
    expect(await runCli(['eval', 'calibration', a, b, '--band-by', 'minutiae', '--by-band', '--bands', '0,25,35', '--min-band-impostors', '50', '--json'], banded)).toBe(0);
    const r1 = JSON.parse(single.out), r2 = JSON.parse(banded.out);
    expect(r1.byMinutiae).toBeUndefined();
    expect(r2.points).toEqual(r1.points);
    expect(r2.byMinutiae.edges).toEqual([0, 25, 35]);
    expect(r2.byMinutiae.bands.map((x: { minutiae: unknown }) => x.minutiae)).toEqual([[0, 25], [25, 35], [35, null]]);
    // every ordered pair in exactly one band
    expect(r2.byMinutiae.bands.reduce((n: number, x: { impostorComparisons: number }) => n + x.impostorComparisons, 0)).toBe(r1.impostorComparisons);
    expect(r2.byMinutiae.bands.reduce((n: number, x: { genuineComparisons: number }) => n + x.genuineComparisons, 0)).toBe(r1.genuineComparisons);
    for (const x of r2.byMinutiae.bands) {
      expect(x.table === null).toBe(x.impostorComparisons < 50 || x.genuineComparisons === 0);
      // only the levels the band resolves
      if (x.table) for (const p of x.table.points) expect(p.fmr * x.impostorComparisons).toBeGreaterThanOrEqual(1);
    }
    const bad = io();
    expect(await runCli(['eval', 'calibration', a, b, '--by-band'], bad)).toBe(2);
    expect(await runCli(['eval', 'calibration', a, b, '--band-by', 'minutiae', '--by-band', '--bands', '5,10'], io())).toBe(2);
  });

  it('judges the same thresholds on perturbed held-out images, and needs two folders', async () => {
    const dirs = [0, 1].map(() => sfingeFolder('afis-calibration-'));
    const o = io();
    expect(await runCli(['eval', 'calibration', ...dirs, '--held-out', '--kinds', 'frame', '--rounds', '10'], o)).toBe(0);
    expect(o.out).toMatch(/clean/);
    expect(o.out).toMatch(/frame \(0 failed to enrol\)/);
    const j = io();
    expect(await runCli(['eval', 'calibration', ...dirs, '--held-out', '--kinds', 'frame', '--rounds', '10', '--json'], j)).toBe(0);
    const r = JSON.parse(j.out);
    expect(r.perturbations.map((p: { kind: string }) => p.kind)).toEqual(['frame']);
    expect(r.perturbations[0].levels[0].impostor).toBe(r.clean.levels[0].impostor);
    expect(r.fitKinds).toBeUndefined();
    expect(r.folds[0].mixture).toBeUndefined();
    expect(r.clean.levelsMixture).toBeUndefined();
    // --fit-kinds: a table fitted on the training set's clean plus frame-perturbed pairs (other images than the judged ones), judged beside the clean one
    const m = io();
    expect(await runCli(['eval', 'calibration', ...dirs, '--held-out', '--kinds', 'frame', '--fit-kinds', 'frame,dry', '--rounds', '10', '--json'], m)).toBe(0);
    const rm = JSON.parse(m.out);
    expect(rm.fitKinds).toEqual(['frame', 'dry']);
    // the clean table and its figures do not move
    expect(rm.folds.map((f: { thresholds: number[] }) => f.thresholds)).toEqual(r.folds.map((f: { thresholds: number[] }) => f.thresholds));
    expect(rm.clean.levels).toEqual(r.clean.levels);
    expect(rm.perturbations[0].levels).toEqual(r.perturbations[0].levels);
    // one training set of 4 images under two kinds: 2 × 4·3 more ordered pairs (101_1 / 101_2 genuine both ways)
    expect(rm.folds[0].mixture.impostorComparisons + rm.folds[0].mixture.genuineComparisons).toBe(r.folds[0].impostorComparisons + r.folds[0].genuineComparisons + 2 * 12);
    expect(rm.folds[0].mixture.genuineComparisons).toBe(r.folds[0].genuineComparisons + 2 * 2);
    for (const part of [rm.clean, rm.perturbations[0]]) {
      part.mixtureMinusSingle.forEach((d: { level: number; fmr: { value: number }; fnmr: { value: number } }, i: number) => {
        expect(d.level).toBe(part.levels[i].level);
        expect(d.fmr.value).toBeCloseTo(part.levelsMixture[i].fmr.value - part.levels[i].fmr.value, 6);
        expect(d.fnmr.value).toBeCloseTo(part.levelsMixture[i].fnmr.value - part.levels[i].fnmr.value, 6);
      });
    }
    // --by-band with --fit-kinds: per-band mixture tables, judged against the mixture; one band holding every pair is the mixture table itself
    const bm = io();
    expect(await runCli(['eval', 'calibration', ...dirs, '--held-out', '--kinds', 'frame', '--fit-kinds', 'frame,dry', '--by-band', '--bands', '0', '--min-band-impostors', '1', '--rounds', '10', '--json'], bm)).toBe(0);
    const rb = JSON.parse(bm.out);
    expect(rb.folds[0].byBandMixture[0].impostorComparisons).toBe(rm.folds[0].mixture.impostorComparisons);
    const figures = (levels: Array<{ fmr: unknown; fnmr: unknown }>) => levels.map((l) => [l.fmr, l.fnmr]);
    for (const [part, before] of [[rb.clean, rm.clean], [rb.perturbations[0], rm.perturbations[0]]]) {
      expect(figures(part.levelsMixture)).toEqual(figures(before.levelsMixture));
      expect(figures(part.levelsByBandMixture)).toEqual(figures(part.levelsMixture));
      for (const d of part.byBandMixtureMinusMixture) expect([d.fmr.value, d.fnmr.value]).toEqual([0, 0]);
    }
    // --own-bands-below 0: no band has a table of its own, so every pair is judged as without bands
    const none = io();
    expect(await runCli(['eval', 'calibration', ...dirs, '--held-out', '--kinds', 'frame', '--fit-kinds', 'frame,dry', '--by-band', '--bands', '0,50', '--min-band-impostors', '1', '--own-bands-below', '0', '--rounds', '10', '--json'], none)).toBe(0);
    const rn = JSON.parse(none.out);
    expect(rn.ownBandsBelow).toBe(0);
    expect(rn.folds[0].byBandMixture.every((b: { thresholds: unknown }) => b.thresholds === null)).toBe(true);
    expect(figures(rn.clean.levelsByBandMixture)).toEqual(figures(rn.clean.levelsMixture));
    expect(figures(rn.perturbations[0].levelsByBand)).toEqual(figures(rn.perturbations[0].levels));
    expect(await runCli(['eval', 'calibration', ...dirs, '--held-out', '--kinds', 'none', '--fit-kinds', 'smudge'], io())).toBe(2);
    const one = io();
    expect(await runCli(['eval', 'calibration', dirs[0]!, '--held-out'], one)).toBe(2);
    expect(one.err).toMatch(/two folders/);
    const bad = io();
    expect(await runCli(['eval', 'calibration', ...dirs, '--held-out', '--kinds', 'smudge'], bad)).toBe(2);
  });
});
