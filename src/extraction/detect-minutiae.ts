import type { ExtractionParameters } from '../config/parameters.js';
import { directionInto, pointsFrom } from './remove-skeleton-artifacts.js';
import type { RawMinutia, SkeletonGraph } from './types.js';

/**
 * Minutiae are the endings of the cleaned skeleton graphs: an ending of the ridge skeleton is a
 * ridge ending, an ending of the valley skeleton is a ridge bifurcation (the valley that stops
 * where two ridges fork). Direction points from the ending into its ridge (valley), measured on
 * the skeleton between `directionNearDistance` and `directionFarDistance` pixels away.
 */
export function detectMinutiae(
  ridges: SkeletonGraph,
  valleys: SkeletonGraph,
  params: ExtractionParameters,
): RawMinutia[] {
  const out: RawMinutia[] = [];
  const collect = (graph: SkeletonGraph, type: 'ending' | 'bifurcation'): void => {
    for (const node of graph.nodes) {
      if (node.ridges.length !== 1) continue;
      const pts = pointsFrom(node.ridges[0], node);
      const direction = directionInto(pts, graph.width, params.directionNearDistance, params.directionFarDistance);
      out.push({ x: node.x, y: node.y, direction, type, ridgeLength: pts.length - 1, quality: 0 });
    }
  };
  collect(ridges, 'ending');
  collect(valleys, 'bifurcation');
  return out;
}
