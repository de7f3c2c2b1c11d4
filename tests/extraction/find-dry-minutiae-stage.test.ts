import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { ExtractionError, NO_DEBUG } from '../../src/core/index.js';
import {
  analyzeFingerprint, binarizeRidges, detectMinutiae, DRY_STAGE_FEATURE_COUNT, DRY_STAGE_FEATURE_NAMES, extractFromAnalysis, recordDryStage,
  repairDryMinutiae, thinSkeleton, traceSkeletonGraph, useDryStageModel, type DryStageRecord,
} from '../../src/extraction/index.js';
import { findThinRidgeBlocks } from '../../src/extraction/map-thin-ridges.js';
import type { RawMinutia } from '../../src/extraction/types.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// the same held-out dry prints as find-dry-minutiae.test.ts (the detector trained on synth seeds 101–104)
function dryPrint(subject: number) {
  const master = syntheticMasterPrint(301, subject, 1);
  const impression = renderImpression(master, 'optical', createRng(mixSeed(301, subject, 1)), { condition: 'dry' });
  const image = perturbImage(impression.image, 'dry', mixSeed(301, subject, 2)).image;
  return { image, analysis: analyzeFingerprint(image) };
}
const prints = [dryPrint(2), dryPrint(8)];
const P = EXTRACTION_PARAMETERS;
const withParams = (changes: Partial<Record<keyof typeof P, number>>): typeof P => ({ ...P, ...changes }) as unknown as typeof P;
const SHARE = 0.25;
const dir = mkdtempSync(join(tmpdir(), 'dry-stage-test-'));
let files = 0;
/** A stage model file: each decision a bias and optional weights by feature name. */
function stageModel(drop: number, add: number, weights: Partial<Record<(typeof DRY_STAGE_FEATURE_NAMES)[number], number>> = {}): string {
  const w = DRY_STAGE_FEATURE_NAMES.map((n) => weights[n] ?? 0);
  const path = join(dir, `m${files++}.json`);
  writeFileSync(path, JSON.stringify({ features: DRY_STAGE_FEATURE_NAMES, drop: { bias: drop, weights: w }, add: { bias: add, weights: w } }));
  return path;
}
const listOf = (p: (typeof prints)[number]): RawMinutia[] =>
  extractFromAnalysis(p.image, p.analysis, P, NO_DEBUG).minutiae.map((m) => ({
    x: m.x, y: m.y, direction: -m.angle, type: m.type === 'bifurcation' ? 'bifurcation' : 'ending', ridgeLength: 10, quality: m.quality,
  }));
/** The uncleaned skeleton's candidates, as extractFromAnalysis hands them to the repair. */
function skeletonOf(p: (typeof prints)[number]): RawMinutia[] {
  const { ridges, valleys } = binarizeRidges(p.analysis.enhanced, p.analysis.mask.pixels);
  return detectMinutiae(traceSkeletonGraph(thinSkeleton(ridges)), traceSkeletonGraph(thinSkeleton(valleys)), P);
}
function thinTest(p: (typeof prints)[number]) {
  const thin = findThinRidgeBlocks(p.analysis.normalized, p.analysis.mask, P.gapThinDarkLevel, SHARE)!;
  const { blockSize: bs, cols } = p.analysis.mask.grid;
  return (x: number, y: number) => thin[Math.floor(y / bs) * cols + Math.floor(x / bs)] === 1;
}

afterEach(() => { useDryStageModel(); recordDryStage(null); });

