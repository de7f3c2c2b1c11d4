import type { ExtractionParameters } from '../config/parameters.js';
import { directionInto, pointsFrom } from './remove-skeleton-artifacts.js';
import type { RawMinutia, SkeletonGraph } from './types.js';

/**
 * Minutiae are the endings of the cleaned skeleton graphs: an ending of the ridge skeleton is a
 * ridge ending, an ending of the valley skeleton is a ridge bifurcation (the valley that stops
 * where two ridges fork). Direction points from the ending into its ridge (valley), measured on
 * the skeleton between `directionNearDistance` and `directionFarDistance` pixels away. A valley
 * ends about half a ridge period ahead of its fork, so with `bifurcationForkShift` > 0 a
 * bifurcation is placed that many pixels back against its direction (inside the image), at the
 * fork point template.ts names.
 */
export function detectMinutiae(
  ridges: SkeletonGraph,
  valleys: SkeletonGraph,
  params: ExtractionParameters,
): RawMinutia[] {
  const out: RawMinutia[] = [];
  const collect = (graph: SkeletonGraph, type: 'ending' | 'bifurcation'): void => {
    const shift = type === 'bifurcation' ? params.bifurcationForkShift : 0;
    for (const node of graph.nodes) {
      if (node.ridges.length !== 1) continue;
      const pts = pointsFrom(node.ridges[0], node);
      const direction = directionInto(pts, graph.width, params.directionNearDistance, params.directionFarDistance);
      let { x, y } = node;
      if (shift > 0) {
        x = Math.min(graph.width - 1, Math.max(0, x - shift * Math.cos(direction)));
        y = Math.min(graph.height - 1, Math.max(0, y - shift * Math.sin(direction)));
      }
      out.push({ x, y, direction, type, ridgeLength: pts.length - 1, quality: 0 });
    }
  };
  collect(ridges, 'ending');
  collect(valleys, 'bifurcation');
  return out;
}
