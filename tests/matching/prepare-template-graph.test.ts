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
