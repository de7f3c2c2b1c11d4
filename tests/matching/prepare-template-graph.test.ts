import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { prepareTemplate } from '../../src/matching/index.js';
import { cellOf, edgeGrid, type PreparedTemplate } from '../../src/matching/prepare-template.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

/**
 * The edge tables preparation builds without repeated work (prepspeed): each edge's lookup key
 * from a table of angle cells kept for the last root tolerances, and the root edges from a
 * stamped table of the graph's edges, give what cellOf and a scan of the reverse's edges give.
 */
const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const templates = ['101', '102', '103', '104', '105'].flatMap((f) => [1, 2, 3, 4].map((i) => iso(`${f}_${i}`)));

function expectTables(p: PreparedTemplate, params: MatchingParameters): void {
  const grid = edgeGrid(params);
  const E = p.edgeStart[p.count];
  for (let e = 0; e < E; e++) expect(p.edgeKey[e]).toBe(cellOf(grid, p.edgeRootLength[e], p.edgeAngleFrom[e], p.edgeAngleTo[e]));
  const roots: number[] = [];
  for (let e = 0; e < E; e++) {
    const i = p.edgeFrom[e], j = p.edgeTo[e];
    let reverse = false;
    if (j < i) for (let f = p.edgeStart[j]; f < p.edgeStart[j + 1]; f++) if (p.edgeTo[f] === i) reverse = true;
    if (!reverse) roots.push(e);
  }
  expect(Array.from(p.rootEdges)).toEqual(roots);
  expect(roots.length).toBeLessThan(E);
}

describe('edge keys and root edges (prepareTemplate)', () => {
  it('gives cellOf\'s keys and the scanned root edges, also when the root tolerances change between preparations', () => {
    const other: MatchingParameters = { ...MATCHING_PARAMETERS, rootAngleTolerance: 0.3, rootDistanceTolerance: 9, maxEdgeLength: 150 };
    expect(edgeGrid(other).angleCells).not.toBe(edgeGrid(MATCHING_PARAMETERS).angleCells);
    for (const t of templates) {
      for (const params of [MATCHING_PARAMETERS, other, MATCHING_PARAMETERS]) expectTables(prepareTemplate(t, params), params);
    }
  });

  it('the same template prepared again after others gives the same arrays', () => {
    const first = prepareTemplate(templates[0]);
    for (const t of templates) prepareTemplate(t, undefined, { singleUse: true });
    const again = prepareTemplate(templates[0]);
    for (const k of ['edgeStart', 'edgeTo', 'edgeKey', 'rootEdges', 'edgeAngleFrom', 'edgeAngleTo'] as const) expect(again[k]).toEqual(first[k]);
  });
});

