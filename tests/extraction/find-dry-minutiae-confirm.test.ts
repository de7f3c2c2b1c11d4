import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { NO_DEBUG } from '../../src/core/index.js';
import {
  analyzeFingerprint, binarizeRidges, detectMinutiae, extractFromAnalysis, repairDryMinutiae, thinSkeleton, traceSkeletonGraph,
} from '../../src/extraction/index.js';
import type { RawMinutia } from '../../src/extraction/types.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// prints the detector never saw (training used afis synth seeds 101–103, validation 104)
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
const ADD = 0.3;

/** The shipped template's minutiae as the repair's input (image direction, y down). */
function listOf(p: (typeof prints)[number]): RawMinutia[] {
  return extractFromAnalysis(p.image, p.analysis, P, NO_DEBUG).minutiae.map((m) => ({
    x: m.x, y: m.y, direction: -m.angle, type: m.type === 'bifurcation' ? 'bifurcation' : 'ending', ridgeLength: 10, quality: m.quality,
  }));
}

describe('dry-region detector cross-checked with the skeleton (minutiaNetConfirmDistance, minutiaNetDropMaxRidgeLength)', () => {
  it('is off by default, and leaves extraction unchanged while the additions are off', () => {
    expect(P.minutiaNetConfirmDistance).toBe(0);
    const p = prints[0]!;
    const shipped = extractFromAnalysis(p.image, p.analysis, P, NO_DEBUG);
    expect(extractFromAnalysis(p.image, p.analysis, withParams({ minutiaNetConfirmDistance: 6 }), NO_DEBUG)).toEqual(shipped);
  });

  it('needs the skeleton candidates when it is on', () => {
    const p = prints[0]!;
    expect(() => repairDryMinutiae(listOf(p), p.analysis, withParams({ minutiaNetAddThreshold: ADD, minutiaNetConfirmDistance: 4, minutiaNetMaxDarkShare: SHARE }))).toThrow(TypeError);
  });

  it('adds a skeleton candidate near a detection with a compatible direction, and nothing else', () => {
    let restored = 0;
    for (const p of prints) {
      const list = listOf(p);
      const free = repairDryMinutiae(list, p.analysis, withParams({ minutiaNetAddThreshold: ADD, minutiaNetMaxDarkShare: SHARE })).slice(list.length);
      expect(free.length).toBeGreaterThan(0);
      // per unconfirmed addition: a compatible candidate 2 px off, one turned by 90°, one 10 px off
      const compatible = free.map((f) => ({ ...f, x: f.x + 2 * Math.cos(f.direction + Math.PI / 2), y: f.y + 2 * Math.sin(f.direction + Math.PI / 2), type: 'ending' as const, ridgeLength: 7, quality: 0 }));
      const turned = free.map((f) => ({ ...f, direction: f.direction + Math.PI / 2, ridgeLength: 8, quality: 0 }));
      const far = free.map((f) => ({ ...f, x: f.x + 10, ridgeLength: 9, quality: 0 }));
      const confirmed = withParams({ minutiaNetAddThreshold: ADD, minutiaNetMaxDarkShare: SHARE, minutiaNetConfirmDistance: 4 });
      const out = repairDryMinutiae(list, p.analysis, confirmed, [...turned, ...far, ...compatible]);
      expect(out.slice(0, list.length)).toEqual(list);
      const added = out.slice(list.length);
      for (const a of added) {
        // the candidate itself (position, direction, type, ridge length), the detector's probability as quality
        expect(a.ridgeLength).toBe(7);
        expect(compatible.some((c) => c.x === a.x && c.y === a.y && c.direction === a.direction)).toBe(true);
        expect(a.quality).toBeGreaterThanOrEqual(100 * ADD);
      }
      restored += added.length;
      // without candidates near the detections nothing is added
      expect(repairDryMinutiae(list, p.analysis, confirmed, [...turned, ...far])).toEqual(list);
      expect(repairDryMinutiae(list, p.analysis, confirmed, [])).toEqual(list);
      // within a wider angle the turned candidates confirm too
      const wide = repairDryMinutiae(list, p.analysis, withParams({ minutiaNetAddThreshold: ADD, minutiaNetMaxDarkShare: SHARE, minutiaNetConfirmDistance: 4, minutiaNetConfirmAngle: Math.PI }), turned);
      expect(wide.length).toBeGreaterThan(list.length);
    }
    expect(restored).toBeGreaterThan(0);
  });

  it('drops only minutiae on a short skeleton ridge when the ridge length is bounded', () => {
    expect(P.minutiaNetDropMaxRidgeLength).toBe(0);
    let kept = 0;
    for (const p of prints) {
      // every other minutia on a long ridge
      const list = listOf(p).map((m, i) => ({ ...m, ridgeLength: i % 2 ? 60 : 20 }));
      const any = repairDryMinutiae(list, p.analysis, withParams({ minutiaNetDropThreshold: 0.999, minutiaNetMaxDarkShare: SHARE }));
      const gone = list.filter((m) => !any.includes(m));
      expect(gone.some((m) => m.ridgeLength === 60)).toBe(true);
      const bounded = repairDryMinutiae(list, p.analysis, withParams({ minutiaNetDropThreshold: 0.999, minutiaNetMaxDarkShare: SHARE, minutiaNetDropMaxRidgeLength: 30 }));
      expect(list.filter((m) => !bounded.includes(m))).toEqual(gone.filter((m) => m.ridgeLength <= 30));
      kept += bounded.length - any.length;
    }
    expect(kept).toBeGreaterThan(0);
  });

  it('in extraction, adds only minutiae of the uncleaned skeleton or the candidates before the filters', () => {
    // wide tolerances so that the wiring is exercised on two small prints
    const params = withParams({ minutiaNetAddThreshold: 0.1, minutiaNetMaxDarkShare: SHARE, minutiaNetConfirmDistance: 12, minutiaNetConfirmAngle: Math.PI });
    let added = 0;
    for (const p of prints) {
      const base = extractFromAnalysis(p.image, p.analysis, P, NO_DEBUG).minutiae;
      const on = extractFromAnalysis(p.image, p.analysis, params, NO_DEBUG).minutiae;
      const fresh = on.filter((m) => !base.some((b) => b.x === m.x && b.y === m.y && b.angle === m.angle));
      // the uncleaned graphs' endings, as the hook takes them
      const { ridges, valleys } = binarizeRidges(p.analysis.enhanced, p.analysis.mask.pixels);
      const raw = detectMinutiae(traceSkeletonGraph(thinSkeleton(ridges)), traceSkeletonGraph(thinSkeleton(valleys)), P);
      for (const m of fresh) {
        expect(raw.some((r) => Math.hypot(r.x - m.x, r.y - m.y) <= 1 && Math.abs(Math.atan2(Math.sin(-r.direction - m.angle), Math.cos(-r.direction - m.angle))) < 0.01)).toBe(true);
      }
      added += fresh.length;
    }
    expect(added).toBeGreaterThan(0);
  });
});