describe('second-stage decision of the dry-region repair (minutiaNetStageDropThreshold, minutiaNetStageAddThreshold)', () => {
  it('is off by default: extraction unchanged and no stage model read', () => {
    expect(P.minutiaNetStageDropThreshold).toBe(0);
    expect(P.minutiaNetStageAddThreshold).toBe(0);
    useDryStageModel(join(dir, 'missing.json'));
    const p = prints[0]!;
    const list = listOf(p);
    expect(repairDryMinutiae(list, p.analysis, P)).toBe(list);
    expect(extractFromAnalysis(p.image, p.analysis, P, NO_DEBUG)).toEqual(extractFromAnalysis(p.image, p.analysis, withParams({ minutiaNetStageDropThreshold: 0 }), NO_DEBUG));
  });

  it('fails as an extraction error when its model is missing, and refuses a model of other features', () => {
    const p = prints[0]!;
    useDryStageModel(join(dir, 'missing.json'));
    expect(() => repairDryMinutiae(listOf(p), p.analysis, withParams({ minutiaNetStageDropThreshold: 0.5, minutiaNetMaxDarkShare: SHARE }))).toThrow(ExtractionError);
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ features: ['netLogit'], drop: { bias: 0, weights: [0] }, add: { bias: 0, weights: [0] } }));
    useDryStageModel(wrong);
    expect(() => repairDryMinutiae(listOf(p), p.analysis, withParams({ minutiaNetStageDropThreshold: 0.5, minutiaNetMaxDarkShare: SHARE }))).toThrow(TypeError);
    // additions need the skeleton's candidates
    useDryStageModel(stageModel(0, 0));
    expect(() => repairDryMinutiae(listOf(p), p.analysis, withParams({ minutiaNetStageAddThreshold: 0.5, minutiaNetMaxDarkShare: SHARE }))).toThrow(TypeError);
  });

  it('drops by the model\'s probability, and only minutiae of thin-ridged blocks', () => {
    for (const p of prints) {
      const list = listOf(p);
      const isThin = thinTest(p);
      const on = withParams({ minutiaNetStageDropThreshold: 0.5, minutiaNetMaxDarkShare: SHARE });
      useDryStageModel(stageModel(-20, -20));
      expect(repairDryMinutiae(list, p.analysis, on)).toEqual(list);
      useDryStageModel(stageModel(20, -20));
      const all = repairDryMinutiae(list, p.analysis, on);
      const thinOnes = list.filter((m) => isThin(m.x, m.y));
      expect(thinOnes.length).toBeGreaterThan(0);
      expect(all).toEqual(list.filter((m) => !isThin(m.x, m.y)));
      // a weight on the check: drops exactly the minutiae whose recorded probability reaches the threshold
      useDryStageModel(stageModel(0, -20, { checkLogit: -1 }));
      const records: DryStageRecord[] = [];
      recordDryStage((r) => records.push(r));
      const some = repairDryMinutiae(list, p.analysis, on);
      expect(records.map((r) => r.minutia)).toEqual(thinOnes);
      for (const r of records) {
        expect(r.kind).toBe('drop');
        expect(r.features).toHaveLength(DRY_STAGE_FEATURE_COUNT);
        for (const v of r.features) expect(Number.isFinite(v)).toBe(true);
        expect(r.probability).toBeCloseTo(1 / (1 + Math.exp(r.features[DRY_STAGE_FEATURE_NAMES.indexOf('checkLogit')]!)), 12);
      }
      const doubted = new Set(records.filter((r) => r.probability >= 0.5).map((r) => r.minutia));
      expect(doubted.size).toBeGreaterThan(0);
      expect(doubted.size).toBeLessThan(thinOnes.length);
      expect(some).toEqual(list.filter((m) => !doubted.has(m)));
    }
  });

  it('adds detector peaks in thin-ridged blocks, at skeleton candidates when there are, spaced and inside the print', () => {
    for (const p of prints) {
      const isThin = thinTest(p);
      // the thin blocks' minutiae left out: lost ones the skeleton and the detector both still see
      const list = listOf(p).filter((m) => !isThin(m.x, m.y));
      const skeleton = skeletonOf(p);
      const on = withParams({ minutiaNetStageAddThreshold: 0.5, minutiaNetMaxDarkShare: SHARE });
      useDryStageModel(stageModel(-20, -20));
      expect(repairDryMinutiae(list, p.analysis, on, skeleton)).toEqual(list);
      // only the peaks the skeleton confirms
      useDryStageModel(stageModel(-20, -10, { confirmed: 20 }));
      const records: DryStageRecord[] = [];
      recordDryStage((r) => records.push(r));
      const added = repairDryMinutiae(list, p.analysis, on, skeleton);
      recordDryStage(null);
      expect(added.slice(0, list.length)).toEqual(list);
      const fresh = added.slice(list.length);
      expect(fresh.length).toBeGreaterThan(0);
      expect(records.some((r) => r.features[DRY_STAGE_FEATURE_NAMES.indexOf('confirmed')] === 0)).toBe(true);
      const { width } = p.image;
      for (const f of fresh) {
        expect(isThin(f.x, f.y)).toBe(true);
        expect(p.analysis.mask.pixels[Math.round(f.y) * width + Math.round(f.x)]).toBe(1);
        expect(skeleton.some((c) => c.x === f.x && c.y === f.y && c.direction === f.direction)).toBe(true);
        expect(f.quality).toBe(100);
        for (const m of added) if (m !== f) expect(Math.hypot(m.x - f.x, m.y - f.y)).toBeGreaterThanOrEqual(P.minutiaNetAddSpacing - 1e-9);
      }
      // every peak: more, including the detector's own positions
      useDryStageModel(stageModel(-20, 20));
      expect(repairDryMinutiae(list, p.analysis, on, skeleton).length).toBeGreaterThan(added.length);
    }
  });

  it('is reached from extraction with the skeleton candidates', () => {
    const p = prints[1]!;
    useDryStageModel(stageModel(-20, 20));
    const shipped = extractFromAnalysis(p.image, p.analysis, P, NO_DEBUG);
    const on = extractFromAnalysis(p.image, p.analysis, withParams({ minutiaNetStageAddThreshold: 0.5, minutiaNetMaxDarkShare: SHARE }), NO_DEBUG);
    expect(on.minutiae.length).toBeGreaterThan(shipped.minutiae.length);
  });
});