describe('edge angles (prepareTemplate)', () => {
  const exact = (p: PreparedTemplate, e: number): [number, number] => {
    const i = p.edgeFrom[e], j = p.edgeTo[e];
    const phi = Math.atan2(-(p.y[j] - p.y[i]), p.x[j] - p.x[i]);
    const units = (r: number): number => Math.round(r * (256 / (2 * Math.PI))) & 255; // as toUnits
    return [units(phi - p.theta![i]), units(phi - p.theta![j])];
  };

  it('are the ones Math.atan2 gives, for every edge of 20 fixtures', () => {
    for (const t of templates) {
      const p = prepareTemplate(t);
      for (let e = 0; e < p.edgeStart[p.count]; e++) expect([p.edgeAngleFrom[e], p.edgeAngleTo[e]]).toEqual(exact(p, e));
    }
  });

  it('are the ones Math.atan2 gives at half units, along the axes and on the diagonals (the exact path)', () => {
    const unit = (2 * Math.PI) / 256;
    const minutiae = [];
    // directions chosen so that edge angle − θ falls on (or within rounding of) a half unit
    const points = [[100, 100], [160, 100], [100, 160], [160, 160], [130, 130], [100, 220], [220, 100], [40, 40]];
    for (let k = 0; k < points.length; k++) {
      const [x, y] = points[k];
      minutiae.push({ x, y, angle: Math.PI / 4 - (k + 0.5) * unit + (k % 3 - 1) * 1e-15, type: 'ending' as const, quality: 60 });
    }
    const t: Template = { ...templates[0], minutiae };
    const p = prepareTemplate(t);
    const E = p.edgeStart[p.count];
    expect(E).toBeGreaterThan(20);
    for (let e = 0; e < E; e++) expect([p.edgeAngleFrom[e], p.edgeAngleTo[e]]).toEqual(exact(p, e));
  });

  it('are the ones Math.atan2 gives within 1e-13 of a half unit, where the approximate direction could round the other way', () => {
    const upr = 256 / (2 * Math.PI);
    let seed = 12345;
    const next = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (let k = 0; k < 400; k++) {
      const x1 = 100 + Math.floor(next() * 50), y1 = 100 + Math.floor(next() * 50);
      const x2 = x1 + 20 + Math.floor(next() * 80), y2 = y1 + (next() < 0.5 ? -1 : 1) * (20 + Math.floor(next() * 80));
      const phi12 = Math.atan2(-(y2 - y1), x2 - x1), phi21 = Math.atan2(-(y1 - y2), x1 - x2);
      // each minutia's direction puts its edge's angle just below or above a half unit
      const off = (): number => (Math.floor(next() * 200) + 0.5 + (next() < 0.5 ? -1e-13 : 1e-13)) / upr;
      const minutiae = [
        { x: x1, y: y1, angle: phi12 - off(), type: 'ending' as const, quality: 60 },
        { x: x2, y: y2, angle: phi21 - off(), type: 'ending' as const, quality: 60 },
      ];
      const p = prepareTemplate({ ...templates[0], ppi: 500, minutiae });
      expect(p.edgeStart[p.count]).toBe(2);
      for (let e = 0; e < 2; e++) expect([p.edgeAngleFrom[e], p.edgeAngleTo[e]]).toEqual(exact(p, e));
    }
  });

  it('of a reverse edge are the ones Math.atan2 gives, whether its original took the approximate path or not (one end near a half unit, the other not)', () => {
    const upr = 256 / (2 * Math.PI);
    let seed = 777;
    const next = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    let reversed = 0;
    for (let k = 0; k < 400; k++) {
      const x1 = 100 + Math.floor(next() * 50), y1 = 100 + Math.floor(next() * 50);
      const x2 = x1 + (next() < 0.5 ? -1 : 1) * (20 + Math.floor(next() * 80)), y2 = y1 + (next() < 0.5 ? -1 : 1) * (20 + Math.floor(next() * 80));
      const phi12 = Math.atan2(-(y2 - y1), x2 - x1), phi21 = Math.atan2(-(y1 - y2), x1 - x2);
      const near = (): number => (Math.floor(next() * 200) + 0.5 + (next() < 0.5 ? -1e-13 : 1e-13)) / upr;
      const far = (): number => (Math.floor(next() * 200) + 0.1 + 0.8 * next()) / upr;
      // k % 3: the first minutia's end near a half unit, the second's, or neither
      const minutiae = [
        { x: x1, y: y1, angle: phi12 - (k % 3 === 0 ? near() : far()), type: 'ending' as const, quality: 60 },
        { x: x2, y: y2, angle: phi21 - (k % 3 === 1 ? near() : far()), type: 'ending' as const, quality: 60 },
      ];
      const p = prepareTemplate({ ...templates[0], ppi: 500, minutiae });
      expect(p.edgeStart[p.count]).toBe(2);
      expect(p.rootEdges.length).toBe(1);
      reversed++;
      for (let e = 0; e < 2; e++) expect([p.edgeAngleFrom[e], p.edgeAngleTo[e]]).toEqual(exact(p, e));
      // the reverse's angles are the original's swapped and turned by half a turn
      expect(p.edgeAngleFrom[1]).toBe((p.edgeAngleTo[0] + 128) & 255);
      expect(p.edgeAngleTo[1]).toBe((p.edgeAngleFrom[0] + 128) & 255);
    }
    expect(reversed).toBe(400);
  });

  it('are the ones Math.atan2 gives for directions outside a turn (far negative and large: the rounding by truncation is out of its range there)', () => {
    for (const shift of [-2 * Math.PI, -20 * Math.PI, -100.3, 40 * Math.PI, 123.4, 1e9, -1e9, 3e12]) {
      for (const t of templates.slice(0, 4)) {
        const p = prepareTemplate({ ...t, minutiae: t.minutiae.map((m, k) => (k % 2 === 0 ? { ...m, angle: m.angle + shift } : m)) });
        for (let e = 0; e < p.edgeStart[p.count]; e++) expect([p.edgeAngleFrom[e], p.edgeAngleTo[e]]).toEqual(exact(p, e));
      }
    }
  });

  it('of the fixtures\' reverse edges (about 4 in 10 of all edges) are the ones Math.atan2 gives', () => {
    let reverses = 0, edges = 0;
    for (const t of templates) {
      const p = prepareTemplate(t, undefined, { singleUse: true });
      const E = p.edgeStart[p.count];
      edges += E; reverses += E - p.rootEdges.length;
      for (let e = 0; e < E; e++) expect([p.edgeAngleFrom[e], p.edgeAngleTo[e]]).toEqual(exact(p, e));
    }
    expect(reverses).toBeGreaterThan(0.3 * edges);
  });
});

