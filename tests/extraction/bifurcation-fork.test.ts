import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { analyzeFingerprint, binarizeRidges, detectMinutiae, removeSkeletonArtifacts, thinSkeleton, traceSkeletonGraph } from '../../src/extraction/index.js';
import { phaseMinutiaImage } from './synthetic.js';

const withShift = (s: number) => ({ ...P, bifurcationForkShift: s }) as unknown as ExtractionParameters;

/**
 * One bifurcation (a phase singularity, tests/extraction/synthetic.ts) through the pipeline's
 * skeleton stages: where the ridge skeleton forks, and where detectMinutiae puts the bifurcation.
 */
function forkAndBifurcation(side: 'left' | 'right', transpose: boolean, params: ExtractionParameters) {
  const image = phaseMinutiaImage('bifurcation', side, transpose);
  const a = analyzeFingerprint(image, params);
  const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
  const ridgeGraph = removeSkeletonArtifacts(traceSkeletonGraph(thinSkeleton(ridges)), params);
  const valleyGraph = removeSkeletonArtifacts(traceSkeletonGraph(thinSkeleton(valleys)), params);
  const [cx, cy] = transpose ? [100, 150] : [150, 100];
  const near = <T extends { x: number; y: number }>(list: readonly T[]): T =>
    [...list].sort((p, q) => Math.hypot(p.x - cx, p.y - cy) - Math.hypot(q.x - cx, q.y - cy))[0]!;
  const fork = near(ridgeGraph.nodes.filter((n) => n.ridges.length >= 3));
  const bifurcation = near(detectMinutiae(ridgeGraph, valleyGraph, params).filter((m) => m.type === 'bifurcation'));
  return { fork, bifurcation };
}

describe('bifurcationForkShift: a bifurcation at its fork, not at the end of the valley', () => {
  it('ships off', () => {
    expect(P.bifurcationForkShift).toBe(0);
  });

  for (const [side, transpose] of [['right', false], ['left', false], ['right', true], ['left', true]] as const) {
    it(`moves the valley's end back to the ridge fork (${side}${transpose ? ', transposed' : ''})`, () => {
      const off = forkAndBifurcation(side, transpose, withShift(0));
      const on = forkAndBifurcation(side, transpose, withShift(5));
      const dOff = Math.hypot(off.bifurcation.x - off.fork.x, off.bifurcation.y - off.fork.y);
      const dOn = Math.hypot(on.bifurcation.x - on.fork.x, on.bifurcation.y - on.fork.y);
      expect(dOff).toBeGreaterThan(4);
      expect(dOn).toBeLessThan(2.5);
      // the direction is untouched, and the move is straight back along it
      expect(on.bifurcation.direction).toBe(off.bifurcation.direction);
      const back = (off.bifurcation.x - on.bifurcation.x) * Math.cos(off.bifurcation.direction) + (off.bifurcation.y - on.bifurcation.y) * Math.sin(off.bifurcation.direction);
      expect(back).toBeCloseTo(5, 5);
    });
  }

  it('leaves endings where the ridge ends', () => {
    const params = withShift(5);
    const image = phaseMinutiaImage('ending', 'right');
    const a = analyzeFingerprint(image, params);
    const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
    const ridgeGraph = removeSkeletonArtifacts(traceSkeletonGraph(thinSkeleton(ridges)), params);
    const valleyGraph = removeSkeletonArtifacts(traceSkeletonGraph(thinSkeleton(valleys)), params);
    const on = detectMinutiae(ridgeGraph, valleyGraph, params).filter((m) => m.type === 'ending');
    const off = detectMinutiae(ridgeGraph, valleyGraph, withShift(0)).filter((m) => m.type === 'ending');
    expect(on.length).toBeGreaterThan(0);
    expect(on.map((m) => [m.x, m.y])).toEqual(off.map((m) => [m.x, m.y]));
  });
});
