import { beforeAll, describe, expect, it } from 'vitest';
import { Gallery, GallerySearcher, EVIDENCE_FMR_CUTOFF, fingerEvidence, fingerEvidenceOfPair, fuseCandidate, type GalleryFinger } from '../../src/index/index.js';
import { SEARCH_PARAMETERS, MATCHING_PARAMETERS } from '../../src/config/parameters.js';
import { scoreToFmr, type ScoreCalibration } from '../../src/matching/index.js';
import { syntheticCalibration, tenPrint } from './helpers.js';

const ON = { ...SEARCH_PARAMETERS, refusedFingerMinFmr: 1e-3 };
const FLOOR = MATCHING_PARAMETERS.fmrClaimMinMinutiae;

describe('fingerEvidenceOfPair (the FMR claim floor in fused evidence)', () => {
  it('is off as shipped: a small pair claims as any other', () => {
    expect(SEARCH_PARAMETERS.refusedFingerMinFmr).toBe(0);
    for (const fmr of [0.5, 0.01, 1e-5, 1e-9]) {
      expect(fingerEvidenceOfPair(fmr, 5, 40, SEARCH_PARAMETERS)).toBe(fingerEvidence(fmr, SEARCH_PARAMETERS.minFingerFmr));
    }
  });

  it('on: caps a pair whose smaller template is below fmrClaimMinMinutiae, and only such a pair', () => {
    const cap = Math.log(EVIDENCE_FMR_CUTOFF / 1e-3);
    expect(fingerEvidenceOfPair(1e-7, FLOOR - 1, 40, ON)).toBeCloseTo(cap, 12);
    expect(fingerEvidenceOfPair(1e-7, 40, FLOOR - 1, ON)).toBeCloseTo(cap, 12);
    expect(fingerEvidenceOfPair(1e-7, FLOOR, 40, ON)).toBe(fingerEvidence(1e-7, ON.minFingerFmr));
    expect(fingerEvidenceOfPair(1e-7, undefined, 5, ON)).toBe(fingerEvidence(1e-7, ON.minFingerFmr)); // count unknown: no cap
    expect(fingerEvidenceOfPair(0.01, 5, 5, ON)).toBe(fingerEvidence(0.01, ON.minFingerFmr)); // above the floor: unchanged
    expect(fingerEvidenceOfPair(0.5, 5, 5, ON)).toBe(0);
  });
});

describe('refusedFingerBelowMinutiae (the cap\'s count)', () => {
  it('is the 1:1 claim\'s floor as shipped', () => {
    expect(SEARCH_PARAMETERS.refusedFingerBelowMinutiae).toBe(MATCHING_PARAMETERS.fmrClaimMinMinutiae);
  });
  it('set apart, caps below its own count and not from it on', () => {
    const at11 = { ...ON, refusedFingerBelowMinutiae: 11 };
    const cap = Math.log(EVIDENCE_FMR_CUTOFF / 1e-3);
    expect(fingerEvidenceOfPair(1e-7, 10, 40, at11)).toBeCloseTo(cap, 12);
    expect(fingerEvidenceOfPair(1e-7, 11, 40, at11)).toBe(fingerEvidence(1e-7, ON.minFingerFmr));
    expect(fingerEvidenceOfPair(1e-7, 13, 13, at11)).toBe(fingerEvidence(1e-7, ON.minFingerFmr));
  });
});

describe('fuseCandidate with the pairs\' minutiae counts', () => {
  const scores = [80, null, 12, 3, null, null, null, null, null, 40];
  const minutiae = [6, null, 30, 9, null, null, null, null, null, 50];
  it('off: the counts change nothing', () => {
    const a = fuseCandidate('x', scores, 0, 1000, 0.001);
    const b = fuseCandidate('x', scores, 0, 1000, 0.001, undefined, SEARCH_PARAMETERS, minutiae);
    expect(b.score).toBe(a.score);
    expect(b.fpir).toBe(a.fpir);
    expect(a.fingerMinutiae).toBeUndefined();
  });
  it('on: the small finger is capped, the others are not', () => {
    const off = fuseCandidate('x', scores, 0, 1000, 0.001);
    const on = fuseCandidate('x', scores, 0, 1000, 0.001, undefined, ON, minutiae);
    const e0 = fingerEvidence(scoreToFmr(80), ON.minFingerFmr), e3 = fingerEvidence(scoreToFmr(3), ON.minFingerFmr);
    const expected = off.score - e0 + Math.min(e0, Math.log(EVIDENCE_FMR_CUTOFF / 1e-3)) - e3 + fingerEvidenceOfPair(scoreToFmr(3), 9, 9, ON);
    expect(on.score).toBeCloseTo(expected, 10);
    expect(on.score).toBeLessThan(off.score);
    expect(on.fingerMinutiae).toEqual(minutiae);
  });
});

describe('a search with the floor on', () => {
  const SEED = 7;
  let calibration: ScoreCalibration;
  let gallery: Gallery;
  const shrink = (fingers: GalleryFinger[], position: number, keep: number): GalleryFinger[] =>
    fingers.map((f) => (f.position === position ? { ...f, template: { ...f.template, minutiae: f.template.minutiae.slice(0, keep) } } : f));
  beforeAll(() => {
    calibration = syntheticCalibration(SEED, 20);
    gallery = new Gallery();
    for (let s = 0; s < 12; s++) gallery.put(`p${s}`, tenPrint(SEED, s, 0));
  });

  it('off: no counts and the shipped fused scores; on: the mate\'s small finger claims no more than the floor', async () => {
    const probe = shrink(tenPrint(SEED, 4, 1), 2, FLOOR - 1);
    const off = await new GallerySearcher(gallery, { calibration }).search(probe, { mode: 'brute-force' });
    const on = await new GallerySearcher(gallery, { calibration, params: ON }).search(probe, { mode: 'brute-force' });
    const mateOff = off.candidates.find((c) => c.id === 'p4')!, mateOn = on.candidates.find((c) => c.id === 'p4')!;
    expect(mateOff.fingerMinutiae).toBeUndefined();
    expect(mateOn.fingerScores).toEqual(mateOff.fingerScores);
    expect(mateOn.fingerMinutiae![1]).toBe(FLOOR - 1);
    expect(mateOn.fingerMinutiae![0]).toBeGreaterThanOrEqual(FLOOR);
    // the fused score is the shipped one with finger 2's evidence capped
    const s3 = mateOff.fingerScores[1]!; // position 2, shrunk
    const e = fingerEvidence(scoreToFmr(s3, calibration), ON.minFingerFmr);
    expect(e).toBeGreaterThan(Math.log(EVIDENCE_FMR_CUTOFF / 1e-3)); // the cap binds
    expect(mateOn.score).toBeCloseTo(mateOff.score - e + Math.min(e, Math.log(EVIDENCE_FMR_CUTOFF / 1e-3)), 9);
    // and the same candidates re-fuse to the same score (a coordinator's path)
    const again = fuseCandidate(mateOn.id, mateOn.fingerScores, mateOn.codeScore, on.gallerySize, on.targetFpir, calibration, ON, mateOn.fingerMinutiae);
    expect(again.score).toBe(mateOn.score);
  });
});