describe('neighbour graph (prepareTemplate)', () => {
  /**
   * The graph as preparation built it before prepspeed2: for each minutia, every other one in index
   * order into a sorted list of the K nearest (an equal distance after those already in; once the
   * list is full, one equal to its last stays out), from the prepared coordinates.
   */
  function scanGraph(p: PreparedTemplate, params: MatchingParameters): { start: number[]; to: number[]; length: number[] } {
    const n = p.count;
    const K = Math.min(params.neighbours, 32, Math.max(0, n - 1));
    const minL2 = params.minEdgeLength * params.minEdgeLength, maxL2 = params.maxEdgeLength * params.maxEdgeLength;
    const start: number[] = [], to: number[] = [], length: number[] = [];
    const selD = new Float64Array(33), selJ = new Int32Array(33);
    for (let i = 0; i < n; i++) {
      start.push(to.length);
      let c = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dx = p.x[j] - p.x[i], dy = p.y[j] - p.y[i];
        const d = dx * dx + dy * dy;
        if (d < minL2 || d > maxL2) continue;
        if (c === K && d >= selD[K - 1]) continue;
        let k = c < K ? c++ : K - 1;
        while (k > 0 && selD[k - 1] > d) { selD[k] = selD[k - 1]; selJ[k] = selJ[k - 1]; k--; }
        selD[k] = d; selJ[k] = j;
      }
      for (let k = 0; k < c; k++) { to.push(selJ[k]); length.push(Math.fround(Math.sqrt(selD[k]))); }
    }
    start.push(to.length);
    return { start, to, length };
  }
  const expectScanGraph = (p: PreparedTemplate, params: MatchingParameters): void => {
    const g = scanGraph(p, params);
    expect(Array.from(p.edgeStart)).toEqual(g.start);
    expect(Array.from(p.edgeTo)).toEqual(g.to);
    expect(Array.from(p.edgeLength)).toEqual(g.length);
  };
  let seed = 4242;
  const next = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const shuffled = <T>(a: T[]): T[] => { const b = [...a]; for (let i = b.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [b[i], b[j]] = [b[j], b[i]]; } return b; };
  const templateOf = (points: number[][], ppi = 500): Template => ({
    ...templates[0], ppi,
    minutiae: points.map(([x, y], k) => ({ x, y, angle: (k * 0.37) % (2 * Math.PI), type: 'ending' as const, quality: 40 + (k % 50) })),
  });
  // lattices: many neighbours at equal distances (20² + 0² = 12² + 16², rows and columns alike), in index
  // orders that are not the y order, and at the length limits exactly (6 and 200 px apart)
  const lattice = (step: number, columns: number, rows: number): number[][] =>
    Array.from({ length: columns * rows }, (_, k) => [40 + step * (k % columns), 40 + step * Math.floor(k / columns)]);
  const cases: Array<[string, number[][]]> = [
    ['20-px lattice in row order', lattice(20, 7, 7)],
    ['20-px lattice shuffled', shuffled(lattice(20, 7, 7))],
    ['4-px lattice shuffled (below the shortest edge and equal to it)', shuffled(lattice(3, 6, 6))],
    ['6-px lattice (the shortest edge exactly)', shuffled(lattice(6, 6, 8))],
    ['100-px lattice (the longest edge exactly, 200 px)', shuffled(lattice(100, 4, 5))],
    ['points on a few rows, shuffled', shuffled(Array.from({ length: 40 }, () => [Math.floor(next() * 20) * 10, 100 + 10 * Math.floor(next() * 3)]))],
    ['repeated points', shuffled([...lattice(30, 4, 4), ...lattice(30, 4, 4), [70, 70], [70, 70]])],
    ['random points at whole pixels', Array.from({ length: 60 }, () => [Math.floor(next() * 250), Math.floor(next() * 350)])],
    ['random points, fractional', Array.from({ length: 50 }, () => [next() * 250, next() * 350])],
  ];
  const other: MatchingParameters = { ...MATCHING_PARAMETERS, neighbours: 3 };
  const many: MatchingParameters = { ...MATCHING_PARAMETERS, neighbours: 32, maxMinutiae: 255 };
  const unlimited: MatchingParameters = { ...MATCHING_PARAMETERS, maxEdgeLength: Infinity };
  const none: MatchingParameters = { ...MATCHING_PARAMETERS, neighbours: 0 };

  it('is the scan\'s: the K first by (distance, index), ties and limits alike, at any K and resolution', () => {
    let ties = 0;
    for (const [, points] of cases) {
      for (const params of [MATCHING_PARAMETERS, other, many, unlimited, none]) {
        for (const ppi of [500, 569]) {
          const p = prepareTemplate(templateOf(points, ppi), params);
          expectScanGraph(p, params);
          for (let e = 1; e < p.edgeStart[p.count]; e++) if (p.edgeFrom[e] === p.edgeFrom[e - 1] && p.edgeLength[e] === p.edgeLength[e - 1]) ties++;
        }
      }
    }
    expect(ties).toBeGreaterThan(1000);
  });

  it('is the scan\'s for the fixtures, and for 255 minutiae kept of 300', () => {
    for (const t of templates) expectScanGraph(prepareTemplate(t), MATCHING_PARAMETERS);
    const points = Array.from({ length: 300 }, () => [Math.floor(next() * 300), Math.floor(next() * 400)]);
    expectScanGraph(prepareTemplate(templateOf(points), many), many);
  });

  it('is the scan\'s for coordinates far apart, up to ±3e38 (the walk\'s walls, at ±1e150, stay beyond every minutia in y)', () => {
    const far = [-3e38, -1e30, -1e6, 0, 1e6, 1e19, 1e30, 3e38];
    const points = shuffled([...far.map((y, k) => [k * 1e37, y]), ...far.map((y, k) => [-1e20 * k, y + 15]), ...lattice(20, 4, 4)]);
    // without the overlap term, whose hull rows would span the whole 6e38 px
    for (const base of [MATCHING_PARAMETERS, unlimited, many]) {
      const params = { ...base, overlapShareExponent: 0 };
      expectScanGraph(prepareTemplate(templateOf(points), params), params);
    }
  });

  it('is the scan\'s when a coordinate is NaN (the plain scan is kept for templates with a coordinate not finite)', () => {
    for (const bad of [NaN]) {
      const points = shuffled(lattice(20, 5, 5));
      points[7] = [bad, 60];
      points[12] = [80, bad];
      const p = prepareTemplate(templateOf(points));
      expectScanGraph(p, MATCHING_PARAMETERS);
    }
  });
});
